"""Keyboard only, on the demo seed (issue 15 point 11): the header's quick
search, the intake of a report picking the child by the search, and an
agency's progress report drafted then submitted. Nothing is clicked: Tab,
Shift+Tab, arrow keys, Space, Enter and typing. At every step the focused
element shows a focus ring and is on screen."""

import re
import unicodedata
import unittest

from django.contrib.auth import get_user_model

from treem.cases.models import Case
from treem.children.models import Child
from treem.core.browser import SKIP_REASON, chromium_available
from treem.plans.models import ProgressReport, ReportState

from .journey_support import DESKTOP, LOGINS, SeededBrowserTestCase


def unaccented(text):
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class KeyboardJourneyTests(SeededBrowserTestCase):
    def user(self, role):
        return get_user_model().objects.get(username=LOGINS[role])

    def tab_to(self, page, selector, *, limit=120, back=False):
        """Tab (or Shift+Tab) until the element matching `selector` has the
        focus; every element passed on the way must show its focus ring."""
        key = "Shift+Tab" if back else "Tab"
        for step in range(limit):
            page.keyboard.press(key)
            focus = self.assert_focus_visible(page, f"{key} #{step + 1} towards {selector}")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return focus
        self.fail(f"{selector} not reached with {limit} presses of {key}")

    def type_into(self, page, selector, text):
        self.tab_to(page, selector)
        page.keyboard.type(text)

    def test_quick_search_finds_a_child_typed_without_accents(self):
        officer = self.user("ward-officer")
        child = Child.objects.visible_to(officer).filter(cases__isnull=False).first()
        context, page = self.open_as("ward-officer", DESKTOP)
        page.goto(f"{self.live_server_url}/")
        # The skip link comes first, then the brand, then the search box.
        self.tab_to(page, "#qs-input", limit=5)
        page.keyboard.type(unaccented(child.full_name), delay=10)
        page.locator("#qs-listbox [role=option]").first.wait_for()
        box = page.locator("#qs-input")
        self.assertEqual(box.get_attribute("aria-expanded"), "true")
        wanted = child.get_absolute_url()
        for _ in range(page.locator("#qs-listbox [role=option]").count()):
            page.keyboard.press("ArrowDown")
            self.assert_focus_visible(page, "arrow down in the results")
            chosen = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
            # The chosen result is marked on screen, not only for a screen reader.
            self.assertNotEqual(chosen.evaluate("e => getComputedStyle(e).outlineStyle"), "none")
            if chosen.get_attribute("data-href") == wanted:
                break
        else:
            self.fail(f"{child.full_name} is not among the results")
        self.shoot(page, "keyboard-quick-search-desktop")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{self.live_server_url}{wanted}")
        self.assertIn(child.full_name, page.locator("h1").inner_text())
        context.close()

    def test_intake_picks_the_child_by_the_search_and_submits_with_enter(self):
        officer = self.user("ward-officer")
        child = Child.objects.visible_to(officer).filter(cases__isnull=True).first()
        before = Case.objects.count()
        context, page = self.open_as("ward-officer", DESKTOP)
        page.goto(f"{self.live_server_url}/vu-viec/tiep-nhan/")
        self.tab_to(page, "#id_channel")
        # A closed select changes with the arrow keys.
        page.keyboard.press("ArrowDown")
        self.tab_to(page, "#id_event_ward")
        page.keyboard.type("Trường Vinh")
        self.assertEqual(
            page.locator("#id_event_ward option:checked").inner_text().strip(), "Trường Vinh"
        )
        self.type_into(page, "#id_event_place", "Số 5 ngõ 12 Lê Lợi")
        self.type_into(page, "#id_description", "Người dân báo trẻ bị bỏ mặc nhiều ngày")
        self.tab_to(page, "#id_harm_kinds_0")
        page.keyboard.press("Space")
        self.assertTrue(page.locator("#id_harm_kinds_0").is_checked())

        self.tab_to(page, "#child-search")
        page.keyboard.type(unaccented(child.full_name), delay=10)
        options = page.locator("#child-results [role=option]")
        options.first.wait_for()
        search = page.locator("#child-search")
        for _ in range(options.count()):
            if search.get_attribute("aria-activedescendant") == f"pick-{child.pk}":
                break
            page.keyboard.press("ArrowDown")
            self.assert_focus_visible(page, "arrow down in the children found")
        self.assertEqual(search.get_attribute("aria-activedescendant"), f"pick-{child.pk}")
        page.keyboard.press("Enter")
        self.assertEqual(page.locator("input[name=child_id]").input_value(), str(child.pk))
        # Enter picked the child and moved the focus to "choose another child".
        self.assert_focus_visible(page, "after picking")
        self.shoot(page, "keyboard-intake-picked-desktop")

        self.tab_to(page, "#intake-submit")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/vu-viec/\d+/$"))
        self.assertEqual(Case.objects.count(), before + 1)
        self.assertEqual(Case.objects.latest("pk").child, child)
        context.close()

    def test_a_reporter_drafts_then_submits_a_progress_report(self):
        reporter = self.user("agency-reporter")
        agency = reporter.assignments.filter(agency__isnull=False).first().agency
        context, page = self.open_as("agency-reporter", DESKTOP)
        page.goto(f"{self.live_server_url}/")
        # The first report the agency owes, from the landing page.
        self.tab_to(page, "#own-reports a")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        report = ProgressReport.objects.get(pk=int(re.search(r"/(\d+)/$", href).group(1)))
        self.assertEqual(report.agency, agency)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{href}")
        self.tab_to(page, "main a[href$='/sua/']")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sua/")

        self.tab_to(page, "#id_status")
        page.keyboard.press("ArrowDown")
        self.type_into(page, "#id_done_text", "Tuyên truyền tại 12 khối phố")
        self.type_into(page, "#id_figures", "Số buổi tuyên truyền: 12")
        self.tab_to(page, "button[name=then]:not([value=submit])")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{href}")
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.DRAFT)
        self.assertIn("12 khối phố", page.locator("main").inner_text())

        # Back to the form, then "save and submit".
        self.tab_to(page, "main a[href$='/sua/']")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sua/")
        done = page.locator("#id_done_text").input_value()
        self.assertEqual(done, "Tuyên truyền tại 12 khối phố")
        self.tab_to(page, "button[name=then][value=submit]")
        self.shoot(page, "keyboard-progress-report-desktop")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        self.assertIn("Đã gửi báo cáo", page.locator(".messages").inner_text())
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)
        context.close()
