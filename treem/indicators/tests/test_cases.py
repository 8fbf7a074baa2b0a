"""Case-based measures: abused children (0101) by sex, age and setting;
open and overdue cases by stage."""

import datetime

from django.urls import reverse
from django.utils import timezone

from treem.cases.models import CaseCode
from treem.cases.services.codes import load_case_data
from treem.cases.services.intake import record_intake
from treem.indicators.query import indicator_table
from treem.indicators.refresh import refresh_full

from .helpers import IndicatorTestCase


def received(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


class CaseMeasureTests(IndicatorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_case_data()
        harm = list(CaseCode.objects.filter(kind="harm")[:1])
        cases = [
            (cls.a3, "parent", received(2025, 3, 1)),
            (cls.a3, "teacher", received(2025, 9, 1)),  # the same child again: once
            (cls.a4, "teacher", received(2025, 5, 5)),
            (cls.a6, "stranger", received(2025, 6, 6)),
            (cls.v1, "online", received(2025, 7, 7)),
            (cls.a5, "parent", received(2025, 8, 8)),
            (cls.b[0], "parent", received(2024, 2, 2)),
        ]
        for child, relation, when in cases:
            record_intake(
                actor=None,
                channel="hotline_111",
                received_at=when,
                event_ward=cls.ward_b if child in cls.b else cls.ward_a,
                event_place="Nhà riêng",
                description="Mô tả",
                harm_kinds=harm,
                child=child,
                perpetrator_relation=relation,
            )
        refresh_full()

    def test_abused_children_are_counted_once_a_year(self):
        rows = indicator_table(
            user=self.province_officer, unit=self.ward_a, year=2025, codes=["BV04"], suppress=False
        )
        self.assertEqual(rows[0].numerator, 5)
        rows = indicator_table(
            user=self.province_officer, unit=self.ward_a, year=2025, codes=["BV04"]
        )
        self.assertEqual(rows[0].value, 5)
        rows = indicator_table(
            user=self.province_officer, unit=self.ward_b, year=2024, codes=["BV04"]
        )
        self.assertTrue(rows[0].suppressed)

    def test_dashboard_shows_cases_by_stage_and_abuse_by_setting(self):
        self.login(self.province_officer)
        url = reverse("indicators:dashboard", args=[self.ward_a.pk]) + "?nam=2025"
        response = self.client.get(url)
        self.assertContains(response, 'id="h-cases"')
        csv = self.client.get(
            reverse("indicators:csv", args=[self.ward_a.pk, "cases"]) + "?nam=2025"
        )
        self.assertEqual(csv.status_code, 200)
        body = csv.content.decode("utf-8-sig")
        self.assertContains(response, "0–5")  # a3 (4), a4 (3), v1 (2), a5 (5); a6 is 10
        # Six open cases in ward A, all at intake and past its time limit.
        self.assertIn(",6,6", body)
