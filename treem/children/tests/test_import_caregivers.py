"""Caregivers made by an import follow the rule of the single-record service
(issue 13 §3.1): the same personal ID, or the same phone and name; inside one
import also the same name at the same address in the same residential group
(siblings in one file share their parents). A caregiver of another ward is
never matched. On PostgreSQL these tests run the COPY path (bulk_copy.py),
on SQLite the bulk_create path."""

import tempfile
from pathlib import Path

from django.db import transaction

from treem.audit.services import record_create
from treem.children import text
from treem.children.importer import Importer, Source, import_file
from treem.children.keys import full_name_folded
from treem.children.models import Caregiver, Child, ChildCaregiver
from treem.children.services import add_caregiver, create_child
from treem.children.tests.base import RegistryTestCase
from treem.children.tests.test_import import csv_bytes, row

MAI = {"mother_name": "Trần Thị Mai", "mother_phone": ""}
B_MOTHER_ID = "040185004321"


def child(given, dob, **values):
    return row(given_name=given, date_of_birth=dob, personal_id="", **values)


# One file, two wards: who is the same person and who is not.
FILE = [
    # Siblings at the same address of Khối 1: one phoneless mother, one father by phone.
    child("An", "01/01/2016", group="Khối 1", address_line="5 Lê Lợi", **MAI,
          father_name="Lê Văn Hùng", father_phone="0911000001"),
    child("Bình", "01/01/2017", group="Khối 1", address_line="5  lê lợi", **MAI,
          father_name="Lê Văn Hùng", father_phone="0911000001"),
    # The same name at another address, in another group, in another ward: other people.
    child("Cúc", "01/01/2018", group="Khối 1", address_line="9 Lê Lợi", **MAI),
    child("Dung", "01/01/2019", group="Khối 2", address_line="5 Lê Lợi", **MAI),
    child("Em", "01/01/2020", ward="Thành Vinh", group="Khối 1", address_line="5 Lê Lợi", **MAI),
    # The same ID in two groups of one ward: one person.
    child("Giang", "02/02/2016", group="Khối 2", address_line="",
          mother_name="Phạm Thị Thu", mother_phone="", mother_id="040185000111"),
    child("Hà", "02/02/2017", group="Khối 1", address_line="",
          mother_name="Phạm Thị Thu", mother_phone="", mother_id="040185000111"),
    # The phone and name of a caregiver already registered in the ward.
    child("Khoa", "03/03/2016", group="Khối 2", mother_name="Trần Thị Hoa",
          mother_phone="0912345678"),
    # One phone, two names: two people.
    child("Lan", "04/04/2016", group="Khối 2", mother_name="Hồ Thị Lan",
          mother_phone="0987000002"),
    child("Minh", "04/04/2017", group="Khối 2", mother_name="Hồ Thị Liên",
          mother_phone="0987000002"),
    # Phoneless parents with the same name and no address are not matched.
    child("Nga", "05/05/2016", group="Khối 1", address_line="", mother_name="Võ Thị Hạnh",
          mother_phone=""),
    child("Oanh", "05/05/2017", group="Khối 1", address_line="", mother_name="Võ Thị Hạnh",
          mother_phone=""),
]  # fmt: skip


def write_row_by_row(items, actor):
    """The reference: the single-record services row after row (create_child,
    add_caregiver), plus the household rule of one import."""
    households = {}
    for item in items:
        kid = create_child(
            actor=actor, unit=item["unit"], ward=item["ward"], data=item["data"], check=False
        )
        address = text.fold(item["data"].get("address_line", ""))
        for cg in item["caregivers"]:
            folded = full_name_folded(cg["family_name"], cg["middle_name"], cg["given_name"])
            pid, phone = cg["personal_id"], cg["phone"]
            known = (pid and Caregiver.objects.filter(personal_id=pid).exists()) or (
                phone and Caregiver.objects.filter(phone=phone, name_folded=folded).exists()
            )
            home = (item["unit"].pk, folded, cg["sex"], address) if address else None
            if not known and home in households:
                link = ChildCaregiver.objects.create(
                    child=kid, caregiver=households[home], relation=cg["relation"]
                )
                record_create(link, actor=actor, unit=kid.unit)
                continue
            fields = {k: cg[k] for k in ("family_name", "middle_name", "given_name", "sex")}
            link = add_caregiver(
                kid, actor=actor, relation=cg["relation"], personal_id=pid, phone=phone, **fields
            )
            if home:
                households.setdefault(home, link.caregiver)


