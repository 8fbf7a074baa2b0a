"""Who may enter, approve and see entered figures."""

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.agencies.models import Agency


def entry_agencies(user):
    """Agencies the user may enter figures for: those of their agency
    assignments, or, for a ward officer, every agency of their area."""
    scope = scope_for(user, Perm.ENTER_INDICATORS)
    if scope.empty:
        return Agency.objects.none()
    own = agencies_for(user, Perm.ENTER_INDICATORS)
    if own:
        return Agency.objects.filter(pk__in=own)
    return Agency.objects.in_force().filter(scope.q("unit"))


def can_enter(user, agency):
    return entry_agencies(user).filter(pk=agency.pk).exists()


def can_approve(user, unit):
    return has_perm(user, Perm.APPROVE_INDICATORS, unit)


def can_see_submission(user, submission):
    return (
        has_perm(user, Perm.VIEW_AGGREGATES, submission.unit)
        or can_approve(user, submission.unit)
        or can_enter(user, submission.agency)
    )
