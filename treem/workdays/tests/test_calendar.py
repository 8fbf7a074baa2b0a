"""Working-day deadlines across weekends, Tết and the announced swaps."""

import datetime

from django.test import TestCase

from treem.workdays import services
from treem.workdays.models import AdjustmentKind, CalendarAdjustment
from treem.workdays.services import (
    VN_TZ,
    add_working_days,
    is_working_day,
    working_day_deadline,
    working_days_between,
)

D = datetime.date


def at(y, m, d, hh=0, mm=0, tz=VN_TZ):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=tz)


def end_of(y, m, d):
    return at(y, m, d, 23, 59).replace(second=59)


class CalendarTestCase(TestCase):
    def setUp(self):
        services.clear_cache()
        self.addCleanup(services.clear_cache)


class WeekendTests(CalendarTestCase):
    def test_a_friday_evening_report_is_due_at_the_end_of_the_next_friday(self):
        # Friday 06/03/2026 20:00: Monday 09/03 is day 1, Friday 13/03 day 5.
        self.assertEqual(working_day_deadline(at(2026, 3, 6, 20), 5), end_of(2026, 3, 13))

    def test_a_friday_evening_report_with_nine_days_ends_on_the_thursday_after(self):
        self.assertEqual(working_day_deadline(at(2026, 3, 6, 20), 9), end_of(2026, 3, 19))

    def test_the_local_date_counts_not_the_utc_date(self):
        # 17:30 UTC on Thursday is 00:30 on Friday in Vinh: day 1 is Monday.
        start = datetime.datetime(2026, 3, 5, 17, 30, tzinfo=datetime.UTC)
        self.assertEqual(working_day_deadline(start, 1), end_of(2026, 3, 9))

    def test_a_report_on_a_saturday_counts_from_monday(self):
        self.assertEqual(working_day_deadline(at(2026, 3, 7, 9), 1), end_of(2026, 3, 9))

    def test_the_deadline_is_aware_and_in_vietnam_time(self):
        deadline = working_day_deadline(at(2026, 3, 6, 20), 5)
        self.assertEqual(deadline.utcoffset(), datetime.timedelta(hours=7))
        self.assertEqual(deadline.time(), datetime.time(23, 59, 59))

    def test_a_naive_start_is_refused(self):
        with self.assertRaises(ValueError):
            working_day_deadline(datetime.datetime(2026, 3, 6, 20), 5)

    def test_weekends_are_not_working_days(self):
        self.assertFalse(is_working_day(D(2026, 3, 7)))
        self.assertFalse(is_working_day(D(2026, 3, 8)))
        self.assertTrue(is_working_day(D(2026, 3, 9)))


class TetTests(CalendarTestCase):
    def test_the_library_puts_tet_2026_on_17_february(self):
        names = services.library_holidays(2026)
        self.assertEqual(names[D(2026, 2, 17)], "Tết Nguyên Đán")
        for day in range(16, 21):
            self.assertFalse(is_working_day(D(2026, 2, day)), day)

    def test_a_report_just_before_tet_is_due_five_working_days_after_tet(self):
        # Friday 13/02/2026: weekend, Tết 16–20/02, weekend; days 1–5 are 23–27/02.
        self.assertEqual(working_day_deadline(at(2026, 2, 13, 16), 5), end_of(2026, 2, 27))

    def test_a_report_on_the_last_working_day_of_the_year_of_the_snake(self):
        self.assertEqual(add_working_days(D(2026, 2, 12), 1), D(2026, 2, 13))
        self.assertEqual(add_working_days(D(2026, 2, 12), 2), D(2026, 2, 23))

    def test_tet_2025_including_the_29th(self):
        # Tết 2025 (29/01): 27/01–31/01 off, nothing made up.
        self.assertEqual(add_working_days(D(2025, 1, 24), 1), D(2025, 2, 3))
        self.assertTrue(is_working_day(D(2025, 2, 3)))
        self.assertFalse(is_working_day(D(2025, 2, 8)))


