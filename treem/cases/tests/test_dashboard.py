"""The case dashboard: aggregates counted by hand on a small fixture, scoped
to the user's wards, without names, in a fixed number of queries."""

import datetime
import unittest
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.cases import dashboard
from treem.cases.models import Case, CaseCode, ClosureOutcome, PlanDecision, StatusChange
from treem.cases.services import change_status, load_case_data, record_intake
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user

from .base import CaseTestCase, S, aware, new_child
from .test_documents import docx_text

URL = reverse("cases:case-dashboard")
CSV_URL = reverse("cases:case-dashboard-csv")
# Monday 02/03/2026 08:00 in Vinh: every case of the fixture is received then.
BASE = aware(2026, 3, 2, 8, 0)
DAY = datetime.timedelta(days=1)


def set_timeline(case, offsets, *, decided=None):
    """Puts the case's status changes at BASE + offsets (days), in order,
    and its plan decision (if any) at BASE + decided."""
    changes = list(StatusChange.objects.filter(case=case).order_by("at", "id"))
    assert len(changes) == len(offsets), [c.to_status for c in changes]
    for change, offset in zip(changes, offsets, strict=True):
        StatusChange.objects.filter(pk=change.pk).update(at=BASE + offset * DAY)
    plan_due = BASE.replace(hour=23, minute=59, second=59) + 7 * DAY  # Monday 09/03
    Case.objects.filter(pk=case.pk).update(received_at=BASE, plan_due_at=plan_due)
    if decided is not None:
        PlanDecision.objects.filter(plan__case=case).update(decided_at=BASE + decided * DAY)


