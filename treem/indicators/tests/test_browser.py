"""Browser tests: the province dashboard, and figures entered by a health
station and locked by the approver."""

import unittest
from pathlib import Path

from django.conf import settings

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.children.services.reference import load_reference_codes
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.indicators.models import EntryState, Submission
from treem.indicators.refresh import refresh_full
from treem.indicators.services.catalogue import load_indicators

from .helpers import D, make_child


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class DashboardBrowserTests(BrowserTestCase):
    """Selectors use ids, form actions and field names, not wording."""

    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_reference_codes()
        load_indicators()
        self.province = AdminUnit.objects.get(level=Level.PROVINCE, name="Nghệ An")
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        for i in range(12):
            make_child(
                self.ward,
                self.ward,
                D(2016 + i % 8, 1 + i % 12, 1 + i),
                "MF"[i % 2],
                with_id=i % 3 != 0,
            )
        refresh_full()
        make_user("tinh", Role.PROVINCE_OFFICER, self.province)
        self.health = Agency.objects.get(name="Trạm Y tế phường Trường Vinh")
        make_user("yte", Role.AGENCY_REPORTER, self.ward, self.health)
        make_user("chau", Role.WARD_APPROVER, self.ward)

    def as_user(self, username):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def test_province_officer_reads_the_dashboard_and_its_chart_table(self):
        page = self.as_user("tinh")
        page.goto(f"{self.live_server_url}/chi-tieu/")
        page.wait_for_url("**/chi-tieu/don-vi/*/")
        self.assertIn("TE02", page.locator("#h-ind + .table-wrap").inner_text())
        page.locator("#chi-tieu").select_option("TE01")
        page.locator("form.filters button").click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("svg.chart").count() >= 2, True)
        page.locator("#h-wards ~ details summary").click()
        table = page.locator("#h-wards ~ details table").inner_text()
        self.assertIn("Trường Vinh", table)
        self.assertIn("12", table)
        self.screenshot("indicators-province-dashboard")
        with page.expect_download() as download:
            page.locator("a[href*='/wards.csv']").click()
        self.assertTrue(download.value.suggested_filename.endswith(".csv"))

    def test_health_station_enters_quarterly_vaccination_and_approver_locks(self):
        page = self.as_user("yte")
        page.goto(f"{self.live_server_url}/chi-tieu/nhap/")
        page.locator("#id_agency").select_option(str(self.health.pk))
        page.locator("#id_period").select_option("2025-Q3")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/chi-tieu/nhap/*/")
        page.locator("#num-YT02").fill("190")
        page.locator("#den-YT02").fill("200")
        page.locator("form[action$='/luu/'] button[type=submit]").click()
        page.wait_for_load_state()
        page.locator("button[name=move][value=nop]").click()
        page.wait_for_load_state()
        submission = Submission.objects.get()
        self.assertEqual(submission.state, EntryState.SUBMITTED)
        self.screenshot("indicators-figures-submitted")

        page = self.as_user("chau")
        page.goto(f"{self.live_server_url}/chi-tieu/duyet/")
        page.locator(f"a[href='{submission.get_absolute_url()}']").click()
        page.locator("button[name=move][value=duyet]").click()
        page.wait_for_load_state()
        submission.refresh_from_db()
        self.assertEqual(submission.state, EntryState.LOCKED)
        self.assertEqual(page.locator("#num-YT02").count(), 0)  # locked: no input left
        self.screenshot("indicators-figures-locked")

    def shoot(self, page, name):
        # The screenshots live under var/screenshots (looked at by people).
        folder = Path(settings.BASE_DIR) / "var" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"indicators-{name}.png"), full_page=True)

    def test_dashboards_on_desktop_and_phone_for_province_and_ward(self):
        ward_officer = make_user("phuong", Role.WARD_OFFICER, self.ward)
        for username, who in (("tinh", "province"), (ward_officer.username, "ward")):
            for width, height, device in ((1366, 768, "desktop"), (390, 844, "phone")):
                page = self.as_user(username)
                page.set_viewport_size({"width": width, "height": height})
                page.goto(f"{self.live_server_url}/chi-tieu/")
                page.wait_for_url("**/chi-tieu/don-vi/*/")
                page.goto(page.url + "?nam=2025&chi-tieu=TE02")
                shown = page.locator(".chart-narrow" if device == "phone" else ".chart-wide")
                hidden = page.locator(".chart-wide" if device == "phone" else ".chart-narrow")
                self.assertTrue(shown.first.is_visible(), (who, device))
                self.assertFalse(hidden.first.is_visible(), (who, device))
                svg = shown.first.inner_html()
                self.assertIn("chart-legend", svg)
                self.assertIn("chart-target", svg)
                if device == "phone":
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    self.assertLessEqual(scroll, width, (who, "scrolls sideways"))
                self.shoot(page, f"{who}-{device}")
