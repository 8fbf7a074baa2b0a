from .assessment import (
    Assessment,
    AssessmentScore,
    AssessmentStatus,
    Criterion,
    CriterionItem,
    EvidenceSource,
    Threshold,
)
from .criteria_set import CriteriaSet, SetKind
from .official import OfficialReport, ReportKind

__all__ = [
    "Assessment",
    "AssessmentScore",
    "AssessmentStatus",
    "Criterion",
    "CriteriaSet",
    "CriterionItem",
    "EvidenceSource",
    "OfficialReport",
    "ReportKind",
    "SetKind",
    "Threshold",
]
