"""Shared set-up: the personas, the reference codes, and children of ward A
and ward B, some in a qualifying circumstance group."""

import datetime

from treem.children.models import CodeKind, ReferenceCode
from treem.children.services.episodes import add_circumstance
from treem.children.services.reference import load_reference_codes
from treem.children.services.registry import create_child
from treem.core.testing import PersonaTestCase

from ..services import record_decision


def new_child(ward, unit=None, *, given="Ánh", dob=datetime.date(2016, 3, 14), sex="F", **extra):
    return create_child(
        actor=None,
        unit=unit or ward,
        ward=ward,
        data={
            "family_name": "Nguyễn",
            "middle_name": "Thị",
            "given_name": given,
            "date_of_birth": dob,
            "sex": sex,
            **extra,
        },
        check=False,
    )


def group_code(code):
    return ReferenceCode.objects.get(kind=CodeKind.CIRCUMSTANCE_GROUP, code=code)


class AssistanceTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_codes()
        # An orphan of ward A (Art. 5(1)), born 15/08/2020: under 4 until 15/08/2024.
        cls.orphan = new_child(
            cls.ward_a, cls.group_a, given="Bình", dob=datetime.date(2020, 8, 15)
        )
        add_circumstance(
            cls.orphan, actor=None, code=group_code("a"), started_on=datetime.date(2023, 1, 1)
        )
        cls.child_b = new_child(cls.ward_b, cls.group_b, given="Cường", sex="M")
        add_circumstance(
            cls.child_b, actor=None, code=group_code("b"), started_on=datetime.date(2023, 1, 1)
        )

    def decide(self, child=None, *, starts_on=datetime.date(2024, 5, 1), actor=None, **extra):
        values = {
            "group": "no_caregiver",
            "number": "12/QĐ-UBND",
            "decided_on": starts_on,
            "signer": "Chủ tịch UBND phường",
            "starts_on": starts_on,
        }
        values.update(extra)
        return record_decision(child or self.orphan, actor=actor, **values)
