"""The layout in a real browser, as a ward officer sees it on an office screen
(1366×768) and on a phone (390×844): on the phone the menu folds behind one
button and no page scrolls sideways. Screenshots go to var/screenshots/ for a
person to look at."""

import datetime
import unittest
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.children.models import CodeKind, ReferenceCode
from treem.children.services import add_caregiver, add_circumstance, create_child
from treem.children.services.reference import load_reference_codes
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class WardOfficerLayoutTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_reference_codes()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        group = create_unit(
            actor=None, name="Khối 10", level=Level.RESIDENTIAL_GROUP, parent=self.ward
        )
        self.officer = make_user("alice", Role.WARD_OFFICER, self.ward)
        self.child = create_child(
            actor=self.officer,
            unit=group,
            ward=self.ward,
            data={
                "family_name": "Nguyễn",
                "middle_name": "Thị Ngọc",
                "given_name": "Ánh",
                "date_of_birth": datetime.date(2016, 11, 16),
                "sex": "F",
                "personal_id": None,
                "address_line": "Số 12, ngõ 34 đường Nguyễn Thị Minh Khai",
            },
        )
        add_caregiver(
            self.child,
            actor=self.officer,
            relation=ReferenceCode.objects.get(kind=CodeKind.RELATION, code="me"),
            full_name="Trần Thị Hoa",
            phone="0912345678",
        )
        add_circumstance(
            self.child,
            actor=self.officer,
            code=ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_GROUP, sensitive=False)
            .order_by("-name")
            .first(),
            started_on=datetime.date(2024, 1, 1),
        )

    def pages(self):
        return [
            ("landing", "/"),
            ("children-list", reverse("children:list")),
            ("child-record", self.child.get_absolute_url()),
            ("child-edit", reverse("children:edit", args=[self.child.pk])),
            ("data-quality", reverse("children:quality")),
            ("cases", reverse("cases:list")),
            ("plan", reverse("plans:plan-list")),
            ("indicators", reverse("indicators:index")),
        ]

    def shoot(self, page, name, screens=0):
        """The whole page, and its first `screens` screenfuls at full size
        (a long page shrinks too much in one picture to be read)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        size = page.viewport_size
        height = page.evaluate("document.documentElement.scrollHeight")
        for n in range(min(screens, -(-height // size["height"]))):
            clip = {"x": 0, "y": n * size["height"], **size}
            clip["height"] = min(size["height"], height - clip["y"])
            page.screenshot(
                path=str(SCREENSHOTS / f"{name}-{n + 1}.png"), full_page=True, clip=clip
            )

    def open_as_officer(self, viewport):
        context = self.browser.new_context(locale="vi-VN", viewport=viewport)
        page = context.new_page()
        # Bootstrap and treem.js run under the Content-Security-Policy: nothing refused.
        self.refused = []
        page.on(
            "console",
            lambda m: self.refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{self.live_server_url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("alice")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda u: "dang-nhap" not in u)
        return context, page

    def test_main_pages_on_an_office_screen_show_the_whole_menu(self):
        context, page = self.open_as_officer(DESKTOP)
        for name, path in self.pages():
            with self.subTest(name):
                page.goto(f"{self.live_server_url}{path}")
                self.assertTrue(page.locator("#mainnav").is_visible())
                self.assertFalse(page.locator(".menu-button").is_visible())
                self.shoot(page, f"desktop-{name}", screens=2 if "child" in name else 1)
        context.close()

    def test_on_a_phone_the_menu_folds_and_nothing_scrolls_sideways(self):
        context, page = self.open_as_officer(PHONE)
        for name, path in self.pages():
            with self.subTest(name):
                page.goto(f"{self.live_server_url}{path}")
                self.assertFalse(page.locator("#mainnav").is_visible())
                self.assertTrue(page.locator(".menu-button").is_visible())
                width = page.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(width, page.evaluate("window.innerWidth"), name)
                self.shoot(page, f"phone-{name}", screens=6 if name == "child-record" else 1)
        # One button opens the menu, with every entry reachable.
        page.goto(f"{self.live_server_url}/")
        page.locator(".menu-button").click()
        page.locator("#mainnav.show").wait_for()
        self.assertTrue(page.get_by_role("button", name="Cơ sở dữ liệu trẻ em").is_visible())
        self.shoot(page, "phone-menu-open")
        self.assertEqual(self.refused, [])
        context.close()

    def test_on_a_phone_the_list_shows_results_before_the_folded_filters(self):
        context, page = self.open_as_officer(PHONE)
        page.goto(f"{self.live_server_url}{reverse('children:list')}")
        toggle = page.locator("[data-filter-toggle]")
        self.assertTrue(toggle.is_visible())
        self.assertFalse(page.locator("#filters-panel").is_visible())
        first_result = page.locator("#results a", has_text="Nguyễn Thị Ngọc Ánh")
        self.assertLess(first_result.bounding_box()["y"], PHONE["height"])
        toggle.click()
        self.assertTrue(page.locator("#filters-panel").is_visible())
        page.locator("#filters-panel select").first.select_option(index=1)
        self.assertEqual(page.locator("[data-filter-count]").inner_text(), "1")
        self.shoot(page, "phone-children-filters-open")
        context.close()

    def test_a_failed_sub_form_opens_in_view_with_what_was_typed(self):
        context, page = self.open_as_officer(PHONE)
        page.goto(f"{self.live_server_url}{self.child.get_absolute_url()}")
        details = page.locator("#risks details.action")
        details.locator("summary").click()
        details.locator("input[name=started_on]").fill("31/02/2024")
        details.locator("textarea[name=evidence_note]").fill("Hàng xóm báo tin")
        details.locator("button[type=submit]").click()
        page.wait_for_load_state()
        failed = page.locator("#failed-form")
        self.assertEqual(failed.get_attribute("open"), "")
        self.assertTrue(failed.locator(".has-error").first.is_visible())
        self.assertEqual(failed.locator("input[name=started_on]").input_value(), "31/02/2024")
        self.assertTrue(failed.is_visible())
        box = failed.bounding_box()
        self.assertLess(box["y"], PHONE["height"])
        self.assertGreater(box["y"] + box["height"], 0)
        page.screenshot(path=str(SCREENSHOTS / "phone-child-record-failed-sub-form.png"))
        context.close()

    def test_leaving_a_changed_form_asks_first(self):
        context, page = self.open_as_officer(DESKTOP)
        page.goto(f"{self.live_server_url}{reverse('children:edit', args=[self.child.pk])}")
        self.assertIsNotNone(page.locator("form.form").get_attribute("data-leave-warning"))
        page.fill("input[name=address_line]", "Số 14 đường Lê Lợi")
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.locator(".crumbs a", has_text="Trẻ em").click()
        page.wait_for_timeout(500)
        self.assertEqual(asked, ["beforeunload"])
        context.close()

    def test_the_child_record_prints_without_the_navigation_or_the_forms(self):
        context, page = self.open_as_officer(DESKTOP)
        page.goto(f"{self.live_server_url}{self.child.get_absolute_url()}")
        page.emulate_media(media="print")
        self.assertFalse(page.locator(".topbar").is_visible())
        self.assertFalse(page.locator(".section-index").is_visible())
        self.assertFalse(page.locator("details.action").first.is_visible())
        self.assertTrue(page.locator("#record-header h1").is_visible())
        breaks = page.evaluate("getComputedStyle(document.querySelector('#household')).breakBefore")
        self.assertEqual(breaks, "page")
        self.shoot(page, "print-child-record", screens=1)
        context.close()
