"""Sensitive fields: hidden from roles without VIEW_SENSITIVE, and every read
by a role with it is written to the audit trail."""

from django.db import transaction

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.models import Action
from treem.audit.services import record_event

from ..models import Child


def can_see_sensitive(user, child=None, *, unit=None):
    if child is not None:
        unit = child.unit
    return has_perm(user, Perm.VIEW_SENSITIVE, unit)


def log_sensitive_view(user, child, fields, *, note="", unit=None):
    """One event per read, naming the fields (not their values). A list page
    passes no child but its area, so that area-limited auditors see the event."""
    if not fields:
        return None
    with transaction.atomic():
        return record_event(
            Action.VIEW_SENSITIVE,
            actor=user,
            subject=child,
            unit=unit,
            changes={"fields": {"old": None, "new": sorted(fields)}},
            note=note,
        )


def sensitive_fields_shown(child, episodes=()):
    """Names of the sensitive values this record actually holds."""
    shown = [f for f in Child.SENSITIVE_FIELDS if getattr(child, f) not in (None, "")]
    for e in episodes:
        if e.sensitive:
            kind = "risk" if e._meta.model_name == "riskepisode" else "circumstance"
            shown.append(f"{kind}:{e.code.code}")
    return shown
