"""The assistance registers' counts offered as evidence on a progress
report's draft, for the tasks they serve (social assistance, injuries and
drowning, child labour), limited to the agency's area and the report's
period, with no child named."""

import datetime

from django.urls import reverse

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.core.testing import make_user
from treem.plans.services.reports import open_report
from treem.plans.tests.helpers import PlanTestCase

from ..evidence import evidence_for, serves
from ..services import generate_payments, record_support_item
from ..services.injuries import record_class, record_injury
from .base import AssistanceTestCase

PERIOD = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))


def injure(child, day, cause="drowning", outcome="recovered"):
    return record_injury(
        child,
        actor=None,
        occurred_on=day,
        place_type="water",
        cause=cause,
        severity="moderate",
        outcome=outcome,
    )


class EvidenceTests(AssistanceTestCase, PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee = Agency.objects.get(name=f"Ủy ban nhân dân phường {cls.ward_a.name}")
        cls.task = next(t for t in cls.plan.tasks.order_by("pk") if serves(t))
        cls.other_task = next(t for t in cls.plan.tasks.order_by("pk") if not serves(t))
        # Ward A: the orphan's allowance, paid for July–September; an
        # injury in the period and one before it; a swimming class.
        cls.decide(cls, child=cls.orphan)
        cls.decide(cls, child=cls.child_b)
        for month in (6, 7, 8, 9):
            generate_payments(datetime.date(2025, month, 1), actor=None)
        injure(cls.orphan, datetime.date(2025, 8, 10))
        injure(cls.orphan, datetime.date(2025, 5, 10), cause="fall")
        record_class(
            cls.group_a,
            actor=None,
            kind="swimming",
            organiser="Đoàn phường",
            starts_on=datetime.date(2025, 7, 1),
            ends_on=datetime.date(2025, 7, 15),
            girls_6_10=10,
            boys_6_10=12,
        )
        record_support_item(
            cls.orphan, actor=None, kind="gift", received_on=datetime.date(2025, 9, 1)
        )
        # Ward B: an injury and a class in the period, which ward A's
        # report must not count.
        injure(cls.child_b, datetime.date(2025, 8, 11), outcome="death")
        record_class(
            cls.ward_b,
            actor=None,
            kind="swimming",
            organiser="Đoàn phường",
            starts_on=datetime.date(2025, 8, 1),
            ends_on=datetime.date(2025, 8, 5),
            girls_11_15=30,
        )
        cls.report = open_report(cls.task, cls.committee, PERIOD, actor=None)

    def test_a_social_assistance_task_gets_the_wards_counts_of_the_period(self):
        found = evidence_for(self.report, self.officer_a)
        self.assertEqual(found["decisions"]["in_force"], 1)
        self.assertEqual(found["payments"]["count"], 3)  # July–September, not June
        self.assertEqual(found["payments"]["children"], 1)
        self.assertEqual((found["injuries"]["count"], found["injuries"]["drowned"]), (1, 1))
        self.assertEqual(found["injuries"]["deaths"], 0)
        self.assertEqual(found["classes"], {"swimming": 1, "water_safety": 0, "taught": 22})
        self.assertEqual(found["support"]["count"], 1)

    def test_another_wards_data_stays_out(self):
        # The province officer may read both wards: ward A's report still
        # counts ward A only.
        found = evidence_for(self.report, self.province_officer)
        self.assertEqual(found["injuries"]["count"], 1)
        self.assertEqual(found["classes"]["taught"], 22)
        # Ward B's officer may not read ward A's figures at all.
        found = evidence_for(self.report, self.officer_b)
        self.assertEqual(found["payments"]["count"], 0)
        self.assertEqual(found["injuries"]["count"], 0)
        self.assertEqual(found["classes"]["swimming"], 0)

    def test_the_indicators_bv06_to_bv09_select_a_task(self):
        self.other_task.indicator_codes = ["BV09"]
        self.assertTrue(serves(self.other_task))

    def test_a_task_about_something_else_gets_nothing(self):
        report = open_report(self.other_task, self.committee, PERIOD, actor=None)
        self.assertIsNone(evidence_for(report, self.officer_a))
        reporter = make_user("uyban", Role.AGENCY_REPORTER, self.ward_a, self.committee)
        self.login(reporter)
        page = self.client.get(reverse("plans:report-edit", args=[report.pk]))
        self.assertNotContains(page, 'id="assistance-evidence"')

    def test_the_report_form_offers_the_counts_without_names(self):
        reporter = make_user("uyban", Role.AGENCY_REPORTER, self.ward_a, self.committee)
        self.login(reporter)
        page = self.client.get(reverse("plans:report-edit", args=[self.report.pk]))
        self.assertContains(page, 'id="assistance-evidence"')
        self.assertContains(
            page, "1 lớp dạy bơi an toàn, 0 lớp kỹ năng an toàn dưới nước; 22 trẻ em"
        )
        self.assertNotContains(page, "Bình")
