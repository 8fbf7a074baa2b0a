"""Deadlines: the 5-working-day plan across weekends and Tết, the 12-hour
emergency rule across midnight, editable limits, and the idempotent scan."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from treem.cases.models import Notification, StepLimit
from treem.cases.services import change_status, check_deadlines
from treem.cases.services.deadlines import emergency_deadline, plan_deadline

from .base import CaseTestCase, S, aware


class DeadlineVectorTests(CaseTestCase):
    def test_a_friday_evening_report_has_its_plan_due_the_next_friday(self):
        case = self.intake(received_at=aware(2026, 11, 27, 19, 0))
        self.assertEqual(case.plan_due_at, aware(2026, 12, 4, 23, 59, 59))

    def test_a_report_just_before_tet_skips_the_lunar_new_year(self):
        # Thu 12/02/2026: Fri 13 counts, 16–20/02 are Tết, then 23, 24, 25, 26.
        case = self.intake(received_at=aware(2026, 2, 12, 9, 30))
        self.assertEqual(case.plan_due_at, aware(2026, 2, 26, 23, 59, 59))

    def test_a_report_just_before_tet_2027(self):
        # Wed 03/02/2027: 04–10/02 are Tết or weekend, then 11, 12, 15, 16, 17.
        self.assertEqual(plan_deadline(aware(2027, 2, 3, 10, 0)), aware(2027, 2, 17, 23, 59, 59))

    def test_the_emergency_rule_counts_12_clock_hours_across_midnight(self):
        received = aware(2026, 11, 27, 20, 30)
        self.assertEqual(emergency_deadline(received), aware(2026, 11, 28, 8, 30))
        case = self.run_to(self.intake(received_at=received), S.EMERGENCY, serious=True)
        self.assertEqual(case.due_at, aware(2026, 11, 28, 8, 30))
        self.assertEqual(case.emergency_due_at, aware(2026, 11, 28, 8, 30))

    def test_the_plan_drafting_step_is_due_on_the_plan_deadline(self):
        case = self.run_to(self.intake(received_at=aware(2026, 11, 27, 19, 0)), S.PLAN_DRAFTING)
        self.assertEqual(case.due_at, aware(2026, 12, 4, 23, 59, 59))
        self.assertFalse(case.due_local_practice)

    def test_other_limits_are_editable_data_marked_local_practice(self):
        limit = StepLimit.objects.get(step=S.DETAILED_ASSESSMENT)
        self.assertTrue(limit.local_practice)
        StepLimit.objects.filter(step=S.DETAILED_ASSESSMENT).update(amount=5)
        case = self.intake(received_at=aware(2026, 11, 27, 19, 0))
        case = self.step(case, "initial")
        self.assertEqual(case.status, S.DETAILED_ASSESSMENT)
        self.assertTrue(case.due_local_practice)
        self.assertIn("Thực tiễn địa phương", case.due_source)

    def test_no_limit_holds_a_report_before_the_initial_assessment(self):
        """Decree 56/2017 Art. 26(1): no verification stage, no limit for it."""
        self.assertFalse(StepLimit.objects.filter(step__in=[S.RECEIVED, S.VERIFICATION]).exists())
        case = self.intake(received_at=aware(2026, 11, 27, 19, 0))
        self.assertEqual(case.due_at, aware(2026, 11, 28, 7, 0))

    def test_a_closed_case_has_no_deadline(self):
        case = change_status(
            self.intake(), S.CLOSED_UNSUBSTANTIATED, actor=self.officer_a, note="sai"
        )
        self.assertIsNone(case.due_at)


class CheckDeadlinesTests(CaseTestCase):
    def setUp(self):
        self.officer_a.email = "alice@example.invalid"
        self.officer_a.save()
        self.approver_a.email = "chau@example.invalid"
        self.approver_a.save()

    def test_overdue_steps_are_notified_once_however_often_the_scan_runs(self):
        case = self.intake(received_at=aware(2026, 11, 2, 8, 0))
        self.assertTrue(case.overdue)
        with self.captureOnCommitCallbacks(execute=True):
            looked, created = check_deadlines()
        self.assertEqual((looked, created), (1, 2))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(check_deadlines()[1], 0)
            call_command("check_deadlines", stdout=io.StringIO())
        self.assertEqual(Notification.objects.filter(case=case).count(), 2)
        self.assertEqual(
            set(Notification.objects.values_list("recipient__username", flat=True)),
            {"alice", "chau"},
        )
        self.assertEqual(len(mail.outbox), 2)

    def test_emails_carry_no_child_name_only_a_link(self):
        case = self.intake(received_at=aware(2026, 11, 2, 8, 0))
        with self.captureOnCommitCallbacks(execute=True):
            check_deadlines()
        self.assertTrue(mail.outbox)
        for message in mail.outbox:
            self.assertNotIn("Ánh", message.body + message.subject)
            self.assertNotIn("Nguyễn", message.body + message.subject)
            self.assertIn(f"/vu-viec/{case.pk}/", message.body)

    def test_a_new_step_is_notified_again(self):
        case = self.intake(received_at=aware(2026, 11, 2, 8, 0))
        check_deadlines()
        # The emergency measure is due 12 hours after receipt (Art. 26(3)): late too.
        self.step(case, "initial", serious_harm=True)
        self.assertGreater(check_deadlines()[1], 0)

    def test_steps_far_from_their_deadline_are_not_notified(self):
        self.run_to(self.intake(), S.IMPLEMENTATION)
        self.assertEqual(check_deadlines(now=datetime.datetime.now(tz=datetime.UTC))[1], 0)
