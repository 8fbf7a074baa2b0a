import unittest

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class WardOfficerBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        create_unit(actor=None, name="Khối 1", level=Level.RESIDENTIAL_GROUP, parent=self.ward)
        make_user("alice", Role.WARD_OFFICER, self.ward)

    def test_officer_logs_in_in_vietnamese_and_sees_the_landing_page(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        self.assertEqual(page.locator("html").get_attribute("lang"), "vi")
        self.assertIn("Xin chào", page.locator("h1").inner_text())
        self.assertTrue(page.get_by_role("heading", name="Phường của tôi").is_visible())
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        # Grouped entries sit in folded menus: read every link, shown or not.
        labels = [t.strip() for t in nav.locator("a").all_text_contents()]
        for label in ("Trang chủ", "Trẻ em", "Địa bàn", "Cơ quan", "Cán bộ"):
            self.assertIn(label, labels)
        self.assertNotIn("Nhật ký", labels)
        self.screenshot("ward-officer-landing")

        # The ward page lists the residential group the officer manages.
        page.get_by_role("link", name="Trường Vinh").first.click()
        self.assertTrue(page.get_by_role("link", name="Khối 1").is_visible())

        # A phone-sized screen folds the menu behind one button and keeps
        # every entry reachable from it.
        phone = self.browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 740})
        phone.add_cookies(self.context.cookies())
        small = phone.new_page()
        small.goto(f"{self.live_server_url}/")
        self.assertFalse(small.get_by_role("link", name="Cán bộ").is_visible())
        small.get_by_role("button", name="Trình đơn").click()
        small.get_by_role("button", name="Quản trị").click()
        small.get_by_role("link", name="Cán bộ").wait_for()
        width = small.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 375)
        self.screenshot("ward-officer-landing-phone", page=small)
        phone.close()
