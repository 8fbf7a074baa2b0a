"""Guiding documents, plans and their tasks, progress reports, inspections."""

from .choices import (
    DocumentKind,
    FollowUpStatus,
    InspectionKind,
    InspectionState,
    LinkKind,
    PlanStatus,
    ProgressStatus,
    ReminderKind,
    ReportState,
    Timing,
    VersionOutcome,
)
from .documents import DocumentLink, GuidingDocument
from .inspections import (
    ChecklistItem,
    Evaluation,
    Inspection,
    RatingLevel,
    Recommendation,
)
from .plans import Plan, PlanSection, Task
from .reports import EvidenceFile, ProgressReport, ProgressReportVersion, Reminder

__all__ = [
    "ChecklistItem",
    "DocumentKind",
    "DocumentLink",
    "Evaluation",
    "EvidenceFile",
    "FollowUpStatus",
    "GuidingDocument",
    "Inspection",
    "InspectionKind",
    "InspectionState",
    "LinkKind",
    "Plan",
    "PlanSection",
    "PlanStatus",
    "ProgressReport",
    "ProgressReportVersion",
    "ProgressStatus",
    "RatingLevel",
    "Recommendation",
    "Reminder",
    "ReminderKind",
    "ReportState",
    "Task",
    "Timing",
    "VersionOutcome",
]
