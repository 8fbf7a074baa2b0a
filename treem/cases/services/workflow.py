"""The procedure of Decree 56/2017/NĐ-CP (Arts. 25–32) as a table, and the
one service that moves a case.

- A report goes "chuyển ngay" to the initial assessment (Art. 26(1)): intake
  opens the case in INITIAL_ASSESSMENT; a verification is recorded alongside
  and gates nothing.
- An emergency measure (Arts. 26(3), 31, 32) may start whenever the risk
  becomes serious, from the initial assessment to the review; afterwards the
  case returns to the stage it left (after the initial assessment: the next
  step, the detailed assessment).
- A plan is made only "trường hợp trẻ em cần" (Art. 28; Law on Children
  Art. 52): after the detailed assessment the officer may propose closing.
- Closure is proposed by the officer and decided by the ward chairman
  (Art. 30(1)(b)), after the review (Mẫu 06) or the detailed assessment.
"""

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
)
from .common import CaseError, check_version, require_manage, who
from .deadlines import apply_deadlines, emergency_deadline

S = CaseStatus
TRANSITIONS = {
    # Legacy: cases recorded before 2026-12 (migration 0002 moved them on).
    S.RECEIVED: {S.INITIAL_ASSESSMENT, S.CLOSED_UNSUBSTANTIATED, S.TRANSFERRED},
    S.VERIFICATION: {S.INITIAL_ASSESSMENT, S.CLOSED_UNSUBSTANTIATED, S.TRANSFERRED},
    S.INITIAL_ASSESSMENT: {
        S.EMERGENCY,
        S.DETAILED_ASSESSMENT,
        S.CLOSED_UNSUBSTANTIATED,
        S.TRANSFERRED,
    },
    # Back to where the case was, or on to the next step (_guard checks which).
    S.EMERGENCY: {
        S.DETAILED_ASSESSMENT,
        S.PLAN_DRAFTING,
        S.PLAN_SUBMITTED,
        S.IMPLEMENTATION,
        S.REVIEW,
    },
    S.DETAILED_ASSESSMENT: {S.PLAN_DRAFTING, S.CLOSURE_PROPOSED, S.EMERGENCY},
    S.PLAN_DRAFTING: {S.PLAN_SUBMITTED, S.EMERGENCY},
    # Approved → implementation; returned with comments → drafting again.
    S.PLAN_SUBMITTED: {S.IMPLEMENTATION, S.PLAN_DRAFTING, S.EMERGENCY},
    S.IMPLEMENTATION: {S.REVIEW, S.EMERGENCY},
    # Propose closing (Art. 30(1)(b)) or a new plan cycle (Art. 30(1)(c)).
    S.REVIEW: {S.CLOSURE_PROPOSED, S.PLAN_DRAFTING, S.EMERGENCY},
    # The chairman closes, or returns the proposal to where it came from.
    S.CLOSURE_PROPOSED: {S.CLOSED, S.REVIEW, S.DETAILED_ASSESSMENT},
    S.CLOSED: set(),
    S.CLOSED_UNSUBSTANTIATED: set(),
    S.TRANSFERRED: set(),
}

# Moves made only by their own service (which records the decision, the
# proposal or the transfer first); change_status refuses them otherwise.
OWN_SERVICE = {
    (S.PLAN_SUBMITTED, S.IMPLEMENTATION): "decide_plan",
    (S.PLAN_SUBMITTED, S.PLAN_DRAFTING): "decide_plan",
    (S.DETAILED_ASSESSMENT, S.CLOSURE_PROPOSED): "propose_closure",
    (S.REVIEW, S.CLOSURE_PROPOSED): "propose_closure",
    (S.CLOSURE_PROPOSED, S.CLOSED): "decide_closure",
    (S.CLOSURE_PROPOSED, S.REVIEW): "decide_closure",
    (S.CLOSURE_PROPOSED, S.DETAILED_ASSESSMENT): "decide_closure",
    (S.RECEIVED, S.TRANSFERRED): "transfer_case",
    (S.VERIFICATION, S.TRANSFERRED): "transfer_case",
    (S.INITIAL_ASSESSMENT, S.TRANSFERRED): "transfer_case",
}


def allowed_targets(status):
    return TRANSITIONS.get(status, set())


def after_emergency(case):
    """Where the case goes when the emergency measure is done: back to the
    stage it left; after the initial assessment, on to the detailed one."""
    resume = case.resume_status or S.INITIAL_ASSESSMENT
    return S.DETAILED_ASSESSMENT if resume in (S.INITIAL_ASSESSMENT, "") else S(resume)


def _step(model, case):
    return model.objects.filter(case=case, cycle=case.cycle).first()


