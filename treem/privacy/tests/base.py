"""Shared set-up: the personas, the case code lists, an adult who left the
registry's age long ago, a young child and the helpers to age records."""

import datetime

from django.utils import timezone

from treem.cases.tests.base import CaseTestCase, new_child
from treem.children.models import CodeKind, ReferenceCode
from treem.children.services.reference import load_reference_codes
from treem.children.services.registry import add_caregiver

from ..legal import ensure_defaults
from ..models import RetentionRule


def later(**delta):
    """A moment in the future: what is due then is due after its period."""
    return timezone.now() + datetime.timedelta(**delta)


def years_later(years):
    return later(days=366 * years)


class PrivacyTestCase(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_codes()
        cls.mother = ReferenceCode.objects.get(kind=CodeKind.RELATION, code="me")
        # 18 in 2018: past the 5 years after coming of age.
        cls.adult = new_child(cls.ward_a, cls.group_a, given="Hoa", dob=datetime.date(2000, 5, 5))
        cls.young = new_child(cls.ward_a, given="Bé", dob=datetime.date(2018, 1, 9))

    def caregiver(self, child, name="Trần Thị Lan", phone="0912345678"):
        return add_caregiver(
            child, actor=self.officer_a, relation=self.mother, full_name=name, phone=phone
        ).caregiver

    def rule(self, kind):
        ensure_defaults()
        return RetentionRule.objects.get(kind=kind)
