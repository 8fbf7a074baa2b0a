"""Normalisation and comparison vectors of the Vietnamese linkage model."""

import datetime

import pandas as pd
from django.test import SimpleTestCase

from treem.population.linkage import WardResolver, engine
from treem.population.linkage import features as feat

# Levels of the full-name comparison, as gamma values (Splink numbers them from the bottom).
NAME = {"exact": 7, "folded": 6, "dropped_middle": 5, "order": 4, "jw92": 3, "jw85": 2,
        "given": 1, "else": 0}  # fmt: skip
PID = {"exact": 3, "typo_fits": 2, "last6": 1, "else": 0, "null": -1}
DOB = {"exact": 4, "swapped": 3, "days": 2, "year": 1, "else": 0}


def record(uid, name, pid="", dob="2015-03-14", sex="F", mother="Trần Thị Hoa", ward="Trường Vinh"):
    return {
        "unique_id": uid,
        "personal_id": pid,
        "full_name": name,
        "date_of_birth": dob,
        "sex": sex,
        "mother_name": mother,
        "father_name": "",
        "ward": ward,
    }


class NameFormsTest(SimpleTestCase):
    def test_a_name_gives_its_forms_from_strict_to_loose(self):
        forms = feat.name_forms("Nguyễn Thị Ngọc Ánh")
        self.assertEqual(
            forms,
            ("nguyễn thị ngọc ánh", "nguyen thi ngoc anh", "nguyen ngoc anh", "nguyen anh", 4,
             "anh ngoc nguyen thi", "anh", "nguyen"),
        )  # fmt: skip

    def test_eth_nfd_and_old_tone_placement_give_the_same_exact_form(self):
        import unicodedata

        typed = ["Ðặng Thị Hoà", unicodedata.normalize("NFD", "Đặng Thị Hòa"), "Đặng Thị Hòa"]
        self.assertEqual({feat.name_forms(t)[0] for t in typed}, {"đặng thị hòa"})

    def test_d_typed_as_plain_d_differs_exactly_but_folds_the_same(self):
        a, b = feat.name_forms("Đặng Văn Minh"), feat.name_forms("Dặng Văn Minh")
        self.assertNotEqual(a[0], b[0])
        self.assertEqual(a[1], b[1])

    def test_caregiver_forms_drop_thi_and_van_only_in_the_middle(self):
        self.assertEqual(
            feat.caregiver_forms("Văn Thị Lan"),
            ("van thi lan", "van lan", "lan", "van lan", "lan thi van"),
        )
        self.assertEqual(feat.caregiver_forms(""), (None,) * 5)

    def test_an_id_is_kept_only_when_it_is_twelve_digits(self):
        self.assertEqual(feat.parse_pid("040 315 123456"), "040315123456")
        self.assertIsNone(feat.parse_pid("04031512345"))
        self.assertIsNone(feat.parse_pid("abc"))

    def test_the_date_of_birth_and_sex_say_what_digits_four_to_six_should_be(self):
        self.assertEqual(feat.expected_id_digits(datetime.date(2015, 3, 14), "F"), "315")
        self.assertEqual(feat.expected_id_digits(datetime.date(1999, 3, 14), "M"), "099")
        self.assertIsNone(feat.expected_id_digits(None, "M"))

    def test_a_former_ward_leads_to_its_current_successor(self):
        resolve = WardResolver.from_csv()
        self.assertEqual(resolve("Vinh Tân"), "truong vinh")
        self.assertEqual(resolve("Phường Trường Vinh"), "truong vinh")
        self.assertEqual(resolve("Nowhere"), "nowhere")

    def test_features_of_a_frame_keep_missing_values_as_none(self):
        frame = feat.features(pd.DataFrame([record("1", "Lê An", dob="", sex="")]))
        row = frame.iloc[0]
        self.assertIsNone(row["pid"])
        self.assertIsNone(row["dob"])
        self.assertTrue(pd.isna(row["dob_year"]))


