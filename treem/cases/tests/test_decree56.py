"""The case procedure as Decree 56/2017/NĐ-CP prescribes it (issue 14,
points 1–4, 6 and 7), one rule per test, each with its article."""

import datetime
import importlib

from django.apps import apps
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from treem.cases.models import (
    Case,
    ClosureOutcome,
    EmergencyMeasure,
    LimitUnit,
    Perpetrator,
    StatusChange,
    SupportPlan,
    Verification,
)
from treem.cases.services import (
    CaseError,
    change_status,
    decide_closure,
    propose_closure,
    save_step,
    start_emergency,
)
from treem.cases.services.deadlines import (
    COUNTING_RULE,
    EMERGENCY_HOURS,
    add_limit,
    emergency_deadline,
    plan_deadline,
)

from .base import STEP_DATA, CaseTestCase, S, aware

migration = importlib.import_module("treem.cases.migrations.0003_move_cases_to_decree56_process")


class StraightToTheInitialAssessmentTests(CaseTestCase):
    """Art. 26(1): the information is passed on "chuyển ngay" to the initial
    assessment; Art. 26(3): emergency measures within 12 hours of receiving
    it."""

    def test_a_report_goes_straight_to_the_initial_assessment(self):
        received = timezone.now() - datetime.timedelta(hours=2)
        case = self.intake(received_at=received)
        self.assertEqual(case.status, S.INITIAL_ASSESSMENT)
        moves = list(case.status_changes.values_list("from_status", "to_status"))
        self.assertEqual(moves, [("", S.RECEIVED), (S.RECEIVED, S.INITIAL_ASSESSMENT)])
        self.assertEqual(case.due_at, received + datetime.timedelta(hours=12))

    def test_a_verification_is_recorded_alongside_and_holds_nothing_back(self):
        case = self.intake()
        save_step(case, "verification", STEP_DATA["verification"], actor=self.officer_a)
        case = self.step(case, "initial", serious_harm=True)
        self.assertEqual(case.status, S.EMERGENCY)
        # Still recordable during the measure and the detailed assessment.
        save_step(
            case,
            "verification",
            {**STEP_DATA["verification"], "findings": "Công an xác nhận"},
            actor=self.officer_a,
        )
        self.assertEqual(Verification.objects.get(case=case).findings, "Công an xác nhận")

    def test_the_12_hour_clock_runs_from_receipt_whatever_comes_between(self):
        received = timezone.now() - datetime.timedelta(hours=10)
        case = self.intake(received_at=received)
        save_step(case, "verification", STEP_DATA["verification"], actor=self.officer_a)
        case = self.step(case, "initial", serious_harm=True)
        due = received + datetime.timedelta(hours=EMERGENCY_HOURS)
        self.assertEqual((case.due_at, case.emergency_due_at), (due, due))
        self.assertIn("Điều 26", case.due_source)

    def test_an_initial_assessment_without_serious_harm_cannot_start_an_emergency(self):
        case = self.intake()
        with self.assertRaises(CaseError):
            change_status(case, S.EMERGENCY, actor=self.officer_a, note="x")


