import unittest

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.plans.models import ProgressReport, ReportState
from treem.plans.services.loader import load_plan_ct28


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class ReportWorkflowBrowserTests(BrowserTestCase):
    """Selectors use form actions and field names, not wording, so the test
    holds before and after the Vietnamese translations are added."""

    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        self.plan = load_plan_ct28()
        ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.police = Agency.objects.get(name="Công an phường Trường Vinh")
        make_user("em", Role.AGENCY_REPORTER, ward, self.police)
        make_user("alice", Role.WARD_OFFICER, ward)
        self.task = self.plan.tasks.get(number="III.4.1")

    def as_user(self, username):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def fill_and_submit(self, page, text):
        page.locator("#id_status").select_option("on_track")
        page.locator("#id_done_text").fill(text)
        page.locator("#id_figures").fill("Số buổi tuyên truyền: 12")
        page.locator("button[name=then][value=submit]").click()
        page.wait_for_load_state()

    def test_submit_return_resubmit_accept(self):
        page = self.as_user("em")
        page.goto(f"{self.live_server_url}/ke-hoach/nhiem-vu/{self.task.pk}/")
        page.locator(f"form[action$='/nhiem-vu/{self.task.pk}/bao-cao/'] button").first.click()
        page.wait_for_url("**/sua/")
        self.fill_and_submit(page, "Tuyên truyền tại 12 khối phố")
        report = ProgressReport.objects.get(agency=self.police, task=self.task)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.screenshot("plans-report-submitted")

        page = self.as_user("alice")
        page.goto(f"{self.live_server_url}{report.get_absolute_url()}")
        page.locator("form[action$='/tra-lai/'] textarea").fill("Bổ sung số liệu theo khối")
        page.locator("form[action$='/tra-lai/'] button").click()
        page.wait_for_load_state()
        self.assertEqual(
            page.locator("#review-comment").inner_text().strip(), "Bổ sung số liệu theo khối"
        )
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.RETURNED)

        page = self.as_user("em")
        page.goto(f"{self.live_server_url}/ke-hoach/bao-cao/{report.pk}/sua/")
        self.assertIn("Bổ sung số liệu theo khối", page.locator(".msg-warning").inner_text())
        self.fill_and_submit(page, "Tuyên truyền tại 12 khối phố; 3 buổi ở trường học")
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)

        page = self.as_user("alice")
        page.goto(f"{self.live_server_url}{report.get_absolute_url()}")
        page.locator("form[action$='/chap-nhan/'] button").click()
        page.wait_for_load_state()
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.ACCEPTED)
        self.assertEqual(page.locator(".versions article").count(), 2)
        self.assertIn("3 buổi ở trường học", page.locator(".versions article").first.inner_text())
        self.screenshot("plans-report-accepted")

        # The matrix shows the accepted report in the agency's row.
        page.goto(f"{self.live_server_url}/ke-hoach/{self.plan.pk}/ma-tran/")
        row = page.locator("table.matrix tbody tr", has_text="Công an phường Trường Vinh")
        self.assertEqual(row.locator(".st-accepted").count(), 1)
        self.screenshot("plans-matrix")
