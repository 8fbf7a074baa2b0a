from .catalogue import Direction, Indicator, Kind, PeriodType, Source, Target
from .entry import EDITABLE_STATES, EntryState, Submission, SubmissionLine
from .store import Aggregate, ChildSnapshot, EpisodeSnapshot, RefreshState, SupportSnapshot

__all__ = [
    "EDITABLE_STATES",
    "Aggregate",
    "ChildSnapshot",
    "Direction",
    "EntryState",
    "EpisodeSnapshot",
    "Indicator",
    "Kind",
    "PeriodType",
    "RefreshState",
    "Source",
    "Submission",
    "SubmissionLine",
    "SupportSnapshot",
    "Target",
]
