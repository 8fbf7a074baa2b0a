"""Who may see and do what with plans, tasks and reports.

- Plans (and their tasks, inspections) are visible with VIEW_PLANS to users
  whose scope covers the plan's unit or a unit inside it: a city or province
  plan applies to its wards, so ward staff see it. A ward's scope includes its
  former units, whose parent is the former city, so the city's plan stays
  visible after the city was abolished.
- A plan is managed (edit, inspections) with MANAGE_PLANS over its unit, or,
  for a sub-plan, by the reporters of the agency that owns it.
- A progress report is seen and edited by the reporters of its agency only.
  It is reviewed (returned, accepted) with MANAGE_PLANS over the plan's unit;
  when that unit no longer exists (the plan's owner was reorganised away),
  with MANAGE_PLANS over the reporting agency's area, so the successor
  ward's officers review what their ward's agencies owe. Viewers see
  aggregates (the matrix, counts), not report texts.
"""

from django.db.models import Q
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.areas.models import AdminUnit


def _with_ancestors(unit_ids):
    found, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        parents = set(
            AdminUnit.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= frontier
    return frozenset(found)


def plan_unit_ids(user, perm=Perm.VIEW_PLANS):
    """None for an unlimited scope, else the ids of units whose plans the
    user sees (the province ids are returned separately by the scope)."""
    cache = getattr(user, "_treem_plan_units", None)
    if cache is None:
        cache = {}
        if getattr(user, "is_authenticated", False):
            user._treem_plan_units = cache
    if perm not in cache:
        scope = scope_for(user, perm)
        cache[perm] = None if scope.unlimited else _with_ancestors(scope.unit_ids)
    return cache[perm]


def plan_unit_filter(user, perm, path):
    scope = scope_for(user, perm)
    if scope.unlimited:
        return Q()
    if scope.empty:
        return Q(pk__in=[])
    q = Q(**{f"{path}_id__in": plan_unit_ids(user, perm)})
    if scope.province_ids:
        q |= Q(**{f"{path}_id__in": scope.province_ids})
        q |= Q(**{f"{path}__province_id__in": scope.province_ids})
    return q


def review_filter(user, prefix=""):
    """Reports the user may review (return or accept)."""
    scope = scope_for(user, Perm.MANAGE_PLANS)
    own = agencies_for(user)
    q = Q(pk__in=[])
    if not scope.empty:
        q = scope.q(f"{prefix}task__plan__unit") | (
            Q(**{f"{prefix}task__plan__unit__valid_to__lt": timezone.localdate()})
            & scope.q(f"{prefix}agency__unit")
        )
    if own:
        q |= Q(
            **{
                f"{prefix}task__plan__owner_agency_id__in": own,
                f"{prefix}task__plan__parent_task__isnull": False,
            }
        )
    return q


def report_filter(user, prefix=""):
    own = agencies_for(user)
    q = review_filter(user, prefix)
    if own:
        q |= Q(**{f"{prefix}agency_id__in": own})
    return q


def can_submit(user, report):
    return report.agency_id in agencies_for(user)


def can_review(user, report):
    from .models import ProgressReport

    return ProgressReport.objects.filter(pk=report.pk).filter(review_filter(user)).exists()


def can_manage_plan(user, plan):
    if has_perm(user, Perm.MANAGE_PLANS, plan.unit):
        return True
    return bool(plan.parent_task_id) and plan.owner_agency_id in agencies_for(user)


def can_own_plan_for(user, agency):
    """May the user create a sub-plan owned by `agency`?"""
    return agency.pk in agencies_for(user) or has_perm(user, Perm.MANAGE_PLANS, agency.unit)


def can_see_reports(user):
    return bool(agencies_for(user)) or has_perm(user, Perm.MANAGE_PLANS)
