"""Who sees and records activities, forums and recommendations.

- An activity is seen and recorded by the reporters of its organising agency,
  and with MANAGE_PLANS over the agency's area: a ward's officers for the
  ward's bodies, the province for all. Viewers (leaders) see none: photos of
  activities may show children.
- A forum is seen and recorded with MANAGE_PLANS over its ward or province.
- A recommendation is seen by the forum's managers and by the reporters of
  the body that must answer it; the body answers, the managers send it,
  follow it up and close it.
"""

from django.db.models import Q

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.agencies.models import Agency


def activity_filter(user, prefix=""):
    q = scope_for(user, Perm.MANAGE_PLANS).q(f"{prefix}unit")
    own = agencies_for(user)
    if own:
        q |= Q(**{f"{prefix}agency_id__in": own})
    return q


def can_see_activities(user):
    return bool(agencies_for(user)) or has_perm(user, Perm.MANAGE_PLANS)


def can_record_for(user, agency):
    if user is None:
        return True  # commands and the demo act as the system
    return agency.pk in agencies_for(user) or has_perm(user, Perm.MANAGE_PLANS, agency.unit)


def recording_agencies(user):
    """The bodies in force whose activities the user may record."""
    q = scope_for(user, Perm.MANAGE_PLANS).q("unit")
    own = agencies_for(user)
    if own:
        q |= Q(pk__in=own)
    return Agency.objects.in_force().filter(q).select_related("unit").order_by("unit__name", "name")


def forum_filter(user):
    return scope_for(user, Perm.MANAGE_PLANS).q("unit")


def can_manage_forums(user, unit=None):
    if user is None:
        return True
    return has_perm(user, Perm.MANAGE_PLANS, unit)


def recommendation_filter(user):
    q = scope_for(user, Perm.MANAGE_PLANS).q("forum__unit")
    own = agencies_for(user)
    if own:
        q |= Q(addressee_id__in=own)
    return q


def can_see_recommendations(user):
    return can_see_activities(user)


def can_answer(user, recommendation):
    if user is None:
        return True
    return recommendation.addressee_id in agencies_for(user) or can_manage_forums(
        user, recommendation.forum.unit
    )
