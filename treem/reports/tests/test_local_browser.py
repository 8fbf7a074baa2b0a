"""A ward officer assesses a school on a phone and the ward's leader
confirms it. Selectors use URLs and field names, not wording."""

import unittest

from treem.accounts.permissions import Role
from treem.agencies.models import Kind
from treem.agencies.services import create_agency
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.reports.models import Assessment, SetKind
from treem.reports.services.criteria import load_criteria_sets

SHOTS = "criteria"


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class SchoolAssessmentBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_criteria_sets()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.school = create_agency(
            actor=None,
            name="Trường Tiểu học Trường Vinh",
            kind=Kind.SCHOOL,
            unit=self.ward,
            valid_from=self.ward.valid_from,
        )
        make_user("alice", Role.WARD_OFFICER, self.ward)
        make_user("chau", Role.WARD_APPROVER, self.ward)

    def as_user(self, username, width=1280):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def assert_no_sideways_scroll(self, page, width):
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), width)

    def test_an_officer_assesses_a_school_on_a_phone_and_the_leader_confirms(self):
        page = self.as_user("alice", width=390)
        page.goto(f"{self.live_server_url}/bao-cao/danh-gia/?loai=school")
        self.assert_no_sideways_scroll(page, 390)
        page.locator("#new-assessment").click()
        page.wait_for_url("**/bao-cao/danh-gia/moi/school/")
        page.locator("#id_school").select_option(str(self.school.pk))
        page.locator("#id_year").select_option("2025")
        self.screenshot(f"{SHOTS}-school-new-390")
        page.locator("button[name=create]").click()
        page.wait_for_url("**/bao-cao/danh-gia/*/")
        assessment = Assessment.objects.get(kind=SetKind.SCHOOL)
        for score in assessment.scores.select_related("item"):
            points = 5 if score.item.code == "4.2" else score.item.max_points
            page.locator(f"#points-{score.item_id}").fill(str(points))
        page.locator(f"#note-{assessment.scores.first().item_id}").fill("Có quyết định thành lập")
        page.locator("button[name=save]").click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("#total-points").inner_text().strip(), "95")
        self.assert_no_sideways_scroll(page, 390)
        self.screenshot(f"{SHOTS}-school-scored-390")
        page.locator("button[name=move][value=submitted]").click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("button[name=move][value=confirmed]").count(), 0)

        page = self.as_user("chau")
        page.goto(f"{self.live_server_url}{assessment.get_absolute_url()}")
        page.locator("button[name=move][value=confirmed]").click()
        page.wait_for_load_state()
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, "confirmed")
        # Created, scored, submitted, confirmed: each a row of the history.
        self.assertGreaterEqual(page.locator("#history tbody tr").count(), 4)
        self.screenshot(f"{SHOTS}-school-confirmed-1280")

        page = self.as_user("chau", width=390)
        page.goto(f"{self.live_server_url}/bao-cao/danh-gia/?loai=school")
        self.assertIn("Trường Tiểu học Trường Vinh", page.content())
        self.assert_no_sideways_scroll(page, 390)
        self.screenshot(f"{SHOTS}-school-list-390")
