"""The recipients' import: all or nothing, with Vietnamese row errors."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.assistance.importer import COLUMNS, import_file
from treem.assistance.models import AllowanceDecision

from .base import AssistanceTestCase, new_child


def workbook(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([header for _key, header, _required in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


class ImportTests(AssistanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second = new_child(cls.ward_a, given="Dũng", sex="M", personal_id="040216000123")

    def good_rows(self):
        return [
            [
                str(self.orphan.pk),
                "no_caregiver",
                "1/QĐ-UBND",
                "01/03/2024",
                "Chủ tịch",
                "01/03/2024",
                "",
            ],
            [
                "040216000123",
                "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng",
                "2/QĐ-UBND",
                datetime.datetime(2024, 4, 1),
                "Chủ tịch",
                "01/04/2024",
                "31/12/2025",
            ],
        ]

    def test_a_good_file_imports_every_row(self):
        report = import_file(workbook(self.good_rows()), actor=self.officer_a)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(report.written, 2)
        self.assertEqual(
            sorted(AllowanceDecision.objects.values_list("number", flat=True)),
            ["1/QĐ-UBND", "2/QĐ-UBND"],
        )

    def test_one_bad_row_imports_nothing_and_names_the_row(self):
        rows = self.good_rows() + [
            [str(self.child_b.pk), "khong-co", "3/QĐ", "32/13/2024", "", "01/01/2024", ""]
        ]
        report = import_file(workbook(rows), actor=self.officer_a)
        self.assertFalse(report.ok)
        self.assertEqual(AllowanceDecision.objects.count(), 0)
        found = {(e.row, e.column) for e in report.errors}
        self.assertIn((4, "Mã định danh hoặc số hồ sơ trẻ em"), found)  # another ward's child
        self.assertIn((4, "Nhóm đối tượng"), found)
        self.assertIn((4, "Ngày quyết định"), found)
        self.assertIn((4, "Người ký"), found)

    def test_a_service_refusal_rolls_back_the_rows_before_it(self):
        self.decide(starts_on=datetime.date(2023, 1, 1))  # the orphan already has one
        report = import_file(workbook(self.good_rows()), actor=self.officer_a)
        self.assertFalse(report.ok)
        self.assertEqual(AllowanceDecision.objects.count(), 1)

    def test_the_upload_page_reports_errors_in_vietnamese(self):
        self.login(self.officer_a)
        upload = SimpleUploadedFile(
            "ds.xlsx", workbook([["999999", "x", "", "", "", "", ""]]).getvalue()
        )
        response = self.client.post(reverse("assistance:import"), {"file": upload})
        self.assertContains(response, "Không có gì được nhập")
        self.assertContains(response, "Không có trẻ em nào mang số này")
