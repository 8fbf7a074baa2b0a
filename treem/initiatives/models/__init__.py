from .choices import CommendationForm, Level, Rating, Recipient, ReplicationStatus, Status
from .initiative import Initiative, InitiativeKind
from .records import Commendation, Evaluation, Replication

__all__ = [
    "Commendation",
    "CommendationForm",
    "Evaluation",
    "Initiative",
    "InitiativeKind",
    "Level",
    "Rating",
    "Recipient",
    "Replication",
    "ReplicationStatus",
    "Status",
]
