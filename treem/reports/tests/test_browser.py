import shutil
import unittest
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.test import override_settings

from treem.accounts.permissions import Role
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.reports.models import Assessment, CriterionItem
from treem.reports.services.criteria import load_child_friendly_criteria

MEDIA = Path(settings.BASE_DIR) / "var" / "test-files-reports-browser"


@unittest.skipUnless(chromium_available(), SKIP_REASON)
@override_settings(MEDIA_ROOT=MEDIA)
class AssessmentAndReportBrowserTests(BrowserTestCase):
    """Selectors use field names and URLs, not wording."""

    def setUp(self):
        super().setUp()
        load_areas()
        load_child_friendly_criteria()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        make_user("alice", Role.WARD_OFFICER, self.ward)

    def tearDown(self):
        super().tearDown()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_a_ward_officer_runs_an_assessment_and_downloads_the_annual_report(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(f"{self.live_server_url}/")
        self.follow_menu("/bao-cao/danh-gia/")
        page.locator(f"a[href='/bao-cao/danh-gia/phuong/{self.ward.pk}/']").first.click()
        page.locator("#id_year").select_option("2025")
        page.locator("button[name=create]").click()
        page.wait_for_url("**/bao-cao/danh-gia/*/")
        item = CriterionItem.objects.get(code="1.1")
        page.locator(f"#points-{item.pk}").fill("50")
        page.locator(f"#note-{item.pk}").fill("Có công chức chuyên trách")
        page.locator("button[name=save]").click()
        page.wait_for_load_state()
        self.assertEqual(page.locator("#total-points").inner_text().strip(), "50")
        self.assertEqual(Assessment.objects.get(unit=self.ward, year=2025).total_points, 50)
        self.screenshot("reports-assessment")

        self.follow_menu("/bao-cao/dinh-ky/")
        page.locator("a[href='/bao-cao/dinh-ky/moi/']").click()
        page.locator("#id_year").select_option("2025")
        page.locator("#id_number_symbol").fill("21/BC-UBND")
        with mock.patch("treem.reports.jobs.pdf_available", return_value=False):
            page.locator("button[name=generate]").click()
            page.wait_for_url("**/tac-vu/*/")
        page.locator("#job-progress a[href^='/bao-cao/dinh-ky/']").click()
        page.wait_for_url("**/bao-cao/dinh-ky/*/")
        with page.expect_download() as download_info:
            page.locator("#downloads a[href$='/tai-ve/docx/']").click()
        download = download_info.value
        self.assertEqual(download.suggested_filename, "bao-cao-tre-em-2025.docx")
        self.assertEqual(Path(download.path()).read_bytes()[:2], b"PK")
        self.screenshot("reports-official-report")
