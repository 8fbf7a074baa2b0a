"""The amount of a month: base level in force on the month's first day ×
the coefficient of the group for the child's age (Decree 20/2021/NĐ-CP
Art. 6(1); base level Art. 4(2): 360,000 VND from 01/07/2021, raised to
500,000 VND from 01/07/2024 by Decree 76/2024/NĐ-CP)."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from treem.assistance.rules import base_level, coefficient, monthly_amount, parse, rules

BORN = datetime.date(2020, 8, 15)  # 4 years old on 15/08/2024


class BaseLevelTests(SimpleTestCase):
    def test_the_base_level_is_360000_until_june_2024_and_500000_from_july(self):
        self.assertEqual(base_level(datetime.date(2024, 6, 1))[0], 360000)
        self.assertEqual(base_level(datetime.date(2024, 7, 1))[0], 500000)
        self.assertIn("76/2024", base_level(datetime.date(2024, 7, 1))[1])

    def test_there_is_no_base_level_before_the_decree(self):
        self.assertEqual(base_level(datetime.date(2021, 6, 1)), (0, ""))


class CoefficientTests(SimpleTestCase):
    def test_a_child_under_4_without_a_caregiver_has_2_5(self):
        """Art. 5(1) children under 4: coefficient 2.5 (Art. 6(1))."""
        self.assertEqual(coefficient("no_caregiver", BORN, datetime.date(2024, 8, 1)).value, 2.5)

    def test_from_4_to_under_16_the_coefficient_is_1_5(self):
        self.assertEqual(coefficient("no_caregiver", BORN, datetime.date(2024, 9, 1)).value, 1.5)

    def test_at_16_there_is_no_child_allowance(self):
        self.assertIsNone(coefficient("no_caregiver", BORN, datetime.date(2036, 9, 1)))

    def test_children_with_hiv_of_poor_households_have_2_5_then_2(self):
        self.assertEqual(coefficient("hiv_poor", BORN, datetime.date(2024, 1, 1)).value, 2.5)
        self.assertEqual(coefficient("hiv_poor", BORN, datetime.date(2025, 1, 1)).value, 2)

    def test_an_unknown_group_has_no_coefficient(self):
        self.assertIsNone(coefficient("nope", BORN, datetime.date(2024, 1, 1)))

    def test_every_rule_names_its_source(self):
        for group in rules().groups.values():
            self.assertIn("Nghị định 20/2021/NĐ-CP, Điều 5", group.source)
            for c in group.coefficients:
                self.assertIn("Điều 6", c.source)


class AmountTests(SimpleTestCase):
    def test_june_2024_is_paid_at_the_old_base_level(self):
        self.assertEqual(
            monthly_amount("no_caregiver", BORN, datetime.date(2024, 6, 10)),
            (900000, Decimal("2.5"), 360000),
        )

    def test_july_2024_is_paid_at_the_new_base_level(self):
        self.assertEqual(
            monthly_amount("no_caregiver", BORN, datetime.date(2024, 7, 1)),
            (1250000, Decimal("2.5"), 500000),
        )

    def test_the_month_after_the_fourth_birthday_is_paid_at_1_5(self):
        # Age is counted on the month's first day: August 2024 still under 4.
        self.assertEqual(
            monthly_amount("no_caregiver", BORN, datetime.date(2024, 8, 1))[0], 1250000
        )
        self.assertEqual(monthly_amount("no_caregiver", BORN, datetime.date(2024, 9, 1))[0], 750000)

    def test_a_newer_base_level_in_the_data_applies_from_its_date(self):
        data = parse(
            {
                "base_levels": [
                    {"from": "2021-07-01", "amount": 360000, "source": "x"},
                    {"from": "2027-01-01", "amount": 600000, "source": "y"},
                ],
                "groups": [
                    {
                        "code": "g",
                        "name": "G",
                        "source": "s",
                        "coefficients": [
                            {"from": "2021-07-01", "under_age": 16, "value": "1.5", "source": "c"}
                        ],
                    }
                ],
            }
        )
        self.assertEqual(monthly_amount("g", BORN, datetime.date(2026, 12, 1), data)[0], 540000)
        self.assertEqual(monthly_amount("g", BORN, datetime.date(2027, 1, 1), data)[0], 900000)