class EmergencyWheneverTheRiskBecomesSeriousTests(CaseTestCase):
    """Arts. 31–32: emergency intervention or temporary separation whenever
    the risk becomes serious; afterwards the case returns to where it was."""

    def test_an_emergency_during_the_detailed_assessment_returns_there(self):
        case = self.run_to(self.intake(), S.DETAILED_ASSESSMENT, serious=True)
        with self.assertRaises(CaseError):
            start_emergency(case, actor=self.officer_a, reason="")
        before = timezone.now()
        case = start_emergency(case, actor=self.officer_a, reason="Bố dượng quay về")
        self.assertEqual((case.status, case.resume_status), (S.EMERGENCY, S.DETAILED_ASSESSMENT))
        self.assertGreaterEqual(case.emergency_due_at, before + datetime.timedelta(hours=12))
        self.assertTrue(case.due_local_practice)
        with self.assertRaises(CaseError):  # the measure first
            change_status(case, S.DETAILED_ASSESSMENT, actor=self.officer_a)
        case = self.step(case, "emergency", place_of_care="Nhà tạm lánh")
        self.assertEqual((case.status, case.resume_status), (S.DETAILED_ASSESSMENT, ""))
        self.assertEqual(EmergencyMeasure.objects.filter(case=case).count(), 2)

    def test_an_emergency_is_possible_while_the_plan_is_carried_out_and_at_review(self):
        for stage in (S.PLAN_DRAFTING, S.PLAN_SUBMITTED, S.IMPLEMENTATION, S.REVIEW):
            with self.subTest(stage=stage):
                case = self.run_to(self.intake(), stage)
                case = start_emergency(case, actor=self.officer_a, reason="Nguy cơ nghiêm trọng")
                case = self.step(case, "emergency")
                self.assertEqual(case.status, stage)

    def test_the_case_cannot_leave_the_emergency_for_another_stage(self):
        case = self.run_to(self.intake(), S.IMPLEMENTATION)
        case = start_emergency(case, actor=self.officer_a, reason="Nguy cơ nghiêm trọng")
        save_step(case, "emergency", STEP_DATA["emergency"], actor=self.officer_a)
        with self.assertRaises(CaseError):
            change_status(case, S.DETAILED_ASSESSMENT, actor=self.officer_a)


class ClosureTests(CaseTestCase):
    """Art. 28: a plan only "trường hợp trẻ em cần"; Art. 30(1)(b): closure
    is submitted to and decided by the ward chairman."""

    def test_after_the_detailed_assessment_a_case_closes_without_a_plan(self):
        case = self.run_to(self.intake(), S.DETAILED_ASSESSMENT)
        save_step(case, "detailed", STEP_DATA["detailed"], actor=self.officer_a)
        with self.assertRaises(CaseError):
            propose_closure(case, actor=self.officer_a, reason=" ")
        case = propose_closure(case, actor=self.officer_a, reason="Trẻ an toàn với mẹ")
        self.assertEqual(case.status, S.CLOSURE_PROPOSED)
        self.assertEqual(case.closure_outcome, ClosureOutcome.NO_PLAN_NEEDED)
        case = decide_closure(case, actor=self.approver_a, decision="approved")
        self.assertEqual(case.status, S.CLOSED)
        self.assertEqual(case.closure_decided_by, self.approver_a)
        self.assertEqual(case.closure_reason, "Trẻ an toàn với mẹ")
        self.assertFalse(SupportPlan.objects.filter(case=case).exists())

    def test_the_detailed_assessment_is_needed_before_closing_without_a_plan(self):
        case = self.run_to(self.intake(), S.DETAILED_ASSESSMENT)
        with self.assertRaises(CaseError):
            propose_closure(case, actor=self.officer_a, reason="Không cần")

    def test_the_officer_cannot_close_alone(self):
        case = self.run_to(self.intake(), S.CLOSURE_PROPOSED)
        with self.assertRaises(CaseError):
            decide_closure(case, actor=self.officer_a, decision="approved")
        with self.assertRaises(CaseError):
            change_status(case, S.CLOSED, actor=self.approver_a)  # only through the decision
        case.refresh_from_db()
        self.assertEqual(case.status, S.CLOSURE_PROPOSED)

    def test_the_chairman_returns_a_proposal_to_where_it_came_from(self):
        case = self.run_to(self.intake(), S.CLOSURE_PROPOSED)
        with self.assertRaises(CaseError):
            decide_closure(case, actor=self.approver_a, decision="returned")
        case = decide_closure(
            case, actor=self.approver_a, decision="returned", comments="Theo dõi thêm"
        )
        self.assertEqual((case.status, case.closure_outcome), (S.REVIEW, ""))
        self.assertEqual(case.status_changes.last().note, "Theo dõi thêm")

    def test_the_review_uses_mau_06(self):
        case = self.run_to(self.intake(), S.REVIEW)
        review = save_step(case, "review", STEP_DATA["review"], actor=self.officer_a)
        self.assertIn("06", str(review._meta.verbose_name))
        self.assertEqual((review.abuser_access, review.self_protection), ("low", "medium"))

    def test_the_chairman_decides_through_the_page(self):
        case = self.run_to(self.intake(), S.CLOSURE_PROPOSED)
        url = reverse("cases:decide-closure", args=[case.pk])
        self.assertEqual(self.login(self.officer_a).get(url).status_code, 404)
        client = self.login(self.approver_a)
        self.assertContains(client.get(url), 'id="proposal"')
        response = client.post(url, {"decision": "approved", "version": case.version})
        self.assertRedirects(response, case.get_absolute_url())
        case.refresh_from_db()
        self.assertEqual(case.status, S.CLOSED)

    def test_closure_through_the_api_needs_the_chairman(self):
        case = self.run_to(self.intake(), S.CLOSURE_PROPOSED)
        url = f"/api/v1/cases/{case.pk}/closure/"
        self.login(self.officer_a)
        denied = self.client.post(url, {"decision": "approved"}, content_type="application/json")
        self.assertEqual(denied.status_code, 400)
        self.login(self.approver_a)
        done = self.client.post(url, {"decision": "approved"}, content_type="application/json")
        self.assertEqual(done.json()["status"], "closed")


