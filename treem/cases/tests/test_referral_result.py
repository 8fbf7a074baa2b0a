"""Referrals close the loop (issue 15 point 9): the agency that accepted a
referral records what it did and the result; the ward sees it on the case
page and its officer is told in the app. The agency still sees only the
referral."""

import datetime

from django.urls import reverse
from django.utils import timezone

from treem.audit.models import Action, AuditEvent
from treem.cases.models import CaseStatus, Notification, ReferralOutcome
from treem.cases.services import (
    CaseError,
    answer_referral,
    assign_officer,
    record_referral_result,
    refer_case,
)
from treem.core.tests.openapi import schema_errors

from .base import CaseTestCase


class ReferralResultTestCase(CaseTestCase):
    def setUp(self):
        self.case = self.run_to(self.intake(), CaseStatus.IMPLEMENTATION)
        self.referral = refer_case(
            self.case,
            actor=self.officer_a,
            agency=self.police_a,
            reason="Đề nghị xác minh người gây hại",
            shared_information="Trẻ bị đánh nhiều lần",
        )

    def accept(self):
        answer_referral(self.referral, actor=self.reporter_a, accept=True, note="Đã tiếp nhận")

    def today(self):
        return timezone.localdate().strftime("%d/%m/%Y")


class RecordTheResultTests(ReferralResultTestCase):
    def test_the_agency_records_the_result_with_an_audit_event(self):
        self.accept()
        record_referral_result(
            self.referral,
            actor=self.reporter_a,
            action="Đã làm việc với gia đình, lập biên bản",
            outcome=ReferralOutcome.DONE,
        )
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.result_outcome, ReferralOutcome.DONE)
        self.assertEqual(self.referral.result_on, timezone.localdate())
        self.assertEqual(self.referral.result_recorded_by, self.reporter_a)
        event = AuditEvent.objects.filter(
            action=Action.UPDATE, subject_id=str(self.referral.pk), actor=self.reporter_a
        ).latest("occurred_at")
        self.assertIn("result_outcome", event.changes)

    def test_the_ward_officer_is_notified_in_the_app_without_the_childs_name(self):
        assign_officer(self.case, officer=self.officer_a, actor=self.officer_a)
        self.accept()
        record_referral_result(
            self.referral, actor=self.reporter_a, action="Đã xử lý", outcome="partly"
        )
        notice = Notification.objects.get(recipient=self.officer_a)
        self.assertIn(self.case.number, notice.text)
        self.assertNotIn(self.child_a.given_name, notice.text)
        self.assertFalse(Notification.objects.filter(recipient=self.reporter_a).exists())

    def test_a_result_needs_an_accepted_referral(self):
        with self.assertRaises(CaseError):
            record_referral_result(
                self.referral, actor=self.reporter_a, action="Đã xử lý", outcome="done"
            )

    def test_a_result_needs_what_was_done_and_a_date_not_in_the_future(self):
        self.accept()
        with self.assertRaises(CaseError):
            record_referral_result(self.referral, actor=self.reporter_a, action=" ", outcome="done")
        with self.assertRaises(CaseError):
            record_referral_result(
                self.referral,
                actor=self.reporter_a,
                action="Đã xử lý",
                outcome="done",
                on=timezone.localdate() + datetime.timedelta(days=1),
            )

    def test_another_agency_cannot_record_the_result(self):
        self.accept()
        with self.assertRaises(CaseError):
            record_referral_result(
                self.referral, actor=self.officer_a, action="Đã xử lý", outcome="done"
            )


class ResultPagesTests(ReferralResultTestCase):
    def test_the_agency_reporter_records_the_result_on_the_referral_page(self):
        self.accept()
        self.login(self.reporter_a)
        page = self.client.get(reverse("cases:referral-detail", args=[self.referral.pk]))
        self.assertContains(page, 'id="result-form"')
        response = self.client.post(
            reverse("cases:referral-result", args=[self.referral.pk]),
            {"action": "Đã làm việc với gia đình", "outcome": "could_not", "on": self.today()},
        )
        self.assertRedirects(response, reverse("cases:referral-detail", args=[self.referral.pk]))
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.result_outcome, ReferralOutcome.COULD_NOT)

    def test_a_failed_result_keeps_what_was_typed_beside_the_error(self):
        self.accept()
        self.login(self.reporter_a)
        response = self.client.post(
            reverse("cases:referral-result", args=[self.referral.pk]),
            {"action": "Đã làm việc với gia đình", "outcome": "", "on": self.today()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Đã làm việc với gia đình")
        self.assertTrue(response.context["result_form"].errors["outcome"])

    def test_the_ward_sees_the_result_on_the_case_page(self):
        self.accept()
        record_referral_result(
            self.referral, actor=self.reporter_a, action="Đã lập biên bản", outcome="done"
        )
        self.login(self.officer_a)
        page = self.client.get(self.case.get_absolute_url())
        self.assertContains(page, f'id="referral-result-{self.referral.pk}"')
        self.assertContains(page, "Đã lập biên bản")

    def test_the_agency_still_cannot_open_the_case(self):
        self.accept()
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(self.case.get_absolute_url()).status_code, 404)
        page = self.client.get(reverse("cases:referral-detail", args=[self.referral.pk]))
        self.assertNotContains(page, "Biên bản họp xác định nhu cầu")

    def test_officers_cannot_record_an_agencys_result(self):
        self.accept()
        for user in (self.officer_a, self.officer_b):
            self.login(user)
            response = self.client.post(
                reverse("cases:referral-result", args=[self.referral.pk]),
                {"action": "x", "outcome": "done", "on": self.today()},
            )
            self.assertEqual(response.status_code, 404)


class ResultApiTests(ReferralResultTestCase):
    def url(self):
        return f"/api/v1/case-referrals/{self.referral.pk}/result/"

    def test_the_agency_records_the_result_through_the_api_as_the_schema_says(self):
        self.accept()
        self.login(self.reporter_a)
        response = self.client.post(
            self.url(),
            {"result_action": "Đã xử lý", "result_outcome": "other"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["result_outcome"], "other")
        self.assertEqual(schema_errors(response, "/api/v1/case-referrals/{id}/result/", "post"), [])
        detail = self.client.get(f"/api/v1/case-referrals/{self.referral.pk}/")
        self.assertEqual(schema_errors(detail, "/api/v1/case-referrals/{id}/"), [])

    def test_an_unanswered_referral_without_a_result_conforms_to_the_schema(self):
        self.login(self.reporter_a)
        detail = self.client.get(f"/api/v1/case-referrals/{self.referral.pk}/")
        self.assertEqual(detail.json()["result_outcome"], "")
        self.assertEqual(schema_errors(detail, "/api/v1/case-referrals/{id}/"), [])

    def test_a_refused_result_is_a_documented_400(self):
        self.login(self.reporter_a)
        response = self.client.post(
            self.url(),
            {"result_action": "Đã xử lý", "result_outcome": "done"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(schema_errors(response, "/api/v1/case-referrals/{id}/result/", "post"), [])

    def test_officers_get_404(self):
        self.accept()
        self.login(self.officer_b)
        response = self.client.post(
            self.url(),
            {"result_action": "x", "result_outcome": "done"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 404)
