"""Shared set-up: the personas plus the Directive 28 plan."""

import datetime
from unittest import mock

from treem.agencies.models import Agency
from treem.core.testing import PersonaTestCase
from treem.plans.models import Plan, ReportState
from treem.plans.services.loader import load_plan_ct28
from treem.plans.services.reports import change_report_state, open_report, save_report

# A day after the reorganisation, in the fourth quarter of 2026.
TODAY = datetime.date(2026, 11, 28)
Q4 = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def freeze_today(testcase, day=TODAY):
    """Pages compute periods and lateness from today: pin it."""
    for module in ("plans", "reports", "inspections"):
        patcher = mock.patch(f"treem.plans.views.{module}.today", return_value=day)
        patcher.start()
        testcase.addCleanup(patcher.stop)


class PlanTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = load_plan_ct28()
        cls.city_police = Agency.objects.get(name="Công an Thành phố Vinh")
        cls.police_b = Agency.objects.get(name="Công an phường Thành Vinh")
        cls.police_task = cls.plan.tasks.get(number="III.4.1")

    def make_report(self, agency=None, period=Q3, task=None, **content):
        report = open_report(task or self.police_task, agency or self.police_a, period, actor=None)
        if content:
            save_report(report, actor=None, **content)
            report.refresh_from_db()
        return report

    def submitted_report(self, agency=None, period=Q3):
        report = self.make_report(
            agency, period, done_text="Tuyên truyền tại 12 khối", status="on_track"
        )
        return change_report_state(report, ReportState.SUBMITTED, actor=None)


__all__ = ["Q3", "Q4", "TODAY", "Plan", "PlanTestCase", "freeze_today"]
