"""The link_register command: its contract, and clear failures on malformed input."""

import csv
import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from .fixtures import CHILDREN, CHILDREN_HEADER, REGISTER, REGISTER_HEADER, write_csv


class LinkRegisterCommandTest(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.register = write_csv(self.folder / "register.csv", REGISTER_HEADER, REGISTER)
        self.children = write_csv(
            self.folder / "children.csv", CHILDREN_HEADER, [r for r, _ in CHILDREN]
        )
        self.output = self.folder / "matches.csv"

    def run_command(self, **options):
        err = io.StringIO()
        call_command(
            "link_register",
            register=str(options.pop("register", self.register)),
            children=str(options.pop("children", self.children)),
            output=str(self.output),
            stderr=err,
            **options,
        )
        return err.getvalue()

    def test_one_row_per_record_with_the_contract_columns_and_progress_on_stderr(self):
        err = self.run_command(train=False)
        with self.output.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        self.assertEqual(
            list(rows[0]), ["record_id", "person_id", "match_probability", "decision", "reason"]
        )
        self.assertEqual(sorted(r["record_id"] for r in rows), ["c1", "c2", "c3", "c4", "c5"])
        truth = {r[0]: t for r, t in CHILDREN}
        for row in rows:
            self.assertIn(row["decision"], ("auto", "review", "none"))
            if row["decision"] == "none":
                self.assertEqual(row["person_id"], "")
            else:
                self.assertEqual(row["person_id"], truth[row["record_id"]])
            self.assertTrue(0 <= float(row["match_probability"]) <= 1)
        self.assertIn("100% done", err)

    def bad(self, name, header, rows):
        return write_csv(self.folder / name, header, rows)

    def assert_refused(self, message, **files):
        with self.assertRaisesMessage(CommandError, message):
            self.run_command(**files)
        self.assertFalse(self.output.exists(), "nothing is written from a malformed file")

    def test_a_missing_column_is_named(self):
        path = self.bad("r.csv", REGISTER_HEADER[:-1], [r[:-1] for r in REGISTER])
        self.assert_refused("ward", register=path)

    def test_a_date_not_in_iso_form_is_refused_with_its_line(self):
        rows = [list(r) for r in REGISTER]
        rows[1][2] = "02/09/2018"
        self.assert_refused("Dòng 3", register=self.bad("r.csv", REGISTER_HEADER, rows))

    def test_a_sex_other_than_nam_or_nu_is_refused(self):
        rows = [list(r) for r, _ in CHILDREN]
        rows[0][4] = "X"
        self.assert_refused("Nam", children=self.bad("c.csv", CHILDREN_HEADER, rows))

    def test_a_person_id_that_is_not_twelve_digits_is_refused(self):
        rows = [list(r) for r in REGISTER]
        rows[0][0] = "12345"
        self.assert_refused("12", register=self.bad("r.csv", REGISTER_HEADER, rows))

    def test_a_record_id_twice_is_refused(self):
        rows = [list(r) for r, _ in CHILDREN]
        rows[1][0] = rows[0][0]
        self.assert_refused("c1", children=self.bad("c.csv", CHILDREN_HEADER, rows))

    def test_an_empty_file_and_a_missing_file_are_refused(self):
        empty = self.folder / "empty.csv"
        empty.write_text("", encoding="utf-8")
        self.assert_refused("empty.csv:", register=empty)
        self.assert_refused("nope.csv", register=self.folder / "nope.csv")

    def test_a_file_that_is_not_utf8_is_refused(self):
        path = self.folder / "latin.csv"
        path.write_bytes(",".join(REGISTER_HEADER).encode() + b"\n1,\xe9\n")
        self.assert_refused("UTF-8", register=path)

    def test_thresholds_out_of_order_are_refused(self):
        with self.assertRaises(CommandError):
            self.run_command(auto=0.4, review=0.9)
