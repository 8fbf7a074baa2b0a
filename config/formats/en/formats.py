# The same dd/mm/yyyy dates in English, so that switching language never changes a date.
from config.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
