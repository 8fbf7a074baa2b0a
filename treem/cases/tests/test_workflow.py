"""The transition table: every legal move along the procedure works, every
illegal one is refused with a message, and each move is recorded."""

from treem.audit.models import AuditEvent
from treem.cases.models import FINAL_STATUSES, Case, StatusChange
from treem.cases.services import TRANSITIONS, CaseError, change_status, decide_plan

from .base import CaseTestCase, S


class TransitionTableTests(CaseTestCase):
    def test_a_case_runs_from_intake_to_closure(self):
        case = self.run_to(self.intake(), S.CLOSED)
        self.assertEqual(case.status, S.CLOSED)
        self.assertIsNone(case.due_at)
        moves = list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True))
        self.assertEqual(moves[:2], [S.RECEIVED, S.INITIAL_ASSESSMENT])
        self.assertEqual(moves[-2:], [S.CLOSURE_PROPOSED, S.CLOSED])
        self.assertTrue(
            AuditEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).exists()
        )

    def test_serious_harm_goes_through_the_emergency_measure(self):
        case = self.run_to(self.intake(), S.DETAILED_ASSESSMENT, serious=True)
        self.assertTrue(case.serious_harm)
        self.assertIn(S.EMERGENCY, case.status_changes.values_list("to_status", flat=True))

    def test_every_move_outside_the_table_is_refused(self):
        """For each status, every target not in the table is refused."""
        statuses = list(S)
        reached = {}
        for status in [
            S.INITIAL_ASSESSMENT,
            S.DETAILED_ASSESSMENT,
            S.PLAN_DRAFTING,
            S.PLAN_SUBMITTED,
            S.IMPLEMENTATION,
            S.REVIEW,
            S.CLOSURE_PROPOSED,
            S.CLOSED,
        ]:
            reached[status] = self.run_to(self.intake(), status).pk
        # The two former stages, as migration 0003 finds them.
        for status in (S.RECEIVED, S.VERIFICATION):
            legacy = self.intake()
            Case.objects.filter(pk=legacy.pk).update(status=status)
            reached[status] = legacy.pk
        reached[S.EMERGENCY] = self.run_to(self.intake(), S.EMERGENCY, serious=True).pk
        closed = change_status(
            self.intake(), S.CLOSED_UNSUBSTANTIATED, actor=self.officer_a, note="Không có căn cứ"
        )
        reached[S.CLOSED_UNSUBSTANTIATED] = closed.pk
        from treem.cases.services import transfer_case

        moved = self.intake()
        transfer_case(
            moved, actor=self.officer_a, to_unit=self.ward_b, reason="Sự việc ở phường khác"
        )
        reached[S.TRANSFERRED] = moved.pk
        self.assertEqual(set(reached), set(statuses))
        for source in statuses:
            if source not in reached:
                continue
            for target in statuses:
                if target in TRANSITIONS[source]:
                    continue
                case = Case.objects.get(pk=reached[source])
                self.assertEqual(case.status, source)
                with self.assertRaises(CaseError, msg=f"{source} → {target}"):
                    change_status(case, target, actor=self.officer_a, note="x")

    def test_final_statuses_have_no_way_out(self):
        for status in FINAL_STATUSES:
            self.assertEqual(TRANSITIONS[status], set())

    def test_the_refusal_names_both_steps(self):
        case = self.intake()
        with self.assertRaisesMessage(CaseError, str(S.INITIAL_ASSESSMENT.label)):
            change_status(case, S.PLAN_SUBMITTED, actor=self.officer_a)

    def test_closing_as_unsubstantiated_needs_a_reason(self):
        with self.assertRaises(CaseError):
            change_status(self.intake(), S.CLOSED_UNSUBSTANTIATED, actor=self.officer_a)

    def test_unsubstantiated_verification_closes_the_case(self):
        case = self.intake()
        case = self.step(case, "verification", substantiated=False, findings="Tin sai")
        self.assertEqual(case.status, S.CLOSED_UNSUBSTANTIATED)
        self.assertEqual(case.closure_reason, "Tin sai")

    def test_emergency_cannot_be_skipped_when_serious_harm_was_found(self):
        case = self.run_to(self.intake(), S.INITIAL_ASSESSMENT)
        from treem.cases.services import save_step

        from .base import STEP_DATA

        save_step(
            case, "initial", {**STEP_DATA["initial"], "serious_harm": True}, actor=self.officer_a
        )
        with self.assertRaises(CaseError):
            change_status(case, S.DETAILED_ASSESSMENT, actor=self.officer_a)

    def test_the_plan_needs_the_needs_meeting_minutes(self):
        case = self.run_to(self.intake(), S.DETAILED_ASSESSMENT)
        with self.assertRaisesMessage(CaseError, "biên bản họp"):
            self.step(case, "detailed", meeting_minutes="")

    def test_only_the_approver_approves_the_plan(self):
        case = self.run_to(self.intake(), S.PLAN_SUBMITTED)
        with self.assertRaises(CaseError):
            decide_plan(case, actor=self.officer_a, outcome="approved")
        with self.assertRaises(CaseError):
            change_status(case, S.IMPLEMENTATION, actor=self.approver_a)

    def test_a_returned_plan_goes_back_to_drafting_with_the_comments(self):
        case = self.run_to(self.intake(), S.PLAN_SUBMITTED)
        with self.assertRaises(CaseError):
            decide_plan(case, actor=self.approver_a, outcome="returned")
        case = decide_plan(
            case, actor=self.approver_a, outcome="returned", comments="Bổ sung nguồn lực"
        )
        self.assertEqual(case.status, S.PLAN_DRAFTING)
        self.assertEqual(case.status_changes.last().note, "Bổ sung nguồn lực")

    def test_a_review_may_start_a_new_plan_cycle(self):
        case = self.run_to(self.intake(), S.REVIEW)
        case = self.step(case, "review", outcome="new_cycle", risk_remaining=True)
        self.assertEqual((case.status, case.cycle), (S.PLAN_DRAFTING, 2))
        case = self.step(case, "plan")
        self.assertEqual(case.status, S.PLAN_SUBMITTED)

    def test_another_wards_officer_cannot_move_the_case(self):
        case = self.intake()
        with self.assertRaises(CaseError):
            change_status(case, S.CLOSED_UNSUBSTANTIATED, actor=self.officer_b, note="x")
