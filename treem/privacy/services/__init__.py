from .incidents import IncidentError, change_incident, record_incident, update_notification_rule
from .records import update_purpose, update_rule
from .retention import RetentionError, apply_retention

__all__ = [
    "IncidentError",
    "RetentionError",
    "apply_retention",
    "change_incident",
    "record_incident",
    "update_notification_rule",
    "update_purpose",
    "update_rule",
]
