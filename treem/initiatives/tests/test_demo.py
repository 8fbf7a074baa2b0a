from treem.demo.seed import SEEDERS
from treem.plans.services.loader import load_plan_ct28

from ..demo import seed_initiatives
from ..models import Commendation, Evaluation, Initiative, Replication
from .base import InitiativeTestCase


class DemoTests(InitiativeTestCase):
    def test_seeder_is_registered_and_idempotent(self):
        self.assertIn(seed_initiatives, SEEDERS)
        load_plan_ct28()
        seed_initiatives(None, {"seed": 1})
        models = Initiative.objects.count()
        wards = set(Initiative.objects.values_list("unit__name", flat=True))
        self.assertEqual(len(wards), 6)
        self.assertTrue(Initiative.objects.filter(kind__code="trusted_address").exists())
        self.assertTrue(Evaluation.objects.exists())
        self.assertEqual(Commendation.objects.count(), 2)
        self.assertEqual(Replication.objects.count(), 1)
        self.assertTrue(Initiative.objects.filter(next_evaluation_due__isnull=False).exists())
        seed_initiatives(None, {"seed": 1})
        self.assertEqual(Initiative.objects.count(), models)
