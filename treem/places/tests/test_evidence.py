"""The register offered as evidence on a progress report's draft, for the
tasks it serves, limited to the agency's area and the report's period."""

import datetime

from django.urls import reverse

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.core.testing import make_user
from treem.plans.services.reports import open_report
from treem.plans.tests.helpers import PlanTestCase

from ..evidence import evidence_for, serves
from ..services import load_place_data, record_inspection
from .base import new_place

PERIOD = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))


class EvidenceTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_place_data()
        cls.committee = Agency.objects.get(name=f"Ủy ban nhân dân phường {cls.ward_a.name}")
        cls.task = next(t for t in cls.plan.tasks.order_by("pk") if serves(t))
        cls.place = new_place(
            cls.group_a, name="Sân chơi Khối 1", opened_on=datetime.date(2025, 8, 1)
        )
        new_place(cls.ward_b, name="Sân chơi Thành Vinh", opened_on=datetime.date(2025, 8, 1))
        record_inspection(
            cls.place,
            actor=None,
            inspected_on=datetime.date(2025, 9, 2),
            inspectors="Công chức VHXH",
            result="attention",
            actions=[
                {"description": "Sửa", "owed_by": "Khối 1", "due_on": datetime.date(2025, 9, 30)}
            ],
        )
        cls.report = open_report(cls.task, cls.committee, PERIOD, actor=None)

    def test_the_places_task_gets_the_wards_places_of_the_period(self):
        found = evidence_for(self.report, self.officer_a)
        self.assertEqual([p.name for p in found["opened"]], ["Sân chơi Khối 1"])
        self.assertEqual(len(found["inspections"]), 1)
        self.assertEqual(found["venues"], 1)

    def test_a_task_about_something_else_gets_nothing(self):
        other = next(t for t in self.plan.tasks.order_by("pk") if not serves(t))
        report = open_report(other, self.committee, PERIOD, actor=None)
        self.assertIsNone(evidence_for(report, self.officer_a))

    def test_what_the_reader_may_not_see_stays_out(self):
        found = evidence_for(self.report, self.officer_b)
        self.assertEqual((found["opened"], found["inspections"], found["venues"]), ([], [], 0))

    def test_the_report_form_offers_the_evidence(self):
        reporter = make_user("uyban", Role.AGENCY_REPORTER, self.ward_a, self.committee)
        self.login(reporter)
        page = self.client.get(reverse("plans:report-edit", args=[self.report.pk]))
        self.assertContains(page, 'id="places-evidence"')
        self.assertContains(page, "Sân chơi Khối 1")
        self.assertNotContains(page, "Sân chơi Thành Vinh")
