"""In a real browser: a ward officer finds a suggested child, records the
allowance decision, generates the month's payments and records an injury;
the province officer sees the ward's payment list. At 390 px the payment
list scrolls inside its own box, never the page."""

import datetime
import unittest

from treem.accounts.permissions import Role
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.assistance.models import AllowanceDecision, AllowancePayment, Injury
from treem.children.services.episodes import add_circumstance
from treem.children.services.reference import load_reference_codes
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user

from .base import group_code, new_child


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class AssistanceBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_reference_codes()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        province = AdminUnit.objects.get(name="Nghệ An", level=Level.PROVINCE)
        make_user("alice", Role.WARD_OFFICER, self.ward)
        make_user("tinh", Role.PROVINCE_OFFICER, province)
        self.child = new_child(self.ward, given="Bình", dob=datetime.date(2020, 8, 15))
        add_circumstance(
            self.child, actor=None, code=group_code("a"), started_on=datetime.date(2023, 1, 1)
        )

    def as_user(self, username, width=1280):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def test_a_ward_officer_decides_pays_and_records_an_injury(self):
        page = self.as_user("alice")
        self.follow_menu("/tro-giup/")
        page.locator("a[href='/tro-giup/goi-y/']").first.click()
        page.locator("#suggestions a[href*='/tro-giup/quyet-dinh/moi/']").click()
        self.assertEqual(page.locator("[name=child_number]").input_value(), str(self.child.pk))
        page.fill("[name=number]", "15/QĐ-UBND")
        page.fill("[name=decided_on]", "20/06/2024")
        page.fill("[name=signer]", "Chủ tịch UBND phường")
        page.fill("[name=starts_on]", "01/07/2024")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/tro-giup/quyet-dinh/*/")
        decision = AllowanceDecision.objects.get()
        self.assertEqual(decision.number, "15/QĐ-UBND")

        page.goto(f"{self.live_server_url}/tro-giup/chi-tra/?thang=07/2024")
        page.locator("#generate").click()
        page.wait_for_load_state()
        self.assertEqual(AllowancePayment.objects.get().amount, 1250000)
        self.assertIn("Bình", page.locator("#payment-list").inner_text())

        self.follow_menu("/tro-giup/thuong-tich/")
        page.locator("a[href='/tro-giup/thuong-tich/moi/']").click()
        page.fill("[name=child_number]", str(self.child.pk))
        page.fill("[name=occurred_on]", "02/06/2025")
        page.select_option("[name=place_type]", "water")
        page.select_option("[name=cause]", "drowning")
        page.select_option("[name=severity]", "severe")
        page.select_option("[name=outcome]", "recovered")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/tre-em/{self.child.pk}/")
        self.assertEqual(Injury.objects.get().cause, "drowning")
        self.assertIn("15/QĐ-UBND", page.locator("#assistance-support").inner_text())
        self.screenshot("assistance-child-record")

    def test_a_province_officer_reads_the_payments_on_a_phone(self):
        from treem.assistance.services import generate_payments, record_decision

        record_decision(
            self.child,
            actor=None,
            group="no_caregiver",
            number="3/QĐ-UBND",
            decided_on=datetime.date(2024, 6, 1),
            signer="Chủ tịch",
            starts_on=datetime.date(2024, 6, 1),
        )
        generate_payments(datetime.date(2024, 6, 1), actor=None)
        page = self.as_user("tinh", width=390)
        page.goto(f"{self.live_server_url}/tro-giup/chi-tra/?thang=06/2024")
        self.assertIn("Bình", page.locator("#payment-list").inner_text())
        self.assertIn("900", page.locator("#payment-list").inner_text())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        self.assertLessEqual(overflow, 0)
        self.screenshot("assistance-payments-390", page)
