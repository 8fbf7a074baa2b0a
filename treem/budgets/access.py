"""Who sees and records budget lines: the reporters of the line's agency,
and with MANAGE_PLANS over the agency's area its ward's officers and the
province. Leaders (viewers) and collaborators see none; a line outside the
scope answers 404, as a missing one."""

from django.db.models import Q

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.agencies.models import Agency


def line_filter(user, prefix=""):
    q = scope_for(user, Perm.MANAGE_PLANS).q(f"{prefix}unit")
    own = agencies_for(user)
    if own:
        q |= Q(**{f"{prefix}agency_id__in": own})
    return q


def can_see_budgets(user):
    return bool(agencies_for(user)) or has_perm(user, Perm.MANAGE_PLANS)


def can_record_for(user, agency):
    if user is None:
        return True  # commands and the demo act as the system
    return agency.pk in agencies_for(user) or has_perm(user, Perm.MANAGE_PLANS, agency.unit)


def recording_agencies(user):
    """The bodies in force whose budget lines the user may open."""
    q = scope_for(user, Perm.MANAGE_PLANS).q("unit")
    own = agencies_for(user)
    if own:
        q |= Q(pk__in=own)
    return Agency.objects.in_force().filter(q).select_related("unit").order_by("unit__name", "name")