class DashboardTestCase(CaseTestCase):
    """Ward A: c1 in the initial assessment (overdue), c2 in the detailed
    assessment, c3 plan awaiting approval, c8 in implementation, c7 closed by
    the chairman (resolved). Ward B: c5 in the initial assessment (overdue),
    c6 closed (not substantiated). Every report enters the initial assessment
    the moment it is received (Decree 56/2017 Art. 26(1))."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls("run")
        now = timezone.now()
        cls.c1 = t.intake()
        cls.c2 = t.run_to(t.intake(), S.DETAILED_ASSESSMENT)
        cls.c3 = t.run_to(t.intake(), S.PLAN_SUBMITTED)
        cls.c7 = t.run_to(t.intake(), S.CLOSED)
        cls.c8 = t.run_to(t.intake(), S.IMPLEMENTATION)
        cls.c5 = t.intake(ward=cls.ward_b, actor=cls.officer_b)
        c6 = t.intake(ward=cls.ward_b, actor=cls.officer_b)
        cls.c6 = change_status(
            c6, S.CLOSED_UNSUBSTANTIATED, actor=cls.officer_b, note="Không có căn cứ"
        )
        # Hand-set timelines (days after BASE) of the fixture.
        set_timeline(cls.c1, [0, 0])
        set_timeline(cls.c2, [0, 0, 3])
        set_timeline(cls.c3, [0, 0, 3, 5, 10])
        set_timeline(cls.c7, [0, 0, 3, 4, 12, 14, 44, 50, 52], decided=14)
        set_timeline(cls.c8, [0, 0, 0.4, 0.6, 1.5, 2.5], decided=2.5)
        set_timeline(cls.c5, [0, 0])
        set_timeline(cls.c6, [0, 0, 0.5])
        Case.objects.filter(pk__in=[cls.c1.pk]).update(due_at=now - datetime.timedelta(hours=1))
        Case.objects.filter(pk__in=[cls.c5.pk]).update(due_at=now - DAY)
        Case.objects.filter(pk__in=[cls.c2.pk, cls.c3.pk, cls.c8.pk]).update(due_at=now + DAY)


class AggregateTests(DashboardTestCase):
    def test_open_cases_by_ward_and_stage_for_the_province(self):
        data = dashboard.build(self.province_officer)
        self.assertEqual(data.open_total, 5)
        self.assertEqual(
            data.open_by_ward[self.ward_a.pk],
            {
                S.INITIAL_ASSESSMENT: 1,
                S.DETAILED_ASSESSMENT: 1,
                S.PLAN_SUBMITTED: 1,
                S.IMPLEMENTATION: 1,
            },
        )
        self.assertEqual(data.open_by_ward[self.ward_b.pk], {S.INITIAL_ASSESSMENT: 1})
        self.assertEqual(data.open_by_stage[S.INITIAL_ASSESSMENT], 2)

    def test_overdue_steps_by_ward(self):
        data = dashboard.build(self.province_officer)
        self.assertEqual(data.overdue_total, 2)
        self.assertEqual(data.overdue_by_ward, {self.ward_a.pk: 1, self.ward_b.pk: 1})
        self.assertEqual(data.overdue_by_stage[S.INITIAL_ASSESSMENT], 2)
        self.assertEqual(data.overdue_by_stage[S.DETAILED_ASSESSMENT], 0)

    def test_median_days_spent_in_each_step(self):
        data = dashboard.build(self.province_officer)
        medians = {status: (n, median) for status, _label, n, median in data.step_times}
        # Initial assessment: c2 3, c3 3, c7 3, c8 0.4, c6 0.5 → 0.4 0.5 3 3 3.
        self.assertEqual(medians[S.INITIAL_ASSESSMENT], (5, 3.0))
        self.assertEqual(medians[S.DETAILED_ASSESSMENT], (3, 1.0))  # 2, 1, 0.2
        self.assertEqual(medians[S.PLAN_DRAFTING], (3, 5.0))  # 5, 8, 0.9
        self.assertEqual(medians[S.PLAN_SUBMITTED], (2, 1.5))  # 2, 1
        self.assertEqual(medians[S.IMPLEMENTATION], (1, 30.0))
        self.assertEqual(medians[S.REVIEW], (1, 6.0))
        self.assertEqual(medians[S.CLOSURE_PROPOSED], (1, 2.0))
        self.assertNotIn(S.EMERGENCY, medians)
        # A report is not held anywhere before the initial assessment.
        self.assertNotIn(S.RECEIVED, medians)

    def test_share_of_plans_approved_within_the_legal_limit(self):
        # Limit: 7 working days from the report (Monday 02/03) → end of 11/03.
        # c8 approved on 04/03 (in time), c7 on 16/03 (late).
        data = dashboard.build(self.province_officer)
        self.assertEqual((data.approvals_on_time, data.approvals_total), (1, 2))
        self.assertEqual(data.approvals_share, 50)

    def test_share_of_first_plans_drafted_within_five_working_days(self):
        # Due at the end of Monday 09/03: c8 submitted 03/03 (in time); c3 on
        # 12/03 and c7 on 14/03 (late).
        data = dashboard.build(self.province_officer)
        self.assertEqual((data.drafted_on_time, data.drafted_total), (1, 3))
        self.assertEqual(data.drafted_share, 33)

    def test_closure_outcomes(self):
        data = dashboard.build(self.province_officer)
        self.assertEqual(
            dict(data.closures),
            {
                str(ClosureOutcome.RESOLVED.label): 1,
                str(ClosureOutcome.UNSUBSTANTIATED.label): 1,
            },
        )
        self.assertEqual(data.closed_total, 2)


class ScopeTests(DashboardTestCase):
    def test_a_ward_officer_sees_only_the_ward(self):
        data = dashboard.build(self.officer_a)
        self.assertEqual(list(data.open_by_ward), [self.ward_a.pk])
        self.assertEqual((data.open_total, data.overdue_total, data.closed_total), (4, 1, 1))
        data_b = dashboard.build(self.officer_b)
        self.assertEqual((data_b.open_total, data_b.overdue_total, data_b.closed_total), (1, 1, 1))
        self.assertEqual(data_b.approvals_total, 0)

    def test_the_page_shows_the_wards_figures_without_names(self):
        response = self.login(self.officer_a).get(URL)
        self.assertContains(response, 'data-figure="open">4<')
        self.assertContains(response, 'data-figure="overdue">1<')
        self.assertContains(response, "Trường Vinh")
        self.assertNotContains(response, "Thành Vinh</th>")
        for case in (self.c1, self.c2, self.c7):
            self.assertNotContains(response, case.child.given_name)
            self.assertNotContains(response, case.number)
        self.assertContains(response, "<svg")

    def test_the_province_officer_sees_every_ward(self):
        response = self.login(self.province_officer).get(URL)
        self.assertContains(response, 'data-figure="open">5<')
        self.assertContains(response, "Thành Vinh")

    def test_people_without_case_work_get_404(self):
        for user in (self.reporter_a, self.collaborator_a, self.viewer, self.admin, self.nobody):
            with self.subTest(user=user.username):
                client = self.login(user)
                self.assertEqual(client.get(URL).status_code, 404)
                self.assertEqual(client.get(CSV_URL).status_code, 404)

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_the_csv_download_carries_the_same_figures_and_is_audited(self):
        response = self.login(self.officer_a).get(CSV_URL)
        self.assertEqual(response.status_code, 200)
        text = response.content.decode("utf-8-sig")
        self.assertIn("Trường Vinh", text)
        self.assertNotIn("Thành Vinh", text)
        self.assertNotIn(self.c1.child.given_name, text)
        from treem.audit.models import Action, AuditEvent

        self.assertTrue(
            AuditEvent.objects.filter(action=Action.EXPORT, actor=self.officer_a).exists()
        )


class QueryCountTests(DashboardTestCase):
    def test_the_aggregates_take_a_fixed_number_of_queries(self):
        user = self.province_officer
        dashboard.build(user)  # fills the user's scope cache and the calendar
        with CaptureQueriesContext(connection) as queries:
            dashboard.build(user)
        self.assertLessEqual(len(queries), 6, [q["sql"] for q in queries.captured_queries])

    def test_the_page_query_count_does_not_grow_with_cases(self):
        # Warm the working-day calendar's cache so both requests start alike.
        self.login(self.province_officer).get(URL)

        def add_rows():
            for _i in range(3):
                case = self.run_to(self.intake(), S.PLAN_SUBMITTED)
                self.run_to(case, S.IMPLEMENTATION)
            self.intake(ward=self.ward_b, actor=self.officer_b)

        self.assert_queries_constant(URL, add_rows)
        self.assert_queries_constant(CSV_URL, add_rows)


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class DashboardAndFormsBrowserTests(BrowserTestCase):
    """An officer reads the dashboard, then downloads a form of a case.
    Selectors use URLs and data attributes, not wording."""

    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_case_data()
        ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.officer = make_user("alice", Role.WARD_OFFICER, ward)
        self.case = record_intake(
            actor=self.officer,
            channel="hotline_111",
            received_at=timezone.now() - datetime.timedelta(hours=2),
            event_ward=ward,
            event_place="Số 5 Lê Lợi",
            description="Tổng đài 111 chuyển tin báo trẻ bị đánh",
            harm_kinds=[CaseCode.objects.filter(kind="harm").first()],
            child=new_child(ward),
        )

    def test_the_officer_reads_the_dashboard_and_downloads_form_01(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        # The link sits in a folded menu since the restyle (issue 15 point 1).
        page.goto(f"{self.live_server_url}{URL}")
        self.assertEqual(page.locator("[data-figure=open]").inner_text(), "1")
        self.assertEqual(page.locator("svg[role=img]").count(), 1)
        self.screenshot("cases-dashboard")
        with page.expect_download() as download_info:
            page.locator(f"a[href='{CSV_URL}']").click()
        self.assertTrue(download_info.value.suggested_filename.endswith(".csv"))

        page.goto(f"{self.live_server_url}/vu-viec/{self.case.pk}/mau/")
        with page.expect_download() as download_info:
            page.locator(f"a[href^='/vu-viec/{self.case.pk}/mau-01.docx']").click()
        download = download_info.value
        self.assertEqual(download.suggested_filename, f"mau-01-{self.case.number}.docx")
        text = docx_text(Path(download.path()).read_bytes())
        self.assertIn("Nguyễn Thị Ánh", text)
        self.assertIn("Tổng đài 111 chuyển tin báo", text)
        self.screenshot("cases-forms")
