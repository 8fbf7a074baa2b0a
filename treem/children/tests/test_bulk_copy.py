"""The COPY path of bulk creation (PostgreSQL) writes what bulk_create writes."""

import datetime
import unittest

from django.db import IntegrityError, connection, transaction

from treem.audit.models import Action, AuditEvent
from treem.children import services
from treem.children.keys import full_name_folded, name_sort_key
from treem.children.models import (
    Caregiver,
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    Residence,
)
from treem.children.services import bulk, bulk_copy
from treem.children.services.registry import _derive
from treem.children.tests.base import RegistryTestCase, child_data

CHILD_COLUMNS = (
    "personal_id",
    "id_status",
    "family_name",
    "middle_name",
    "given_name",
    "name_folded",
    "name_sort",
    "date_of_birth",
    "sex",
    "unit_id",
    "ward_id",
    "address_line",
    "nationality",
    "status",
    "version",
    "created_by_id",
)


def _items(case, tag):
    mother = {
        "relation": case.mother,
        "given_name": "Hoa",
        "family_name": "Lê",
        "middle_name": tag,
        "phone": "0987654321",
    }
    return [
        {
            "data": child_data(
                given=f"Trẻ{n}", middle=tag, dob=(2020, 1, n + 1), address_line=f"Số {n}"
            ),
            "unit": case.group_b,
            "ward": case.ward_b,
            "caregivers": [mother],
            "circumstances": (
                [{"code": case.orphan, "started_on": datetime.date(2024, 1, 1)}] if n == 0 else []
            ),
        }
        for n in range(3)
    ]


class DerivedColumnsTests(RegistryTestCase):
    def test_name_keys_from_parts_equal_the_keys_of_the_full_name(self):
        keys = bulk_copy.NameKeys()
        for family, middle, given in [
            ("Nguyễn", "Thị Ngọc", "Ánh"),
            ("Đặng", "", "Minh"),
            ("ĐẶNG", "văn  ", "hoà"),
            ("", "", "Hoa"),
            ("Ksor", "", "H'Hen"),
        ]:
            self.assertEqual(
                keys(family, middle, given),
                (
                    full_name_folded(family, middle, given),
                    name_sort_key(family, middle, given),
                ),
            )

    def test_id_status_is_derived_as_the_registry_does(self):
        for pid, sex in [(None, "F"), ("040315123456", "F"), ("040215123456", "F")]:
            child = Child(
                personal_id=pid,
                sex=sex,
                date_of_birth=datetime.date(2015, 3, 14),
                family_name="A",
                given_name="B",
            )
            _derive(child)
            self.assertEqual(bulk_copy._id_status(child, None), child.id_status)


@unittest.skipUnless(connection.vendor == "postgresql", "COPY is PostgreSQL's")
class CopyPathTests(RegistryTestCase):
    def _write(self, tag, *, copy):
        old = bulk.COPY_ON_POSTGRESQL
        bulk.COPY_ON_POSTGRESQL = copy
        try:
            return bulk.bulk_create_children(_items(self, tag), actor=self.officer_b, note=tag)
        finally:
            bulk.COPY_ON_POSTGRESQL = old

    def _snapshot(self, children):
        ids = [c.pk for c in children]
        rows = list(Child.objects.filter(pk__in=ids).order_by("pk").values_list(*CHILD_COLUMNS))
        events = AuditEvent.objects.filter(
            action=Action.CREATE, subject_type="children.child", subject_id__in=map(str, ids)
        ).order_by("id")
        changes = []
        for event in events:
            # Ids differ between the two writes; which records were named does not.
            change = dict(event.changes)
            change["counts"] = {
                k: len(change.pop(k)["new"])
                for k in ("residence", "caregiver_links", "circumstances", "risks")
                if k in change
            }
            changes.append((event.actor_id, event.unit_id, event.note, change))
        return rows, changes

    def test_copy_writes_the_same_rows_and_audit_events_as_bulk_create(self):
        orm = self._write("Alpha", copy=False)
        copied = self._write("Alpha", copy=True)
        # Same data twice: only the ids and derived timestamps differ.
        self.assertEqual(self._snapshot(orm), self._snapshot(copied))
        self.assertEqual(len(copied), 3)
        self.assertFalse(copied[0]._state.adding)

    def test_copied_children_have_their_household_residence_and_episode(self):
        children = self._write("Beta", copy=True)
        self.assertEqual(services.siblings(children[0]).count(), 2)
        self.assertEqual(Residence.objects.filter(child__in=children).count(), 3)
        self.assertEqual(ChildCaregiver.objects.filter(child__in=children).count(), 3)
        self.assertEqual(Caregiver.objects.filter(middle_name="Beta").count(), 1)
        episode = CircumstanceEpisode.objects.get(child=children[0])
        event = AuditEvent.objects.get(
            action=Action.CREATE, subject_type="children.child", subject_id=str(children[0].pk)
        )
        self.assertEqual(event.changes["circumstances"]["new"][0][0], episode.pk)
        self.assertEqual(event.actor, self.officer_b)

    def test_a_second_file_reuses_a_caregiver_already_in_the_registry(self):
        self._write("Gamma", copy=True)
        self._write("Gamma", copy=True)
        self.assertEqual(Caregiver.objects.filter(middle_name="Gamma").count(), 1)

    def test_an_id_registered_meanwhile_is_an_integrity_error_and_nothing_is_written(self):
        items = _items(self, "Delta")
        items[1]["data"]["personal_id"] = self.child_a.personal_id
        before = Child.objects.count()
        with self.assertRaises(IntegrityError), transaction.atomic():
            bulk.bulk_create_children(items, actor=self.officer_b, note="Delta")
        self.assertEqual(Child.objects.count(), before)
