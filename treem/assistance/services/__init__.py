"""Writes of the assistance app: each service runs in a transaction and
writes its audit event there. Views, the API, the importer and the demo all
call these."""

from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm


class AssistanceError(ValueError):
    pass


def who(actor):
    return actor if getattr(actor, "pk", None) else None


def require(actor, unit, *perms):
    """Commands and the demo act as the system (actor None)."""
    if actor is None:
        return
    if not all(has_perm(actor, perm, unit) for perm in perms):
        raise AssistanceError(_("You may not record this for this area."))


WRITE_ALLOWANCES = (Perm.EDIT_PERSONAL, Perm.VIEW_SENSITIVE)
WRITE_INJURIES = (Perm.EDIT_PERSONAL,)

from .allowances import (  # noqa: E402
    end_decision,
    generate_payments,
    record_decision,
    record_support_item,
    suspend_decision,
)
from .injuries import record_class, record_injury  # noqa: E402

__all__ = [
    "AssistanceError",
    "end_decision",
    "generate_payments",
    "record_class",
    "record_decision",
    "record_injury",
    "record_support_item",
    "suspend_decision",
]
