"""In a real browser, with the keyboard only: a ward officer records a report
and picks the child by typing the name without accents (issue 15 point 5),
on a desktop and on a 390 px phone; the case page that follows shows who the
case is about and the next deadline, unclipped (point 2). Screenshots go to
var/screenshots/cases-*.png."""

import re
import unittest
from pathlib import Path

from django.conf import settings

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.cases.models import Case, CaseStatus
from treem.cases.services import load_case_data
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user

from .base import new_child

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# Names the elements that stick out, for the failure message.
WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' '
  + Math.round(e.getBoundingClientRect().right))"""


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class IntakePicksTheChildTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_case_data()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.group = create_unit(
            actor=None, name="Khối 3", level=Level.RESIDENTIAL_GROUP, parent=self.ward
        )
        make_user("alice", Role.WARD_OFFICER, self.ward)
        self.child = new_child(self.ward, self.group, given="Ánh")
        new_child(self.ward, self.group, given="Anh Thư", family="Lê")

    def as_alice(self, viewport):
        self.context.close()
        self.context = self.browser.new_context(locale="vi-VN", viewport=viewport)
        self.page = self.context.new_page()
        self.log_in("alice", PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def shot(self, name, part=None):
        """The whole page, and the part under test as it is on screen."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        if part is not None:
            self.page.locator(part).screenshot(path=str(SCREENSHOTS / f"{name}-detail.png"))

    def assert_no_sideways_scroll(self, page):
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(WIDEST)
        self.assertLessEqual(width, page.viewport_size["width"], wide)

    def fill_the_report(self, page):
        page.goto(f"{self.live_server_url}/vu-viec/tiep-nhan/")
        page.select_option("select[name=channel]", "hotline_111")
        page.select_option("select[name=event_ward]", str(self.ward.pk))
        page.fill("input[name=event_place]", "Số 5 ngõ 12 Lê Lợi")
        page.fill("textarea[name=description]", "Tổng đài 111 báo trẻ bị cha đánh")
        page.locator("input[name=harm_kinds]").first.focus()
        page.keyboard.press("Space")
        page.select_option("select[name=perpetrator_relation]", "parent")

    def record_with_keyboard(self, page, suffix):
        self.fill_the_report(page)
        search = page.locator("#child-search")
        search.focus()
        page.keyboard.type("nguyen thi anh", delay=20)
        options = page.locator("#child-results [role=option]")
        options.first.wait_for()
        self.assertEqual(search.get_attribute("aria-expanded"), "true")
        self.assertIn("14/03/2016", options.first.inner_text())
        self.assertIn("Khối 3", options.first.inner_text())
        self.assert_no_sideways_scroll(page)
        self.shot(f"cases-intake-search-{suffix}", "#child")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        active = search.get_attribute("aria-activedescendant")
        self.assertEqual(active, f"pick-{self.child.pk}")
        page.keyboard.press("Enter")
        self.assertEqual(page.locator("input[name=child_id]").input_value(), str(self.child.pk))
        self.assertTrue(page.locator("#child-picked").is_visible())
        self.assertFalse(page.locator("#new-child").is_visible())
        self.shot(f"cases-intake-picked-{suffix}", "#child")

        page.locator("#intake-submit").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/vu-viec/\d+/$"))
        return Case.objects.get(child=self.child)

    def check_case_page(self, page, suffix):
        header = page.locator("#case-header")
        self.assertIn("Nguyễn Thị Ánh", header.inner_text())
        deadline = page.locator("#next-deadline")
        clipped = deadline.evaluate("e => e.scrollWidth > e.clientWidth")
        self.assertFalse(clipped)
        self.assertIn("/", deadline.inner_text())
        self.assert_no_sideways_scroll(page)
        self.shot(f"cases-case-page-{suffix}")
        page.screenshot(path=str(SCREENSHOTS / f"cases-case-page-{suffix}-top.png"))

    def test_an_officer_picks_the_child_by_keyboard_on_a_desktop(self):
        page = self.as_alice(DESKTOP)
        case = self.record_with_keyboard(page, "desktop")
        self.assertEqual(case.status, CaseStatus.INITIAL_ASSESSMENT)
        self.check_case_page(page, "desktop")
        # The header stays in view while scrolling on a desktop.
        page.locator("#attachments").scroll_into_view_if_needed()
        self.assertTrue(page.locator("#case-header").is_visible())
        box = page.locator("#case-header").bounding_box()
        self.assertLess(box["y"], 5)

    def test_an_officer_picks_the_child_by_keyboard_on_a_phone(self):
        page = self.as_alice(PHONE)
        case = self.record_with_keyboard(page, "phone")
        self.assertEqual(case.child, self.child)
        self.check_case_page(page, "phone")

    def test_a_match_of_the_duplicate_warning_opens_in_a_new_tab_and_can_be_picked(self):
        page = self.as_alice(PHONE)
        self.fill_the_report(page)
        page.fill("#new-child input[name=full_name]", "Nguyễn Thị Ánh")
        page.fill("#new-child input[name=date_of_birth]", "14/03/2016")
        page.select_option("#new-child select[name=sex]", "F")
        page.select_option("#new-child select[name=unit]", str(self.group.pk))
        page.locator("#intake-submit").click()
        warning = page.locator("#duplicate-candidates")
        warning.wait_for()
        link = warning.locator(f"a[href='/tre-em/{self.child.pk}/']")
        self.assertEqual(link.get_attribute("target"), "_blank")
        self.assert_no_sideways_scroll(page)
        warning.scroll_into_view_if_needed()
        self.shot("cases-intake-duplicate-phone", "#child")
        warning.locator(f"button[name=pick_child][value='{self.child.pk}']").click()
        page.wait_for_url(re.compile(r".*/vu-viec/\d+/$"))
        self.assertEqual(Case.objects.get().child, self.child)
