from .codes import ChecklistItem, PlaceType, Register
from .inspections import Answer, FollowUpAction, Inspection, InspectionCheck
from .places import FacilityChild, Place, SafetyStatus

__all__ = [
    "Answer",
    "ChecklistItem",
    "FacilityChild",
    "FollowUpAction",
    "Inspection",
    "InspectionCheck",
    "Place",
    "PlaceType",
    "Register",
    "SafetyStatus",
]
