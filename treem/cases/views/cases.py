"""The case list, the case page and the reporter's own reports (the intake
form is in intake.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case as When_
from django.db.models import F, IntegerField, Value, When
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for
from treem.areas.models import AdminUnit

from .. import forms as f
from ..models import (
    EMERGENCY_FROM,
    AccessGrant,
    Attachment,
    Case,
    CaseStatus,
    Intake,
    PlanDecision,
    Referral,
    ServiceDelivery,
    StatusChange,
    SupportPlan,
    Transfer,
)
from ..services import in_ward
from ..services.access import get_case
from ..services.steps import STEP_FOR_STATUS, STEPS, writable_in
from ..services.workflow import allowed_targets
from .common import can_approve, require, time_left


def ordered(qs):
    """Overdue first, then by deadline, open before closed."""
    now = timezone.now()
    return qs.annotate(
        _rank=When_(
            When(due_at__lt=now, then=Value(0)),
            When(due_at__isnull=False, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("_rank", F("due_at").asc(nulls_last=True), "-received_at")


@login_required
def case_list(request):
    require(request.user, Perm.MANAGE_CASES)
    units = AdminUnit.objects.grassroots().filter(scope_for(request.user, Perm.MANAGE_CASES).q(""))
    form = f.CaseFilterForm(request.GET or None, units=units)
    cases = Case.objects.visible_to(request.user).select_related(
        "unit", "child", "assigned_officer"
    )
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status == "open":
            cases = cases.open()
        elif status:
            cases = cases.filter(status=status)
        if form.cleaned_data["overdue"]:
            cases = cases.open().filter(due_at__lt=timezone.now())
        if form.cleaned_data["mine"]:
            cases = cases.filter(assigned_officer=request.user)
        if form.cleaned_data["unit"]:
            cases = cases.filter(unit=form.cleaned_data["unit"])
    page = Paginator(ordered(cases), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "now": timezone.now(),
            "can_break_glass": True,
            "can_record": has_perm(request.user, Perm.RECORD_CASE_REPORTS),
        },
    )


@login_required
def my_reports(request):
    """What a reporter sees of the reports they recorded: their own intake,
    not the case."""
    require(request.user, Perm.RECORD_CASE_REPORTS)
    intakes = (
        Intake.objects.filter(recorded_by=request.user)
        .select_related("event_ward", "case")
        .prefetch_related("harm_kinds")
        .order_by("-received_at")[:200]
    )
    return render(request, "cases/my_reports.html", {"intakes": intakes})


@login_required
def case_detail(request, pk):
    require(request.user, Perm.MANAGE_CASES)
    # The intake report comes with the case: one query less on every page.
    cases = Case.objects.select_related("intake__event_ward", "intake__recorded_by")
    return render_case(request, get_case(request.user, pk, queryset=cases))


def render_case(request, case, *, forms=None, status=200):
    """The case page. `forms` are sub-forms bound to what was typed, after a
    failed validation: the page opens them with their errors beside the
    fields (issue 15 point 2)."""
    user = request.user
    officer = in_ward(user, case)
    grant = (
        None
        if officer
        else AccessGrant.objects.filter(case=case, user=user, expires_at__gt=timezone.now()).first()
    )
    step_models = [model for model, _status in STEPS.values()]
    lists = [Transfer, ServiceDelivery, Referral, Attachment] + ([AccessGrant] if officer else [])
    present = _present(case, step_models + lists)
    steps = []
    for kind, (model, _status) in STEPS.items():
        if model not in present:
            continue
        for record in model.objects.filter(case=case).select_related("recorded_by", "updated_by"):
            fields = [
                (record._meta.get_field(n).verbose_name, _display(record, n))
                for n in model.CONTENT_FIELDS
            ]
            steps.append(
                {
                    "kind": kind,
                    "record": record,
                    "title": model._meta.verbose_name,
                    "fields": fields,
                }
            )
    steps.sort(key=lambda s: (s["record"].cycle, s["record"].recorded_at))
    # A decision is on a plan: no plan, no decision.
    decisions = (
        PlanDecision.objects.filter(plan__case=case).select_related("decided_by", "plan")
        if SupportPlan in present
        else []
    )
    actions = _actions(user, case) if officer else []
    forms = forms or {}
    can_work = officer and case.status in ("emergency", "implementation", "review")

    def rows(model, *related):
        return model.objects.filter(case=case).select_related(*related) if model in present else []

    intake = _intake(case)
    context = {
        "case": case,
        "deadline": time_left(case.due_at) if case.is_open else None,
        "intake": intake,
        # Only the names are shown: no model instances to build.
        "harm_names": list(intake.harm_kinds.values_list("name", flat=True)) if intake else [],
        "timeline": StatusChange.objects.filter(case=case).select_related("actor"),
        "steps": steps,
        "decisions": decisions,
        "services": rows(ServiceDelivery, "service_type", "provider"),
        "referrals": rows(Referral, "agency", "service_type", "result_recorded_by"),
        "attachments": rows(Attachment, "uploaded_by"),
        "transfers": rows(Transfer, "from_unit", "to_unit", "by", "new_case"),
        "grants": rows(AccessGrant, "user") if officer else [],
        "grant": grant,
        "officer": officer,
        "actions": actions,
        "can_work": can_work,
        # Built only where the page shows them (the template's conditions).
        "service_form": forms.get("service_form") or (f.ServiceForm() if can_work else None),
        "referral_form": forms.get("referral_form") or (f.ReferralForm() if can_work else None),
        "attachment_form": forms.get("attachment_form")
        or (f.AttachmentForm() if officer and case.is_open else None),
        "can_approve": can_approve(user, case),
    }
    return render(request, "cases/detail.html", context, status=status)


def _intake(case):
    """The case's intake report, joined to the case by case_detail; read here
    when the case came without it (a sub-form's failed post)."""
    if Case.intake.is_cached(case):
        try:
            return case.intake
        except Intake.DoesNotExist:
            return None
    return Intake.objects.select_related("event_ward", "recorded_by").filter(case=case).first()


def _present(case, models):
    """The models among `models` that hold rows of `case`, asked in one query:
    most lists of a case are empty (a new case has none of them), and a query
    for each list cost more than the rest of the page (issue 19)."""
    qn = connection.ops.quote_name
    # Table and column names come from the models, the case id is a parameter.
    tests = [
        f"EXISTS (SELECT 1 FROM {qn(m._meta.db_table)} "  # noqa: S608
        f"WHERE {qn(m._meta.get_field('case').column)} = %s)"
        for m in models
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(tests)}", [case.pk] * len(models))
        row = cursor.fetchone()
    return {model for model, here in zip(models, row, strict=True) if here}


def _display(record, name):
    value = getattr(record, name)
    field = record._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


def _actions(user, case):
    """The next allowed actions, as (label, url, method) for the page."""
    from django.urls import reverse

    out = []
    S = CaseStatus
    kind = STEP_FOR_STATUS.get(case.status)
    if kind:
        out.append(
            (
                _("Fill in: %(step)s") % {"step": STEPS[kind][0]._meta.verbose_name},
                reverse("cases:step", args=[case.pk, kind]),
                "get",
            )
        )
    targets = allowed_targets(case.status)
    if writable_in("verification", case.status):
        # Recorded alongside, never before the initial assessment (Art. 26(1)).
        out.append(
            (
                _("Record a verification of the facts"),
                reverse("cases:step", args=[case.pk, "verification"]),
                "get",
            )
        )
    if case.status == S.IMPLEMENTATION:
        out.append(
            (_("Start the review"), reverse("cases:transition", args=[case.pk, S.REVIEW]), "post")
        )
    if case.status == S.DETAILED_ASSESSMENT:
        out.append(
            (
                _("Propose closing: the child needs no plan"),
                reverse("cases:propose-closure", args=[case.pk]),
                "get",
            )
        )
    if case.status in EMERGENCY_FROM[1:]:
        out.append(
            (
                _("Emergency measure: the risk has become serious"),
                reverse("cases:emergency", args=[case.pk]),
                "get",
            )
        )
    if case.status == S.CLOSURE_PROPOSED and can_approve(user, case):
        out.append(
            (
                _("Decide on closing the case"),
                reverse("cases:decide-closure", args=[case.pk]),
                "get",
            )
        )
    if S.CLOSED_UNSUBSTANTIATED in targets:
        out.append((_("Close as not substantiated"), reverse("cases:close", args=[case.pk]), "get"))
    if S.TRANSFERRED in targets:
        out.append(
            (_("Transfer to another ward"), reverse("cases:transfer", args=[case.pk]), "get")
        )
    if case.status == S.PLAN_SUBMITTED and can_approve(user, case):
        out.append(
            (_("Approve or return the plan"), reverse("cases:decide", args=[case.pk]), "get")
        )
    if case.is_open:
        out.append((_("Assign an officer"), reverse("cases:assign", args=[case.pk]), "get"))
    return out
