"""Shared set-up for the case tests: the personas, the code lists and a child
of ward A, and a helper that drives a case through the procedure."""

import datetime

from django.utils import timezone

from treem.cases.models import CaseCode, CaseStatus, CodeKind, ReviewOutcome, RiskLevel
from treem.cases.services import (
    change_status,
    complete_step,
    decide_closure,
    decide_plan,
    load_case_data,
    record_intake,
    save_step,
)
from treem.children.models import Child
from treem.children.services.registry import create_child
from treem.core.testing import PersonaTestCase

S = CaseStatus


def new_child(ward, unit=None, given="Ánh", dob=datetime.date(2016, 3, 14), family="Nguyễn"):
    return create_child(
        actor=None,
        unit=unit or ward,
        ward=ward,
        data={
            "family_name": family,
            "middle_name": "Thị",
            "given_name": given,
            "date_of_birth": dob,
            "sex": "F",
        },
        check=False,
    )


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args), timezone.get_default_timezone())


STEP_DATA = {
    "verification": {"sources": "Nhà trường, hàng xóm", "findings": "Có dấu hiệu bạo lực"},
    "initial": {
        "child_condition": "Có vết bầm",
        "harm_found": "Bị đánh",
        "risk_level": RiskLevel.HIGH,
        "serious_harm": False,
    },
    "emergency": {
        "measure": "separation",
        "place_of_care": "Nhà bà nội",
        "carer": "Bà nội",
        "decided_by_text": "Chủ tịch UBND phường",
        "description": "Tạm cách ly",
    },
    "detailed": {
        "safety": "Nguy cơ tái diễn",
        "needs": "Hỗ trợ tâm lý",
        "meeting_minutes": "Biên bản họp xác định nhu cầu",
    },
    "plan": {"goals": "An toàn", "activities": "Tư vấn", "responsible": "Cán bộ phường"},
    "review": {
        "harm_level": RiskLevel.LOW,
        "abuser_access": RiskLevel.LOW,
        "care_obstacles": RiskLevel.LOW,
        "self_protection": RiskLevel.MEDIUM,
        "progress": "Đã hỗ trợ",
        "child_situation": "Ổn định",
        "outcome": ReviewOutcome.CLOSE,
    },
}


class CaseTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_case_data()
        cls.violence = CaseCode.objects.get(kind=CodeKind.HARM, code="baoluc")
        cls.medical = CaseCode.objects.get(kind=CodeKind.SERVICE, code="yte")
        cls.child_a = new_child(cls.ward_a, cls.group_a)
        cls.child_b = new_child(cls.ward_b, given="Bình", family="Trần")

    def intake(self, *, ward=None, child=None, actor=None, received_at=None, **extra):
        values = {
            "channel": "citizen",
            "received_at": received_at or timezone.now() - datetime.timedelta(hours=1),
            "event_ward": ward or self.ward_a,
            "event_place": "Số 5 Lê Lợi",
            "description": "Hàng xóm nghe tiếng trẻ khóc và bị đánh",
            "harm_kinds": [self.violence],
        }
        values.update(extra)
        return record_intake(
            actor=actor or self.officer_a,
            child=child or (self.child_a if (ward or self.ward_a) == self.ward_a else self.child_b),
            **values,
        )

    def step(self, case, kind, actor=None, **changes):
        data = {**STEP_DATA[kind], **changes}
        save_step(case, kind, data, actor=actor or self.officer_a)
        return complete_step(case, kind, actor=actor or self.officer_a)

    def run_to(self, case, status, *, serious=False):
        """Drives the case along the main path until it reaches `status`: the
        report goes straight to the initial assessment (Art. 26(1)), closure
        is proposed after the review and decided by the chairman (Art. 30)."""
        officer = self.officer_a
        path = [
            (
                S.EMERGENCY if serious else S.DETAILED_ASSESSMENT,
                lambda c: self.step(c, "initial", serious_harm=serious),
            ),
        ]
        if serious:
            path.append((S.DETAILED_ASSESSMENT, lambda c: self.step(c, "emergency")))
        path += [
            (S.PLAN_DRAFTING, lambda c: self.step(c, "detailed")),
            (S.PLAN_SUBMITTED, lambda c: self.step(c, "plan")),
            (
                S.IMPLEMENTATION,
                lambda c: decide_plan(c, actor=self.approver_a, outcome="approved"),
            ),
            (S.REVIEW, lambda c: change_status(c, S.REVIEW, actor=officer)),
            (S.CLOSURE_PROPOSED, lambda c: self.step(c, "review")),
            (
                S.CLOSED,
                lambda c: decide_closure(c, actor=self.approver_a, decision="approved"),
            ),
        ]
        done = [S.INITIAL_ASSESSMENT] + [reached for reached, _move in path]
        start = done.index(case.status)
        for reached, move in path[start:]:
            if case.status == status:
                return case
            case = move(case)
            case.refresh_from_db()
            assert case.status == reached, (case.status, reached)
        return case


__all__ = ["S", "CaseTestCase", "Child", "aware", "new_child"]
