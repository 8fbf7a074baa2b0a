from .activity import Activity, ActivityFile, ActivityKind, AudienceCount
from .choices import (
    CHILD_BANDS,
    AgeBand,
    Audience,
    ChildGroup,
    FileKind,
    ForumLevel,
    RecommendationStatus,
    Sex,
)
from .forums import Forum, ForumParticipants, Recommendation

__all__ = [
    "CHILD_BANDS",
    "Activity",
    "ActivityFile",
    "ActivityKind",
    "AgeBand",
    "Audience",
    "AudienceCount",
    "ChildGroup",
    "FileKind",
    "Forum",
    "ForumLevel",
    "ForumParticipants",
    "Recommendation",
    "RecommendationStatus",
    "Sex",
]
