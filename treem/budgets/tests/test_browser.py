"""In a real browser: an agency's reporter opens its budget line for a task
from the menu, enters the allocation, a sponsor's gift and the spending of
one of its activities (the activity's cost offered); the province officer
then sees spent against allocated in the plan matrix, on a desktop and on a
phone. Selectors use URLs and field names, not wording."""

import unittest

from django.utils import timezone

from treem.accounts.permissions import Role
from treem.activities.kinds import load_kinds
from treem.activities.models import ActivityKind
from treem.activities.services.activities import record_activity
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.plans.periods import period_containing
from treem.plans.services.loader import load_plan_ct28
from treem.plans.services.reports import open_report

from ..models import BudgetLine
from ..summary import totals_by


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class BudgetsBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_kinds()
        self.plan = load_plan_ct28()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.province = AdminUnit.objects.get(level=Level.PROVINCE, name="Nghệ An")
        self.police = Agency.objects.get(name="Công an phường Trường Vinh")
        make_user("em", Role.AGENCY_REPORTER, self.ward, self.police)
        make_user("tinh", Role.PROVINCE_OFFICER, self.province)
        self.task = self.plan.tasks.get(number="III.4.1")
        self.today = timezone.localdate()
        open_report(self.task, self.police, period_containing("quarterly", self.today), actor=None)
        self.activity = record_activity(
            actor=None,
            kind=ActivityKind.objects.get(code="campaign"),
            title="Tuyên truyền phòng, chống xâm hại tại khối 5",
            agency=self.police,
            tasks=[self.task],
            starts_on=self.today,
            ends_on=self.today,
            cost=1_200_000,
        )

    def as_user(self, username, width=1280):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def assert_no_sideways_scroll(self, page):
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)

    def test_reporter_enters_the_budget_and_the_province_sees_it_in_the_matrix(self):
        page = self.as_user("em")
        self.follow_menu("/kinh-phi/")
        page.locator("a[href^='/kinh-phi/moi/']").click()
        page.wait_for_url("**/kinh-phi/moi/**")
        page.locator("#id_task").select_option(str(self.task.pk))
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/kinh-phi/*/")
        line = BudgetLine.objects.get()
        self.assertEqual((line.agency, line.year), (self.police, self.today.year))

        page.locator("#allocation summary").click()
        page.locator("#id_cap-amount").fill("20000000")
        page.locator("#id_cap-source").fill("Quyết định số 125/QĐ-UBND")
        page.locator("form[action$='/cap/'] button[type=submit]").click()
        page.wait_for_load_state()

        page.locator("#mobilisation summary").click()
        page.locator("#id_hd-donor").fill("Quỹ Bảo trợ trẻ em tỉnh Nghệ An")
        page.locator("input[name='hd-form'][value='in_kind']").check()
        page.locator("#id_hd-amount").fill("3000000")
        page.locator("#id_hd-received_on").fill(self.today.isoformat())
        page.locator("form[action$='/huy-dong/'] button[type=submit]").click()
        page.wait_for_load_state()

        # The activity's cost is offered; it counts once saved as spending.
        page.locator(
            f"#activity-suggestions a[href$='hoat-dong={self.activity.pk}#spending']"
        ).click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("#id_chi-amount").input_value(), "1200000")
        page.locator("form[action$='/chi/'] button[type=submit]").click()
        page.wait_for_load_state()
        totals = totals_by(BudgetLine.objects.all())[line.pk]
        self.assertEqual(
            (totals.allocated, totals.mobilised, totals.spent), (20_000_000, 3_000_000, 1_200_000)
        )
        self.assertIn("21.800.000 đ", page.locator("#total-remaining").inner_text())
        self.screenshot("budgets-line")

        page = self.as_user("tinh")
        page.goto(f"{self.live_server_url}/ke-hoach/{self.plan.pk}/ma-tran/")
        cell = page.locator(f"#matrix-budget td[data-task='{self.task.number}']")
        self.assertIn("1.200.000 / 20.000.000 đ", cell.inner_text())
        self.assertIn("6,0%", cell.inner_text())
        self.screenshot("budgets-plan-matrix")
        page.goto(f"{self.live_server_url}/kinh-phi/")
        self.assertIn("20.000.000", page.locator("#budget-year").inner_text())
        self.screenshot("budgets-year")

        page = self.as_user("tinh", width=390)
        for path in (f"/ke-hoach/{self.plan.pk}/ma-tran/", "/kinh-phi/", line.get_absolute_url()):
            page.goto(f"{self.live_server_url}{path}")
            self.assert_no_sideways_scroll(page)
        page.goto(f"{self.live_server_url}/ke-hoach/{self.plan.pk}/ma-tran/")
        page.locator("#matrix-budget").scroll_into_view_if_needed()
        self.assertTrue(page.locator(f"#matrix-budget td[data-task='{self.task.number}']").count())
        self.screenshot("budgets-plan-matrix-phone")
