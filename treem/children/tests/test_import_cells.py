"""What a cell may hold (issue 13 §3.2–3.7): dates and numbers in text
columns, decomposed Unicode, mojibake, too-long values and names with digits
are row errors or file errors in Vietnamese, never a crash nor a silent cut;
the template imports as shipped; the command's summary is Vietnamese."""

import datetime
import io
import unicodedata

import openpyxl
from django.core.management import CommandError, call_command

from treem.children.importer import BY_KEY, FileProblem, import_file
from treem.children.models import Caregiver, Child
from treem.children.tests.test_import import HEADERS, KEYS, VALID, ImportCase, csv_bytes, row
from treem.children.views import io as views_io


def xlsx_cells(rows, headers=HEADERS):
    """An .xlsx whose cells keep their Python types (dates stay dates)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for r in rows:
        sheet.append([r.get(k, "") for k in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def nfd(value):
    return unicodedata.normalize("NFD", value)


def mojibake(value):
    """UTF-8 read as Windows-1252, as Excel shows a UTF-8 CSV it opened as ANSI."""
    return value.encode("utf-8").decode("cp1252", errors="replace")


class CellTypeTests(ImportCase):
    def test_a_date_in_the_grade_column_is_a_row_error_not_a_crash(self):
        rows = [row(personal_id="040217000001", grade=datetime.datetime(2026, 1, 6))]
        report = import_file(self.file(xlsx_cells(rows), ".xlsx"), actor=self.officer_a)
        self.assertEqual([(e.row, e.key) for e in report.errors], [(2, "grade")])
        self.assertIn("06/01/2026", report.errors[0].message)
        self.assertEqual(report.errors[0].column, BY_KEY["grade"].header)

    def test_a_date_in_a_name_column_is_a_row_error(self):
        rows = [row(personal_id="040217000001", mother_name=datetime.date(2020, 6, 1))]
        report = import_file(self.file(xlsx_cells(rows), ".xlsx"), actor=self.officer_a)
        self.assertEqual([(e.row, e.key) for e in report.errors], [(2, "mother_name")])

    def test_a_number_in_the_grade_column_is_read_as_text(self):
        rows = [row(personal_id="040217000001", grade=4, address_line=12)]
        report = import_file(self.file(xlsx_cells(rows), ".xlsx"), actor=self.officer_a, write=True)
        self.assertTrue(report.ok, report.errors)
        child = Child.objects.get(personal_id="040217000001")
        self.assertEqual((child.grade, child.address_line), ("4", "12"))

    def test_the_upload_page_reports_the_date_cell_instead_of_a_system_error(self):
        rows = [row(personal_id="040217000001", grade=datetime.datetime(2026, 1, 6))]
        job = self.upload(xlsx_cells(rows), name="lop.xlsx")
        job.refresh_from_db()
        self.assertEqual(job.status, "done", job.error)
        self.assertEqual(job.result["errors"][0]["key"], "grade")


class UnicodeTests(ImportCase):
    def test_decomposed_unicode_is_normalised_before_every_check(self):
        rows = [
            row(
                personal_id="040317000001",
                sex=nfd("Nữ"),
                family_name=nfd("Đặng"),
                given_name=nfd("Ánh"),
                ward=nfd("Trường Vinh"),
                group=nfd("Khối 2"),
                mother_name=nfd("Hồ Thị Lan"),
            )
        ]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a, write=True)
        self.assertTrue(report.ok, report.errors)
        child = Child.objects.get(personal_id="040317000001")
        self.assertEqual((child.sex, child.family_name, child.given_name), ("F", "Đặng", "Ánh"))
        self.assertTrue(unicodedata.is_normalized("NFC", child.family_name))

    def test_mojibake_in_a_csv_refuses_the_file_with_a_message_about_its_encoding(self):
        rows = [row(personal_id="040217000001", family_name=mojibake("Nguyễn"))]
        with self.assertRaises(FileProblem) as caught:
            import_file(self.file(csv_bytes(rows)), actor=self.officer_a)
        self.assertIn("mã hóa", str(caught.exception))
        self.assertIn("UTF-8", str(caught.exception))

    def test_mojibake_in_an_xlsx_refuses_the_file(self):
        rows = [row(personal_id="040217000001", mother_name=mojibake("Hồ Thị Hương"))]
        with self.assertRaises(FileProblem) as caught:
            import_file(self.file(xlsx_cells(rows), ".xlsx"), actor=self.officer_a)
        self.assertIn("mã hóa", str(caught.exception))

    def test_mojibake_headers_refuse_the_file_with_the_encoding_message(self):
        content = csv_bytes(VALID).decode("utf-8-sig")
        broken = mojibake(content).encode("utf-8")
        with self.assertRaises(FileProblem) as caught:
            import_file(self.file(broken), actor=self.officer_a)
        self.assertIn("mã hóa", str(caught.exception))

    def test_a_windows_1252_csv_is_refused_with_a_vietnamese_message(self):
        content = csv_bytes([row(family_name="Lê", personal_id="040217000001")])
        latin = content.decode("utf-8-sig").replace("Đ", "D").encode("cp1252", errors="replace")
        with self.assertRaises(FileProblem) as caught:
            import_file(self.file(latin), actor=self.officer_a)
        self.assertIn("UTF-8", str(caught.exception))

    def test_real_vietnamese_capitals_are_not_taken_for_mojibake(self):
        rows = [
            row(
                personal_id="040217000001",
                family_name="NGÔ",
                middle_name="ÂU",
                given_name="TẤN",
                address_line="Số 5, ngõ 2 – đường Lê Lợi (cạnh chợ) ÔNG ÍCH KHIÊM",
            )
        ]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a)
        self.assertTrue(report.ok, report.errors)


class LengthAndNameTests(ImportCase):
    def test_a_ten_thousand_character_mothers_name_is_a_row_error_not_cut(self):
        before = Caregiver.objects.count()
        rows = [row(personal_id="040217000001", mother_name="Trần Thị " + "A" * 10_000)]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a, write=True)
        self.assertFalse(report.written)
        self.assertEqual([(e.row, e.key) for e in report.errors], [(2, "mother_name")])
        self.assertIn("50", report.errors[0].message)
        self.assertLess(len(report.errors[0].message), 300)
        self.assertEqual(Caregiver.objects.count(), before)

    def test_a_long_value_in_any_column_is_a_row_error_with_the_limit(self):
        rows = [row(personal_id="040217000001", address_line="x" * 300, grade="1" * 30)]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a)
        found = {e.key: e.message for e in report.errors}
        self.assertEqual(set(found), {"address_line", "grade"})
        self.assertIn("250", found["address_line"])
        self.assertIn("20", found["grade"])

    def test_an_unknown_ward_of_ten_thousand_characters_is_not_echoed_whole(self):
        rows = [row(personal_id="040217000001", ward="P" * 10_000)]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a)
        self.assertEqual([e.key for e in report.errors], ["ward"])
        self.assertLess(len(report.errors[0].message), 300)

    def test_names_with_digits_are_row_errors(self):
        rows = [
            row(personal_id="040217000001", given_name="Nam2"),
            row(personal_id="040217000002", given_name="Bình", mother_name="Hồ Thị 3"),
            row(personal_id="040217000003", given_name="Chi", father_name="=1+1"),
        ]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a)
        self.assertEqual(
            [(e.row, e.key) for e in report.errors],
            [(2, "given_name"), (3, "mother_name"), (4, "father_name")],
        )
        self.assertIn("chữ số", report.errors[0].message)

    def test_names_with_apostrophes_hyphens_and_dots_are_accepted(self):
        rows = [
            row(
                personal_id="040217000001",
                family_name="Ksor",
                middle_name="",
                given_name="H'Hen",
                mother_name="Lê-Trần Thị Ngọc",
            )
        ]
        report = import_file(self.file(csv_bytes(rows)), actor=self.officer_a)
        self.assertTrue(report.ok, report.errors)


class TemplateTests(ImportCase):
    def test_the_downloaded_templates_import_as_shipped(self):
        for suffix, body in (
            (".csv", views_io.template_csv()),
            (".xlsx", views_io.template_xlsx()),
        ):
            with self.subTest(suffix=suffix):
                Child.objects.filter(personal_id="040315000123").delete()
                report = import_file(self.file(body, suffix), actor=self.officer_a, write=True)
                self.assertTrue(report.ok, report.errors)
                self.assertEqual(report.imported, 1)
                self.assertTrue(Child.objects.filter(personal_id="040315000123").exists())

    def test_the_template_an_officer_downloads_imports_in_their_own_ward(self):
        self.login(self.officer_b)
        for fmt in ("csv", "xlsx"):
            with self.subTest(fmt=fmt):
                Child.objects.filter(personal_id="040315000123").delete()
                body = self.client.get(f"/tre-em/nhap/mau.{fmt}").content
                report = import_file(self.file(body, f".{fmt}"), actor=self.officer_b, write=True)
                self.assertTrue(report.ok, report.errors)
                child = Child.objects.get(personal_id="040315000123")
                self.assertEqual((child.ward, child.unit), (self.ward_b, self.group_b))

    def test_a_collaborators_template_names_their_group(self):
        self.login(self.collaborator_a)
        body = self.client.get("/tre-em/nhap/mau.csv").content
        Child.objects.filter(personal_id="040315000123").delete()
        report = import_file(self.file(body), actor=self.collaborator_a, write=True)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(Child.objects.get(personal_id="040315000123").unit, self.group_a)


class CommandSummaryTests(ImportCase):
    def test_the_summary_is_vietnamese_and_lists_the_ignored_columns(self):
        content = csv_bytes(VALID).decode("utf-8-sig").splitlines()
        content[0] += ",Ghi chú riêng,Cột lạ"
        body = "\n".join(line if i == 0 else line + ",x,y" for i, line in enumerate(content))
        out = io.StringIO()
        call_command("import_children", str(self.file(body.encode())), "--dry-run", stdout=out)
        summary = out.getvalue()
        self.assertIn("3 dòng, 3 hợp lệ", summary)
        self.assertIn("Ghi chú riêng, Cột lạ", summary)
        self.assertNotIn("rows", summary)

    def test_the_failure_summary_is_vietnamese(self):
        rows = [row(personal_id="040217000001", given_name="Nam2")]
        with self.assertRaises(CommandError) as caught:
            call_command("import_children", str(self.file(csv_bytes(rows))), stderr=io.StringIO())
        self.assertIn("không ghi gì", str(caught.exception))
