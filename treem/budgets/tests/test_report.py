"""The official reports list the year's activities by task and the budget
per task: generated as the officers generate them, then read back from the
.docx and the .xlsx annex."""

import datetime
import shutil
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook

from treem.jobs.models import Job
from treem.reports.services.official import default_header, request_report

from .base import YEAR, BudgetTestCase

MEDIA = Path(settings.BASE_DIR) / "var" / "test-files-budgets"


def docx_text(path):
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@override_settings(MEDIA_ROOT=MEDIA)
class ReportTests(BudgetTestCase):
    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(MEDIA, ignore_errors=True)
        super().tearDownClass()

    def generate(self, user, unit, kind):
        header = {**default_header(unit, kind), "number_symbol": "15/BC", "signer_name": "A"}
        with (
            mock.patch("treem.reports.official.data.indicator_rows", return_value=[]),
            mock.patch("treem.reports.jobs.pdf_available", return_value=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            report = request_report(actor=user, kind=kind, unit=unit, year=YEAR, **header)
        report.refresh_from_db()
        self.assertEqual(report.job.status, Job.Status.DONE, report.job.error)
        return MEDIA / report.docx_file, MEDIA / report.xlsx_file

    def setUp(self):
        self.activity(day=datetime.date(YEAR, 8, 10), title="Tuyên truyền tại khối 3")
        self.activity(
            self.health_a,
            day=datetime.date(YEAR, 6, 1),
            title="Tháng hành động vì trẻ em",
            kind=self.month,
        )
        self.activity(self.police_b, day=datetime.date(YEAR, 9, 1), title="Hoạt động phường B")
        self.activity(day=datetime.date(YEAR - 1, 9, 1), title="Hoạt động năm trước")
        self.funded_line(spent=6_500_000)
        self.funded_line(self.police_b, allocated=10_000_000, mobilised=0, spent=1_000_000)

    def test_the_directive_28_report_lists_activities_and_budget(self):
        docx, xlsx = self.generate(self.province_officer, self.province, "directive_28")
        text = docx_text(docx)
        self.assertIn("Các hoạt động đã triển khai", text)
        self.assertIn("đã tổ chức 3 hoạt động", text)
        self.assertIn("Nhiệm vụ III.4.1", text)
        self.assertIn("Tuyên truyền tại khối 3", text)
        self.assertIn("Hoạt động phường B", text)
        self.assertNotIn("Hoạt động năm trước", text)
        self.assertIn("10/08/2026", text)
        self.assertIn("45 trẻ em, 10 cha mẹ, người chăm sóc", text)
        self.assertIn("Kinh phí thực hiện", text)
        self.assertIn("kinh phí được giao 30.000.000 đồng", text)
        self.assertIn("huy động 5.000.000 đồng", text)
        self.assertIn("đã chi 7.500.000 đồng", text)
        workbook = load_workbook(xlsx)
        self.assertIn("Biểu 06", workbook.sheetnames)
        activities = workbook["Biểu 06"]
        titles = [activities.cell(row=r, column=2).value for r in range(11, 14)]
        self.assertIn("Tuyên truyền tại khối 3", titles)
        row = [c.value for c in activities[11 + titles.index("Tuyên truyền tại khối 3")]]
        self.assertEqual(
            row[2:10],
            [
                "III.4.1",
                "Chiến dịch truyền thông",
                "10/08/2026",
                "10/08/2026",
                self.police_a.name,
                45,
                10,
                0,
            ],
        )
        budget = workbook["Biểu 07"]
        self.assertEqual(budget["C11"].value, "III.4.1")
        self.assertEqual(
            [c.value for c in budget[11]][3:7], [30_000_000, 5_000_000, 7_500_000, 27_500_000]
        )
        self.assertEqual(budget["B12"].value, "Tổng cộng")

    def test_a_ward_report_holds_only_the_wards_activities_and_budget(self):
        docx, xlsx = self.generate(self.officer_a, self.ward_a, "annual_children")
        text = docx_text(docx)
        self.assertIn("Tuyên truyền tại khối 3", text)
        self.assertIn("Tháng hành động vì trẻ em", text)
        self.assertNotIn("Hoạt động phường B", text)
        self.assertIn("kinh phí được giao 20.000.000 đồng", text)
        self.assertIn("đã chi 6.500.000 đồng (26,0% tổng nguồn)", text)
        workbook = load_workbook(xlsx)
        self.assertEqual(workbook["Biểu 07"]["D11"].value, 20_000_000)
