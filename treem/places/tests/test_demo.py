"""The demo seeder: places, facilities and inspections for every ward with a
demo officer, some actions overdue, through the services; idempotent."""

from treem.accounts.permissions import Role
from treem.cases.tests.base import new_child
from treem.core.testing import PersonaTestCase, make_user
from treem.demo.people import PeopleGenerator

from ..demo import seed_places
from ..models import FacilityChild, FollowUpAction, Inspection, Place


class DemoSeedTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_user("truongvinh.canbo", Role.WARD_OFFICER, cls.ward_a)
        make_user("thanhvinh.canbo", Role.WARD_OFFICER, cls.ward_b)
        new_child(cls.ward_a)
        seed_places(PeopleGenerator(1), {"seed": 1})

    def test_every_demo_ward_gets_places_facilities_and_inspections(self):
        for ward in (self.ward_a, self.ward_b):
            places = Place.objects.filter(ward=ward)
            self.assertEqual(places.venues().count(), 5)
            self.assertEqual(places.facilities().count(), 3)
            self.assertTrue(Inspection.objects.filter(place__ward=ward).exists())
        self.assertTrue(FollowUpAction.objects.overdue().exists())
        self.assertTrue(FollowUpAction.objects.filter(done_on__isnull=False).exists())
        self.assertEqual(FacilityChild.objects.filter(unit=self.ward_a).count(), 1)

    def test_running_again_adds_nothing(self):
        count = Place.objects.count()
        seed_places(PeopleGenerator(1), {"seed": 1})
        self.assertEqual(Place.objects.count(), count)
