import unittest

from treem.accounts.permissions import Role
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.workdays import services
from treem.workdays.models import CalendarAdjustment


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class CalendarBrowserTests(BrowserTestCase):
    """Selectors use URLs and field names, not wording."""

    def setUp(self):
        super().setUp()
        services.clear_cache()
        make_user("admin", Role.ADMIN)

    def test_the_administrator_enters_an_announced_make_up_saturday(self):
        page = self.page
        self.log_in("admin", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        page.goto(f"{self.live_server_url}/ngay-lam-viec/?year=2026")
        self.assertEqual(page.locator("tr[data-date='2026-02-17']").count(), 1)
        page.locator("a[href$='/ngay-lam-viec/them/']").first.click()
        page.wait_for_url("**/them/")
        page.locator("#id_date").fill("14/03/2026")
        page.locator("#id_kind").select_option("working_day")
        page.locator("#id_name").fill("Làm bù cho ngày nghỉ thứ Hai 16/03/2026")
        page.locator("#id_source").fill("Thông báo số 99/TB-BNV (thử nghiệm)")
        page.locator("#id_certainty").select_option("verified")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/ngay-lam-viec/?year=2026")
        row = page.locator("tr[data-date='2026-03-14']")
        self.assertIn("Thông báo số 99/TB-BNV", row.inner_text())
        self.screenshot("workdays-calendar-2026")
        services.clear_cache()
        self.assertTrue(CalendarAdjustment.objects.filter(date="2026-03-14").exists())
