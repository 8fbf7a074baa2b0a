"""A small registry in ward A (Trường Vinh) and one child in ward B, with
the criteria loaded: the hand-counted fixture of the assessment and report
tests."""

import datetime
from decimal import Decimal

from treem.children.models import CodeKind
from treem.children.services import add_circumstance, add_support, create_child
from treem.children.services.reference import load_reference_codes
from treem.children.tests.base import child_data, code
from treem.core.testing import PersonaTestCase
from treem.indicators.query import IndicatorRow
from treem.reports.services.criteria import load_child_friendly_criteria


def indicator_row(code="YT01", value="98.5", **extra):
    values = {
        "code": code,
        "name": "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ",
        "unit_label": "%",
        "kind": "percentage",
        "value": Decimal(value) if value is not None else None,
        "numerator": 197,
        "denominator": 200,
        "target_2025": Decimal("97"),
        "target_2030": Decimal("98"),
        "direction": "at_least",
        "status": "green",
        "suppressed": False,
    }
    values.update(extra)
    return IndicatorRow(**values)


class ReportsTestCase(PersonaTestCase):
    """Ward A: four children under 16 (two with a valid personal ID), two of
    them in special circumstances, one of those supported in 2025.
    Ward B: one child, with an ID."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_codes()
        load_child_friendly_criteria()
        officer = cls.officer_a
        cls.support_type = code(CodeKind.SUPPORT_TYPE, code_of_first_support())
        cls.hiv = code(CodeKind.CIRCUMSTANCE_GROUP, "đ")
        cls.orphan = code(CodeKind.CIRCUMSTANCE_GROUP, "a")
        cls.children_a = [
            create_child(
                actor=officer,
                unit=cls.group_a,
                ward=cls.ward_a,
                data=child_data(personal_id="040315123456", birth_registration="registered"),
                check=False,
            ),
            create_child(
                actor=officer,
                unit=cls.group_a2,
                ward=cls.ward_a,
                data=child_data(
                    family="Đặng",
                    middle="Văn",
                    given="Minh",
                    dob=(2018, 9, 2),
                    sex="M",
                    personal_id="040218000123",
                    birth_registration="registered",
                ),
                check=False,
            ),
            create_child(
                actor=officer,
                unit=cls.group_a,
                ward=cls.ward_a,
                data=child_data(family="Lê", given="Hà", dob=(2020, 1, 5)),
                check=False,
            ),
            create_child(
                actor=officer,
                unit=cls.ward_a,
                ward=cls.ward_a,
                data=child_data(family="Hồ", middle="Đức", given="An", dob=(2024, 6, 1), sex="M"),
                check=False,
            ),
        ]
        first, second = cls.children_a[:2]
        add_circumstance(first, actor=officer, code=cls.hiv, started_on=datetime.date(2024, 1, 1))
        add_circumstance(
            second, actor=officer, code=cls.orphan, started_on=datetime.date(2023, 5, 1)
        )
        add_support(
            first,
            actor=officer,
            support_type=cls.support_type,
            received_on=datetime.date(2025, 3, 1),
        )
        cls.child_b = create_child(
            actor=cls.officer_b,
            unit=cls.group_b,
            ward=cls.ward_b,
            data=child_data(family="Phan", given="Bình", personal_id="040315654321"),
            check=False,
        )


def code_of_first_support():
    from treem.children.models import ReferenceCode

    return ReferenceCode.objects.filter(kind=CodeKind.SUPPORT_TYPE).order_by("order").first().code