class ImportCaregiverCase(RegistryTestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def file(self, rows):
        path = Path(self.tmp.name) / "f.csv"
        path.write_bytes(csv_bytes(rows))
        return path

    def households(self, given_names):
        """Each caregiver of these children: its fields and the children it is shared by."""
        children = Child.objects.filter(given_name__in=given_names, family_name="Phạm")
        found = []
        for carer in Caregiver.objects.filter(child_links__child__in=children).distinct():
            kids = sorted(carer.child_links.filter(child__in=children).values_list(
                "child__given_name", flat=True
            ))  # fmt: skip
            found.append(
                (
                    tuple(kids),
                    carer.full_name,
                    carer.personal_id,
                    carer.phone,
                    carer.sex,
                    carer.unit_id,
                )
            )
        return sorted(found)

    def outcome(self, write):
        """What `write` makes, rolled back afterwards."""
        with transaction.atomic():
            write()
            found = self.households([r["given_name"] for r in FILE])
            transaction.set_rollback(True)
        return found


class BothPathsTests(ImportCaregiverCase):
    def test_the_bulk_path_makes_the_caregivers_the_single_record_service_makes(self):
        path = self.file(FILE)

        def bulk():
            report = import_file(path, actor=None, write=True)
            self.assertTrue(report.ok, report.errors)

        def row_by_row():
            report, items = Importer(actor=None).check(Source(path).rows())
            self.assertTrue(report.ok, report.errors)
            write_row_by_row(items.values(), None)

        by_bulk, by_rows = self.outcome(bulk), self.outcome(row_by_row)
        self.assertEqual(by_bulk, by_rows)
        shared = {kids: name for kids, name, *_ in by_bulk}
        self.assertEqual(shared[("An", "Bình")], "Trần Thị Mai")
        self.assertEqual(shared[("Giang", "Hà")], "Phạm Thị Thu")
        self.assertEqual([k for k, n in shared.items() if n == "Trần Thị Mai"].__len__(), 4)
        self.assertEqual([k for k, n in shared.items() if n == "Võ Thị Hạnh"].__len__(), 2)
        hoa = Caregiver.objects.get(phone="0912345678")
        self.assertIn((("Khoa",), "Trần Thị Hoa", "", "0912345678", hoa.sex, hoa.unit_id), by_bulk)


class WardBoundaryTests(ImportCaregiverCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.b_mother = add_caregiver(
            cls.child_b,
            actor=cls.officer_b,
            relation=cls.mother,
            full_name="Phạm Thị Thu",
            personal_id=B_MOTHER_ID,
            phone="0987654999",
        ).caregiver

    def import_rows(self, rows, actor=None):
        report = import_file(self.file(rows), actor=actor, write=True)
        self.assertTrue(report.ok, report.errors)

    def test_phoneless_parents_with_one_name_in_two_wards_stay_two_people(self):
        self.import_rows(
            [
                child("An", "01/01/2016", address_line="5 Lê Lợi", **MAI),
                child(
                    "Bình",
                    "01/01/2017",
                    ward="Thành Vinh",
                    group="Khối 1",
                    address_line="5 Lê Lợi",
                    **MAI,
                ),
            ]  # fmt: skip
        )
        mai = Caregiver.objects.filter(given_name="Mai", middle_name="Thị", family_name="Trần")
        self.assertEqual(mai.count(), 2)
        for carer in mai:
            self.assertEqual(carer.child_links.count(), 1)

    def test_an_id_known_in_another_ward_makes_a_new_caregiver_of_this_ward(self):
        self.import_rows(
            [child("An", "01/01/2016", mother_name="Phạm Thị Thu", mother_id=B_MOTHER_ID)],
            actor=self.province_officer,
        )
        an = Child.objects.get(given_name="An", family_name="Phạm")
        carer = an.caregiver_links.get().caregiver
        self.assertNotEqual(carer, self.b_mother)
        self.assertEqual(carer.unit, self.group_a2)
        self.assertEqual(self.b_mother.child_links.count(), 1)

    def test_a_phone_and_name_known_in_another_ward_makes_a_new_caregiver(self):
        self.import_rows(
            [child("An", "01/01/2016", mother_name="Phạm Thị Thu", mother_phone="0987654999")]
        )
        self.assertEqual(Caregiver.objects.filter(phone="0987654999").count(), 2)
        self.assertEqual(self.b_mother.child_links.count(), 1)

    def test_an_id_known_in_the_same_ward_is_the_same_person(self):
        self.import_rows(
            [
                child(
                    "An",
                    "01/01/2016",
                    ward="Thành Vinh",
                    group="Khối 1",
                    mother_name="Phạm Thị Thu",
                    mother_id=B_MOTHER_ID,
                ),
            ],  # fmt: skip
            actor=self.officer_b,
        )
        self.assertEqual(self.b_mother.child_links.count(), 2)
        self.assertEqual(Caregiver.objects.filter(personal_id=B_MOTHER_ID).count(), 1)