class RelationLabelTests(CaseTestCase):
    """Issue 14 point 6: "Parent" was shown as "Cấp trên" (superior)."""

    def test_every_relation_label_reads_as_a_relation_in_vietnamese(self):
        with translation.override("vi"):
            labels = {str(choice.label) for choice in Perpetrator}
            self.assertEqual(str(Perpetrator.PARENT.label), "Cha, mẹ")
        self.assertNotIn("Cấp trên", labels)

    @override_settings(LANGUAGE_CODE="vi")
    def test_the_case_page_shows_the_parent_as_a_parent(self):
        case = self.intake(perpetrator_relation="parent")
        response = self.login(self.officer_a).get(case.get_absolute_url())
        self.assertContains(response, "Cha, mẹ")
        self.assertNotContains(response, "Cấp trên")
        form = self.client.get(reverse("cases:intake"))
        self.assertContains(form, "Cha, mẹ")
        self.assertNotContains(form, ">Cấp trên<")


class IntakeFormTests(CaseTestCase):
    """Issue 14 point 5: intake records Mẫu 01's fields (Art. 25(1))."""

    def test_the_intake_page_records_the_fields_of_mau_01(self):
        response = self.login(self.officer_a).post(
            reverse("cases:intake"),
            {
                "channel": "citizen",
                "contact_mode": "in_person",
                "receiving_body": "Công an phường Trường Vinh",
                "received_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
                "event_ward": self.ward_a.pk,
                "event_place": "Ngõ 3",
                "description": "Trẻ bị bỏ đói",
                "harm_kinds": [self.violence.pk],
                "perpetrator_relation": "parent",
                "child_id": self.child_a.pk,
                "child_age_estimate": "khoảng 10 tuổi",
                "child_sex_reported": "unknown",
                "father_name": "Nguyễn Văn Bình",
                "father_age": "41",
                "father_occupation": "Lái xe",
                "mother_name": "Trần Thị Hoa",
                "mother_age": "36",
                "mother_occupation": "Buôn bán",
                "family_situation": "Bố mẹ ly thân",
                "current_caregiver": "Bà ngoại",
                "actions_taken": "Hàng xóm cho trẻ ăn",
                "likely_harm": "Suy dinh dưỡng",
            },
        )
        case = Case.objects.get(intake__description="Trẻ bị bỏ đói")
        self.assertRedirects(response, case.get_absolute_url())
        intake = case.intake
        self.assertEqual(
            (intake.father_name, intake.father_age, intake.mother_age, intake.child_sex_reported),
            ("Nguyễn Văn Bình", 41, 36, "unknown"),
        )
        self.assertEqual(
            (intake.contact_mode, intake.receiving_body, intake.likely_harm),
            ("in_person", "Công an phường Trường Vinh", "Suy dinh dưỡng"),
        )
        self.assertEqual(case.status, S.INITIAL_ASSESSMENT)


