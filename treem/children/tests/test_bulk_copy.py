"""The COPY path of bulk creation (PostgreSQL) writes what bulk_create writes."""

import datetime
import json
import unittest

from django.db import IntegrityError, connection, transaction

from treem.audit.models import Action, AuditEvent
from treem.audit.services import jsonable
from treem.children import services
from treem.children.importer import Importer, Source
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
from treem.children.tests.test_import_caregivers import FILE, ImportCaregiverCase

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

    def test_json_text_of_values_reads_back_as_the_audit_trail_records_them(self):
        for value in [
            'Lê "Hoa" \\ \n\t\x01 Ngọc',
            "",
            0,
            12345678901,
            True,
            False,
            datetime.date(2015, 3, 14),
            datetime.time(7, 30),
            Child._meta.get_field("sex").choices[0][0],
        ]:
            with self.subTest(value=value):
                self.assertEqual(json.loads(bulk_copy._json(value)), jsonable(value))

    def test_created_json_skips_none_and_adds_the_named_records(self):
        created = bulk_copy.CreatedJson(
            Caregiver, {name: i for i, name in enumerate(bulk_copy._CAREGIVER)}
        )
        row = (7, "Lê", "", "Hoa", "le hoa", "", "0987654321", "F", None, 42)
        self.assertEqual(
            json.loads(created(row, [bulk_copy._created_with("residence", [3])])),
            {
                "family_name": {"old": None, "new": "Lê"},
                "middle_name": {"old": None, "new": ""},
                "given_name": {"old": None, "new": "Hoa"},
                "personal_id": {"old": None, "new": ""},
                "phone": {"old": None, "new": "0987654321"},
                "sex": {"old": None, "new": "F"},
                "unit": {"old": None, "new": 42},
                "residence": {"old": None, "new": [3]},
            },
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
            self.assertEqual(
                bulk_copy._id_status(pid, child.date_of_birth, sex, None), child.id_status
            )


class IdsOnlyTests(RegistryTestCase):
    def test_an_import_gets_the_ids_without_model_instances(self):
        ids = bulk.bulk_create_children(
            _items(self, "Zeta"), actor=self.officer_b, note="Zeta", instances=False
        )
        self.assertEqual(
            ids,
            list(
                Child.objects.filter(middle_name="Zeta").order_by("pk").values_list("pk", flat=True)
            ),
        )


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
            # Ids differ between the two writes; which records were named,
            # and their other values, do not.
            change = dict(event.changes)
            for key in ("residence", "caregiver_links", "circumstances", "risks"):
                if key in change:
                    named = change.pop(key)["new"]
                    change[key] = [v[1:] if isinstance(v, list) else "id" for v in named]
            changes.append((event.actor_id, event.unit_id, event.note, event.request_id, change))
        carers = Caregiver.objects.filter(child_links__child__in=ids).distinct()
        carer_events = [
            (e.actor_id, e.unit_id, e.note, e.changes)
            for e in AuditEvent.objects.filter(
                action=Action.CREATE,
                subject_type="children.caregiver",
                subject_id__in=[str(c.pk) for c in carers],
            ).order_by("id")
        ]
        return rows, changes, carer_events

    def test_copy_writes_the_same_rows_and_audit_events_as_bulk_create(self):
        orm = self._write("Alpha", copy=False)
        copied = self._write("Alpha", copy=True)
        # Same data twice: only the ids and derived timestamps differ.
        self.assertEqual(self._snapshot(orm), self._snapshot(copied))
        self.assertEqual(len(copied), 3)
        self.assertFalse(copied[0]._state.adding)

    def test_events_name_the_records_created_with_the_child(self):
        children = self._write("Epsilon", copy=True)
        first = children[0]
        event = AuditEvent.objects.get(
            action=Action.CREATE, subject_type="children.child", subject_id=str(first.pk)
        )
        residence = Residence.objects.get(child=first)
        link = ChildCaregiver.objects.get(child=first)
        episode = CircumstanceEpisode.objects.get(child=first)
        self.assertEqual(event.changes["residence"], {"old": None, "new": [residence.pk]})
        self.assertEqual(
            event.changes["caregiver_links"]["new"],
            [[link.pk, link.caregiver_id, link.relation_id]],
        )
        self.assertEqual(
            event.changes["circumstances"]["new"], [[episode.pk, episode.code_id, "2024-01-01"]]
        )
        self.assertNotIn("risks", event.changes)
        self.assertEqual(event.changes["date_of_birth"], {"old": None, "new": "2020-01-01"})
        self.assertEqual(event.changes["unit"]["new"], self.group_b.pk)
        self.assertNotIn("personal_id_missing_reason", event.changes)  # NULL: not named
        self.assertEqual(event.unit_id, self.group_b.pk)
        self.assertEqual(event.subject_id, str(first.pk))

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


@unittest.skipUnless(connection.vendor == "postgresql", "COPY is PostgreSQL's")
class CopyCaregiverTests(ImportCaregiverCase):
    def test_copy_and_bulk_create_match_the_same_caregivers(self):
        """Issue 13 §3.1: both bulk paths follow one rule (bulk.CaregiverMatcher)."""
        path = self.file(FILE)

        def write(copy):
            def run():
                report, items = Importer(actor=None).check(Source(path).rows())
                self.assertTrue(report.ok, report.errors)
                old = bulk.COPY_ON_POSTGRESQL
                bulk.COPY_ON_POSTGRESQL = copy
                try:
                    bulk.bulk_create_children(list(items.values()), actor=None)
                finally:
                    bulk.COPY_ON_POSTGRESQL = old

            return run

        copied = self.outcome(write(True))
        self.assertEqual(copied, self.outcome(write(False)))
        self.assertEqual(len(copied), 11)
