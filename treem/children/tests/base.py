"""A registry fixture on top of the personas: reference codes and a few
children in ward A (Trường Vinh), ward B (Thành Vinh) and in the
collaborator's residential group."""

import datetime

from treem.children.models import CodeKind, ReferenceCode
from treem.children.services import add_caregiver, add_circumstance, create_child
from treem.children.services.reference import load_reference_codes
from treem.core.testing import PersonaTestCase


def code(kind, value):
    return ReferenceCode.objects.get(kind=kind, code=value)


def child_data(
    family="Nguyễn",
    middle="Thị Ngọc",
    given="Ánh",
    dob=(2015, 3, 14),
    sex="F",
    personal_id=None,
    **extra,
):
    return {
        "family_name": family,
        "middle_name": middle,
        "given_name": given,
        "date_of_birth": datetime.date(*dob),
        "sex": sex,
        "personal_id": personal_id,
        **extra,
    }


class RegistryTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_codes()
        cls.kinh = code(CodeKind.ETHNICITY, "01")
        cls.mother = code(CodeKind.RELATION, "me")
        cls.disability = code(CodeKind.CIRCUMSTANCE_GROUP, "d")
        cls.hiv = code(CodeKind.CIRCUMSTANCE_GROUP, "đ")
        cls.orphan = code(CodeKind.CIRCUMSTANCE_GROUP, "a")
        officer = cls.officer_a
        # In the collaborator's residential group (Khối 1 of ward A).
        cls.child_a = create_child(
            actor=officer,
            unit=cls.group_a,
            ward=cls.ward_a,
            data=child_data(
                personal_id="040315123456", ethnicity=cls.kinh, nutrition_status="stunting"
            ),
        )
        add_caregiver(
            cls.child_a,
            actor=officer,
            relation=cls.mother,
            full_name="Trần Thị Hoa",
            phone="0912345678",
        )
        add_circumstance(
            cls.child_a, actor=officer, code=cls.hiv, started_on=datetime.date(2024, 1, 1)
        )
        # Another group of ward A.
        cls.child_a2 = create_child(
            actor=officer,
            unit=cls.group_a2,
            ward=cls.ward_a,
            data=child_data(family="Đặng", middle="Văn", given="Minh", dob=(2018, 9, 2), sex="M"),
        )
        add_circumstance(
            cls.child_a2, actor=officer, code=cls.orphan, started_on=datetime.date(2023, 5, 1)
        )
        cls.child_b = create_child(
            actor=cls.officer_b,
            unit=cls.group_b,
            ward=cls.ward_b,
            data=child_data(
                family="Lê",
                middle="Thị",
                given="Hòa",
                dob=(2016, 1, 20),
                personal_id="040316654321",
            ),
        )
