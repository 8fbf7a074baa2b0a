"""The engine on a labelled fixture with a known answer, and on a small synthetic population."""

import pandas as pd
from django.test import SimpleTestCase

from treem.population import synthetic
from treem.population.linkage import AUTO, NONE, REVIEW, Thresholds, WardResolver, dedupe, link

from .fixtures import CHILDREN, CHILDREN_HEADER, REGISTER, REGISTER_HEADER


def register_frame(rows):
    frame = pd.DataFrame(rows, columns=REGISTER_HEADER).rename(columns={"person_id": "unique_id"})
    return frame.assign(personal_id=frame["unique_id"])


def children_frame(rows):
    return pd.DataFrame(rows, columns=CHILDREN_HEADER).rename(columns={"record_id": "unique_id"})


class LabelledFixtureTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result = link(
            register_frame(REGISTER),
            children_frame([r for r, _ in CHILDREN]),
            ward_key=WardResolver.from_csv(),
            train=False,
        )
        cls.by_record = cls.result.matches.set_index("record_id")

    def test_every_record_gets_exactly_one_row(self):
        self.assertEqual(sorted(self.result.matches["record_id"]), ["c1", "c2", "c3", "c4", "c5"])

    def test_each_corrupted_record_finds_its_person(self):
        for rec, truth in CHILDREN:
            with self.subTest(rec[0]):
                row = self.by_record.loc[rec[0]]
                if truth:
                    self.assertEqual(row["person_id"], truth)
                    self.assertIn(row["decision"], (AUTO, REVIEW))
                else:
                    self.assertEqual(row["decision"], NONE)
                    self.assertEqual(row["person_id"], "")

    def test_strong_evidence_is_linked_without_review(self):
        self.assertEqual(self.by_record.loc["c1", "decision"], AUTO)
        self.assertEqual(self.by_record.loc["c2", "decision"], AUTO)

    def test_thresholds_are_checked(self):
        with self.assertRaises(ValueError):
            Thresholds(auto=0.5, review=0.9)


class SyntheticPopulationTest(SimpleTestCase):
    """A few hundred noisy records against two thousand register persons: the answer is known."""

    def test_auto_and_review_find_nearly_every_child_and_no_wrong_person(self):
        data = synthetic.generate(2000, 300, seed=5)
        register = pd.DataFrame(data.register).rename(columns={"person_id": "unique_id"})
        register["personal_id"] = register["unique_id"]
        children = pd.DataFrame(data.children).rename(columns={"record_id": "unique_id"})
        result = link(register, children, ward_key=WardResolver.from_csv(), train=False)
        truth = {t["record_id"]: t["person_id"] for t in data.truth}
        found = result.matches[result.matches["decision"] != NONE]
        correct = sum(
            truth[r] == p for r, p in zip(found["record_id"], found["person_id"], strict=True)
        )
        positives = sum(1 for p in truth.values() if p)
        precision, recall = correct / len(found), correct / positives
        self.assertGreaterEqual(precision, 0.99)
        self.assertGreaterEqual(recall, 0.98)


class DedupeTest(SimpleTestCase):
    def test_two_records_of_one_child_form_a_cluster(self):
        rows = [r for r, _ in CHILDREN] + [
            ("c1-again", "040315123456", "Nguyễn Thị Ngọc Ánh", "2015-03-14", "Nữ",
             "Trần Thị Hoa", "Nguyễn Văn Nam", "Trường Vinh"),
        ]  # fmt: skip
        clusters = dedupe(children_frame(rows), threshold=0.9, train=False)
        self.assertEqual(sorted(clusters["unique_id"]), ["c1", "c1-again"])
