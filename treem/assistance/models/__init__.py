from .allowance import (
    AllowanceDecision,
    AllowancePayment,
    AllowanceSuspension,
    DecisionStatus,
    SupportItem,
    SupportKind,
)
from .injury import Cause, Injury, Outcome, PlaceType, SafetyClass, SafetyClassKind, Severity

__all__ = [
    "AllowanceDecision",
    "AllowancePayment",
    "AllowanceSuspension",
    "Cause",
    "DecisionStatus",
    "Injury",
    "Outcome",
    "PlaceType",
    "SafetyClass",
    "SafetyClassKind",
    "Severity",
    "SupportItem",
    "SupportKind",
]
