import datetime

from django.contrib import messages
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm


def require(user, perm):
    """Not holding the permission anywhere looks the same as a missing page."""
    if not has_perm(user, perm):
        raise Http404


def form_errors(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def can_approve(user, case):
    return has_perm(user, Perm.APPROVE_PLANS, case.unit)


# Amber from this close to the deadline (the shared status colours, ui.md).
DUE_SOON = datetime.timedelta(days=2)


def _span(delta):
    days, hours, minutes = delta.days, delta.seconds // 3600, delta.seconds % 3600 // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours and days < 7:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)


def time_left(due_at, now=None):
    """The next deadline as the case header shows it: a colour (red overdue,
    amber within two days, green otherwise), a word, never colour alone, and
    the time left or past."""
    if due_at is None:
        return None
    delta = due_at - (now or timezone.now())
    if delta < datetime.timedelta(0):
        return {
            "kind": "overdue",
            "word": _("Overdue"),
            "text": _("%(span)s late") % {"span": _span(-delta)},
        }
    return {
        "kind": "soon" if delta <= DUE_SOON else "ok",
        "word": _("Due soon") if delta <= DUE_SOON else _("On time"),
        "text": _("%(span)s left") % {"span": _span(delta)},
    }
