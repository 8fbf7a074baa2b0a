"""A hand-counted registry for the indicator tests, on top of the personas.

End of 2025, ward A (Trường Vinh) counts 8 children recorded under it and its
residential groups plus 2 recorded under Vinh Tân, a former unit that rolled
up into it on 2025-07-01; ward B (Thành Vinh) counts 3 (a small cell).

    ward A   unit       born        sex ID  facets                 circumstance
    a1       group_a    2025-03-01  F   ok  vaccinated, normal     -
    a2       group_a    2025-06-01  M   -   not vacc., underweight, birth not registered
    a3       group_a2   2021-01-10  F   ok  kindergarten, stunted  d 2024-01-01→
    a4       ward_a     2022-05-05  M   ok  kindergarten, normal   -
    a5       ward_a     2020-02-02  F   ok  kindergarten           a 2025-02-01→2025-08-01,
                                                                   support 2025
    a6       ward_a     2015-07-07  M   -   primary                d 2023-01-01→, c 2025-01-01→
    a7       ward_a     2009-12-12  F   ok  lower secondary        (16 at the end of 2025)
    a8       ward_a     2016-01-01  M   ok  moved out 2025-04-01   (counted in 2024 only)
    v1       Vinh Tân   2023-03-03  F   ok  nursery                -
    v2       Vinh Tân   2018-08-08  M   -   primary                n 2022-01-01→2024-06-30
    ward B
    b1..b3   group_b    2019-01-01  F/M/F ok primary
"""

import datetime

from treem.children import idnumber
from treem.children.models import CodeKind, ReferenceCode
from treem.children.services import add_circumstance, add_support, create_child
from treem.children.services.reference import load_reference_codes
from treem.children.services.registry import change_status
from treem.core.testing import PersonaTestCase
from treem.indicators.refresh import refresh_full
from treem.indicators.services.catalogue import load_indicators

D = datetime.date
_serial = [100]


def code(kind, value):
    return ReferenceCode.objects.get(kind=kind, code=value)


def make_child(unit, ward, dob, sex, *, with_id=False, **facets):
    _serial[0] += 1
    data = {
        "family_name": "Nguyễn",
        "middle_name": "Văn" if sex == "M" else "Thị",
        "given_name": f"Em{_serial[0]}",
        "date_of_birth": dob,
        "sex": sex,
        "personal_id": idnumber.make_id("040", dob, sex, _serial[0]) if with_id else None,
        "birth_registration": "registered",
        **facets,
    }
    return create_child(actor=None, unit=unit, ward=ward, data=data, check=False)


class IndicatorTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_codes()
        load_indicators()
        group = lambda g: code(CodeKind.CIRCUMSTANCE_GROUP, g)  # noqa: E731
        wa, ga, ga2, fa = cls.ward_a, cls.group_a, cls.group_a2, cls.former_a
        cls.a1 = make_child(
            ga,
            wa,
            D(2025, 3, 1),
            "F",
            with_id=True,
            fully_vaccinated=True,
            nutrition_status="normal",
        )
        cls.a2 = make_child(
            ga,
            wa,
            D(2025, 6, 1),
            "M",
            fully_vaccinated=False,
            nutrition_status="underweight",
            birth_registration="not_registered",
        )
        cls.a3 = make_child(
            ga2,
            wa,
            D(2021, 1, 10),
            "F",
            with_id=True,
            school_level="kindergarten",
            nutrition_status="stunting",
        )
        cls.a4 = make_child(
            wa,
            wa,
            D(2022, 5, 5),
            "M",
            with_id=True,
            school_level="kindergarten",
            nutrition_status="normal",
        )
        cls.a5 = make_child(wa, wa, D(2020, 2, 2), "F", with_id=True, school_level="kindergarten")
        cls.a6 = make_child(wa, wa, D(2015, 7, 7), "M", school_level="primary")
        cls.a7 = make_child(
            wa, wa, D(2009, 12, 12), "F", with_id=True, school_level="lower_secondary"
        )
        cls.a8 = make_child(wa, wa, D(2016, 1, 1), "M", with_id=True)
        change_status(cls.a8, "moved_out", actor=None, on=D(2025, 4, 1))
        cls.v1 = make_child(fa, fa, D(2023, 3, 3), "F", with_id=True, school_level="nursery")
        cls.v2 = make_child(fa, fa, D(2018, 8, 8), "M", school_level="primary")
        cls.b = [
            make_child(
                cls.group_b, cls.ward_b, D(2019, 1, 1), sex, with_id=True, school_level="primary"
            )
            for sex in ("F", "M", "F")
        ]
        add_circumstance(cls.a3, actor=None, code=group("d"), started_on=D(2024, 1, 1))
        add_circumstance(
            cls.a5, actor=None, code=group("a"), started_on=D(2025, 2, 1), ended_on=D(2025, 8, 1)
        )
        add_support(
            cls.a5,
            actor=None,
            support_type=code(CodeKind.SUPPORT_TYPE, cls.support_code()),
            received_on=D(2025, 3, 1),
        )
        add_circumstance(cls.a6, actor=None, code=group("d"), started_on=D(2023, 1, 1))
        add_circumstance(cls.a6, actor=None, code=group("c"), started_on=D(2025, 1, 1))
        add_circumstance(
            cls.v2, actor=None, code=group("n"), started_on=D(2022, 1, 1), ended_on=D(2024, 6, 30)
        )
        refresh_full()

    @staticmethod
    def support_code():
        return (
            ReferenceCode.objects.filter(kind=CodeKind.SUPPORT_TYPE)
            .values_list("code", flat=True)
            .first()
        )
