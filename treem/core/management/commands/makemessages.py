"""makemessages that also extracts `_lazy(...)`.

children/forms.py imports gettext_lazy as `_lazy` beside gettext as `_`;
xgettext knows neither alias by itself, so without this keyword those labels
(e.g. "The child lives with them") never reach the catalogue and
`--no-obsolete` drops their translations.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
