"""Recording each step's content, completing the step (which moves the case),
the approver's decision on the plan (Mẫu 05), emergency measures at any stage
and the closure the officer proposes and the chairman decides (Art. 30)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.services import record_create, record_update, snapshot

from ..models import (
    EMERGENCY_FROM,
    Case,
    CaseStatus,
    ClosureDecision,
    ClosureOutcome,
    DecisionOutcome,
    DetailedAssessment,
    EmergencyMeasure,
    InitialAssessment,
    PlanDecision,
    PlanState,
    Review,
    ReviewOutcome,
    SupportPlan,
    Verification,
)
from .common import CaseError, EditConflict, require_manage, who
from .workflow import after_emergency, change_status, current_emergency

S = CaseStatus
# Step kind (as in URLs) → its model and the status in which it is written.
# A verification has no stage of its own: it is recorded alongside the
# assessments (VERIFICATION_STATUSES) and never holds the case back.
STEPS = {
    "verification": (Verification, S.INITIAL_ASSESSMENT),
    "initial": (InitialAssessment, S.INITIAL_ASSESSMENT),
    "emergency": (EmergencyMeasure, S.EMERGENCY),
    "detailed": (DetailedAssessment, S.DETAILED_ASSESSMENT),
    "plan": (SupportPlan, S.PLAN_DRAFTING),
    "review": (Review, S.REVIEW),
}
STEP_FOR_STATUS = {
    status: kind for kind, (_model, status) in STEPS.items() if kind != "verification"
}
VERIFICATION_STATUSES = (
    S.RECEIVED,
    S.VERIFICATION,
    S.INITIAL_ASSESSMENT,
    S.EMERGENCY,
    S.DETAILED_ASSESSMENT,
)


def writable_in(kind, status):
    if kind == "verification":
        return status in VERIFICATION_STATUSES
    return STEPS[kind][1] == status


def step_model(kind):
    try:
        return STEPS[kind][0]
    except KeyError:
        raise CaseError(_("Unknown step.")) from None


def get_step(case, kind, cycle=None):
    if kind == "emergency" and cycle is None and case.status == S.EMERGENCY:
        return current_emergency(case)
    records = step_model(kind).objects.filter(case=case, cycle=cycle or case.cycle)
    return records.order_by("-id").first()


@transaction.atomic
def save_step(case, kind, data, *, actor, expected_version=None):
    """Creates or changes the content of the step of the current cycle. With
    `expected_version` (the step's version when the form was opened; 0 for a
    new one), refuses with EditConflict if someone saved it in between."""
    model, status = STEPS[kind]
    current_case = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    require_manage(current_case, actor)
    if not writable_in(kind, current_case.status):
        raise CaseError(
            _("This step can be written only while the case is in “%(status)s”.")
            % {"status": status.label}
        )
    unknown = set(data) - set(model.CONTENT_FIELDS)
    if unknown:
        raise CaseError(f"not a field of the step: {', '.join(sorted(unknown))}")
    step = get_step(current_case, kind)
    if step is not None:
        step = model.objects.select_for_update().get(pk=step.pk)
    expected = None if expected_version in (None, "") else int(expected_version)
    if expected is not None and step is None and expected != 0:
        raise CaseError(_("The form is out of date: open it again."))
    if expected is not None and step is not None and step.version != expected:
        raise EditConflict(step, data)
    if step is None:
        step = model(case=current_case, cycle=current_case.cycle, recorded_by=who(actor))
        for name, value in data.items():
            setattr(step, name, value)
        step.updated_by = who(actor)
        step.save()
        record_create(step, actor=actor, unit=current_case.unit)
        return step
    before = snapshot(step)
    for name, value in data.items():
        setattr(step, name, value)
    if snapshot(step) == before:
        return step
    step.version += 1
    step.updated_by = who(actor)
    step.save()
    record_update(step, before, actor=actor, unit=current_case.unit)
    return step


def next_status(case, kind):
    """Where completing the step leads, from what the step recorded."""
    step = get_step(case, kind)
    if step is None:
        raise CaseError(_("Fill in and save the step first."))
    if kind == "verification":
        # Only a finding that the report has no basis moves the case.
        return None if step.substantiated else S.CLOSED_UNSUBSTANTIATED
    if kind == "initial":
        return S.EMERGENCY if step.serious_harm else S.DETAILED_ASSESSMENT
    if kind == "emergency":
        return after_emergency(case)
    if kind == "detailed":
        return S.PLAN_DRAFTING
    if kind == "plan":
        return S.PLAN_SUBMITTED
    return S.CLOSURE_PROPOSED if step.outcome == ReviewOutcome.CLOSE else S.PLAN_DRAFTING


@transaction.atomic
def complete_step(case, kind, *, actor, expected_version=None):
    """Completes the current step and moves the case on (through change_status)."""
    target = next_status(case, kind)
    step = get_step(case, kind)
    if target is None:
        return Case.objects.get(pk=case.pk)
    note = ""
    if kind == "verification" and target == S.CLOSED_UNSUBSTANTIATED:
        note = step.findings
    if kind == "review" and target == S.CLOSURE_PROPOSED:
        return propose_closure(
            case,
            actor=actor,
            reason=step.recommendation or step.progress,
            expected_version=expected_version,
        )
    if kind == "review":
        note = step.recommendation or step.progress
    moved = change_status(case, target, actor=actor, note=note, expected_version=expected_version)
    if kind == "plan":
        before = snapshot(step)
        step.state = PlanState.SUBMITTED
        step.submitted_at = timezone.now()
        step.save(update_fields=["state", "submitted_at"])
        record_update(step, before, actor=actor, unit=moved.unit)
    return moved


@transaction.atomic
def decide_plan(case, *, actor, outcome, decision_number="", comments="", expected_version=None):
    """The ward approver approves the plan (decision, Mẫu 05) or returns it
    with comments."""
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    if current.status != S.PLAN_SUBMITTED:
        raise CaseError(_("There is no plan awaiting approval."))
    if actor is not None and not has_perm(actor, Perm.APPROVE_PLANS, current.unit):
        raise CaseError(_("Only the ward's approver may approve or return the plan."))
    if outcome not in DecisionOutcome.values:
        raise CaseError(_("Approve or return the plan."))
    if outcome == DecisionOutcome.RETURNED and not comments.strip():
        raise CaseError(_("Say what must change in the plan."))
    plan = SupportPlan.objects.select_for_update().get(case=current, cycle=current.cycle)
    decision = PlanDecision.objects.create(
        plan=plan,
        outcome=outcome,
        decision_number=decision_number,
        comments=comments,
        decided_by=who(actor),
    )
    record_create(decision, actor=actor, unit=current.unit)
    before = snapshot(plan)
    plan.state = PlanState.APPROVED if outcome == DecisionOutcome.APPROVED else PlanState.RETURNED
    plan.save(update_fields=["state"])
    record_update(plan, before, actor=actor, unit=current.unit)
    target = S.IMPLEMENTATION if outcome == DecisionOutcome.APPROVED else S.PLAN_DRAFTING
    return change_status(
        current,
        target,
        actor=actor,
        note=comments,
        expected_version=expected_version,
        via="decide_plan",
    )


def start_emergency(case, *, actor, reason, expected_version=None):
    """An emergency intervention or temporary separation (Arts. 31–32) when
    the risk becomes serious at a later stage; the case returns afterwards."""
    if case.status not in EMERGENCY_FROM[1:]:
        raise CaseError(_("An emergency measure cannot start from this stage."))
    return change_status(
        case, S.EMERGENCY, actor=actor, note=reason, expected_version=expected_version
    )


@transaction.atomic
def propose_closure(case, *, actor, reason, expected_version=None):
    """The officer submits closing the case to the ward chairman (Art.
    30(1)(b)): after the review (Mẫu 06) found the risk gone, or after the
    detailed assessment found that the child needs no plan (Art. 28: a plan
    only "trường hợp trẻ em cần")."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if not (reason or "").strip():
        raise CaseError(_("State why the case can be closed."))
    outcome = (
        ClosureOutcome.NO_PLAN_NEEDED
        if current.status == S.DETAILED_ASSESSMENT
        else ClosureOutcome.RESOLVED
    )
    return change_status(
        current,
        S.CLOSURE_PROPOSED,
        actor=actor,
        note=reason,
        closure_outcome=outcome,
        expected_version=expected_version,
        via="propose_closure",
    )


@transaction.atomic
def decide_closure(case, *, actor, decision, comments="", expected_version=None):
    """The ward chairman closes the case, or returns the proposal with
    comments to the stage it came from (Art. 30(1)(b))."""
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    if current.status != S.CLOSURE_PROPOSED:
        raise CaseError(_("There is no closure awaiting the chairman's decision."))
    if actor is not None and not has_perm(actor, Perm.APPROVE_PLANS, current.unit):
        raise CaseError(_("Only the ward chairman (approver) may decide."))
    if decision not in ClosureDecision.values:
        raise CaseError(_("Close the case or return the proposal."))
    if decision == ClosureDecision.RETURNED and not (comments or "").strip():
        raise CaseError(_("Say why the case stays open."))
    target = S.CLOSED if decision == ClosureDecision.APPROVED else S(current.resume_status)
    return change_status(
        current,
        target,
        actor=actor,
        note=comments,
        expected_version=expected_version,
        via="decide_closure",
    )
