import shutil
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook

from treem.audit.models import Action, AuditEvent
from treem.core.documents import NATIONAL_MOTTO, pdf_available
from treem.jobs.models import Job
from treem.plans.services.loader import load_plan_ct28
from treem.reports.models import OfficialReport
from treem.reports.services import ReportsPermissionError
from treem.reports.services.assessments import create_assessment
from treem.reports.services.official import default_header, request_report

from .base import ReportsTestCase, indicator_row

MEDIA = Path(settings.BASE_DIR) / "var" / "test-files-reports"
ROWS = [
    indicator_row("YT01", "98.5"),
    indicator_row("BV04", None, name="Số trẻ em bị xâm hại", suppressed=True),
]


def docx_text(path):
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@override_settings(MEDIA_ROOT=MEDIA)
class ReportGenerationTests(ReportsTestCase):
    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(MEDIA, ignore_errors=True)
        super().tearDownClass()

    def generate(self, user, unit, kind="annual_children", *, pdf=False, **extra):
        header = {
            **default_header(unit, kind),
            "number_symbol": "15/BC-UBND",
            "signer_name": "Nguyễn Văn Chủ",
            **extra,
        }
        with (
            mock.patch("treem.reports.official.data.indicator_rows", return_value=ROWS),
            mock.patch("treem.reports.jobs.pdf_available", return_value=pdf),
            self.captureOnCommitCallbacks(execute=True),
        ):
            report = request_report(actor=user, kind=kind, unit=unit, year=2025, **header)
        report.refresh_from_db()
        return report

    def path(self, report, fmt):
        return MEDIA / report.file_for(fmt)

    def test_the_annual_report_has_the_official_layout_and_the_figures(self):
        create_assessment(self.ward_a, 2025, actor=self.officer_a)
        report = self.generate(self.officer_a, self.ward_a)
        self.assertEqual(report.job.status, Job.Status.DONE, report.job.error)
        text = docx_text(self.path(report, "docx"))
        self.assertIn(NATIONAL_MOTTO, text)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", text)
        self.assertIn("Số: 15/BC-UBND", text)
        self.assertIn("ỦY BAN NHÂN DÂN PHƯỜNG TRƯỜNG VINH", text)
        self.assertIn("Nơi nhận:", text)
        self.assertIn("Nguyễn Văn Chủ", text)
        # 4 children in ward A, 2 with an ID (50%), 2 in special circumstances, 1 supported.
        self.assertIn("Trường Vinh là 4 em (nam 2, nữ 2)", text)
        self.assertIn("2 em có mã số định danh cá nhân hợp lệ (50%)", text)
        self.assertIn("hoàn cảnh đặc biệt trong năm: 2 em", text)
        self.assertIn("1 em được trợ giúp (50%)", text)
        self.assertIn("98,5", text)
        self.assertIn("< 5", text)  # the suppressed indicator
        self.assertIn("tự đánh giá đạt", text)

    def test_the_annex_has_the_statistical_tables(self):
        report = self.generate(self.officer_a, self.ward_a)
        workbook = load_workbook(self.path(report, "xlsx"))
        self.assertEqual(workbook.sheetnames, ["Biểu 01", "Biểu 02", "Biểu 03"])
        population = workbook["Biểu 01"]
        self.assertEqual(population["A1"].value, "Biểu số: 01/TE")
        self.assertEqual(population["A9"].value, "STT")
        self.assertEqual(
            [c.value for c in population[11]][:7],
            [1, "Tổng số trẻ em dưới 16 tuổi", "01", "Người", 4, 2, 2],
        )
        indicators = workbook["Biểu 03"]
        self.assertEqual(indicators["C11"].value, "YT01")
        self.assertEqual(indicators["E11"].value, "98,5")
        self.assertEqual(indicators["F11"].value, 197)

    def test_generation_is_audited_and_the_files_are_downloadable(self):
        report = self.generate(self.officer_a, self.ward_a)
        event = AuditEvent.objects.get(
            action=Action.EXPORT, subject_type="reports.officialreport", subject_id=str(report.pk)
        )
        self.assertEqual(event.actor, self.officer_a)
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.CREATE, subject_type="reports.officialreport"
            ).exists()
        )
        self.login(self.officer_a)
        for fmt in ("docx", "xlsx"):
            response = self.client.get(f"/bao-cao/dinh-ky/{report.pk}/tai-ve/{fmt}/")
            self.assertEqual(response.status_code, 200)
            self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(
            self.client.get(f"/bao-cao/dinh-ky/{report.pk}/tai-ve/pdf/").status_code, 404
        )

    def test_the_pdf_is_made_with_libreoffice(self):
        if not pdf_available():
            self.skipTest("LibreOffice (soffice) is not installed: no PDF to check")
        report = self.generate(self.officer_a, self.ward_a, pdf=True)
        self.assertTrue(report.pdf_file, report.job.message)
        self.assertEqual(self.path(report, "pdf").read_bytes()[:4], b"%PDF")

    def test_the_directive_28_report_uses_the_plan_progress(self):
        load_plan_ct28()
        report = self.generate(self.province_officer, self.province, kind="directive_28")
        self.assertEqual(report.job.status, Job.Status.DONE, report.job.error)
        text = docx_text(self.path(report, "docx"))
        self.assertIn("Chỉ thị số 28-CT/TW", text)
        self.assertIn("SỞ Y TẾ", text)
        self.assertIn("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", text)
        workbook = load_workbook(self.path(report, "xlsx"))
        self.assertIn("Biểu 05", workbook.sheetnames)
        # Province-wide: ward A's 4 children and ward B's one.
        self.assertIn("Nghệ An là 5 em", text)

    def test_a_ward_officer_reports_only_for_their_ward(self):
        for unit in (self.ward_b, self.province):
            with self.assertRaises(ReportsPermissionError):
                request_report(
                    actor=self.officer_a,
                    kind="annual_children",
                    unit=unit,
                    year=2025,
                    issuer="x",
                    number_symbol="1",
                )
        for user in (self.viewer, self.collaborator_a, self.reporter_a, self.admin):
            with self.assertRaises(ReportsPermissionError):
                request_report(
                    actor=user,
                    kind="annual_children",
                    unit=self.ward_a,
                    year=2025,
                    issuer="x",
                    number_symbol="1",
                )

    def test_the_province_officer_reports_for_the_province_and_any_ward(self):
        for unit in (self.province, self.ward_b):
            report = self.generate(self.province_officer, unit)
            self.assertEqual(report.job.status, Job.Status.DONE)

    def test_another_ward_cannot_see_or_download_the_report(self):
        report = self.generate(self.officer_a, self.ward_a)
        self.login(self.officer_b)
        self.assertEqual(self.client.get(f"/bao-cao/dinh-ky/{report.pk}/").status_code, 404)
        self.assertEqual(
            self.client.get(f"/bao-cao/dinh-ky/{report.pk}/tai-ve/docx/").status_code, 404
        )
        self.assertNotContains(self.client.get("/bao-cao/dinh-ky/"), "15/BC-UBND")
        self.login(self.province_officer)
        self.assertEqual(
            self.client.get(f"/bao-cao/dinh-ky/{report.pk}/tai-ve/docx/").status_code, 200
        )

    def test_the_list_of_generated_reports_runs_a_constant_number_of_queries(self):
        self.generate(self.officer_a, self.ward_a)
        self.login(self.officer_a)
        self.assert_queries_constant(
            "/bao-cao/dinh-ky/", lambda: self.generate(self.officer_a, self.ward_a)
        )

    def test_the_request_form_starts_the_job_and_shows_its_progress(self):
        self.login(self.officer_a)
        page = self.client.get("/bao-cao/dinh-ky/moi/")
        self.assertContains(page, "Ủy ban nhân dân phường Trường Vinh")
        data = {
            **default_header(self.ward_a, "annual_children"),
            "kind": "annual_children",
            "unit": self.ward_a.pk,
            "year": 2025,
            "number_symbol": "7/BC-UBND",
            "issued_on": "05/01/2026",
        }
        with (
            mock.patch("treem.reports.jobs.pdf_available", return_value=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post("/bao-cao/dinh-ky/moi/", data)
        report = OfficialReport.objects.get(number_symbol="7/BC-UBND")
        self.assertRedirects(response, report.job.get_absolute_url())
        self.assertEqual(report.issued_on.isoformat(), "2026-01-05")
        self.assertContains(
            self.client.get(report.job.get_absolute_url()), report.get_absolute_url()
        )

    def test_the_request_form_refuses_a_unit_out_of_scope(self):
        self.login(self.officer_a)
        data = {
            **default_header(self.ward_b, "annual_children"),
            "kind": "annual_children",
            "unit": self.ward_b.pk,
            "year": 2025,
        }
        response = self.client.post("/bao-cao/dinh-ky/moi/", data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(OfficialReport.objects.exists())

    def test_roles_without_the_permission_do_not_see_the_pages(self):
        for user in (self.viewer, self.collaborator_a, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get("/bao-cao/dinh-ky/").status_code, 404)
            self.assertEqual(self.client.get("/bao-cao/dinh-ky/moi/").status_code, 404)
