"""Who may assess which ward and generate which report.

- A ward is assessed (scores entered, submitted) with ASSESS_WARDS over the
  ward: its officers and approvers, and province officers.
- A submitted assessment is confirmed or returned by whoever holds
  ASSESS_WARDS over the body above the ward (the province officers): a ward
  does not recognise itself.
- A family or school of the ward is assessed with ASSESS_WARDS over the
  ward too, and recognised by the ward's leaders: ASSESS_WARDS with
  APPROVE_INDICATORS over the ward (the approver role; the province too),
  not by the ward's officers.
- An official report is generated with GENERATE_REPORTS over its unit: a
  ward's officers for their ward, province officers for the province and
  any ward in it.
"""

from django.http import Http404

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.areas.models import GRASSROOTS_LEVELS, AdminUnit, Level

from .models import SetKind

REPORTING_LEVELS = (*GRASSROOTS_LEVELS, Level.PROVINCE)


def can_assess(user, unit):
    return unit.level in GRASSROOTS_LEVELS and has_perm(user, Perm.ASSESS_WARDS, unit)


def can_confirm(user, assessment):
    if assessment.kind != SetKind.WARD:
        unit = assessment.unit
        return has_perm(user, Perm.ASSESS_WARDS, unit) and has_perm(
            user, Perm.APPROVE_INDICATORS, unit
        )
    parent = assessment.unit.parent
    return parent is not None and has_perm(user, Perm.ASSESS_WARDS, parent)


def can_report_on(user, unit):
    return unit.level in REPORTING_LEVELS and has_perm(user, Perm.GENERATE_REPORTS, unit)


def require(user, perm):
    """Not holding the permission anywhere looks the same as a missing page."""
    if not has_perm(user, perm):
        raise Http404


def assessable_wards(user):
    """The wards in force the user may assess, in name order."""
    wards = AdminUnit.objects.in_force().grassroots().select_related("parent").order_by("name")
    return [w for w in wards if has_perm(user, Perm.ASSESS_WARDS, w)]


def reportable_units(user):
    units = AdminUnit.objects.in_force().filter(level__in=REPORTING_LEVELS)
    # The province first, then its wards.
    units = sorted(units, key=lambda u: (u.level != Level.PROVINCE, u.name))
    return [u for u in units if has_perm(user, Perm.GENERATE_REPORTS, u)]
