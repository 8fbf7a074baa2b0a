"""Register extracts in CSV, Excel and JSON lines read to the same rows; bad files refused."""

import datetime
import json
import tempfile
from pathlib import Path

from django.test import SimpleTestCase
from openpyxl import Workbook

from treem.population import readers

from .fixtures import REGISTER, REGISTER_HEADER, write_csv


class ReadersTest(SimpleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())

    def test_csv_xlsx_and_json_lines_give_the_same_rows(self):
        csv_rows = readers.read_register(
            write_csv(self.folder / "r.csv", REGISTER_HEADER, REGISTER)
        )
        book = Workbook()
        sheet = book.active
        sheet.append(REGISTER_HEADER)
        for row in REGISTER:
            # Excel holds the date as a date cell.
            sheet.append([*row[:2], datetime.date.fromisoformat(row[2]), *row[3:]])
        book.save(self.folder / "r.xlsx")
        xlsx_rows = readers.read_register(self.folder / "r.xlsx")
        jsonl = self.folder / "r.jsonl"
        jsonl.write_text(
            "\n".join(json.dumps(dict(zip(REGISTER_HEADER, r, strict=True))) for r in REGISTER),
            encoding="utf-8",
        )
        self.assertEqual(csv_rows, xlsx_rows)
        self.assertEqual(csv_rows, readers.read_register(jsonl))
        self.assertEqual(csv_rows[0]["sex"], "F")
        self.assertEqual(csv_rows[0]["date_of_birth"], "2015-03-14")

    def test_a_broken_json_line_is_refused_with_its_number(self):
        path = self.folder / "r.jsonl"
        path.write_text('{"person_id": "040315123456"}\n{oops\n', encoding="utf-8")
        with self.assertRaisesMessage(readers.FileProblem, "2"):
            readers.read_register(path)

    def test_another_file_type_is_refused(self):
        path = self.folder / "r.txt"
        path.write_text("x", encoding="utf-8")
        with self.assertRaises(readers.FileProblem):
            readers.read_register(path)

    def test_a_file_that_is_not_a_workbook_is_refused(self):
        path = self.folder / "r.xlsx"
        path.write_bytes(b"not a zip")
        with self.assertRaises(readers.FileProblem):
            readers.read_register(path)
