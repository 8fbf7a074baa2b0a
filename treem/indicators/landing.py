"""The indicators' part of the landing page: figures to enter or approve."""

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for

from .access import entry_agencies
from .models import EDITABLE_STATES, EntryState, Submission


def indicators_section(request):
    user = request.user
    enter = has_perm(user, Perm.ENTER_INDICATORS)
    approve = not scope_for(user, Perm.APPROVE_INDICATORS).empty
    if not (enter or approve):
        return None
    to_finish = to_approve = None
    if enter:
        to_finish = Submission.objects.filter(
            agency__in=entry_agencies(user), state__in=EDITABLE_STATES
        ).count()
    if approve:
        to_approve = Submission.objects.filter(
            scope_for(user, Perm.APPROVE_INDICATORS).q("unit"), state=EntryState.SUBMITTED
        ).count()
    return {
        "template": "indicators/landing.html",
        "to_finish": to_finish,
        "to_approve": to_approve,
    }
