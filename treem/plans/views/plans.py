import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, scope_for
from treem.agencies.models import Agency

from ..access import can_manage_plan, can_own_plan_for, report_filter
from ..forms import SubPlanForm, TaskForm
from ..models import Plan, PlanStatus, ProgressReport, Recommendation, Reminder, ReportState, Task
from ..periods import AgencyGraph, period_containing
from ..progress import plan_progress, sub_plan_rollup, task_progress
from ..services import PlanError
from ..services.plans import add_task, change_plan_status, create_sub_plan
from ..workflow import PLAN_TRANSITIONS
from .common import area_agency_filter, fail, get_plan, get_task, require, today


@login_required
def plan_list(request):
    require(request.user, Perm.VIEW_PLANS)
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("owner_agency", "unit", "document", "parent_task")
        .order_by("parent_task_id", "-period_start", "title")
    )
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    progress = plan_progress([p.pk for p in page])
    rows = [(p, progress.get(p.pk)) for p in page]
    return render(request, "plans/plan_list.html", {"page_obj": page, "rows": rows})


def _task_rows(plan, tasks, graph, on):
    progress = task_progress([t.pk for t in tasks], on)
    rollup = sub_plan_rollup([t.pk for t in tasks], on)
    return [
        {
            "task": t,
            "progress": progress.get(t.pk),
            "rollup": rollup.get(t.pk),
            "successors": graph.current_successors(t.lead_agency_id, on),
        }
        for t in tasks
    ]


