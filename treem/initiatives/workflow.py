"""Status changes as tables: status -> the statuses it may move to. The
services `change_status` and `change_replication` are the one way through."""

from .models import ReplicationStatus, Status

STATUS_TRANSITIONS = {
    Status.RUNNING: {Status.PAUSED, Status.ENDED},
    Status.PAUSED: {Status.RUNNING, Status.ENDED},
    # An ended model is recorded anew if it starts again: its history stays.
    Status.ENDED: set(),
}

R = ReplicationStatus
REPLICATION_TRANSITIONS = {
    R.STARTED: {R.ESTABLISHED, R.STOPPED},
    R.ESTABLISHED: {R.STOPPED},
    R.STOPPED: set(),
}


def allowed(table, current, target):
    return target in table.get(current, set())
