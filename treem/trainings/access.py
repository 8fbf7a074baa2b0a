"""Who sees and records trainings.

- A course is seen and recorded with MANAGE_PLANS over its ward (a ward's
  officers and approvers for the ward, the province for all), and seen and
  recorded by the reporters of the agency that provides it, for the agency's
  area. Viewers and collaborators see none.
- Participants are chosen among the staff holding a role in the course's
  area, so no one outside it can be named or found through the form.
- Who lacks training is shown to MANAGE_PLANS holders for their area.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.areas.models import AdminUnit, Level
from treem.areas.services import rollup_unit_ids


def course_filter(user, prefix=""):
    q = scope_for(user, Perm.MANAGE_PLANS).q(f"{prefix}unit")
    own = agencies_for(user)
    if own:
        q |= Q(**{f"{prefix}provider_agency_id__in": own})
    return q


def can_see_trainings(user):
    return bool(agencies_for(user)) or has_perm(user, Perm.MANAGE_PLANS)


def can_manage_staff_training(user):
    return has_perm(user, Perm.MANAGE_PLANS)


def can_record(user, unit, agency=None):
    if user is None:
        return True  # commands and the demo act as the system
    if has_perm(user, Perm.MANAGE_PLANS, unit):
        return True
    return agency is not None and agency.pk in agencies_for(user) and agency.unit_id == unit.pk


def can_edit(user, course):
    return can_record(user, course.unit, course.provider_agency)


def recording_units(user):
    """The wards (and the province) in force the user may record courses for."""
    units = AdminUnit.objects.in_force().filter(
        level__in=(Level.WARD, Level.COMMUNE, Level.PROVINCE)
    )
    q = scope_for(user, Perm.MANAGE_PLANS).q("")
    own = agencies_for(user)
    if own:
        from treem.agencies.models import Agency

        q |= Q(pk__in=Agency.objects.filter(pk__in=own).values("unit_id"))
    return units.filter(q).order_by("level", "sort_name")


def staff_in(unit):
    """Users with an active role inside `unit` (a ward with its residential
    groups and former units, or a whole province)."""
    if unit.level == Level.PROVINCE:
        area = Q(unit_id=unit.pk) | Q(unit__province_id=unit.pk)
    else:
        area = Q(unit_id__in=rollup_unit_ids(unit))
    ids = RoleAssignment.objects.active().filter(area).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


def staff_visible_to(user):
    """Staff whose training gaps the user may see: active roles inside the
    user's MANAGE_PLANS scope."""
    scope = scope_for(user, Perm.MANAGE_PLANS)
    if scope.empty:
        return get_user_model().objects.none()
    ids = RoleAssignment.objects.active().filter(scope.q("unit")).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True)
