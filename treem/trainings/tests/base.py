"""The personas, the Directive 28 plan, and helpers that record courses
through the services."""

import datetime
from decimal import Decimal

from treem.plans.tests.helpers import PlanTestCase

from ..models import Topic
from ..services.courses import add_participants, record_course, update_participant
from ..topics import load_topics

DAY = datetime.date(2026, 3, 10)


class TrainingTestCase(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_topics()
        cls.basics = Topic.objects.get(code="child_protection_basics")
        cls.case_topic = Topic.objects.get(code="case_management")
        cls.capacity_task = cls.plan.tasks.filter(
            content__icontains="nâng cao năng lực của đội ngũ"
        ).first()

    def assert_queries_constant(self, url, add_rows):
        # The first request of a session does one-time work (the second
        # sign-in step's session checks): warm it up so that only the rows
        # can make a difference.
        self.client.get(url)
        super().assert_queries_constant(url, add_rows)

    def course(self, unit=None, *, topic=None, actor=None, day=DAY, **kw):
        values = {
            "topic": topic or self.basics,
            "title": "Tập huấn kỹ năng bảo vệ trẻ em",
            "hours": Decimal("8"),
            "unit": unit or self.ward_a,
            "provider_name": "UBND phường",
            "starts_on": day,
            "ends_on": day,
            "place": "Hội trường UBND phường",
        }
        values.update(kw)
        return record_course(actor=actor, **values)

    def passed(self, course, *users, number=""):
        rows = add_participants(course, users, actor=None)
        return [
            update_participant(
                row,
                actor=None,
                passed=True,
                certificate_number=number and f"{number}-{n}",
                certificate_date=course.ends_on if number else None,
                certificate_issuer="UBND phường" if number else "",
            )
            for n, row in enumerate(rows, start=1)
        ]
