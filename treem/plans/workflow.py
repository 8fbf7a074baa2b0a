"""The workflows as tables: state -> the states it may move to. One
`change_*` service per table checks it (services/)."""

from .models.choices import FollowUpStatus, InspectionState, PlanStatus, ReportState

R = ReportState
REPORT_TRANSITIONS = {
    R.DRAFT: {R.SUBMITTED},
    R.SUBMITTED: {R.RETURNED, R.ACCEPTED},
    R.RETURNED: {R.SUBMITTED},
    R.ACCEPTED: set(),
}

P = PlanStatus
PLAN_TRANSITIONS = {
    P.DRAFT: {P.ACTIVE},
    P.ACTIVE: {P.CLOSED},
    P.CLOSED: {P.ACTIVE},
}

I = InspectionState  # noqa: E741
INSPECTION_TRANSITIONS = {
    I.DRAFT: {I.IN_PROGRESS},
    I.IN_PROGRESS: {I.COMPLETED},
    I.COMPLETED: {I.IN_PROGRESS},
}

F = FollowUpStatus
FOLLOW_UP_TRANSITIONS = {
    F.OPEN: {F.IN_PROGRESS, F.DONE, F.DROPPED},
    F.IN_PROGRESS: {F.DONE, F.DROPPED},
    F.DONE: {F.IN_PROGRESS},
    F.DROPPED: {F.OPEN},
}


def allowed(table, current, target):
    return target in table.get(current, set())
