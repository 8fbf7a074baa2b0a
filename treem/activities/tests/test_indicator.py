"""TG02, the share of children's recommendations answered on time, read from
the analytics store against a count by hand."""

import datetime
from decimal import Decimal

from treem.indicators.query import indicator_table
from treem.indicators.refresh import refresh_full
from treem.indicators.services.catalogue import load_indicators

from ..models import RecommendationStatus as S
from ..services.forums import change_recommendation
from .base import ActivityTestCase

DUE = datetime.date(2026, 7, 1)


class OnTimeShareTests(ActivityTestCase):
    def answered(self, forum, due, on):
        rec = change_recommendation(
            self.recommendation(forum),
            S.ASSIGNED,
            actor=None,
            addressee=self.police_a,
            deadline=due,
        )
        if on is not None:
            change_recommendation(rec, S.ANSWERED, actor=None, text="Trả lời", on=on)
        return rec

    def value(self, unit):
        [row] = indicator_table(user=self.province_officer, unit=unit, year=2026, codes=["TG02"])
        return row

    def test_share_answered_on_time_matches_a_hand_count(self):
        ward = self.forum(held_on=datetime.date(2026, 5, 1))
        self.answered(ward, DUE, DUE - datetime.timedelta(1))  # on time
        self.answered(ward, DUE, DUE + datetime.timedelta(4))  # late
        self.answered(ward, DUE, None)  # overdue, unanswered
        self.recommendation(ward)  # raised only: not due, not counted
        province = self.forum(self.province, held_on=datetime.date(2026, 5, 2))
        self.answered(province, datetime.date(2026, 8, 1), datetime.date(2026, 8, 1))
        load_indicators()
        refresh_full(today=datetime.date(2026, 12, 1))

        row = self.value(self.ward_a)
        # Ward A by hand: 1 answered on time of 3 due.
        self.assertEqual((row.numerator, row.denominator), (1, 3))
        self.assertEqual(row.value, Decimal("33.3"))
        row = self.value(self.province)
        # The province: its own forum's and the wards': 2 of 4.
        self.assertEqual((row.numerator, row.denominator), (2, 4))
        self.assertEqual(row.value, Decimal("50.0"))
        self.assertIsNone(self.value(self.ward_b).value)
