"""The child record page as an officer uses it: who the record is about at
the top, a trail back to the list, and a folded sub-form that, after a
failed validation, comes back open with what was typed and the error beside
the field instead of a redirect that loses both."""

import datetime

from django.urls import reverse

from treem.children.models import CircumstanceEpisode, CodeKind, RiskEpisode

from .base import RegistryTestCase, code


def url(name, *args):
    return reverse(f"children:{name}", args=args)


class RecordHeaderTests(RegistryTestCase):
    def test_the_header_names_the_child_with_age_ward_and_status(self):
        self.login(self.officer_a)
        response = self.client.get(url("detail", self.child_a2.pk))
        header = response.content.decode().split('id="record-header"')[1].split("</header>")[0]
        self.assertIn(self.child_a2.full_name, header)
        self.assertIn("Trường Vinh", header)
        self.assertIn(self.child_a2.get_status_display(), header)
        self.assertIn(self.child_a2.dob_display, header)

    def test_the_breadcrumbs_lead_back_to_the_children_list(self):
        self.login(self.officer_a)
        response = self.client.get(url("detail", self.child_a2.pk))
        self.assertContains(response, 'class="breadcrumb-item"><a href="/tre-em/">')


class FailedSubFormTests(RegistryTestCase):
    def setUp(self):
        self.login(self.officer_a)

    def test_a_failed_circumstance_comes_back_open_with_what_was_typed(self):
        response = self.client.post(
            url("circumstance-add", self.child_a2.pk),
            {
                "code": code(CodeKind.CIRCUMSTANCE_GROUP, "h").pk,
                "started_on": "31/02/2024",
                "evidence_note": "Biên bản xác minh của tổ dân phố",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["failed_form"], "circumstance_form")
        form = response.context["circumstance_form"]
        self.assertIn("started_on", form.errors)
        html = response.content.decode()
        self.assertIn('open data-failed id="failed-form"', html)
        failed = html.split('id="failed-form"')[1].split("</details>")[0]
        self.assertIn("31/02/2024", failed)
        self.assertIn("Biên bản xác minh của tổ dân phố", failed)
        self.assertIn('class="field has-error"', failed)
        self.assertIn('class="error-summary"', failed)
        self.assertFalse(CircumstanceEpisode.objects.filter(code__code="h").exists())

    def test_only_the_failed_form_is_open(self):
        response = self.client.post(url("risk-add", self.child_a2.pk), {"started_on": ""})
        html = response.content.decode()
        self.assertEqual(html.count("data-failed"), 1)
        self.assertEqual(response.context["failed_form"], "risk_form")

    def test_a_refusal_of_the_service_is_shown_in_the_form(self):
        future = (datetime.date.today() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
        response = self.client.post(
            url("risk-add", self.child_a2.pk),
            {"code": code(CodeKind.RISK_CATEGORY, "r01").pk, "started_on": future},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["risk_form"].non_field_errors())
        self.assertIn(future, response.content.decode().split('id="failed-form"')[1])
        self.assertFalse(RiskEpisode.objects.filter(child=self.child_a2).exists())

    def test_a_saved_sub_form_still_returns_to_its_section(self):
        response = self.client.post(
            url("risk-add", self.child_a2.pk),
            {"code": code(CodeKind.RISK_CATEGORY, "r05").pk, "started_on": "01/01/2025"},
        )
        self.assertRedirects(response, url("detail", self.child_a2.pk) + "#risks")
