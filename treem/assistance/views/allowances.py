"""Allowance decisions, payments, suggestions and other support."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user, has_perm, scope_wards

from .. import forms as f
from ..models import AllowanceDecision, AllowancePayment, DecisionStatus, SupportItem
from ..privacy import log_object, log_objects, log_rows
from ..rules import rules
from ..services import (
    AssistanceError,
    end_decision,
    generate_payments,
    record_decision,
    record_support_item,
    suspend_decision,
)
from ..services.suggestions import suggestions
from .common import form_page, page_of, require

READ = (Perm.VIEW_SENSITIVE,)
WRITE = (Perm.EDIT_PERSONAL, Perm.VIEW_SENSITIVE)


def _can_write(user):
    return all(has_perm(user, p) for p in WRITE)


@login_required
def index(request):
    require(request.user, *READ)
    decisions = AllowanceDecision.objects.visible_to(request.user).select_related("child", "unit")
    status = request.GET.get("trang_thai", "")
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    page = page_of(request, decisions.order_by("-decided_on", "-pk"))
    log_objects(request.user, page.object_list, note=_("Allowance decisions"))
    return render(
        request,
        "assistance/index.html",
        {
            "page": page,
            "statuses": DecisionStatus.choices,
            "status": status,
            "can_write": _can_write(request.user),
        },
    )


@login_required
def decision_create(request):
    require(request.user, *WRITE)
    initial = {}
    if request.GET.get("tre", "").isdigit():
        initial["child_number"] = request.GET["tre"]
    if request.GET.get("nhom", "") in rules().groups:
        initial["group"] = request.GET["nhom"]
    form = f.DecisionForm(request.POST or None, user=request.user, initial=initial)

    def run(form):
        return record_decision(
            form.child,
            actor=request.user,
            **{k: form.cleaned_data[k] for k in form.Meta.fields},
        )

    return form_page(
        request,
        form,
        run,
        title=_("Record an allowance decision"),
        back=reverse("assistance:index"),
        success=_("The decision was recorded."),
    )


def _decision(request, pk):
    return get_for_user(
        AllowanceDecision.objects.select_related("child", "unit"),
        request.user,
        pk,
        Perm.VIEW_SENSITIVE,
    )


@login_required
def decision_detail(request, pk):
    require(request.user, *READ)
    decision = _decision(request, pk)
    writable = _can_write(request.user) and has_perm(
        request.user, Perm.EDIT_PERSONAL, decision.unit
    )
    payments = list(decision.payments.order_by("-month")[:60])
    log_object(
        request.user,
        decision,
        note=_("Allowance decision page"),
        extra={"allowance_payment"} if payments else (),
    )
    return render(
        request,
        "assistance/decision.html",
        {
            "decision": decision,
            "group": rules().groups.get(decision.group),
            "payments": payments,
            "suspensions": decision.suspensions.all(),
            "suspend_form": f.SuspendForm() if writable and decision.status != "ended" else None,
            "end_form": f.EndForm() if writable and decision.status != "ended" else None,
        },
    )


@login_required
def decision_suspend(request, pk):
    require(request.user, *WRITE)
    decision = _decision(request, pk)
    form = f.SuspendForm(request.POST or None)

    def run(form):
        suspend_decision(decision, actor=request.user, **form.cleaned_data)
        return decision

    return form_page(
        request,
        form,
        run,
        title=_("Suspend the allowance"),
        back=decision.get_absolute_url(),
        success=_("The allowance was suspended."),
    )


@login_required
def decision_end(request, pk):
    require(request.user, *WRITE)
    decision = _decision(request, pk)
    form = f.EndForm(request.POST or None)

    def run(form):
        return end_decision(decision, actor=request.user, **form.cleaned_data)

    return form_page(
        request,
        form,
        run,
        title=_("End the allowance"),
        back=decision.get_absolute_url(),
        success=_("The allowance was ended."),
    )


def _month(request):
    form = f.MonthForm(request.GET or None)
    if request.GET.get("thang") and form.is_valid():
        return form.cleaned_data["thang"].replace(day=1), form
    return timezone.localdate().replace(day=1), f.MonthForm(
        initial={"thang": timezone.localdate().replace(day=1)}
    )


@login_required
def payments(request):
    require(request.user, *READ)
    month, form = _month(request)
    rows = AllowancePayment.objects.visible_to(request.user).filter(month=month)
    wards = scope_wards(request.user, Perm.VIEW_SENSITIVE)
    if wards:
        # The same rows; a filter the (month, ward) index serves.
        rows = rows.filter(ward_id__in=wards)
    totals = rows.aggregate(count=Count("pk"), total=Sum("amount"))
    # The page's ids first, sorted by the child's given name, then their rows:
    # sorting the joined rows of a province's month cost ten times more.
    page = page_of(request, rows.order_by("child__name_sort", "pk").values_list("pk", flat=True))
    found = AllowancePayment.objects.select_related("child", "decision", "unit").in_bulk(
        list(page.object_list)
    )
    shown = [found[pk] for pk in page.object_list if pk in found]
    log_objects(request.user, shown, note=_("Allowance payments"))
    return render(
        request,
        "assistance/payments.html",
        {
            "month": month,
            "form": form,
            "page": page,
            "payments": shown,
            "totals": totals,
            "can_write": _can_write(request.user),
        },
    )


@login_required
@require_POST
def payments_generate(request):
    require(request.user, *WRITE)
    form = f.MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the month as mm/yyyy."))
        return redirect("assistance:payments")
    month = form.cleaned_data["thang"].replace(day=1)
    try:
        made = generate_payments(month, actor=request.user)
    except AssistanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(n)s payments generated for %(m)s.") % {"n": made, "m": month.strftime("%m/%Y")},
        )
    return redirect(f"{reverse('assistance:payments')}?thang={month:%m/%Y}")


@login_required
def suggestion_list(request):
    require(request.user, *READ)
    rows = suggestions(request.user)
    # A suggestion names the group the child's circumstance qualifies for.
    log_rows(
        request.user,
        [
            (child.pk, child.ward_id, {f"allowance_suggestion:{group.code}"})
            for child, group in rows
        ],
        note=_("Allowance suggestions"),
    )
    return render(
        request,
        "assistance/suggestions.html",
        {"rows": rows, "can_write": _can_write(request.user)},
    )


@login_required
def support_list(request):
    require(request.user, *READ)
    items = SupportItem.objects.visible_to(request.user).select_related("child", "unit")
    page = page_of(request, items)
    log_objects(request.user, page.object_list, note=_("Other support"))
    return render(
        request,
        "assistance/support_list.html",
        {"page": page, "can_write": _can_write(request.user)},
    )


@login_required
def support_create(request):
    require(request.user, *WRITE)
    initial = {"child_number": request.GET["tre"]} if request.GET.get("tre", "").isdigit() else {}
    form = f.SupportItemForm(request.POST or None, user=request.user, initial=initial)

    def run(form):
        record_support_item(
            form.child, actor=request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields}
        )
        return form.child

    return form_page(
        request,
        form,
        run,
        title=_("Record other support"),
        back=reverse("assistance:support"),
        success=_("The support was recorded."),
    )