class ComparisonVectorsTest(SimpleTestCase):
    """Pairs of records and the level each comparison puts them in (shipped trained model)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from splink import Linker

        base = feat.features(pd.DataFrame([record("0", "Nguyễn Thị Lan")]))
        db_api = engine.duckdb_api()
        cls.linker = Linker(
            [
                engine._register(db_api, base, "local"),
                engine._register(db_api, base.assign(unique_id="r0"), "register"),
            ],
            engine._settings(False, "link_only", train=False),
            log_level=None,
        )

    def gammas(self, left, right):
        rows = feat.features(pd.DataFrame([left, right])).to_dict("records")
        out = self.linker.inference.score_pair(rows[0], rows[1]).as_pandas_dataframe()
        return {
            c[len("gamma_") :]: int(out[c].iloc[0]) for c in out.columns if c.startswith("gamma_")
        }

    def name_level(self, a, b):
        return self.gammas(record("1", a), record("2", b))["full_name"]

    def test_name_levels_from_strict_to_loose(self):
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Nguyễn Thị Lan"), NAME["exact"])
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Nguyen Thi Lan"), NAME["folded"])
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Nguyễn Lan"), NAME["dropped_middle"])
        self.assertEqual(
            self.name_level("Nguyễn Thị Ngọc Lan", "Nguyễn Lan"), NAME["dropped_middle"]
        )
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Lan Nguyễn Thị"), NAME["order"])
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Nguyễn Thị Lanh"), NAME["jw92"])
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Phạm Thị Lan"), NAME["given"])
        self.assertEqual(self.name_level("Nguyễn Thị Lan", "Trần Văn Hùng"), NAME["else"])

    def pid_level(self, a, b, dob="2015-03-14", sex="F"):
        g = self.gammas(record("1", "A", pid=a, dob=dob, sex=sex), record("2", "A", pid=b))
        return g["personal_id"]

    def test_id_levels(self):
        good = "040315123456"
        self.assertEqual(self.pid_level(good, good), PID["exact"])
        # One digit wrong in the year: the register's ID still fits the child's DOB and sex.
        self.assertEqual(self.pid_level("040316123456", good), PID["typo_fits"])
        self.assertEqual(self.pid_level("040315124356", good), PID["typo_fits"])  # swapped
        # One digit away but a boy born in 2016: not a typing error of this girl's number.
        self.assertEqual(self.pid_level("040216123456", good, dob="2016-01-01", sex="M"),
                         PID["last6"])  # fmt: skip
        self.assertEqual(self.pid_level("001315123456", good), PID["last6"])
        self.assertEqual(self.pid_level("040315999999", good), PID["else"])
        self.assertEqual(self.pid_level("", good), PID["null"])

    def dob_level(self, a, b):
        return self.gammas(record("1", "A", dob=a), record("2", "A", dob=b))["date_of_birth"]

    def test_date_of_birth_levels(self):
        self.assertEqual(self.dob_level("2015-03-14", "2015-03-14"), DOB["exact"])
        self.assertEqual(self.dob_level("2015-03-04", "2015-04-03"), DOB["swapped"])
        self.assertEqual(self.dob_level("2015-03-14", "2015-03-19"), DOB["days"])
        self.assertEqual(self.dob_level("2015-03-14", "2015-11-19"), DOB["year"])
        self.assertEqual(self.dob_level("2015-03-14", "2012-03-14"), DOB["else"])

    def test_a_former_ward_agrees_with_its_successor(self):
        ward = WardResolver.from_csv()
        rows = feat.features(
            pd.DataFrame([record("1", "A", ward="Vinh Tân"), record("2", "A")]), ward
        ).to_dict("records")
        out = self.linker.inference.score_pair(rows[0], rows[1]).as_pandas_dataframe()
        self.assertEqual(int(out["gamma_ward_key"].iloc[0]), 1)
