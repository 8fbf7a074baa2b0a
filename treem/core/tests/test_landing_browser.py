"""The landing pages of the leader and of an agency's reporter in a real
browser, on a desktop and on a phone: their work first, nothing sideways."""

import datetime
import unittest

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.plans.services.loader import load_plan_ct28
from treem.plans.services.reports import open_report

Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class RoleLandingBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        province = AdminUnit.objects.get(name="Nghệ An", level=Level.PROVINCE)
        ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        police = Agency.objects.get(name="Công an phường Trường Vinh")
        plan = load_plan_ct28()
        self.report = open_report(plan.tasks.get(number="III.4.1"), police, Q3, actor=None)
        make_user("giang", Role.VIEWER, province)
        make_user("em", Role.AGENCY_REPORTER, ward, police)

    def look(self, name):
        self.screenshot(f"landing-{name}")
        phone = self.browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        phone.add_cookies(self.context.cookies())
        small = phone.new_page()
        small.goto(f"{self.live_server_url}/")
        self.assertLessEqual(small.evaluate("document.documentElement.scrollWidth"), 390)
        self.screenshot(f"landing-{name}-phone", page=small)
        phone.close()

    def test_the_leader_opens_on_indicators_and_plan_progress(self):
        self.log_in("giang", PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        headings = self.page.locator("main h2").all_inner_texts()
        self.assertTrue(headings[0].startswith("Chỉ tiêu so với mục tiêu"), headings)
        self.assertTrue(self.page.locator("#progress-by-agency").is_visible())
        self.assertFalse(self.page.get_by_role("button", name="Quản trị").count())
        self.look("leader")

    def test_the_reporter_sees_the_overdue_report_first_and_opens_it(self):
        self.log_in("em", PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        overdue = self.page.locator("#own-reports li.status-overdue")
        self.assertEqual(overdue.count(), 1)
        color = overdue.evaluate("el => getComputedStyle(el).color")
        self.assertEqual(color, "rgb(164, 22, 26)")
        self.look("agency-reporter")
        overdue.get_by_role("link").click()
        self.page.wait_for_url(f"{self.live_server_url}{self.report.get_absolute_url()}")