@login_required
def plan_detail(request, pk):
    plan = get_plan(request.user, pk)
    on = today()
    graph = AgencyGraph()
    sub_plans = Plan.objects.visible_to(request.user).select_related("owner_agency")
    tasks = list(
        plan.tasks.select_related("lead_agency__unit", "section")
        .prefetch_related("coordinating_agencies", Prefetch("sub_plans", queryset=sub_plans))
        .order_by("order")
    )
    by_section = {}
    for row in _task_rows(plan, tasks, graph, on):
        by_section.setdefault(row["task"].section_id, []).append(row)
    sections = [(s, by_section.get(s.pk, [])) for s in plan.sections.order_by("order")]
    context = {
        "plan": plan,
        "sections": sections,
        "progress": plan_progress([plan.pk], on).get(plan.pk),
        "can_manage": can_manage_plan(request.user, plan),
        "next_statuses": [PlanStatus(s) for s in PLAN_TRANSITIONS[PlanStatus(plan.status)]],
        "links": plan.document.links_out.select_related("target") if plan.document_id else [],
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def task_detail(request, pk):
    task = get_task(request.user, pk)
    on = today()
    graph = AgencyGraph()
    owing = graph.owing(task.lead_agency_id, on)
    reports = (
        ProgressReport.objects.filter(task=task)
        .filter(report_filter(request.user))
        .select_related("agency__unit")
        .order_by("-period_end", "agency__name")
    )
    own = agencies_for(request.user)
    period = _current_period(task, on)
    existing = (
        set(
            ProgressReport.objects.filter(
                task=task, period_start=period[0], period_end=period[1]
            ).values_list("agency_id", flat=True)
        )
        if period
        else set()
    )
    sub_plans = list(
        task.sub_plans.filter(
            pk__in=Plan.objects.visible_to(request.user).values("pk")
        ).select_related("owner_agency__unit")
    )
    progress = plan_progress([p.pk for p in sub_plans], on)
    context = {
        "task": task,
        "plan": task.plan,
        "owing": owing,
        "coordinating": task.coordinating_agencies.select_related("unit"),
        "reports": reports[:200],
        "can_open": [a for a in owing if a.pk in own and a.pk not in existing],
        "period": period,
        "sub_plans": [(p, progress.get(p.pk)) for p in sub_plans],
        "rollup": sub_plan_rollup([task.pk], on).get(task.pk),
        "can_make_sub_plan": bool(_owner_choices(request.user).exists()),
        "successors": graph.current_successors(task.lead_agency_id, on),
        "today": on,
    }
    return render(request, "plans/task_detail.html", context)


def _current_period(task, on):
    from ..periods import task_periods

    periods = task_periods(task, task.plan, on, on)
    return periods[0] if periods else None


def _quarter(request, on):
    raw = request.GET.get("quy", "")
    try:
        year, q = (int(x) for x in raw.split("-q"))
        day = datetime.date(year, q * 3, 1)
    except ValueError:
        day = on
    return period_containing("quarterly", day)


def _quarters(plan, on):
    start = plan.reporting_from or plan.period_start
    result, current = [], period_containing("quarterly", on)
    while current[1] >= start and len(result) < 12:
        result.append(current)
        current = period_containing("quarterly", current[0] - datetime.timedelta(days=1))
    return result


# Rows other apps add under the matrix, one cell per task (treem/budgets:
# spent against allocated): functions (request, plan, tasks, quarter) -> dict
# with a `template`, or None.
MATRIX_ROWS = []


@login_required
def plan_matrix(request, pk):
    """Agencies × tasks for one quarter: the state of each report owed, as
    text and colour, with overdue ones marked."""
    plan = get_plan(request.user, pk)
    on = today()
    quarter = _quarter(request, on)
    reports = list(
        ProgressReport.objects.filter(
            task__plan=plan, period_start__lte=quarter[1], period_end__gte=quarter[1]
        )
        .filter(area_agency_filter(request.user))
        .select_related("agency__unit")
    )
    unit_id = request.GET.get("dia-ban", "")
    units = sorted({r.agency.unit for r in reports}, key=lambda u: u.name)
    if unit_id.isdigit():
        reports = [r for r in reports if r.agency.unit_id == int(unit_id)]
    visible = set(
        ProgressReport.objects.filter(pk__in=[r.pk for r in reports])
        .filter(report_filter(request.user))
        .values_list("pk", flat=True)
    )
    tasks = list(plan.tasks.order_by("order").only("pk", "number", "content"))
    agencies = sorted({r.agency for r in reports}, key=lambda a: (a.unit.name, a.name))
    cells = {(r.agency_id, r.task_id): r for r in reports}
    used = {r.task_id for r in reports}
    tasks = [t for t in tasks if t.pk in used]
    rows = [(a, [(t, cells.get((a.pk, t.pk))) for t in tasks]) for a in agencies]
    totals = {}
    for r in reports:
        key = "overdue" if r.is_overdue(on) else r.state
        totals[key] = totals.get(key, 0) + 1
    context = {
        "plan": plan,
        "quarter": quarter,
        "quarters": _quarters(plan, on),
        "tasks": tasks,
        "rows": rows,
        "visible": visible,
        "today": on,
        "units": units,
        "unit_id": unit_id,
        "totals": [(s, s.label, totals.get(s.value, 0)) for s in ReportState],
        "overdue": totals.get("overdue", 0),
        "extra_rows": [r for r in (f(request, plan, tasks, quarter) for f in MATRIX_ROWS) if r],
    }
    return render(request, "plans/plan_matrix.html", context)


@login_required
def plan_timeline(request, pk):
    """Deadlines ahead (and missed ones): reports due, grouped by month."""
    plan = get_plan(request.user, pk)
    on = today()
    rows = (
        ProgressReport.objects.filter(task__plan=plan, due_on__gte=on - datetime.timedelta(days=92))
        .filter(area_agency_filter(request.user))
        .values("due_on", "task_id", "task__number", "task__content")
        .annotate(
            owed=Count("pk"),
            accepted=Count("pk", filter=Q(state=ReportState.ACCEPTED)),
            open=Count("pk", filter=Q(state__in=[ReportState.DRAFT, ReportState.RETURNED])),
        )
        .order_by("due_on", "task__order")
    )
    months = {}
    for row in rows:
        months.setdefault(row["due_on"].replace(day=1), []).append(row)
    deadlines = plan.tasks.filter(deadline__isnull=False).order_by("deadline")
    recommendations = (
        Recommendation.objects.filter(evaluation__inspection__plan=plan, due_on__isnull=False)
        .exclude(follow_up__in=["done", "dropped"])
        .select_related("evaluation__agency")
        .order_by("due_on")
    )
    context = {
        "plan": plan,
        "months": sorted(months.items()),
        "deadlines": deadlines,
        "recommendations": recommendations,
        "today": on,
    }
    return render(request, "plans/plan_timeline.html", context)


@login_required
def agency_page(request, pk):
    """What one agency owes, and when: its own tasks and those it took over
    from abolished bodies, its report rows and reminders."""
    require(request.user, Perm.VIEW_PLANS)
    agency = get_object_or_404(Agency.objects.select_related("unit"), pk=pk)
    on = today()
    graph = AgencyGraph()
    forerunners = graph.forerunners(agency.pk)
    visible_plans = Plan.objects.visible_to(request.user).values("pk")
    tasks = list(
        Task.objects.filter(plan__in=visible_plans, lead_agency_id__in=forerunners)
        .select_related("plan", "lead_agency")
        .order_by("plan_id", "order")
    )
    coordinating = (
        Task.objects.filter(plan__in=visible_plans, coordinating_agencies__in=forerunners)
        .select_related("plan", "lead_agency")
        .distinct()
        .order_by("plan_id", "order")
    )
    reports = (
        ProgressReport.objects.filter(agency=agency, task__plan__in=visible_plans)
        .select_related("task__plan")
        .order_by("state", "due_on")
    )
    mine = agency.pk in agencies_for(request.user)
    shown = set(
        ProgressReport.objects.filter(agency=agency)
        .filter(report_filter(request.user))
        .values_list("pk", flat=True)
    )
    context = {
        "agency": agency,
        "tasks": tasks,
        "coordinating": coordinating,
        "reports": [(r, r.pk in shown) for r in reports[:300]],
        "reminders": Reminder.objects.filter(report__agency=agency).select_related("report__task")[
            :20
        ]
        if mine
        else [],
        "mine": mine,
        "today": on,
        "forerunners": [graph.agencies[a] for a in forerunners if a != agency.pk],
        "successors": graph.current_successors(agency.pk, on),
    }
    return render(request, "plans/agency_page.html", context)


@login_required
def my_agency(request):
    own = sorted(agencies_for(request.user))
    if not own:
        raise Http404
    if len(own) == 1:
        return redirect("plans:agency", pk=own[0])
    agencies = Agency.objects.filter(pk__in=own).select_related("unit")
    return render(request, "plans/my_agencies.html", {"agencies": agencies})


def _owner_choices(user):
    """Agencies in force the user may make sub-plans for."""
    scope = scope_for(user, Perm.MANAGE_PLANS)
    q = Q(pk__in=agencies_for(user))
    if not scope.empty:
        q |= scope.q("unit")
    return Agency.objects.in_force().filter(q).select_related("unit").order_by("unit__name", "name")


@login_required
def sub_plan_create(request, pk):
    task = get_task(request.user, pk)
    choices = _owner_choices(request.user)
    if not choices.exists():
        raise Http404
    form = SubPlanForm(request.POST or None, agencies=choices, initial={"period_start": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_own_plan_for(request.user, data["owner_agency"]):
            raise Http404
        try:
            plan = create_sub_plan(
                task,
                actor=request.user,
                owner_agency=data["owner_agency"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        except PlanError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The implementing plan was created; add its tasks."))
            return redirect(plan)
    return render(request, "plans/sub_plan_form.html", {"task": task, "form": form})


@login_required
def task_create(request, pk):
    plan = get_plan(request.user, pk)
    if not can_manage_plan(request.user, plan):
        raise Http404
    section = plan.sections.order_by("-order").first()
    if section is None:
        raise Http404
    agencies = Agency.objects.in_force().select_related("unit").order_by("unit__name", "name")
    form = TaskForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_task(
                section,
                actor=request.user,
                content=data["content"],
                lead_agency=data["lead_agency"],
                timing=data["timing"],
                coordinating=list(data["coordinating"]),
                deadline=data["deadline"],
                expected_output=data["expected_output"],
                indicator_codes=data["indicator_codes"],
            )
        except PlanError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The task was added."))
            return redirect(plan)
    return render(request, "plans/task_form.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_status(request, pk):
    plan = get_plan(request.user, pk)
    if not can_manage_plan(request.user, plan):
        raise Http404
    try:
        change_plan_status(plan, request.POST.get("status", ""), actor=request.user)
    except (PlanError, ValueError) as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The plan's status was changed."))
    return redirect(plan)
