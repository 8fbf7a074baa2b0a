"""Each role's landing page is its work list (issue 15 §3): what it has to do,
with counts and a link to each thing, within its scope and with a query
count that does not grow with the rows."""

import datetime

from django.core.cache import cache
from django.urls import reverse

from treem.cases.services import refer_case
from treem.cases.tests.base import CaseTestCase, S, aware, new_child
from treem.children.services.merge import propose_merge
from treem.plans.services.loader import load_plan_ct28
from treem.plans.services.reports import open_report

Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


class LandingTestCase(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = load_plan_ct28()
        cls.police_task = cls.plan.tasks.get(number="III.4.1")

    def home(self, user):
        return self.login(user).get("/")

    def assert_queries_constant(self, url, add_rows):
        # Both requests count the registry's figures: the second would
        # otherwise read them from the cache (test_landing_cache.py).
        def add_rows_then_forget_the_figures():
            add_rows()
            cache.clear()

        super().assert_queries_constant(url, add_rows_then_forget_the_figures)

    def overdue_case(self, ward=None, child=None):
        # Received long ago: the initial assessment's time limit has passed.
        return self.intake(ward=ward, child=child, received_at=aware(2026, 11, 2, 8, 0))

    def overdue_report(self, agency=None):
        return open_report(self.police_task, agency or self.police_a, Q3, actor=None)


class WardOfficerLandingTests(LandingTestCase):
    def test_overdue_steps_are_red_with_the_childs_name_and_time_late(self):
        case = self.overdue_case()
        page = self.home(self.officer_a)
        self.assertContains(page, 'id="due-steps"')
        self.assertContains(page, case.number)
        self.assertContains(page, self.child_a.full_name)
        self.assertContains(page, 'class="status-overdue"')
        self.assertContains(page, "trễ")
        # The time late reads in Vietnamese, not "1 month" or "5 days, 12 hours".
        self.assertRegex(page.content.decode(), "trễ \\d+\xa0(năm|tháng|tuần|ngày|giờ|phút)")
        self.assertNotRegex(page.content.decode(), r"\d+\xa0(month|week|day|hour|minute)")

    def test_new_reports_of_the_week_are_listed_as_links(self):
        case = self.intake()
        page = self.home(self.officer_a)
        self.assertContains(page, 'id="new-reports"')
        self.assertContains(page, case.get_absolute_url())

    def test_another_wards_cases_do_not_appear(self):
        case_b = self.overdue_case(ward=self.ward_b)
        page = self.home(self.officer_a)
        self.assertNotContains(page, case_b.get_absolute_url())
        self.assertNotContains(page, self.child_b.full_name)

    def test_records_to_complete_link_to_the_quality_lists(self):
        page = self.home(self.officer_a)
        self.assertContains(page, 'id="data-quality"')
        self.assertContains(page, reverse("children:quality-list", args=["no-id"]))

    def test_overdue_agency_reports_of_the_ward_are_counted(self):
        self.overdue_report()
        page = self.home(self.officer_a)
        self.assertContains(page, 'id="plan-review"')
        self.assertEqual(self.section(page, "plans/landing.html")["area_overdue"], 1)

    def test_the_officer_decides_nothing_the_chairman_decides(self):
        self.assertNotContains(self.home(self.officer_a), 'id="decide-plans"')

    def test_the_officer_sees_no_staff_table_of_every_ward(self):
        self.assertNotContains(self.home(self.officer_a), "Các phường, xã đang hoạt động")

    def test_query_count_does_not_grow_with_cases(self):
        self.overdue_case()
        self.login(self.officer_a)

        def more():
            for n in range(3):
                child = new_child(self.ward_a, self.group_a, given=f"Lan{n}")
                self.overdue_case(child=child)
                self.overdue_report(agency=None) if n == 0 else None

        self.assert_queries_constant("/", more)

    def section(self, page, template):
        return next(s for s in page.context["sections"] if s["template"] == template)


class ApproverLandingTests(LandingTestCase):
    def test_plans_and_closures_awaiting_the_chairman_are_links(self):
        plan_case = self.run_to(self.intake(), S.PLAN_SUBMITTED)
        closure_case = self.run_to(self.intake(), S.CLOSURE_PROPOSED)
        page = self.home(self.approver_a)
        self.assertContains(page, 'id="decide-plans"')
        self.assertContains(page, 'id="decide-closures"')
        self.assertContains(page, plan_case.get_absolute_url())
        self.assertContains(page, closure_case.get_absolute_url())

    def test_merge_proposals_awaiting_confirmation_are_counted(self):
        twin = new_child(self.ward_a, self.group_a)
        propose_merge(self.child_a, twin, actor=self.officer_a, reason="Trùng")
        page = self.home(self.approver_a)
        self.assertContains(page, reverse("children:merges"))
        registry = next(
            s for s in page.context["sections"] if s["template"] == "children/landing.html"
        )
        self.assertEqual(registry["merges"], 1)

    def test_another_wards_decisions_do_not_appear(self):
        self.login(self.officer_b)
        case_b = self.intake(ward=self.ward_b, actor=self.officer_b)
        page = self.home(self.approver_a)
        self.assertNotContains(page, case_b.get_absolute_url())

    def test_query_count_does_not_grow_with_cases(self):
        self.run_to(self.intake(), S.PLAN_SUBMITTED)
        self.login(self.approver_a)

        def more():
            for n in range(2):
                child = new_child(self.ward_a, self.group_a, given=f"Lan{n}")
                self.run_to(self.intake(child=child), S.PLAN_SUBMITTED)

        self.assert_queries_constant("/", more)


class AgencyReporterLandingTests(LandingTestCase):
    def refer(self):
        case = self.run_to(self.intake(), S.IMPLEMENTATION)
        return refer_case(case, actor=self.officer_a, agency=self.police_a, reason="Hỗ trợ")

    def test_overdue_reports_of_the_agency_are_on_the_landing_page(self):
        report = self.overdue_report()
        page = self.home(self.reporter_a)
        self.assertContains(page, 'id="own-reports"')
        self.assertContains(page, report.get_absolute_url())
        self.assertContains(page, "quá hạn")

    def test_pending_referrals_are_on_the_landing_page(self):
        referral = self.refer()
        page = self.home(self.reporter_a)
        self.assertContains(page, 'id="pending-referrals"')
        self.assertContains(page, reverse("cases:referral-detail", args=[referral.pk]))

    def test_another_agencys_reports_do_not_appear(self):
        from treem.agencies.models import Agency

        police_b = Agency.objects.get(name="Công an phường Thành Vinh")
        report_b = self.overdue_report(agency=police_b)
        self.assertNotContains(self.home(self.reporter_a), report_b.get_absolute_url())

    def test_the_reporter_sees_no_case_list(self):
        self.overdue_case()
        page = self.home(self.reporter_a)
        self.assertNotContains(page, 'id="due-steps"')
        self.assertNotContains(page, self.child_a.full_name)

    def test_query_count_does_not_grow_with_reports_and_referrals(self):
        self.refer()
        self.overdue_report()
        self.login(self.reporter_a)

        def more():
            for task in self.plan.tasks.exclude(pk=self.police_task.pk)[:3]:
                open_report(task, self.police_a, Q3, actor=None)
            self.refer()

        self.assert_queries_constant("/", more)


class ProvinceLandingTests(LandingTestCase):
    def test_the_leader_sees_indicators_plan_progress_and_overdue_counts(self):
        self.overdue_report()
        page = self.home(self.viewer)
        self.assertContains(page, 'id="indicator-overview"')
        self.assertContains(page, 'id="progress-by-agency"')
        self.assertContains(page, 'id="progress-by-ward"')
        self.assertContains(page, self.police_a.name)
        # Targets are written like the values: "99,1 %", never "99,10".
        self.assertNotRegex(page.content.decode(), r'class="num">\d+,\d\d</td>')
        # Indicators come first on the leader's page.
        self.assertEqual(page.context["sections"][0]["template"], "indicators/landing.html")

    def test_the_leader_sees_aggregates_only(self):
        self.overdue_case()
        report = self.overdue_report()
        page = self.home(self.viewer)
        self.assertNotContains(page, self.child_a.full_name)
        self.assertNotContains(page, report.get_absolute_url())
        self.assertNotContains(page, "Các phường, xã đang hoạt động")

    def test_the_leader_has_no_administration_menu(self):
        page = self.home(self.viewer)
        nav = [i["url"] for i in page.context["nav_items"]]
        for url in ("/dia-ban/", "/co-quan/", "/can-bo/", "/nhat-ky/"):
            self.assertNotIn(url, nav)

    def test_the_province_officer_sees_the_overview_and_the_cases_due(self):
        case = self.overdue_case()
        page = self.home(self.province_officer)
        self.assertContains(page, 'id="indicator-overview"')
        self.assertContains(page, 'id="plan-progress"')
        self.assertContains(page, case.number)

    def test_a_ward_officer_gets_no_province_overview(self):
        self.assertNotContains(self.home(self.officer_a), 'id="indicator-overview"')

    def test_query_count_does_not_grow_with_reports(self):
        self.overdue_report()
        self.login(self.viewer)

        def more():
            for task in self.plan.tasks.exclude(pk=self.police_task.pk)[:3]:
                open_report(task, self.police_a, Q3, actor=None)

        self.assert_queries_constant("/", more)


class AdministratorLandingTests(LandingTestCase):
    def test_the_administrator_keeps_the_wards_staff_and_security(self):
        page = self.home(self.admin)
        self.assertContains(page, "Các phường, xã đang hoạt động")
        self.assertContains(page, "tài khoản đang hoạt động")
        nav = [i["url"] for i in page.context["nav_items"]]
        self.assertIn("/dia-ban/", nav)


class StatusOverdueTests(LandingTestCase):
    def test_overdue_uses_one_class_on_the_case_list_and_the_plan_pages(self):
        self.overdue_case()
        self.login(self.officer_a)
        self.assertContains(self.client.get(reverse("cases:list")), "status-overdue")
        self.overdue_report()
        self.assertContains(self.client.get(reverse("plans:overdue-list")), "status-overdue")
