from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm
from treem.plans.models import PlanStatus, Task
from treem.plans.periods import AgencyGraph

from .access import can_record_for, can_see_budgets, line_filter, recording_agencies
from .forms import AllocationForm, LineForm, MobilisationForm, SpendingForm
from .models import Allocation, BudgetLine, Mobilisation, Spending
from .services import (
    BudgetError,
    BudgetPermissionError,
    activity_suggestions,
    add_allocation,
    add_mobilisation,
    add_spending,
    open_budget_line,
    remove_entry,
)
from .summary import grand_total, task_totals, totals_by


def _require(user):
    if not can_see_budgets(user):
        raise Http404


def _year(request):
    raw = request.GET.get("nam", "")
    if raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def get_line(user, pk):
    try:
        return (
            BudgetLine.objects.visible_to(user)
            .select_related("task__plan", "agency__unit", "unit")
            .get(pk=pk)
        )
    except (BudgetLine.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def task_choices(user):
    """Tasks of plans in force the user sees: for an agency's reporter those
    its body (or a body it took over) leads or works on."""
    tasks = Task.objects.visible_to(user).filter(plan__status=PlanStatus.ACTIVE)
    if not has_perm(user, Perm.MANAGE_PLANS):
        graph = AgencyGraph()
        bodies = set()
        for agency_id in agencies_for(user):
            bodies |= graph.forerunners(agency_id)
        tasks = tasks.filter(Q(lead_agency_id__in=bodies) | Q(coordinating_agencies__in=bodies))
    ids = set(tasks.values_list("pk", flat=True))
    return Task.objects.filter(pk__in=ids).select_related("plan").order_by("plan_id", "order")


@login_required
def year_page(request):
    """The year's budget by task and agency: allocated, mobilised, spent,
    remaining and the share spent. A fixed number of queries."""
    _require(request.user)
    year = _year(request)
    lines = list(
        BudgetLine.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("task", "agency__unit")
        .order_by("task__plan_id", "task__order", "agency__unit__name", "agency__name")
    )
    totals = totals_by(BudgetLine.objects.filter(pk__in=[line.pk for line in lines]))
    tasks = []
    for line in lines:
        if not tasks or tasks[-1]["task"].pk != line.task_id:
            tasks.append({"task": line.task, "rows": [], "totals": None})
        tasks[-1]["rows"].append((line, totals.get(line.pk) or grand_total({})))
    for group in tasks:
        group["totals"] = grand_total({n: t for n, (_line, t) in enumerate(group["rows"])})
    years = sorted(
        set(
            BudgetLine.objects.visible_to(request.user)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        )
        | {timezone.localdate().year, year},
        reverse=True,
    )
    return render(
        request,
        "budgets/year.html",
        {
            "year": year,
            "years": years,
            "tasks": tasks,
            "total": grand_total(totals),
            "can_record": recording_agencies(request.user).exists(),
        },
    )


@login_required
def line_new(request):
    _require(request.user)
    agencies = recording_agencies(request.user)
    if not agencies.exists():
        raise Http404
    form = LineForm(
        request.POST or None,
        agencies=agencies,
        tasks=task_choices(request.user),
        initial={"year": _year(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            line = open_budget_line(actor=request.user, **form.cleaned_data)
        except BudgetPermissionError:
            raise Http404 from None
        except BudgetError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(line)
    return render(request, "budgets/line_form.html", {"form": form})


PREFIXES = {"allocation": "cap", "mobilisation": "hd", "spending": "chi"}


def _forms(request, line, bound=None):
    """The three entry forms; `bound` is the one that was posted."""
    activities = activity_suggestions(line)
    initial = {}
    chosen = request.GET.get("hoat-dong", "")
    if chosen.isdigit():
        activity = activity_suggestions(line).filter(pk=int(chosen)).first()
        if activity is not None:
            # The activity's cost is offered, never counted by itself.
            initial = {
                "activity": activity.pk,
                "amount": activity.cost,
                "spent_on": activity.ends_on,
                "purpose": activity.title,
            }
    forms = {
        "allocation": AllocationForm(prefix=PREFIXES["allocation"]),
        "mobilisation": MobilisationForm(prefix=PREFIXES["mobilisation"], initial={"form": "cash"}),
        "spending": SpendingForm(
            prefix=PREFIXES["spending"], activities=activities, initial=initial
        ),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _line_page(request, line, bound=None, status=200):
    totals = totals_by(BudgetLine.objects.filter(pk=line.pk)).get(line.pk) or grand_total({})
    can_edit = can_record_for(request.user, line.agency)
    context = {
        "line": line,
        "totals": totals,
        "allocations": line.allocations.all(),
        "mobilisations": line.mobilisations.all(),
        "spending": line.spending.select_related("activity"),
        "suggestions": activity_suggestions(line)[:20] if can_edit else [],
        "can_edit": can_edit,
        "forms": _forms(request, line, bound) if can_edit else {},
    }
    return render(request, "budgets/line.html", context, status=status)


@login_required
def line_detail(request, pk):
    return _line_page(request, get_line(request.user, pk))


ENTRY_FORMS = {
    "cap": ("allocation", AllocationForm, add_allocation),
    "huy-dong": ("mobilisation", MobilisationForm, add_mobilisation),
    "chi": ("spending", SpendingForm, add_spending),
}


@login_required
@require_POST
def entry_add(request, pk, kind):
    line = get_line(request.user, pk)
    if kind not in ENTRY_FORMS or not can_record_for(request.user, line.agency):
        raise Http404
    name, form_class, service = ENTRY_FORMS[kind]
    extra = {"activities": activity_suggestions(line)} if form_class is SpendingForm else {}
    form = form_class(request.POST, prefix=PREFIXES[name], **extra)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            service(line, actor=request.user, **data)
        except BudgetPermissionError:
            raise Http404 from None
        except BudgetError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The entry was recorded."))
            return redirect(f"{line.get_absolute_url()}#{name}")
    return _line_page(request, line, bound=(name, form), status=400)


ENTRY_MODELS = {"cap": Allocation, "huy-dong": Mobilisation, "chi": Spending}


@login_required
@require_POST
def entry_remove(request, kind, pk):
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    entry = (
        model.objects.filter(line__in=BudgetLine.objects.filter(line_filter(request.user)))
        .select_related("line__agency", "line__unit")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    try:
        remove_entry(entry, actor=request.user)
    except BudgetPermissionError:
        raise Http404 from None
    messages.success(request, _("The entry was removed."))
    return redirect(entry.line)


def matrix_row(request, plan, tasks, quarter):
    """The plan matrix's budget row: spent against allocated per task, for
    the lines the user sees in the quarter's year."""
    if not can_see_budgets(request.user) or not tasks:
        return None
    year = quarter[1].year
    totals = task_totals(request.user, [t.pk for t in tasks], year)
    if not totals:
        return None
    return {
        "template": "budgets/_matrix_row.html",
        "year": year,
        "cells": [(t, totals.get(t.pk)) for t in tasks],
    }
