"""Errors and small helpers shared by the case services."""

from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm


class CaseError(ValueError):
    pass


class EditConflict(CaseError):
    """Someone saved the record after the user opened it. `current` is the
    record as saved now; the caller shows it beside the user's version."""

    def __init__(self, current, mine=None):
        self.current = current
        self.mine = mine or {}
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Your "
                "changes were not saved: compare both versions below and save again."
            )
        )


def who(actor):
    return actor if getattr(actor, "pk", None) else None


def check_version(current, expected_version, mine=None):
    if expected_version in (None, ""):
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise CaseError(_("The form is out of date: open it again.")) from None
    if current.version != expected:
        raise EditConflict(current, mine)


def require_manage(case, actor):
    """Writes on a case need MANAGE_CASES over its ward, or being its
    assigned officer. (Break-the-glass access is for reading.)"""
    if actor is None:
        return  # commands and the demo act as the system
    if case.assigned_officer_id and case.assigned_officer_id == actor.pk:
        return
    if not has_perm(actor, Perm.MANAGE_CASES, case.unit):
        raise CaseError(_("You may not change cases of this ward."))
