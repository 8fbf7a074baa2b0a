"""Every write to assessments, criteria and reports goes through these
functions: each runs in a transaction and writes its audit event in the
same transaction."""


class ReportsError(ValueError):
    """A refused change, with a message for the user."""


class ReportsPermissionError(ReportsError):
    """The actor may not make this change (views answer 404 before this)."""


class EditConflict(ReportsError):
    """The record changed since the user opened it."""