class DeadlineRuleTests(CaseTestCase):
    """Issue 14 point 7: naive datetimes are refused with a clear error; the
    counting rule (Civil Code 2015 Arts. 147–148) is documented."""

    def test_naive_datetimes_are_refused_with_a_clear_error(self):
        naive = datetime.datetime(2026, 11, 27, 19, 0)
        with self.assertRaisesMessage(CaseError, "Asia/Ho_Chi_Minh"):
            emergency_deadline(naive)
        with self.assertRaisesMessage(CaseError, "Asia/Ho_Chi_Minh"):
            add_limit(naive, 3, LimitUnit.CALENDAR_DAYS)
        with self.assertRaisesMessage(CaseError, "Asia/Ho_Chi_Minh"):
            self.intake(received_at=naive)

    def test_a_report_on_a_saturday_or_a_holiday_counts_from_the_next_working_day(self):
        """The day of receipt is not counted whatever the hour (Art. 147(2)–(3));
        day 1 is the next working day; hours run from the moment (Art. 147(1))."""
        # Saturday 28/11/2026 → day 1 Mon 30/11 … day 5 Fri 04/12.
        self.assertEqual(plan_deadline(aware(2026, 11, 28, 10, 0)), aware(2026, 12, 4, 23, 59, 59))
        # Friday 23:30 counts like Friday 08:00.
        self.assertEqual(
            plan_deadline(aware(2026, 11, 27, 23, 30)), plan_deadline(aware(2026, 11, 27, 8, 0))
        )
        # National Day Wed 02/09/2026 → day 1 Thu 03/09 … day 5 Wed 09/09.
        self.assertEqual(plan_deadline(aware(2026, 9, 2, 15, 0)), aware(2026, 9, 9, 23, 59, 59))
        self.assertEqual(emergency_deadline(aware(2026, 11, 28, 22, 0)), aware(2026, 11, 29, 10, 0))
        self.assertIn("Điều 147", COUNTING_RULE)


class MigrationTests(CaseTestCase):
    """Cases in the former stages move on without losing a step or a
    deadline (migration 0003), on data built like the demo's."""

    def _old_case(self, status, **changes):
        case = self.intake(received_at=timezone.now() - datetime.timedelta(days=1))
        if status == "verification":
            save_step(case, "verification", STEP_DATA["verification"], actor=self.officer_a)
        Case.objects.filter(pk=case.pk).update(status=status, **changes)
        return Case.objects.get(pk=case.pk)

    def test_cases_in_the_former_stages_move_to_the_initial_assessment(self):
        old_due = timezone.now() + datetime.timedelta(days=1)
        waiting = self._old_case("received", due_at=old_due)
        verifying = self._old_case("verification", due_at=old_due)
        plan_due = verifying.plan_due_at
        self.assertEqual(migration.move_cases(apps), 2)
        for case in (waiting, verifying):
            case.refresh_from_db()
            self.assertEqual(case.status, S.INITIAL_ASSESSMENT)
            self.assertEqual(case.due_at, case.received_at + datetime.timedelta(hours=12))
            last = StatusChange.objects.filter(case=case).last()
            self.assertIn(timezone.localtime(old_due).strftime("%d/%m/%Y %H:%M"), last.note)
        self.assertEqual(verifying.plan_due_at, plan_due)
        self.assertTrue(Verification.objects.filter(case=verifying).exists())
        # The case carries on along the new procedure.
        self.assertEqual(self.step(verifying, "initial").status, S.DETAILED_ASSESSMENT)

    def test_a_case_in_an_emergency_returns_to_the_detailed_assessment(self):
        case = self.run_to(self.intake(), S.EMERGENCY, serious=True)
        Case.objects.filter(pk=case.pk).update(resume_status="")
        due = Case.objects.get(pk=case.pk).emergency_due_at
        migration.move_cases(apps)
        case.refresh_from_db()
        self.assertEqual((case.resume_status, case.emergency_due_at), (S.INITIAL_ASSESSMENT, due))
        self.assertEqual(self.step(case, "emergency").status, S.DETAILED_ASSESSMENT)

    def test_the_demo_keeps_a_case_in_every_stage(self):
        from treem.cases.demo import STAGES

        stages = {stage for stage, *_rest in STAGES}
        open_stages = {
            S.INITIAL_ASSESSMENT,
            S.EMERGENCY,
            S.DETAILED_ASSESSMENT,
            S.PLAN_DRAFTING,
            S.PLAN_SUBMITTED,
            S.IMPLEMENTATION,
            S.REVIEW,
            S.CLOSURE_PROPOSED,
        }
        self.assertLessEqual(open_stages, stages)
