from .child import (
    CHILD_AGE_LIMIT,
    BirthRegistration,
    Caregiver,
    Child,
    ChildCaregiver,
    DobPrecision,
    IdStatus,
    Nutrition,
    Residence,
    SchoolLevel,
    Sex,
    Status,
    sixteenth_birthday_cutoff,
)
from .episodes import CircumstanceEpisode, Consent, MergeProposal, RiskEpisode, Support
from .reference import CodeKind, ReferenceCode
from .transfer import ChildTransfer, TransferStatus

__all__ = [
    "CHILD_AGE_LIMIT",
    "BirthRegistration",
    "Caregiver",
    "Child",
    "ChildCaregiver",
    "ChildTransfer",
    "CircumstanceEpisode",
    "CodeKind",
    "Consent",
    "DobPrecision",
    "IdStatus",
    "MergeProposal",
    "Nutrition",
    "ReferenceCode",
    "Residence",
    "RiskEpisode",
    "SchoolLevel",
    "Sex",
    "Status",
    "Support",
    "TransferStatus",
    "sixteenth_birthday_cutoff",
]
