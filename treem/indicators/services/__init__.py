"""Writes of the indicators app: every change goes through a function here,
inside a transaction, with its audit event."""


class IndicatorError(ValueError):
    """Bad input or an illegal move; the message is shown to the user."""


class IndicatorPermissionError(IndicatorError):
    pass
