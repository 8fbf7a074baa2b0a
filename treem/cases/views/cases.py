"""The case list, the intake form, the case page and the reporter's own
reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case as When_
from django.db.models import F, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for
from treem.areas.models import AdminUnit
from treem.children.models import Child
from treem.children.services.registry import DuplicateId, PossibleDuplicate

from .. import forms as f
from ..models import (
    AccessGrant,
    Attachment,
    Case,
    CaseStatus,
    Intake,
    Referral,
    ServiceDelivery,
    StatusChange,
    Transfer,
)
from ..services import CaseError, in_ward, record_intake
from ..services.access import get_case
from ..services.steps import STEP_FOR_STATUS, STEPS
from ..services.workflow import allowed_targets
from .common import can_approve, require


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
def intake(request):
    require(request.user, Perm.RECORD_CASE_REPORTS)
    form = f.IntakeForm(request.POST or None, initial={"received_at": timezone.localtime()})
    candidates = []
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        child = None
        if cd.get("child_id"):
            child = Child.objects.visible_to(request.user).filter(pk=cd["child_id"]).first()
            if child is None:
                form.add_error("child_id", _("No child with this number in your area."))
        if not form.errors:
            try:
                case = record_intake(
                    actor=request.user,
                    child=child,
                    new_child=form.new_child,
                    channel=cd["channel"],
                    received_at=cd["received_at"],
                    event_ward=cd["event_ward"],
                    event_place=cd["event_place"],
                    event_at=cd.get("event_at"),
                    description=cd["description"],
                    harm_kinds=cd["harm_kinds"],
                    perpetrator_relation=cd["perpetrator_relation"],
                    reporter_anonymous=cd["reporter_anonymous"],
                    reporter_name=cd["reporter_name"],
                    reporter_contact=cd["reporter_contact"],
                    reporter_relation=cd["reporter_relation"],
                    child_situation=cd["child_situation"],
                    received_by_unit=_own_ward(request.user),
                )
            except DuplicateId as exc:
                form.add_error(
                    "personal_id",
                    _("%(msg)s Enter its number %(pk)s as the registry number instead.")
                    % {"msg": exc, "pk": exc.existing.pk},
                )
            except PossibleDuplicate as exc:
                candidates = exc.candidates
                form.add_error("confirmed", str(exc))
            except CaseError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("The report is recorded as case %(n)s.") % {"n": case.number}
                )
                if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
                    return redirect(case.get_absolute_url())
                return redirect("cases:my-reports")
    return render(request, "cases/intake_form.html", {"form": form, "candidates": candidates})


def _own_ward(user):
    """The ward of the user's assignment that lets them record reports."""
    from treem.accounts.permissions import role_grants
    from treem.accounts.scope import active_assignments

    for a in active_assignments(user):
        if role_grants(a.role, Perm.RECORD_CASE_REPORTS) and a.unit is not None:
            unit = a.unit
            while unit is not None and unit.level not in ("ward", "commune"):
                unit = unit.parent if unit.level == "residential_group" else None
            if unit is not None:
                return unit
    return None


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
    case = get_case(request.user, pk)
    user = request.user
    officer = in_ward(user, case)
    grant = (
        None
        if officer
        else AccessGrant.objects.filter(case=case, user=user, expires_at__gt=timezone.now()).first()
    )
    steps = []
    for kind, (model, _status) in STEPS.items():
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
    from ..models import PlanDecision

    decisions = PlanDecision.objects.filter(plan__case=case).select_related("decided_by", "plan")
    actions = _actions(user, case) if officer else []
    context = {
        "case": case,
        "intake": Intake.objects.select_related("event_ward", "received_by_unit", "recorded_by")
        .prefetch_related("harm_kinds")
        .filter(case=case)
        .first(),
        "timeline": StatusChange.objects.filter(case=case).select_related("actor"),
        "steps": steps,
        "decisions": decisions,
        "services": ServiceDelivery.objects.filter(case=case).select_related(
            "service_type", "provider"
        ),
        "referrals": Referral.objects.filter(case=case).select_related("agency", "service_type"),
        "attachments": Attachment.objects.filter(case=case).select_related("uploaded_by"),
        "transfers": Transfer.objects.filter(case=case).select_related(
            "from_unit", "to_unit", "by", "new_case"
        ),
        "grants": AccessGrant.objects.filter(case=case).select_related("user") if officer else [],
        "grant": grant,
        "officer": officer,
        "actions": actions,
        "can_work": officer and case.status in ("emergency", "implementation", "review"),
        "service_form": f.ServiceForm(),
        "referral_form": f.ReferralForm(),
        "attachment_form": f.AttachmentForm(),
        "can_approve": can_approve(user, case),
    }
    return render(request, "cases/detail.html", context)


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
    if case.status == S.RECEIVED:
        out.append(
            (
                _("Start verification"),
                reverse("cases:transition", args=[case.pk, S.VERIFICATION]),
                "post",
            )
        )
    if case.status == S.IMPLEMENTATION:
        out.append(
            (_("Start the review"), reverse("cases:transition", args=[case.pk, S.REVIEW]), "post")
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
