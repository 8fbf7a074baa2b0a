"""Each computed indicator against the hand-counted registry of helpers.py."""

from decimal import Decimal

from django.http import Http404

from treem.indicators.query import indicator_series, indicator_table

from .helpers import IndicatorTestCase


class ComputedIndicatorTests(IndicatorTestCase):
    def table(self, unit, year=2025, user=None, **kw):
        rows = indicator_table(user=user or self.province_officer, unit=unit, year=year, **kw)
        return {r.code: r for r in rows}

    def test_child_population_of_a_ward_includes_its_former_unit(self):
        # a1..a6 and v1, v2: a7 is 16 at the end of 2025, a8 moved out.
        row = self.table(self.ward_a)["TE01"]
        self.assertEqual(row.value, Decimal(8))
        self.assertEqual(row.numerator, 8)

    def test_former_unit_shows_its_own_children(self):
        self.assertEqual(self.table(self.former_a)["TE01"].numerator, None)  # 2 < 5
        self.assertTrue(self.table(self.former_a)["TE01"].suppressed)
        row = self.table(self.former_a, suppress=False)["TE01"]
        self.assertEqual(row.numerator, 2)

    def test_a_child_who_moved_out_counts_until_the_year_before(self):
        # End of 2024: a3..a8 (a7 is 15, a8 not yet gone), v1, v2; a1 and a2 not born.
        self.assertEqual(self.table(self.ward_a, year=2024)["TE01"].numerator, 8)
        self.assertEqual(self.table(self.ward_a, year=2024)["TE02"].numerator, 6)

    def test_small_ward_is_suppressed(self):
        row = self.table(self.ward_b)["TE01"]
        self.assertTrue(row.suppressed)
        self.assertIsNone(row.value)

    def test_province_counts_everyone(self):
        self.assertEqual(self.table(self.province)["TE01"].numerator, 11)

    def test_share_with_a_personal_id(self):
        # With an ID among the 8: a1, a3, a4, a5, v1 = 5.
        row = self.table(self.ward_a)["TE02"]
        self.assertEqual((row.numerator, row.denominator), (5, 8))
        self.assertEqual(row.value, Decimal("62.5"))
        self.assertEqual(row.status, "red")

    def test_birth_registration_under_five(self):
        # Under 5 at the end of 2025: a1, a2, a3 (4), a4 (3), v1 (2); a2 not registered.
        row = self.table(self.ward_a, suppress=False)["TE03"]
        self.assertEqual((row.numerator, row.denominator), (4, 5))

    def test_children_in_special_circumstances(self):
        # 2025: a3 (d), a5 (a, ended in August), a6 (d and c) = 3; v2 ended in 2024.
        rows = self.table(self.ward_a, suppress=False)
        self.assertEqual(rows["BV01"].numerator, 3)
        self.assertEqual(self.table(self.ward_a, year=2024, suppress=False)["BV01"].numerator, 3)
        self.assertEqual((rows["BV03"].numerator, rows["BV03"].denominator), (1, 3))

    def test_kindergarten_and_nursery(self):
        rows = self.table(self.ward_a, suppress=False)
        # 3-5 at end-2025: a3 (4), a4 (3), a5 (5) all at kindergarten.
        self.assertEqual((rows["GD02"].numerator, rows["GD02"].denominator), (3, 3))
        self.assertEqual((rows["GD03"].numerator, rows["GD03"].denominator), (1, 1))
        # 0-2: a1, a2, v1; v1 at nursery.
        self.assertEqual((rows["GD01"].numerator, rows["GD01"].denominator), (1, 3))

    def test_vaccination_and_nutrition_under_fives(self):
        rows = self.table(self.ward_a, suppress=False)
        self.assertEqual((rows["YT01"].numerator, rows["YT01"].denominator), (1, 2))
        # Measured under 5: a1, a2, a3, a4; a2 underweight, a3 stunted.
        self.assertEqual((rows["YT03"].numerator, rows["YT03"].denominator), (1, 4))
        self.assertEqual((rows["YT04"].numerator, rows["YT04"].denominator), (1, 4))

    def test_targets_are_attached(self):
        row = self.table(self.ward_a)["BV02"]
        self.assertEqual(row.target_2025, Decimal("6.5"))
        self.assertEqual(row.target_2030, Decimal("6"))
        self.assertEqual(row.direction, "below")

    def test_series_over_years(self):
        series = indicator_series(
            user=self.viewer, code="TE01", unit=self.ward_a, years=[2023, 2024, 2025]
        )
        self.assertEqual([y for y, _ in series], [2023, 2024, 2025])
        self.assertEqual(series[2][1], Decimal(8))

    def test_officer_cannot_see_another_ward_or_the_province(self):
        with self.assertRaises(Http404):
            self.table(self.ward_b, user=self.officer_a)
        with self.assertRaises(Http404):
            self.table(self.province, user=self.officer_a)
        with self.assertRaises(Http404):
            self.table(self.ward_a, user=self.collaborator_a)
        with self.assertRaises(Http404):
            self.table(self.ward_a, user=self.nobody)

    def test_officer_sees_own_ward_and_its_former_unit(self):
        self.assertEqual(self.table(self.ward_a, user=self.officer_a)["TE01"].numerator, 8)
        self.table(self.former_a, user=self.officer_a)
