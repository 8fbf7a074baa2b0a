"""BV06–BV09 counted from the injury register and the registry, against
hand counts."""

import datetime

from treem.assistance.services import record_injury
from treem.children.models import CodeKind, ReferenceCode
from treem.children.services.episodes import add_risk
from treem.indicators.query import indicator_table
from treem.indicators.refresh import refresh_full, refresh_incremental
from treem.indicators.services.catalogue import load_indicators

from .base import AssistanceTestCase, new_child

D = datetime.date


class InjuryIndicatorTests(AssistanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicators()
        a = [new_child(cls.ward_a, cls.group_a, given=f"A{i}", dob=D(2015, 1, 1)) for i in range(8)]
        cls.kids = a
        injuries = [
            (a[0], D(2025, 3, 1), "drowning"),
            (a[0], D(2025, 7, 1), "fall"),  # the same child again: once in BV06
            (a[1], D(2025, 5, 1), "drowning"),
            (a[2], D(2025, 6, 1), "traffic"),
            (a[3], D(2025, 6, 2), "burn"),
            (a[4], D(2025, 6, 3), "animal_bite"),
            (a[5], D(2024, 6, 3), "drowning"),  # another year
            (cls.child_b, D(2025, 6, 3), "drowning"),  # another ward
        ]
        for child, when, cause in injuries:
            record_injury(
                child,
                actor=None,
                occurred_on=when,
                place_type="other",
                cause=cause,
                severity="moderate",
                outcome="recovered",
            )
        labour = ReferenceCode.objects.get(kind=CodeKind.RISK_CATEGORY, code="r02")
        for child in a[:6]:
            add_risk(child, actor=None, code=labour, started_on=D(2025, 2, 1))
        refresh_full(today=D(2025, 12, 31))

    def numbers(self, code, unit=None, year=2025):
        row = indicator_table(
            user=self.province_officer,
            unit=unit or self.ward_a,
            year=year,
            codes=[code],
            suppress=False,
        )[0]
        return row.numerator, row.denominator

    def test_bv06_counts_injured_children_once_a_year(self):
        self.assertEqual(self.numbers("BV06")[0], 5)
        self.assertEqual(self.numbers("BV06", year=2024)[0], 1)
        self.assertEqual(self.numbers("BV06", unit=self.province)[0], 6)

    def test_bv07_is_per_100000_children(self):
        # Ward A holds the orphan (born 2020) and the eight children of 2015.
        self.assertEqual(self.numbers("BV07"), (5, 9))

    def test_bv08_counts_drowned_children(self):
        self.assertEqual(self.numbers("BV08")[0], 2)
        self.assertEqual(self.numbers("BV08", unit=self.province)[0], 3)

    def test_bv09_counts_children_5_to_15_in_child_labour(self):
        # Six children of 2015 (aged 10) with the risk; the orphan is 5 in 2025.
        self.assertEqual(self.numbers("BV09"), (6, 9))

    def test_the_incremental_refresh_counts_a_new_injury(self):
        record_injury(
            self.kids[7],
            actor=None,
            occurred_on=D(2025, 8, 8),
            place_type="water",
            cause="drowning",
            severity="severe",
            outcome="death",
        )
        refresh_incremental(today=D(2025, 12, 31))
        self.assertEqual(self.numbers("BV06")[0], 6)
        self.assertEqual(self.numbers("BV08")[0], 3)
