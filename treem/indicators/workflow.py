"""The workflow of entered figures as a table: state -> states it may move
to, and who moves it (the agency that enters, or the approver)."""

from .models import EntryState

S = EntryState
TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.LOCKED, S.RETURNED},
    S.RETURNED: {S.SUBMITTED},
    S.LOCKED: {S.REOPENED},
    S.REOPENED: {S.SUBMITTED},
}

# Moves made by the approver (APPROVE_INDICATORS); the others by whoever enters.
APPROVER_MOVES = {S.LOCKED, S.RETURNED, S.REOPENED}


def allowed(current, target):
    return target in TRANSITIONS.get(current, set())
