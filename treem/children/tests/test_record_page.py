"""The child record page as an officer uses it: who the record is about at
the top, a trail back to the list, and a folded sub-form that, after a
failed validation, comes back open with what was typed and the error beside
the field instead of a redirect that loses both."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from treem.children.models import CircumstanceEpisode, CodeKind, ReferenceCode, RiskEpisode

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


class RecordPageQueryTests(RegistryTestCase):
    """The record page reads each kind of record once, however many the child
    has, and renders its sub-forms only when they are opened (bench/README.md,
    "Serving under load": 43 queries before, most of them per section)."""

    # Sign-in and scope (4), the child, its records one query per kind and
    # its history (8), siblings, the audit event of the sensitive read (3),
    # the assistance section (4).
    CEILING = 20
    # Without VIEW_SENSITIVE: no support, consent, assistance or audit event.
    CEILING_NOT_SENSITIVE = 11

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from treem.cases.models import CaseCode
        from treem.cases.models import CodeKind as CaseCodeKind
        from treem.cases.services.codes import load_case_data
        from treem.cases.services.intake import record_intake
        from treem.children import services

        child, officer = cls.child_a, cls.officer_a
        services.add_caregiver(
            child, actor=officer, relation=code(CodeKind.RELATION, "cha"), full_name="Lê Văn Nam"
        )
        services.add_risk(
            child,
            actor=officer,
            code=code(CodeKind.RISK_CATEGORY, "r01"),
            started_on=datetime.date(2024, 2, 1),
        )
        services.add_circumstance(
            child, actor=officer, code=cls.orphan, started_on=datetime.date(2022, 6, 1)
        )
        services.move_child(
            child, actor=officer, unit=cls.group_a, ward=cls.ward_a, address_line="Số 9"
        )
        services.add_support(
            child,
            actor=officer,
            support_type=ReferenceCode.objects.filter(kind=CodeKind.SUPPORT_TYPE).first(),
            received_on=datetime.date(2024, 3, 1),
        )
        services.record_consent(
            child,
            actor=officer,
            representative=child.caregiver_links.first().caregiver,
            representative_agreed=True,
            child_agreed=True,
            scope="Trường học, để miễn học phí",
            given_on=datetime.date(2024, 3, 2),
        )
        load_case_data()
        record_intake(
            actor=officer,
            child=child,
            channel="citizen",
            received_at=timezone.now() - datetime.timedelta(hours=1),
            event_ward=cls.ward_a,
            event_place="Số 5 Lê Lợi",
            description="Hàng xóm nghe tiếng trẻ khóc",
            harm_kinds=[CaseCode.objects.get(kind=CaseCodeKind.HARM, code="baoluc")],
        )

    def get(self, user):
        self.login(user)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url("detail", self.child_a.pk))
        self.assertEqual(response.status_code, 200)
        return response, captured

    def test_the_record_page_of_a_child_with_everything_stays_under_the_ceiling(self):
        response, captured = self.get(self.officer_a)
        self.assertContains(response, "Lê Văn Nam")
        self.assertContains(response, "Trường học, để miễn học phí")
        self.assertGreater(len(response.context["history"]), 5)
        # On PostgreSQL the scope asks once which of the ward's former wards
        # hold children (models/child._holding_children): one query more.
        ceiling = self.CEILING + (connection.vendor == "postgresql")
        self.assertLessEqual(len(captured), ceiling, "\n".join(q["sql"][:120] for q in captured))

    def test_the_page_of_a_reader_without_sensitive_access_reads_less(self):
        _response, captured = self.get(self.collaborator_a)
        self.assertLessEqual(len(captured), self.CEILING_NOT_SENSITIVE)

    def test_no_sub_form_is_rendered_until_opened(self):
        response, _captured = self.get(self.officer_a)
        html = response.content.decode()
        self.assertEqual(html.count('class="action"'), 7)
        self.assertNotIn('name="started_on"', html)
        self.assertNotIn('name="cg-relation"', html)
        self.assertIn(f'hx-get="{url("circumstance-add", self.child_a.pk)}"', html)


class LazySubFormTests(RegistryTestCase):
    """A folded sub-form is fetched from its action's address when opened:
    htmx gets the form alone, a browser without JavaScript the record page
    with that form open; both under the checks of the action itself."""

    HTMX = {"HTTP_HX_REQUEST": "true"}

    def test_opening_a_sub_form_fetches_the_empty_form(self):
        self.login(self.officer_a)
        response = self.client.get(url("circumstance-add", self.child_a.pk), **self.HTMX)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(f'action="{url("circumstance-add", self.child_a.pk)}"', html)
        self.assertIn('id="circumstance-started_on"', html)
        self.assertIn(f'value="{self.hiv.pk}"', html)
        self.assertIn("csrfmiddlewaretoken", html)
        self.assertNotIn("<html", html)
        self.assertIn("HX-Request", response["Vary"])

    def test_without_javascript_the_record_page_opens_with_that_form(self):
        self.login(self.officer_a)
        response = self.client.get(url("risk-add", self.child_a.pk))
        self.assertEqual(response.context["opened_form"], "risk_form")
        opened = response.content.decode().split('id="opened-form"')[1].split("</details>")[0]
        self.assertIn('id="risk-started_on"', opened)
        self.assertContains(response, 'id="record-header"')

    def test_a_reader_without_sensitive_access_is_offered_no_sensitive_group(self):
        self.login(self.collaborator_a)
        response = self.client.get(url("circumstance-add", self.child_a.pk), **self.HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(f'value="{self.hiv.pk}"', response.content.decode())
        for name in ("support-add", "consent-add"):
            with self.subTest(name):
                self.assertEqual(
                    self.client.get(url(name, self.child_a.pk), **self.HTMX).status_code, 404
                )

    def test_an_officer_of_another_ward_gets_404(self):
        self.login(self.officer_b)
        for name in ("status", "move", "caregiver-add", "circumstance-add", "risk-add"):
            with self.subTest(name):
                response = self.client.get(url(name, self.child_a.pk), **self.HTMX)
                self.assertEqual(response.status_code, 404)

    def test_a_viewer_who_may_not_edit_gets_404(self):
        self.login(self.viewer)
        self.assertEqual(
            self.client.get(url("status", self.child_a.pk), **self.HTMX).status_code, 404
        )


class MergedRecordTests(RegistryTestCase):
    def test_a_merged_record_links_to_the_record_it_was_merged_into(self):
        from treem.children.models import Child

        # Only the link is under test here; the merge itself is test_merge's.
        Child.objects.filter(pk=self.child_a2.pk).update(merged_into=self.child_a)
        self.login(self.officer_a)
        response = self.client.get(url("detail", self.child_a2.pk))
        self.assertContains(response, f'href="{self.child_a.get_absolute_url()}"')
        self.assertContains(response, self.child_a.full_name)
