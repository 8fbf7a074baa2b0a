"""The demo seed (make demo) gives every child its own ID. On 2026-12-07 a
mistyped ID (a wrong serial digit) was another child's ID and the seed
stopped on the unique constraint: which IDs meet changes with the day the
seed runs, through the ages and school years drawn from today."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase, override_settings

from treem.children.demo import _unique_mistypes
from treem.children.models import Child, IdStatus


def item(pid):
    return {"data": {"personal_id": pid}}


class UniqueMistypeTests(TestCase):
    def test_a_mistype_that_is_another_childs_id_moves_to_the_century_digit(self):
        right = "040324102528"
        mistyped = {"personal_id": "040324100528"}
        items = [{"data": mistyped}, item("040324100528"), item("040324100529")]
        _unique_mistypes(items, [(mistyped, right)])
        self.assertEqual(mistyped["personal_id"], "040424102528")
        self.assertEqual(len({i["data"]["personal_id"] for i in items}), 3)

    def test_a_mistype_that_meets_nobody_is_kept(self):
        mistyped = {"personal_id": "040394102528"}
        _unique_mistypes([{"data": mistyped}, item("040324100528")], [(mistyped, "040324102528")])
        self.assertEqual(mistyped["personal_id"], "040394102528")


@override_settings(DEBUG=True)
class DemoSeedTests(TestCase):
    def test_the_default_seed_gives_every_child_its_own_id(self):
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
        self.assertGreaterEqual(Child.objects.count(), 3000)
        shared = (
            Child.objects.exclude(personal_id=None)
            .values("personal_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        self.assertFalse(shared.exists())
        # The mistyped IDs are still there, flagged for the officer.
        self.assertGreater(Child.objects.filter(id_status=IdStatus.INVALID).count(), 50)
