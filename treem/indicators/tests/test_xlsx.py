"""Entering figures from the form's .xlsx template: all or nothing."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from treem.indicators import xlsx
from treem.indicators.services.entry import open_submission

from .test_entry import EntryTestCase


def upload(content, name="so-lieu.xlsx"):
    return SimpleUploadedFile(name, content)


class XlsxTests(EntryTestCase):
    def setUp(self):
        self.sub = open_submission(self.health_a, "2025", actor=self.nurse_a)

    def filled(self, values):
        wb = load_workbook(BytesIO(xlsx.template(self.sub)))
        ws = wb[xlsx.SHEET]
        for row in ws.iter_rows(min_row=xlsx.HEADER_ROW + 1):
            code = row[0].value
            if code in values:
                row[3].value, row[4].value = values[code]
        out = BytesIO()
        wb.save(out)
        return out.getvalue()

    def test_template_lists_the_forms_indicators(self):
        ws = load_workbook(BytesIO(xlsx.template(self.sub)))[xlsx.SHEET]
        codes = [r[0] for r in ws.iter_rows(min_row=xlsx.HEADER_ROW + 1, values_only=True)]
        self.assertEqual(codes, ["YT05", "YT06", "BV06", "BV07", "BV08"])

    def test_a_good_file_saves_every_figure(self):
        content = self.filled({"YT05": (5, 700), "BV08": (2, None), "BV07": (90, 18000)})
        xlsx.import_upload(self.sub, upload(content), actor=self.nurse_a)
        saved = {line.indicator.code: line.numerator for line in self.sub.lines.all()}
        self.assertEqual(saved, {"YT05": 5, "BV08": 2, "BV07": 90})

    def test_a_bad_file_saves_nothing_and_names_every_problem(self):
        content = self.filled({"YT05": (5, 700), "YT06": (900, 700), "BV06": ("nhiều", None)})
        with self.assertRaises(xlsx.UploadProblems) as caught:
            xlsx.import_upload(self.sub, upload(content), actor=self.nurse_a)
        self.assertFalse(self.sub.lines.exists())
        self.assertEqual(len(caught.exception.errors), 1)  # the unreadable cell first
        content = self.filled({"YT05": (5, 700), "YT06": (900, 700)})
        with self.assertRaises(xlsx.UploadProblems) as caught:
            xlsx.import_upload(self.sub, upload(content), actor=self.nurse_a)
        self.assertIn("YT06", caught.exception.errors[0])
        self.assertFalse(self.sub.lines.exists())

    def test_a_file_of_another_period_or_not_a_workbook_is_refused(self):
        other = open_submission(self.health_a, "2024", actor=self.nurse_a)
        content = self.filled({"YT05": (5, 700)})
        with self.assertRaises(xlsx.UploadProblems):
            xlsx.import_upload(other, upload(content), actor=self.nurse_a)
        with self.assertRaises(xlsx.UploadProblems):
            xlsx.import_upload(self.sub, upload(b"not a workbook"), actor=self.nurse_a)