def current_emergency(case):
    """The emergency measure of the episode the case is in (recorded since it
    entered EMERGENCY), or None."""
    return (
        EmergencyMeasure.objects.filter(
            case=case, cycle=case.cycle, recorded_at__gte=case.status_changed_at
        )
        .order_by("-id")
        .first()
    )


def _guard(case, target, note, actor):
    """Why the move may not happen now (a message), or None."""
    source = case.status
    if target == S.CLOSED_UNSUBSTANTIATED:
        if not note.strip():
            return _("State why the report is not substantiated.")
        initial = _step(InitialAssessment, case)
        if initial is not None and initial.serious_harm:
            return _(
                "The initial assessment found a risk of serious harm: the case cannot close "
                "as not substantiated."
            )
    if target == S.EMERGENCY:
        if source == S.INITIAL_ASSESSMENT:
            initial = _step(InitialAssessment, case)
            if initial is None or not initial.serious_harm:
                return _(
                    "Record the initial assessment (Mẫu 02) with the risk of serious harm first."
                )
        elif not note.strip():
            return _("Say what makes the risk to the child serious now.")
    if source == S.INITIAL_ASSESSMENT and target == S.DETAILED_ASSESSMENT:
        initial = _step(InitialAssessment, case)
        if initial is None:
            return _("Record the initial assessment (Mẫu 02) first.")
        if initial.serious_harm:
            return _(
                "The initial assessment found a risk of serious harm: record the emergency "
                "measure first."
            )
    if source == S.EMERGENCY:
        if current_emergency(case) is None:
            return _("Record the emergency measure first.")
        if target != after_emergency(case):
            return _("After the emergency measure the case returns to “%(stage)s”.") % {
                "stage": after_emergency(case).label
            }
    if source == S.DETAILED_ASSESSMENT and target in (S.PLAN_DRAFTING, S.CLOSURE_PROPOSED):
        detailed = _step(DetailedAssessment, case)
        if detailed is None:
            return _("Record the detailed assessment (Mẫu 03) first.")
        if target == S.PLAN_DRAFTING and not detailed.meeting_minutes.strip():
            return _("The minutes of the needs meeting are required before the plan.")
    if target == S.PLAN_SUBMITTED and _step(SupportPlan, case) is None:
        return _("Draft the plan (Mẫu 04) first.")
    if (
        source in (S.PLAN_SUBMITTED, S.CLOSURE_PROPOSED)
        and target != S.EMERGENCY
        and actor is not None
        and not has_perm(actor, Perm.APPROVE_PLANS, case.unit)
    ):
        return _("Only the ward chairman (approver) may decide.")
    if source == S.CLOSURE_PROPOSED and target != S.CLOSED and target != case.resume_status:
        return _("A returned proposal goes back to the stage it came from.")
    if source == S.REVIEW and target in (S.CLOSURE_PROPOSED, S.PLAN_DRAFTING):
        review = _step(Review, case)
        if review is None:
            return _("Record the review (Mẫu 06) first.")
        wanted = ReviewOutcome.CLOSE if target == S.CLOSURE_PROPOSED else ReviewOutcome.NEW_CYCLE
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
    source = S(current.status)
    now = timezone.now()
    if source == S.REVIEW and target == S.PLAN_DRAFTING:
        current.cycle += 1
    if target == S.EMERGENCY:
        current.serious_harm = True
        current.resume_status = source
    elif target == S.CLOSURE_PROPOSED:
        current.resume_status = source
        current.closure_proposed_at = now
        current.closure_reason = note
        current.closure_outcome = closure_outcome or ClosureOutcome.RESOLVED
    elif source in (S.EMERGENCY, S.CLOSURE_PROPOSED):
        current.resume_status = ""
    if source == S.CLOSURE_PROPOSED and target != S.CLOSED:
        # Returned: the proposal is withdrawn, the chairman's comments are in
        # the timeline.
        current.closure_proposed_at = None
        current.closure_outcome = ""
        current.closure_reason = ""
    if target == S.CLOSED:
        current.closed_at = now
        current.closure_decided_by = who(actor)
        current.resume_status = ""
    if target == S.CLOSED_UNSUBSTANTIATED:
        current.closed_at = now
        current.closure_reason = note
        current.closure_outcome = ClosureOutcome.UNSUBSTANTIATED
    current.status = target
    current.status_changed_at = now
    current.version += 1
    if target == S.EMERGENCY:
        # Art. 26(3): 12 hours from the information, whatever came between;
        # a risk found later gets 12 hours from now (LATER_EMERGENCY_SOURCE).
        current.emergency_due_at = (
            None if source == S.INITIAL_ASSESSMENT else emergency_deadline(now)
        )
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
