"""The procedure as a table, and the one service that moves a case."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.services import record_update, snapshot

from ..models import (
    Case,
    CaseStatus,
    ClosureOutcome,
    DetailedAssessment,
    EmergencyMeasure,
    InitialAssessment,
    PlanDecision,
    Review,
    ReviewOutcome,
    StatusChange,
    SupportPlan,
    Verification,
)
from .common import CaseError, check_version, require_manage, who
from .deadlines import apply_deadlines

S = CaseStatus
TRANSITIONS = {
    S.RECEIVED: {S.VERIFICATION, S.CLOSED_UNSUBSTANTIATED, S.TRANSFERRED},
    S.VERIFICATION: {S.INITIAL_ASSESSMENT, S.CLOSED_UNSUBSTANTIATED, S.TRANSFERRED},
    S.INITIAL_ASSESSMENT: {S.EMERGENCY, S.DETAILED_ASSESSMENT},
    S.EMERGENCY: {S.DETAILED_ASSESSMENT},
    S.DETAILED_ASSESSMENT: {S.PLAN_DRAFTING},
    S.PLAN_DRAFTING: {S.PLAN_SUBMITTED},
    # Approved → implementation; returned with comments → drafting again.
    S.PLAN_SUBMITTED: {S.IMPLEMENTATION, S.PLAN_DRAFTING},
    S.IMPLEMENTATION: {S.REVIEW},
    # Closed, or a new plan cycle.
    S.REVIEW: {S.CLOSED, S.PLAN_DRAFTING},
    S.CLOSED: set(),
    S.CLOSED_UNSUBSTANTIATED: set(),
    S.TRANSFERRED: set(),
}

# Moves made only by their own service (which records the decision or the
# transfer first); change_status refuses them otherwise.
OWN_SERVICE = {
    (S.PLAN_SUBMITTED, S.IMPLEMENTATION): "decide_plan",
    (S.PLAN_SUBMITTED, S.PLAN_DRAFTING): "decide_plan",
    (S.RECEIVED, S.TRANSFERRED): "transfer_case",
    (S.VERIFICATION, S.TRANSFERRED): "transfer_case",
}


def allowed_targets(status):
    return TRANSITIONS.get(status, set())


def _step(model, case):
    return model.objects.filter(case=case, cycle=case.cycle).first()


def _guard(case, target, note, actor):
    """Why the move may not happen now (a message), or None."""
    source = case.status
    if target == S.CLOSED_UNSUBSTANTIATED and not note.strip():
        return _("State why the report is not substantiated.")
    if target == S.INITIAL_ASSESSMENT:
        verification = _step(Verification, case)
        if verification is None:
            return _("Record the verification first.")
        if not verification.substantiated:
            return _("The verification found the report not substantiated: close it instead.")
    if target == S.EMERGENCY:
        initial = _step(InitialAssessment, case)
        if initial is None or not initial.serious_harm:
            return _(
                "An emergency measure follows an initial assessment that found a risk of "
                "serious harm."
            )
    if source == S.INITIAL_ASSESSMENT and target == S.DETAILED_ASSESSMENT:
        initial = _step(InitialAssessment, case)
        if initial is None:
            return _("Record the initial assessment (Mẫu 02) first.")
        if initial.serious_harm:
            return _(
                "The initial assessment found a risk of serious harm: record the emergency "
                "measure first."
            )
    if source == S.EMERGENCY and _step(EmergencyMeasure, case) is None:
        return _("Record the emergency measure first.")
    if source == S.DETAILED_ASSESSMENT:
        detailed = _step(DetailedAssessment, case)
        if detailed is None:
            return _("Record the detailed assessment (Mẫu 03) first.")
        if not detailed.meeting_minutes.strip():
            return _("The minutes of the needs meeting are required before the plan.")
    if target == S.PLAN_SUBMITTED and _step(SupportPlan, case) is None:
        return _("Draft the plan (Mẫu 04) first.")
    if (
        source == S.PLAN_SUBMITTED
        and actor is not None
        and not has_perm(actor, Perm.APPROVE_PLANS, case.unit)
    ):
        return _("Only the ward's approver may approve or return the plan.")
    if source == S.REVIEW:
        review = _step(Review, case)
        if review is None:
            return _("Record the review first.")
        wanted = ReviewOutcome.CLOSE if target == S.CLOSED else ReviewOutcome.NEW_CYCLE
        if review.outcome != wanted:
            return _("The review's outcome does not match this move.")
    return None


@transaction.atomic
def change_status(
    case,
    target,
    *,
    actor,
    note="",
    expected_version=None,
    closure_outcome="",
    via=None,
):
    """Moves the case to `target` if the table and the step's preconditions
    allow it; records the change, the new deadline and the audit event."""
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    require_manage(current, actor)
    check_version(current, expected_version)
    target = S(target)
    if target not in allowed_targets(current.status):
        raise CaseError(
            _("A case in “%(source)s” cannot move to “%(target)s”.")
            % {"source": S(current.status).label, "target": target.label}
        )
    needed = OWN_SERVICE.get((current.status, target))
    if needed and via != needed:
        raise CaseError(
            _("“%(target)s” is recorded through its own form.") % {"target": target.label}
        )
    problem = _guard(current, target, note, actor)
    if problem:
        raise CaseError(problem)

    before = snapshot(current)
    source = current.status
    now = timezone.now()
    if source == S.REVIEW and target == S.PLAN_DRAFTING:
        current.cycle += 1
    if target == S.EMERGENCY:
        current.serious_harm = True
    if target == S.VERIFICATION and current.assigned_officer_id is None and who(actor):
        # Whoever starts the work on an unassigned report takes it on.
        current.assigned_officer = actor
    if target in (S.CLOSED, S.CLOSED_UNSUBSTANTIATED):
        current.closed_at = now
        current.closure_reason = note
        current.closure_outcome = closure_outcome or (
            ClosureOutcome.UNSUBSTANTIATED
            if target == S.CLOSED_UNSUBSTANTIATED
            else ClosureOutcome.RESOLVED
        )
    current.status = target
    current.status_changed_at = now
    current.version += 1
    apply_deadlines(current, now)
    current.save()
    StatusChange.objects.create(
        case=current,
        from_status=source,
        to_status=target,
        cycle=current.cycle,
        at=now,
        actor=who(actor),
        note=note,
    )
    record_update(current, before, actor=actor, note=f"{source} → {target}")
    return current


def last_decision(case):
    return (
        PlanDecision.objects.filter(plan__case=case, plan__cycle=case.cycle)
        .order_by("-decided_at", "-id")
        .first()
    )
