"""In a real browser: an officer registers a child, finds the child by typing
the name without accents, and opens the record."""

import unittest

from treem.accounts.permissions import Role
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.children.models import Child
from treem.children.services.reference import load_reference_codes
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class RegistryBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_reference_codes()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.officer = make_user("alice", Role.WARD_OFFICER, self.ward)

    def test_officer_registers_searches_without_accents_and_opens_the_child(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(lambda u: "dang-nhap" not in u)

        page.goto(f"{self.live_server_url}/tre-em/them/")
        page.fill("input[name=full_name]", "Nguyễn Thị Ngọc Ánh")
        page.fill("input[name=date_of_birth]", "14/03/2016")
        page.select_option("select[name=sex]", "F")
        page.select_option("select[name=unit]", str(self.ward.pk))
        page.fill("input[name=address_line]", "12 Lê Lợi")
        page.fill("input[name=cg1-full_name]", "Trần Thị Hoa")
        page.fill("input[name=cg1-phone]", "0912345678")
        self.screenshot("registry-create-form")
        page.locator("form.form button[type=submit]").last.click()
        page.wait_for_url(lambda u: "/them/" not in u)
        child = Child.objects.get(given_name="Ánh")
        self.assertEqual(child.ward, self.ward)

        page.goto(f"{self.live_server_url}/tre-em/")
        page.fill("#child-filters input[name=q]", "nguyen thi ngoc anh")
        # htmx refreshes the results and the address as the officer types.
        page.wait_for_url(lambda u: "q=nguyen" in u)
        link = page.locator("#results a", has_text="Nguyễn Thị Ngọc Ánh")
        link.wait_for()
        self.screenshot("registry-search-without-accents")
        link.click()
        page.wait_for_url(f"**/tre-em/{child.pk}/")
        self.assertIn("Nguyễn Thị Ngọc Ánh", page.locator("h1").inner_text())
        self.assertIn("Trần Thị Hoa", page.locator("#household").inner_text())
        self.screenshot("registry-detail")
