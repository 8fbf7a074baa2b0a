"""The plan's part of the landing page, by role:

- an agency's reporter: its Directive 28 progress reports overdue and due
  within two weeks, each a link to the report (issue 15: they were only on
  "Cơ quan của tôi");
- a reviewer (MANAGE_PLANS): reports submitted and waiting for review, and
  the reports of the area's agencies past due;
- the province (officer, leader): progress by agency and by ward, counts only.

A fixed number of queries whatever the number of reports."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm, scope_for
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit

from .access import review_filter
from .models import Plan, ProgressReport, ReportState
from .progress import progress_by

DUE_SOON = datetime.timedelta(days=14)
OPEN_STATES = (ReportState.DRAFT, ReportState.RETURNED)
SHOWN = 15
TOP = 10


def sees_province(user, perm=Perm.VIEW_AGGREGATES):
    scope = scope_for(user, perm)
    return scope.unlimited or bool(scope.province_ids)


def _area_filter(user):
    """Reports whose agency lies in the user's plan-viewing area or is the
    user's own (the same rule as the overdue list)."""
    q = scope_for(user, Perm.VIEW_PLANS).q("agency__unit")
    own = agencies_for(user)
    if own:
        q |= Q(agency_id__in=own)
    return q


def _own_reports(user, plans, on):
    own = agencies_for(user)
    if not own:
        return None
    reports = ProgressReport.objects.filter(
        agency_id__in=own, state__in=OPEN_STATES, due_on__lte=on + DUE_SOON, task__plan__in=plans
    )
    counts = reports.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=on)), due=Count("pk", filter=Q(due_on__gte=on))
    )
    rows = [
        {"report": r, "overdue": r.due_on < on, "days": abs((r.due_on - on).days)}
        for r in reports.select_related("task", "agency").order_by("due_on", "pk")[:SHOWN]
    ]
    return {"rows": rows, **counts, "more": counts["overdue"] + counts["due"] > len(rows)}


def _by(reports, key, model, on):
    """The TOP groups with the most overdue reports: [(object, Progress)]."""
    figures = progress_by(reports, key, on)
    ranked = sorted(figures.items(), key=lambda kv: (-kv[1].overdue, -kv[1].due, kv[0] or 0))
    ranked = [(pk, p) for pk, p in ranked if pk is not None][:TOP]
    names = model.objects.in_bulk([pk for pk, _p in ranked])
    return [(names[pk], p) for pk, p in ranked if pk in names]


def plans_section(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_PLANS):
        return None
    on = timezone.localdate()
    plans = Plan.objects.visible_to(user).values("pk")
    section = {"template": "plans/landing.html", "order": 20, "today": on}
    section["own"] = _own_reports(user, plans, on)
    if has_perm(user, Perm.MANAGE_PLANS):
        area = ProgressReport.objects.filter(task__plan__in=plans).filter(_area_filter(user))
        section["to_review"] = (
            ProgressReport.objects.filter(review_filter(user), state=ReportState.SUBMITTED)
            .order_by()
            .count()
        )
        section["area_overdue"] = area.filter(state__in=OPEN_STATES, due_on__lt=on).count()
    if sees_province(user):
        reports = ProgressReport.objects.filter(task__plan__in=plans).filter(_area_filter(user))
        section["by_agency"] = _by(reports, "agency_id", Agency, on)
        section["by_ward"] = _by(reports, "agency__unit_id", AdminUnit, on)
        section["overdue_total"] = reports.filter(state__in=OPEN_STATES, due_on__lt=on).count()
    if not any(section.get(k) is not None for k in ("own", "to_review", "by_agency")):
        return None
    return section
