from django.core.exceptions import ValidationError


class PlaceError(ValidationError):
    """A refused write; `message_dict` (or `messages`) in Vietnamese, keyed by field."""
