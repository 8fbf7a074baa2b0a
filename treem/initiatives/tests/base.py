"""The personas, the Directive 28 plan, and helpers that record models
through the services, as the pages do."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from treem.agencies.models import Agency
from treem.plans.tests.helpers import PlanTestCase

from ..kinds import load_kinds
from ..models import InitiativeKind, Rating
from ..services.initiatives import record_initiative
from ..services.records import record_evaluation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="quyet-dinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class InitiativeTestCase(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_kinds()
        cls.trusted = InitiativeKind.objects.get(code="trusted_address")
        cls.club = InitiativeKind.objects.get(code="children_club")
        cls.women_a = Agency.objects.get(name="Hội Liên hiệp Phụ nữ phường Trường Vinh")
        cls.women_b = Agency.objects.get(name="Hội Liên hiệp Phụ nữ phường Thành Vinh")
        cls.task = cls.plan.tasks.get(number="III.4.1")

    def initiative(self, unit=None, *, agency=None, areas=None, actor=None, **kw):
        unit = unit or self.ward_a
        values = {
            "name": "Địa chỉ tin cậy tại cộng đồng khối 1",
            "kind": self.trusted,
            "lead_agency": agency or (self.women_a if unit == self.ward_a else self.women_b),
            "unit": unit,
            "started_on": datetime.date(2025, 9, 1),
            "people_reached": 120,
            "description": "Nơi trẻ em báo tin khi bị bắt nạt.",
        }
        values.update(kw)
        return record_initiative(
            actor=actor,
            tasks=[self.task],
            areas=areas or ([self.group_a] if unit == self.ward_a else [unit]),
            **values,
        )

    def evaluate(self, initiative, day=datetime.date(2026, 3, 1), actor=None, **kw):
        values = {
            "evaluated_on": day,
            "evaluator": "Tổ kiểm tra UBND phường",
            "rating": Rating.GOOD,
            "findings": "Hoạt động đều.",
            "recommend_replication": True,
        }
        values.update(kw)
        return record_evaluation(initiative, actor=actor, **values)
