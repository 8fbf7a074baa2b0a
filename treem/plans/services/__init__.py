"""Every write to plans goes through these functions: each runs in a
transaction and writes its audit event in the same transaction."""


class PlanError(ValueError):
    """A refused change, with a message for the user."""


class PlanPermissionError(PlanError):
    """The actor may not make this change (views answer 404 before this)."""
