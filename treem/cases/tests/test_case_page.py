"""The case page (issue 15 point 2): a header with who the case is about and
the next deadline with the time left, sections reachable from an index, and
sub-forms that keep what was typed with the error beside the field."""

import datetime

from django.urls import reverse
from django.utils import timezone

from treem.cases.models import Case, CaseStatus, ServiceDelivery
from treem.cases.views.common import time_left

from .base import CaseTestCase


class TimeLeftTests(CaseTestCase):
    def test_overdue_is_red_with_a_word(self):
        now = timezone.now()
        state = time_left(now - datetime.timedelta(hours=30), now)
        self.assertEqual(state["kind"], "overdue")
        self.assertTrue(state["word"])

    def test_within_two_days_is_amber_and_later_green(self):
        now = timezone.now()
        self.assertEqual(time_left(now + datetime.timedelta(hours=47), now)["kind"], "soon")
        self.assertEqual(time_left(now + datetime.timedelta(days=3), now)["kind"], "ok")

    def test_no_deadline_is_none(self):
        self.assertIsNone(time_left(None))


class CaseHeaderTests(CaseTestCase):
    def setUp(self):
        self.case = self.intake()

    def test_the_header_shows_the_child_age_ward_stage_and_next_deadline(self):
        self.login(self.officer_a)
        page = self.client.get(self.case.get_absolute_url())
        header = page.content.decode().split('id="case-header"')[1].split("</header>")[0]
        self.assertIn(self.child_a.full_name, header)
        self.assertIn(str(self.child_a.age), header)
        self.assertIn(self.ward_a.name, header)
        self.assertIn('id="stage"', header)
        self.assertIn(timezone.localtime(self.case.due_at).strftime("%d/%m/%Y %H:%M"), header)
        self.assertIn("due-chip due-", header)

    def test_an_overdue_step_is_red_in_the_header(self):
        Case.objects.filter(pk=self.case.pk).update(
            due_at=timezone.now() - datetime.timedelta(days=1)
        )
        self.login(self.officer_a)
        self.assertContains(self.client.get(self.case.get_absolute_url()), "due-chip due-overdue")

    def test_the_sections_are_reachable_from_the_index(self):
        self.login(self.officer_a)
        page = self.client.get(self.case.get_absolute_url())
        for anchor in ("summary", "timeline", "services", "referrals", "attachments"):
            self.assertContains(page, f'href="#{anchor}"')
            self.assertContains(page, f'id="{anchor}"')

    def test_another_wards_officer_and_the_agency_reporter_get_404(self):
        for user in (self.officer_b, self.reporter_a, self.collaborator_a):
            self.login(user)
            self.assertEqual(self.client.get(self.case.get_absolute_url()).status_code, 404)


class SubFormTests(CaseTestCase):
    def setUp(self):
        self.case = self.run_to(self.intake(), CaseStatus.IMPLEMENTATION)

    def test_a_failed_service_keeps_the_input_and_opens_the_form_with_the_error(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("cases:service-add", args=[self.case.pk]),
            {
                "service_type": self.medical.pk,
                "started_on": "31/02/2026",
                "state": "delivered",
                "outcome": "Khám tại trạm y tế phường",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ServiceDelivery.objects.exists())
        self.assertContains(response, "Khám tại trạm y tế phường")
        self.assertContains(response, "open data-has-errors")
        self.assertTrue(response.context["service_form"].errors["started_on"])

    def test_a_failed_referral_keeps_the_input(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("cases:referral-add", args=[self.case.pk]),
            {
                "agency": self.police_a.pk,
                "reason": "",
                "shared_information": "Chỉ chia sẻ điều này",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Chỉ chia sẻ điều này")
        self.assertTrue(response.context["referral_form"].errors["reason"])

    def test_another_wards_officer_cannot_post_a_service(self):
        self.login(self.officer_b)
        response = self.client.post(
            reverse("cases:service-add", args=[self.case.pk]),
            {"service_type": self.medical.pk, "started_on": "01/12/2026", "state": "planned"},
        )
        self.assertEqual(response.status_code, 404)


class SourceMarksTests(CaseTestCase):
    """The reference data's checking marks ([v], [s], [?]) reached the case
    page as they are ("07 ngày làm việc [s]"): officers read words."""

    def test_the_deadline_source_reads_in_words(self):
        case = self.intake()
        Case.objects.filter(pk=case.pk).update(
            due_source="Nghị định 56/2017/NĐ-CP, Điều 28: 07 ngày làm việc [s]"
        )
        self.login(self.officer_a)
        page = self.client.get(case.get_absolute_url())
        self.assertNotContains(page, "[s]")
        self.assertContains(page, "07 ngày làm việc (theo bản tóm tắt, chưa đối chiếu văn bản)")

    def test_every_mark_has_its_words(self):
        from treem.core.templatetags.treem import source_marks

        self.assertEqual(
            source_marks("Luật Trẻ em 2016, Điều 10 [v]; mẫu [?]"),
            "Luật Trẻ em 2016, Điều 10 (đã đối chiếu văn bản); mẫu (chưa kiểm chứng)",
        )
