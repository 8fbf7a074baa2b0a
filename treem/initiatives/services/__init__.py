class InitiativeError(ValueError):
    """A Vietnamese message for the user: the write was refused."""


class InitiativePermissionError(InitiativeError):
    """The user may not do this; views and the API answer 404."""


__all__ = ["InitiativeError", "InitiativePermissionError"]
