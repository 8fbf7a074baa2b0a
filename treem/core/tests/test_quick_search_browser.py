"""The header's quick search with the keyboard only, in a real browser:
type a name without accents, arrow down to the child, Enter opens the record;
Escape closes the list."""

import datetime
import unittest

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.children.services.registry import create_child
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class QuickSearchKeyboardTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        group = create_unit(actor=None, name="Khối 1", level=Level.RESIDENTIAL_GROUP, parent=ward)
        make_user("alice", Role.WARD_OFFICER, ward)
        self.child = create_child(
            actor=None,
            unit=group,
            ward=ward,
            data={
                "family_name": "Nguyễn",
                "middle_name": "Thị",
                "given_name": "Ánh",
                "date_of_birth": datetime.date(2016, 3, 14),
                "sex": "F",
            },
            check=False,
        )

    def test_officer_finds_and_opens_a_child_with_the_keyboard(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        box = page.locator("#qs-input")
        box.focus()
        page.keyboard.type("nguyen thi anh")
        option = page.get_by_role("option").first
        option.wait_for()
        self.assertEqual(box.get_attribute("aria-expanded"), "true")
        self.assertIn("Nguyễn Thị Ánh", option.inner_text())
        self.screenshot("quick-search-dropdown")

        page.keyboard.press("ArrowDown")
        self.assertEqual(option.get_attribute("aria-selected"), "true")
        self.assertEqual(box.get_attribute("aria-activedescendant"), option.get_attribute("id"))

        page.keyboard.press("Escape")
        self.assertEqual(box.get_attribute("aria-expanded"), "false")

        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{self.live_server_url}{self.child.get_absolute_url()}")

    def test_enter_without_a_choice_opens_the_results_page(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        box = page.locator("#qs-input")
        box.fill("anh")
        page.keyboard.press("Enter")
        page.wait_for_url("**/tim-kiem/?q=anh")
        self.assertTrue(page.get_by_role("link", name="Nguyễn Thị Ánh").is_visible())

    def test_on_a_phone_the_search_box_fits_without_sideways_scrolling(self):
        self.log_in("alice", PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        phone = self.browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        phone.add_cookies(self.context.cookies())
        small = phone.new_page()
        small.goto(f"{self.live_server_url}/")
        box = small.locator("#qs-input")
        self.assertTrue(box.is_visible())
        box.fill("anh")
        small.get_by_role("option").first.wait_for()
        self.assertLessEqual(small.evaluate("document.documentElement.scrollWidth"), 390)
        self.assertGreaterEqual(box.bounding_box()["height"], 44)
        self.screenshot("quick-search-phone", page=small)
        phone.close()
