from .assessment import (
    Assessment,
    AssessmentScore,
    AssessmentStatus,
    Criterion,
    CriterionItem,
    EvidenceSource,
    Threshold,
)
from .official import OfficialReport, ReportKind

__all__ = [
    "Assessment",
    "AssessmentScore",
    "AssessmentStatus",
    "Criterion",
    "CriterionItem",
    "EvidenceSource",
    "OfficialReport",
    "ReportKind",
    "Threshold",
]
