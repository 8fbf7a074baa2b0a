"""Decisions, monthly payments (idempotent), suspensions, ends, and the
audit trail they leave."""

import datetime
from unittest import mock

from treem.assistance.models import AllowancePayment, DecisionStatus
from treem.assistance.services import (
    AssistanceError,
    end_decision,
    generate_payments,
    suspend_decision,
)
from treem.audit.models import AuditEvent

from .base import AssistanceTestCase

JUNE, JULY, SEPT = datetime.date(2024, 6, 1), datetime.date(2024, 7, 1), datetime.date(2024, 9, 1)


class DecisionTests(AssistanceTestCase):
    def test_a_decision_is_audited(self):
        decision = self.decide(actor=self.officer_a)
        event = AuditEvent.objects.get(subject_type="assistance.allowancedecision")
        self.assertEqual(event.subject_id, str(decision.pk))
        self.assertEqual(event.actor, self.officer_a)

    def test_an_officer_cannot_decide_for_a_child_of_another_ward(self):
        with self.assertRaises(AssistanceError):
            self.decide(self.child_b, actor=self.officer_a)

    def test_a_collaborator_cannot_decide(self):
        with self.assertRaises(AssistanceError):
            self.decide(actor=self.collaborator_a)

    def test_two_decisions_for_the_same_months_are_refused(self):
        self.decide()
        with self.assertRaises(AssistanceError):
            self.decide(starts_on=datetime.date(2025, 1, 1))


class PaymentTests(AssistanceTestCase):
    def amounts(self):
        return dict(
            AllowancePayment.objects.filter(child=self.orphan).values_list("month", "amount")
        )

    def test_a_month_before_and_after_the_new_base_level(self):
        self.decide()
        for month in (JUNE, JULY, SEPT):
            generate_payments(month, actor=self.officer_a)
        self.assertEqual(self.amounts(), {JUNE: 900000, JULY: 1250000, SEPT: 750000})

    def test_generating_again_adds_nothing(self):
        self.decide()
        self.assertEqual(generate_payments(JULY, actor=self.officer_a), 1)
        self.assertEqual(generate_payments(JULY, actor=self.officer_a), 0)
        self.assertEqual(AllowancePayment.objects.count(), 1)

    def test_one_event_per_ward_records_how_many_and_how_much(self):
        self.decide()
        generate_payments(JULY, actor=None)
        event = AuditEvent.objects.get(changes__month="2024-07-01")
        self.assertEqual(event.changes["payments"], 1)
        self.assertEqual(event.changes["total"], 1250000)
        self.assertEqual(event.unit_id, self.ward_a.pk)

    def test_an_officer_generates_only_their_ward(self):
        self.decide()
        self.decide(self.child_b, number="7/QĐ-UBND")
        self.assertEqual(generate_payments(JULY, actor=self.officer_a), 1)
        self.assertFalse(AllowancePayment.objects.filter(child=self.child_b).exists())
        self.assertEqual(generate_payments(JULY, actor=self.province_officer), 1)

    def test_no_payment_before_the_start_or_after_the_end(self):
        decision = self.decide(starts_on=datetime.date(2024, 6, 20))
        generate_payments(datetime.date(2024, 5, 1), actor=None)
        generate_payments(JUNE, actor=None)  # the month it starts is paid
        end_decision(decision, actor=self.officer_a, ends_on=JULY, reason="Được nhận nuôi")
        generate_payments(JULY, actor=None)
        generate_payments(datetime.date(2024, 8, 1), actor=None)
        self.assertEqual(sorted(self.amounts()), [JUNE, JULY])
        decision.refresh_from_db()
        self.assertEqual(decision.status, DecisionStatus.ENDED)

    def test_a_suspended_month_is_not_paid(self):
        decision = self.decide()
        suspend_decision(
            decision,
            actor=self.officer_a,
            starts_on=JULY,
            ends_on=datetime.date(2024, 7, 31),
            reason="Tạm vắng",
        )
        for month in (JUNE, JULY, SEPT):
            generate_payments(month, actor=None)
        self.assertEqual(sorted(self.amounts()), [JUNE, SEPT])

    def test_an_open_suspension_marks_the_decision_suspended(self):
        decision = self.decide()
        suspend_decision(decision, actor=self.officer_a, starts_on=JULY, reason="Tạm vắng")
        decision.refresh_from_db()
        self.assertEqual(decision.status, DecisionStatus.SUSPENDED)

    def test_a_child_aged_16_is_not_paid(self):
        decision = self.decide(starts_on=datetime.date(2036, 7, 1))
        # Generated in that month: no month after the current one is generated.
        with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2036, 9, 2)):
            self.assertEqual(generate_payments(datetime.date(2036, 9, 1), actor=None), 0)
        self.assertTrue(decision.pk)


class SqlAgreesWithTheRuleTests(AssistanceTestCase):
    def test_every_birthday_around_4_and_16_is_paid_as_rules_monthly_amount_says(self):
        from treem.assistance.rules import monthly_amount

        from .base import new_child

        month = datetime.date(2024, 7, 1)
        births = [datetime.date(2020, 6, 30), datetime.date(2020, 7, 1), datetime.date(2020, 7, 2)]
        births += [datetime.date(2008, 7, 1), datetime.date(2008, 7, 2), datetime.date(2024, 6, 1)]
        for n, born in enumerate(births):
            child = new_child(self.ward_a, given=f"Em{n}", dob=born)
            group = "disability_severe" if n % 2 else "no_caregiver"
            self.decide(child, number=f"{n}/QĐ", group=group, starts_on=born.replace(day=1))
        generate_payments(month, actor=None)
        for n, born in enumerate(births):
            group = "disability_severe" if n % 2 else "no_caregiver"
            expected = monthly_amount(group, born, month)
            payment = AllowancePayment.objects.filter(child__given_name=f"Em{n}").first()
            got = (payment.amount, payment.coefficient, payment.base_level) if payment else None
            self.assertEqual(got, expected if expected[0] else None, born)