class MayDayAndNationalDayTests(CalendarTestCase):
    def test_30_april_and_1_may_2026_are_skipped(self):
        # Wednesday 29/04: Thursday and Friday are holidays, then the weekend.
        self.assertEqual(add_working_days(D(2026, 4, 29), 1), D(2026, 5, 4))

    def test_hung_kings_day_on_a_sunday_is_observed_on_monday(self):
        self.assertFalse(is_working_day(D(2026, 4, 27)))
        self.assertEqual(add_working_days(D(2026, 4, 24), 1), D(2026, 4, 28))

    def test_the_2025_swap_makes_saturday_26_april_a_working_day(self):
        self.assertTrue(is_working_day(D(2025, 4, 26)))
        self.assertFalse(is_working_day(D(2025, 5, 2)))
        # Friday 25/04: Saturday 26/04 is day 1, then Monday 28/04, Tuesday 29/04.
        self.assertEqual(add_working_days(D(2025, 4, 25), 3), D(2025, 4, 29))
        self.assertEqual(add_working_days(D(2025, 4, 29), 1), D(2025, 5, 5))

    def test_national_day_2026_with_its_announced_swap(self):
        self.assertTrue(is_working_day(D(2026, 8, 22)))
        for day in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)):
            self.assertFalse(is_working_day(day), day)
        self.assertEqual(add_working_days(D(2026, 8, 28), 1), D(2026, 9, 3))

    def test_national_day_2025(self):
        self.assertEqual(add_working_days(D(2025, 8, 29), 1), D(2025, 9, 3))


class EnteredAdjustmentTests(CalendarTestCase):
    def test_an_entered_swap_saturday_becomes_a_working_day(self):
        self.assertEqual(working_day_deadline(at(2026, 3, 13, 20), 1), end_of(2026, 3, 16))
        services.create_adjustment(
            actor=None,
            date=D(2026, 3, 14),
            kind=AdjustmentKind.WORKING_DAY,
            name="Làm bù",
            source="Thông báo thử nghiệm",
        )
        self.assertTrue(is_working_day(D(2026, 3, 14)))
        self.assertEqual(working_day_deadline(at(2026, 3, 13, 20), 1), end_of(2026, 3, 14))

    def test_an_entered_extra_day_off_is_skipped(self):
        services.create_adjustment(
            actor=None,
            date=D(2026, 3, 10),
            kind=AdjustmentKind.DAY_OFF,
            name="Nghỉ thêm",
            source="Quyết định thử nghiệm",
        )
        self.assertFalse(is_working_day(D(2026, 3, 10)))
        self.assertEqual(working_day_deadline(at(2026, 3, 6, 20), 5), end_of(2026, 3, 16))

    def test_deleting_an_adjustment_restores_the_day(self):
        adj = services.create_adjustment(
            actor=None,
            date=D(2026, 3, 10),
            kind=AdjustmentKind.DAY_OFF,
            name="Nghỉ thêm",
            source="Quyết định thử nghiệm",
        )
        self.assertFalse(is_working_day(D(2026, 3, 10)))
        services.delete_adjustment(adj, actor=None)
        self.assertTrue(is_working_day(D(2026, 3, 10)))

    def test_the_shipped_adjustments_carry_a_source_and_are_marked_unverified(self):
        for adj in CalendarAdjustment.objects.filter(date__year__in=(2025, 2026)):
            self.assertTrue(adj.source)
            self.assertEqual(adj.certainty, "summary")

    def test_every_swap_the_library_knows_for_2025_and_2026_is_entered(self):
        for year in (2025, 2026):
            for makeup in services.library_makeup_days(year):
                self.assertTrue(is_working_day(makeup), makeup)


class CountingTests(CalendarTestCase):
    def test_counting_between_two_dates_matches_adding(self):
        start = D(2026, 2, 10)
        for n in (0, 1, 3, 5, 7, 12):
            self.assertEqual(working_days_between(start, add_working_days(start, n)), n)

    def test_counting_backwards_is_negative(self):
        self.assertEqual(working_days_between(D(2026, 3, 13), D(2026, 3, 6)), -5)
        self.assertEqual(add_working_days(D(2026, 3, 13), -5), D(2026, 3, 6))

    def test_a_year_is_read_once_then_served_from_the_cache(self):
        is_working_day(D(2026, 6, 1))
        with self.assertNumQueries(0):
            for n in range(1, 40):
                working_day_deadline(at(2026, 6, 1, 8), n)
