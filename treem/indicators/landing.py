"""The indicators' part of the landing page: figures to enter or approve,
and for those who see the province (province officer, leader) the indicators
against their targets with traffic lights, worst first. Aggregates only, read
through indicator_table (the analytics store and approved submissions, small
cells suppressed)."""

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for
from treem.areas.models import AdminUnit, Level

from .access import entry_agencies
from .dashboard import store_years
from .models import EDITABLE_STATES, EntryState, Submission
from .query import indicator_table

# Red first: what needs the leader's attention comes first.
LIGHT_ORDER = {"red": 0, "amber": 1, "green": 2}


def _province(user):
    scope = scope_for(user, Perm.VIEW_AGGREGATES)
    if not (scope.unlimited or scope.province_ids):
        return None
    provinces = AdminUnit.objects.filter(level=Level.PROVINCE).order_by("pk")
    if not scope.unlimited:
        provinces = provinces.filter(pk__in=scope.province_ids)
    return provinces.first()


def _overview(user):
    province = _province(user)
    if province is None:
        return None
    year = store_years()[-1]
    rows = indicator_table(user=user, unit=province, year=year)
    # An indicator with a target but a hidden value is "suppressed", not "no
    # target": it stays in the list with its own label.
    targeted = [r for r in rows if r.target_2025 is not None or r.target_2030 is not None]
    targeted.sort(key=lambda r: (LIGHT_ORDER.get(r.status, 3), r.code))
    lights = {name: sum(1 for r in targeted if r.status == name) for name in LIGHT_ORDER}
    return {"unit": province, "year": year, "rows": targeted, "lights": lights}


def indicators_section(request):
    user = request.user
    enter = has_perm(user, Perm.ENTER_INDICATORS)
    approve = not scope_for(user, Perm.APPROVE_INDICATORS).empty
    overview = _overview(user)
    if not (enter or approve or overview):
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
        # The leader's page opens with the indicators; others' with their work.
        "order": 5 if overview else 70,
        "to_finish": to_finish,
        "to_approve": to_approve,
        "overview": overview,
    }
