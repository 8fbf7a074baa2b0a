"""Running trusted addresses per ward, read from the analytics store's
measure against a count by hand."""

import datetime

from ..measures import contributions
from ..models import Status
from ..services.initiatives import change_status
from .base import InitiativeTestCase

TODAY = datetime.date(2026, 11, 28)


class TrustedAddressMeasureTests(InitiativeTestCase):
    def count(self, year, unit):
        return contributions([year], today=TODAY)[
            (str(year), unit.pk, "trusted_addresses", "", -1, "")
        ]

    def test_running_trusted_addresses_are_counted_by_ward(self):
        self.initiative(started_on=datetime.date(2025, 3, 1))
        ended = self.initiative(started_on=datetime.date(2025, 3, 1))
        change_status(ended, Status.ENDED, actor=None, on=datetime.date(2026, 2, 1))
        paused = self.initiative(started_on=datetime.date(2026, 1, 1))
        change_status(paused, Status.PAUSED, actor=None)
        self.initiative(kind=self.club)  # not a trusted address
        self.initiative(self.ward_b, started_on=datetime.date(2026, 6, 1))
        # 2025: the first two were running at the year's end.
        self.assertEqual(self.count(2025, self.ward_a), 2)
        # 2026 (today): one running; one ended, one paused.
        self.assertEqual(self.count(2026, self.ward_a), 1)
        self.assertEqual(self.count(2026, self.ward_b), 1)
        self.assertEqual(self.count(2024, self.ward_a), 0)


class TrustedAddressIndicatorTests(InitiativeTestCase):
    def test_the_catalogue_reads_the_measure_by_ward_and_province(self):
        from treem.indicators.query import indicator_table
        from treem.indicators.refresh import refresh_full
        from treem.indicators.services.catalogue import load_indicators

        self.initiative(started_on=datetime.date(2025, 3, 1))
        self.initiative(started_on=datetime.date(2026, 1, 1))
        self.initiative(self.ward_b, started_on=datetime.date(2026, 6, 1))
        load_indicators()
        refresh_full(today=TODAY)
        values = {}
        for unit in (self.ward_a, self.ward_b, self.province):
            [row] = indicator_table(
                user=self.province_officer, unit=unit, year=2026, codes=["MH01"]
            )
            values[unit.name] = row.value
        self.assertEqual(values, {"Trường Vinh": 2, "Thành Vinh": 1, "Nghệ An": 3})
