"""Who sees and records models and initiatives.

- A model is seen by those who manage plans over the ward (or province) that
  owns it or over any ward or residential group where it runs, and by the
  reporters of its lead agency. Viewers (leaders) see none: commendations
  name people.
- It is recorded and changed (status, evaluations) by plan managers over the
  ward that owns it and by its lead agency's reporters.
- Commendations are recorded by plan managers over the owning ward: a ward
  records its own, the province any.
- A model is replicated to a ward by plan managers over the target ward who
  can see the model: in practice the province.
"""

from django.db.models import Q

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level

MANAGE = Perm.MANAGE_PLANS
WARD_LEVELS = (Level.WARD, Level.COMMUNE)


def initiative_filter(user, prefix=""):
    """Q over initiatives (or over rows reaching one through `prefix`)."""
    from .models import Initiative

    scope = scope_for(user, MANAGE)
    q = scope.q(f"{prefix}unit")
    if not scope.unlimited and not scope.empty:
        running_here = Initiative.areas.through.objects.filter(scope.q("adminunit")).values(
            "initiative_id"
        )
        q |= Q(**{f"{prefix}pk__in": running_here})
    own = agencies_for(user)
    if own:
        q |= Q(**{f"{prefix}lead_agency_id__in": own})
    return q


def edit_filter(user):
    q = scope_for(user, MANAGE).q("unit")
    own = agencies_for(user)
    if own:
        q |= Q(lead_agency_id__in=own)
    return q


def can_see_initiatives(user):
    return bool(agencies_for(user)) or has_perm(user, MANAGE)


def can_edit(user, initiative):
    if user is None:
        return True  # commands and the demo act as the system
    return initiative.lead_agency_id in agencies_for(user) or has_perm(
        user, MANAGE, initiative.unit
    )


def can_record_for(user, unit, agency):
    """May record a model owned by `unit` and led by `agency`."""
    if user is None:
        return True
    if has_perm(user, MANAGE, unit):
        return True
    return agency.pk in agencies_for(user) and agency.unit_id == unit.pk


def can_commend(user, initiative):
    if user is None:
        return True
    return has_perm(user, MANAGE, initiative.unit)


def can_replicate_to(user, ward):
    if user is None:
        return True
    return has_perm(user, MANAGE, ward)


def can_replicate(user, initiative):
    """A running or paused model, and a ward other than its own to take it to."""
    from .models import Status

    if initiative.status == Status.ENDED or not has_perm(user, MANAGE):
        return False
    return target_wards(user).exclude(pk=initiative.unit_id).exists()


def recording_units(user):
    """The wards and the province whose models the user records."""
    units = AdminUnit.objects.in_force().filter(level__in=(Level.PROVINCE, *WARD_LEVELS))
    q = scope_for(user, MANAGE).q("")
    own = agencies_for(user)
    if own:
        q |= Q(pk__in=Agency.objects.filter(pk__in=own).values("unit_id"))
    return units.filter(q).order_by("level", "name")


def lead_agencies(user):
    """The bodies in force that may lead a model the user records."""
    q = scope_for(user, MANAGE).q("unit")
    own = agencies_for(user)
    if own:
        q |= Q(pk__in=own)
    return Agency.objects.in_force().filter(q).select_related("unit").order_by("unit__name", "name")


def target_wards(user):
    """Wards a model may be replicated to by the user."""
    return (
        AdminUnit.objects.in_force()
        .filter(level__in=WARD_LEVELS)
        .filter(scope_for(user, MANAGE).q(""))
        .order_by("name")
    )
