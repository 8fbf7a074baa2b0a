from django import template
from django.utils.http import urlencode
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext_lazy

from treem.accounts.scope import has_perm as _has_perm

register = template.Library()


@register.simple_tag(takes_context=True)
def querystring_with(context, **changes):
    """The current query string with some parameters replaced (for paging)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def can(user, perm):
    return _has_perm(user, perm)


# Django's own Vietnamese catalogue has no translation of timesince's units, so
# "5 days, 12 hours" reached the officers in English; these msgids are ours.
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def time_since(value, now=None):
    """How long ago `value` was, in the interface language ("5 ngày, 12 giờ")."""
    if not value:
        return ""
    return timesince(value, now, time_strings=TIME_STRINGS)


@register.filter
def time_until(value, now=None):
    """How long until `value`, in the interface language."""
    if not value:
        return ""
    return timeuntil(value, now, time_strings=TIME_STRINGS)


# The reference data marks how far a source was checked, as the domain
# reference does: [v] the text itself read, [s] a secondary summary only,
# [?] not verified. Officers read words, not the editors' marks.
SOURCE_MARKS = {
    "[v]": _lazy("(text checked)"),
    "[s]": _lazy("(from a summary, text not checked)"),
    "[?]": _lazy("(not verified)"),
}


@register.filter
def source_marks(value):
    """A source with its checking marks written out in the interface language."""
    text = str(value or "")
    for mark, words in SOURCE_MARKS.items():
        text = text.replace(mark, str(words))
    return text
