"""Ward successions: the database's when the areas are loaded, else the bundled file's, and the
command says which one it used (issue 18, point 2)."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from treem.areas.models import AdminUnit
from treem.population.linkage import WardResolver
from treem.population.linkage.wards import AREAS_CSV, shown

from .fixtures import CHILDREN, CHILDREN_HEADER, REGISTER, REGISTER_HEADER, write_csv


class WithoutAreasInTheDatabaseTest(TestCase):
    """A fresh setup: migrations ran, the areas were never loaded."""

    def setUp(self):
        AdminUnit.objects.all().delete()

    def test_a_former_ward_still_leads_to_its_successor_through_the_bundled_file(self):
        resolver = WardResolver.load()
        self.assertEqual(resolver("Vinh Tân"), resolver("Trường Vinh"))
        self.assertEqual(resolver.source, "treem/areas/data/areas-vinh.csv")
        self.assertEqual(shown(AREAS_CSV), resolver.source)

    def test_the_command_prints_which_mapping_it_used(self):
        folder = Path(tempfile.mkdtemp())
        err = io.StringIO()
        call_command(
            "link_register",
            register=str(write_csv(folder / "r.csv", REGISTER_HEADER, REGISTER)),
            children=str(write_csv(folder / "c.csv", CHILDREN_HEADER, [r for r, _ in CHILDREN])),
            output=str(folder / "m.csv"),
            train=False,
            stderr=err,
        )
        self.assertIn("ward successions: treem/areas/data/areas-vinh.csv", err.getvalue())


class WithAreasInTheDatabaseTest(TestCase):
    def test_the_database_is_used_when_it_knows_a_succession(self):
        from treem.areas.models import Level, UnitSuccession

        province = AdminUnit.objects.create(name="Tỉnh X", level=Level.PROVINCE)
        old = AdminUnit.objects.create(
            name="Phường Cũ", level=Level.WARD, parent=province, valid_to="2025-06-30"
        )
        new = AdminUnit.objects.create(name="Phường Mới", level=Level.WARD, parent=province)
        UnitSuccession.objects.create(predecessor=old, successor=new, effective_on="2025-07-01")
        resolver = WardResolver.load()
        self.assertEqual(resolver.source, "database")
        self.assertEqual(resolver("Phường Cũ"), resolver("Phường Mới"))
