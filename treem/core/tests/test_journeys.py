"""Each role's main journey on the demo seed, on an office screen (1366×768)
and on a phone (390×844), as issue 15 asks: every page answers, nothing
scrolls sideways, the page speaks Vietnamese, and a screenshot of what the
user first sees goes to var/screenshots/<role>-<page>-<desktop|phone>.png for
a person to look at.

With TREEM_README_SCREENSHOTS=1 the journeys also write the README's two
pictures to docs/screenshots/ (`make screenshots`)."""

import os
import re
import unittest
from pathlib import Path

from django.conf import settings

from treem.core.browser import SKIP_REASON, chromium_available
from treem.plans.models import Plan

from .journey_support import DEVICES, SeededBrowserTestCase

README_SHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
# English words the interface would show if a string escaped translation.
ENGLISH = re.compile(
    r"\b(Search|Filters?|Children|Cases?|Save|Submit|Cancel|Status|Home|Log out|Overdue)\b"
)


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class RoleJourneyTests(SeededBrowserTestCase):
    def visit(self, page, url, role, name, device):
        response = page.goto(url if url.startswith("http") else f"{self.live_server_url}{url}")
        self.assertLess(response.status, 400, f"{role} {name}: {url}")
        self.check(page, role, name, device)

    def check(self, page, role, name, device):
        label = f"{role}-{name}-{device}"
        page.wait_for_load_state()
        self.assert_no_sideways_scroll(page, label)
        text = page.locator("body").inner_text()
        self.assertIsNone(ENGLISH.search(text), f"{label}: English on the page")
        self.shoot(page, label)

    def first_link(self, page, selector, pattern=None):
        hrefs = page.locator(selector).evaluate_all("els => els.map(a => a.getAttribute('href'))")
        for href in hrefs:
            if pattern is None or re.search(pattern, href):
                return href
        self.fail(f"no link {selector} {pattern or ''} on {page.url}")

    def journey(self, role, steps):
        """`steps(page, device)` walks the journey on each device; the phone
        goes first so that a step that changes data (an answer) comes last."""
        for device in ("phone", "desktop"):
            with self.subTest(device=device):
                context, page = self.open_as(role, DEVICES[device])
                try:
                    self.check(page, role, "landing", device)
                    steps(page, device)
                finally:
                    context.close()

    def test_ward_officer_from_the_children_list_to_a_case(self):
        def steps(page, device):
            case = self.first_link(page, "main a", r"^/vu-viec/\d+/$")
            self.visit(page, "/tre-em/", "ward-officer", "children-list", device)
            self.assertTrue(page.locator("#results").is_visible())
            if device == "phone":
                # Results first: the filters wait behind one button.
                self.assertFalse(page.locator("#filters-panel").is_visible())
            child = self.first_link(page, "#results a", r"^/tre-em/\d+/$")
            self.visit(page, child, "ward-officer", "child-record", device)
            self.assertTrue(page.locator("#record-header").is_visible())
            self.visit(page, case, "ward-officer", "case", device)
            self.assertTrue(page.locator("#case-header").is_visible())
            self.visit(page, "/vu-viec/", "ward-officer", "case-list", device)
            if device == "phone":
                self.assertFalse(page.locator("#filters-panel").is_visible())
                toggle = page.locator("[data-filter-toggle]")
                self.assertGreaterEqual(toggle.bounding_box()["height"], 44)

        self.journey("ward-officer", steps)
        if os.environ.get("TREEM_README_SCREENSHOTS"):
            self.readme_screenshots()

    def test_collaborator_opens_a_child_of_the_residential_group(self):
        def steps(page, device):
            self.visit(page, "/tre-em/", "collaborator", "children-list", device)
            child = self.first_link(page, "#results a", r"^/tre-em/\d+/$")
            self.visit(page, child, "collaborator", "child-record", device)

        self.journey("collaborator", steps)

    def test_approver_opens_a_plan_and_a_closure_awaiting_decision(self):
        def steps(page, device):
            plan = self.first_link(page, "#decide-plans a", r"^/vu-viec/\d+/$")
            closure = self.first_link(page, "#decide-closures a", r"^/vu-viec/\d+/$")
            self.visit(page, plan, "approver", "plan-to-decide", device)
            self.visit(page, closure, "approver", "closure-to-decide", device)

        self.journey("approver", steps)

    def test_agency_reporter_answers_a_referral(self):
        def steps(page, device):
            referral = self.first_link(page, "#pending-referrals a", r"/chuyen-gui/\d+/$")
            self.visit(page, referral, "agency-reporter", "referral", device)
            form = page.locator("#answer-form")
            form.scroll_into_view_if_needed()
            self.check(page, "agency-reporter", "answer-form", device)
            if device == "desktop":
                form.locator("input[name=accept][value='1']").check()
                form.locator("textarea[name=note]").fill("Đã tiếp nhận, cử cán bộ đến nhà trẻ")
                form.locator("button[type=submit]").click()
                self.check(page, "agency-reporter", "referral-answered", device)

        self.journey("agency-reporter", steps)

    def test_province_officer_opens_the_dashboard(self):
        def steps(page, device):
            board = self.first_link(page, "#indicator-overview a", r"/chi-tieu/don-vi/\d+/")
            self.visit(page, board, "province-officer", "dashboard", device)
            # The agencies × tasks matrix: a table far wider than the screen scrolls in its own
            # box (its hidden "nothing owed" labels once widened the whole page to 5,000 px).
            plan = Plan.objects.order_by("pk").first()
            self.visit(page, f"/ke-hoach/{plan.pk}/ma-tran/", "province-officer", "matrix", device)

        self.journey("province-officer", steps)

    def test_leader_sees_indicators_and_plan_progress(self):
        def steps(page, device):
            self.assertTrue(page.locator("#plan-progress").count())
            self.assertFalse(page.get_by_role("button", name="Quản trị").count())
            page.locator("#plan-progress").scroll_into_view_if_needed()
            self.check(page, "leader", "plan-progress", device)

        self.journey("leader", steps)

    def test_administrator_manages_accounts_and_reads_the_audit_trail(self):
        def steps(page, device):
            self.visit(page, "/can-bo/", "admin", "accounts", device)
            self.visit(page, "/nhat-ky/", "admin", "audit", device)

        self.journey("admin", steps)

    def readme_screenshots(self):
        """The README's two pictures: the ward officer's landing page on an
        office screen and a child's record on a phone: what fits on one screen
        (about 140 KB and 60 KB as PNG)."""
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        for device, name, url in (
            ("desktop", "landing-desktop", "/"),
            ("phone", "child-record-phone", None),
        ):
            context, page = self.open_as("ward-officer", DEVICES[device])
            if url is None:
                page.goto(f"{self.live_server_url}/tre-em/")
                url = self.first_link(page, "#results a", r"^/tre-em/\d+/$")
            page.goto(f"{self.live_server_url}{url}")
            page.screenshot(path=str(README_SHOTS / f"{name}.png"))
            context.close()
