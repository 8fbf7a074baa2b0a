from django.contrib.auth import get_user_model

from treem.demo.seed import SEEDERS
from treem.plans.services.loader import load_plan_ct28

from ..demo import seed_trainings
from ..gaps import collaborator_coverage
from ..models import Course, Participant
from .base import TrainingTestCase


class DemoTests(TrainingTestCase):
    def test_seeder_is_registered_idempotent_and_says_something(self):
        self.assertIn(seed_trainings, SEEDERS)
        load_plan_ct28()
        seed_trainings(None, {"seed": 1})
        courses, rows = Course.objects.count(), Participant.objects.count()
        users = get_user_model().objects.count()
        self.assertGreater(courses, 3)
        self.assertTrue(Participant.objects.exclude(certificate_number="").exists())
        coverage = collaborator_coverage(self.ward_a)
        total = sum(r["total"] for r in coverage)
        trained = sum(r["trained"] for r in coverage)
        # Some trained, some not: the page has something to say.
        self.assertGreater(trained, 0)
        self.assertLess(trained, total)
        seed_trainings(None, {"seed": 1})
        self.assertEqual(
            (Course.objects.count(), Participant.objects.count(), get_user_model().objects.count()),
            (courses, rows, users),
        )
