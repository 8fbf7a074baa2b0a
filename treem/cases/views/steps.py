"""Each step's form, the simple moves, the approver's decision, closing at
intake, transfer and assignment. All writes call the services; an edit
conflict shows both versions and saves nothing."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import ROLE_PERMISSIONS, Perm

from .. import forms as f
from ..models import CaseStatus
from ..services import (
    CaseError,
    EditConflict,
    assign_officer,
    change_status,
    complete_step,
    decide_closure,
    decide_plan,
    get_step,
    in_ward,
    propose_closure,
    save_step,
    start_emergency,
    transfer_case,
)
from ..services.access import get_case
from ..services.steps import STEPS, writable_in
from .cases import _display
from .common import can_approve, form_errors, require

# Moves a button on the case page makes without a form of their own.
SIMPLE_MOVES = {CaseStatus.REVIEW}


def _officer_case(request, pk):
    require(request.user, Perm.MANAGE_CASES)
    case = get_case(request.user, pk)
    if not in_ward(request.user, case):
        raise Http404  # break-the-glass access reads, it does not write
    return case


@login_required
def step_form(request, pk, kind):
    if kind not in STEPS:
        raise Http404
    case = _officer_case(request, pk)
    model, status = STEPS[kind]
    form_class = f.step_form_class(kind)
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, instance=model(case=case))
        if form.is_valid():
            data = {n: form.cleaned_data[n] for n in model.CONTENT_FIELDS}
            try:
                save_step(
                    case,
                    kind,
                    data,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version") or 0,
                )
                if "complete" in request.POST:
                    case.refresh_from_db()
                    moved = complete_step(case, kind, actor=request.user)
                    messages.success(
                        request,
                        _("Saved. The case is now in “%(status)s”.")
                        % {"status": moved.get_status_display()},
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect(case.get_absolute_url())
            except EditConflict as exc:
                current = exc.current
                conflict = [
                    (current._meta.get_field(n).verbose_name, _display(current, n), data.get(n))
                    for n in model.CONTENT_FIELDS
                ]
                conflict_by = current.updated_by
                messages.error(request, str(exc))
                # The form now carries the saved version, so saving again is a choice.
                post = request.POST.copy()
                post["version"] = current.version
                form = form_class(post, instance=model(case=case))
                form.is_valid()
                return render(
                    request,
                    "cases/step_form.html",
                    {
                        "case": case,
                        "form": form,
                        "kind": kind,
                        "title": model._meta.verbose_name,
                        "doc": model.__doc__,
                        "conflict": conflict,
                        "conflict_by": conflict_by,
                        "editable": True,
                    },
                )
            except CaseError as exc:
                messages.error(request, str(exc))
    else:
        # The saved step to edit (a post reads it in save_step, under its lock).
        step = get_step(case, kind)
        form = form_class(instance=step, initial={"version": step.version if step else 0})
    return render(
        request,
        "cases/step_form.html",
        {
            "case": case,
            "form": form,
            "kind": kind,
            "title": model._meta.verbose_name,
            "doc": model.__doc__,
            "conflict": conflict,
            "editable": writable_in(kind, case.status),
        },
    )


@login_required
@require_POST
def transition(request, pk, target):
    case = _officer_case(request, pk)
    if target not in SIMPLE_MOVES:
        raise Http404
    try:
        change_status(
            case, target, actor=request.user, expected_version=request.POST.get("version")
        )
    except CaseError as exc:
        messages.error(request, str(exc))
    return redirect(case.get_absolute_url())


@login_required
def decide(request, pk):
    case = _officer_case(request, pk)
    if not can_approve(request.user, case):
        raise Http404
    form = f.DecisionForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            decide_plan(
                case,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                decision_number=form.cleaned_data["decision_number"],
                comments=form.cleaned_data["comments"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(case.get_absolute_url())
    plan = get_step(case, "plan")
    fields = (
        [(plan._meta.get_field(n).verbose_name, _display(plan, n)) for n in plan.CONTENT_FIELDS]
        if plan
        else []
    )
    return render(
        request, "cases/decide_form.html", {"case": case, "form": form, "plan_fields": fields}
    )


@login_required
def close(request, pk):
    case = _officer_case(request, pk)
    form = f.CloseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            change_status(
                case,
                CaseStatus.CLOSED_UNSUBSTANTIATED,
                actor=request.user,
                note=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The case is closed."))
            return redirect(case.get_absolute_url())
    return render(
        request,
        "cases/action_form.html",
        {"case": case, "form": form, "title": _("Close as not substantiated")},
    )


@login_required
def transfer(request, pk):
    case = _officer_case(request, pk)
    form = f.TransferForm(
        request.POST or None, exclude=case.unit, initial={"version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = transfer_case(
                case,
                actor=request.user,
                to_unit=form.cleaned_data["to_unit"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Transferred as case %(n)s.") % {"n": new.number})
            return redirect(case.get_absolute_url())
    return render(
        request,
        "cases/action_form.html",
        {"case": case, "form": form, "title": _("Transfer to another ward")},
    )


def _officers(case):
    roles = [r for r, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_CASES in perms]
    ids = RoleAssignment.objects.active().filter(role__in=roles, unit=case.unit).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


@login_required
def assign(request, pk):
    case = _officer_case(request, pk)
    form = f.AssignForm(
        request.POST or None,
        officers=_officers(case),
        initial={"version": case.version, "officer": case.assigned_officer_id},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                assign_officer(
                    case,
                    form.cleaned_data["officer"],
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except CaseError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The officer is assigned."))
                return redirect(case.get_absolute_url())
        else:
            form_errors(request, form)
    return render(
        request,
        "cases/action_form.html",
        {"case": case, "form": form, "title": _("Assign an officer")},
    )


def _reason_action(request, case, *, title, label, act, done):
    form = f.ReasonForm(request.POST or None, label=label, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"], form.cleaned_data["version"])
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
            return redirect(case.get_absolute_url())
    return render(request, "cases/action_form.html", {"case": case, "form": form, "title": title})


@login_required
def emergency(request, pk):
    """An emergency measure when the risk becomes serious after the initial
    assessment (Decree 56/2017 Arts. 26(3), 31, 32)."""
    case = _officer_case(request, pk)
    return _reason_action(
        request,
        case,
        title=_("Emergency intervention / temporary separation"),
        label=_("What makes the risk to the child serious now"),
        act=lambda reason, version: start_emergency(
            case, actor=request.user, reason=reason, expected_version=version
        ),
        done=_("Record the emergency measure within 12 hours."),
    )


@login_required
def propose(request, pk):
    """The officer proposes closing after the detailed assessment when the
    child needs no plan (Art. 28); the chairman decides (Art. 30(1)(b))."""
    case = _officer_case(request, pk)
    return _reason_action(
        request,
        case,
        title=_("Propose closing the case to the chairman"),
        label=_("Why the child needs no support or intervention plan"),
        act=lambda reason, version: propose_closure(
            case, actor=request.user, reason=reason, expected_version=version
        ),
        done=_("The closure is proposed to the ward chairman."),
    )


@login_required
def decide_close(request, pk):
    """The ward chairman closes the case or returns the proposal (Art.
    30(1)(b))."""
    case = _officer_case(request, pk)
    if not can_approve(request.user, case):
        raise Http404
    form = f.ClosureDecisionForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            decide_closure(
                case,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                comments=form.cleaned_data["comments"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(case.get_absolute_url())
    return render(
        request,
        "cases/action_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Decide on closing the case"),
            "proposal": case,
        },
    )
