"""VH01 and VH02 computed from the register, against counts made by hand."""

import datetime
from decimal import Decimal

from django.utils import timezone

from treem.areas.models import AdminUnit, Level
from treem.indicators.models import Indicator
from treem.indicators.query import indicator_table
from treem.indicators.refresh import refresh_full
from treem.indicators.services.catalogue import load_indicators

from .. import measures
from .base import PlacesTestCase, new_place

YEAR = timezone.localdate().year


class PlayIndicatorTests(PlacesTestCase):
    """Fixtures (PlacesTestCase): ward A has a play space in Khối 1 and a care
    facility (not a venue); ward B a play space. Added here: a sports ground
    in ward A (a venue, not a play space), a play space of ward B closed last
    year and one of ward A opening tomorrow."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicators()
        new_place(cls.group_a2, code="sports", name="Sân bóng")
        new_place(
            cls.ward_b,
            name="Sân chơi đã đóng",
            opened_on=datetime.date(YEAR - 3, 1, 1),
            closed_on=datetime.date(YEAR - 1, 3, 1),
        )
        new_place(
            cls.ward_a,
            name="Sân chơi sắp mở",
            opened_on=timezone.localdate() + datetime.timedelta(days=1),
        )
        refresh_full()

    def rows(self, unit, year=YEAR):
        return {
            r.code: r
            for r in indicator_table(
                user=self.province_officer, unit=unit, year=year, codes=["VH01", "VH02"]
            )
        }

    def test_both_are_computed_from_the_register(self):
        self.assertEqual(
            set(
                Indicator.objects.filter(code__in=["VH01", "VH02"]).values_list("source", flat=True)
            ),
            {"registry"},
        )

    def test_vh01_counts_open_venues_by_ward(self):
        # Ward A: the play space of Khối 1 and the sports ground (not the facility,
        # not the place opening later); ward B: its play space (not the closed one).
        self.assertEqual(self.rows(self.ward_a)["VH01"].value, Decimal(2))
        self.assertEqual(self.rows(self.ward_b)["VH01"].value, Decimal(1))
        self.assertEqual(self.rows(self.province)["VH01"].value, Decimal(3))

    def test_vh02_is_the_share_of_wards_with_a_play_space(self):
        wards = AdminUnit.objects.in_force().filter(level__in=[Level.WARD, Level.COMMUNE]).count()
        province = self.rows(self.province)["VH02"]
        # By hand: wards A and B have one, out of every ward and commune in force.
        self.assertEqual((province.numerator, province.denominator), (2, wards))
        self.assertEqual(province.value, (Decimal(200) / wards).quantize(Decimal("0.1")))
        self.assertEqual(self.rows(self.ward_a)["VH02"].value, Decimal(100))
        self.assertFalse(province.suppressed)

    def test_a_ward_without_a_play_space_counts_zero(self):
        other = (
            AdminUnit.objects.in_force()
            .filter(level=Level.WARD)
            .exclude(pk__in=[self.ward_a.pk, self.ward_b.pk])
            .first()
        )
        row = self.rows(other)["VH02"]
        self.assertEqual((row.numerator, row.denominator, row.value), (0, 1, Decimal(0)))

    def test_last_year_counts_the_place_closed_since(self):
        counts = measures.contributions([YEAR - 2])
        played = sum(n for k, n in counts.items() if k[2] == "places_for_children")
        # Two years ago: the place closed last year was open; the rest opened later
        # only where they have an opening date (the others count as always open).
        self.assertEqual(played, 4)
