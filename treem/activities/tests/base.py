"""The personas, the Directive 28 plan, and helpers to record activities and
forums through the services."""

import datetime

from treem.agencies.models import Agency
from treem.plans.tests.helpers import Q3, PlanTestCase

from ..models import ActivityKind, AgeBand, Audience, Sex
from ..services.activities import record_activity
from ..services.forums import raise_recommendation, record_forum

__all__ = ["Q3", "ActivityTestCase"]


class ActivityTestCase(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.health_a = Agency.objects.get(name="Trạm Y tế phường Trường Vinh")
        cls.campaign = ActivityKind.objects.get(code="campaign")
        cls.month = ActivityKind.objects.get(code="month_of_action")

    def activity(self, agency=None, *, day=datetime.date(2026, 8, 10), title="Tuyên truyền", **kw):
        values = {
            "kind": self.campaign,
            "title": title,
            "agency": agency or self.police_a,
            "starts_on": day,
            "ends_on": day,
            "place": "Nhà văn hóa khối 3",
            "cost": 1_500_000,
        }
        values.update(kw)
        return record_activity(
            actor=None,
            tasks=[self.police_task],
            audience={
                (Audience.CHILDREN, Sex.FEMALE, AgeBand.FROM_6): 20,
                (Audience.CHILDREN, Sex.MALE, AgeBand.FROM_6): 25,
                (Audience.PARENTS, Sex.FEMALE, AgeBand.ADULT): 10,
            },
            **values,
        )

    def forum(self, unit=None, *, held_on=datetime.date(2026, 6, 1)):
        return record_forum(
            actor=None,
            unit=unit or self.ward_a,
            title="Diễn đàn trẻ em phường",
            held_on=held_on,
            participants={("special", "F", "11-15"): 3, ("pupils", "M", "6-10"): 12},
        )

    def recommendation(self, forum=None, text="Lắp đèn đường"):
        return raise_recommendation(forum or self.forum(), actor=None, text=text)
