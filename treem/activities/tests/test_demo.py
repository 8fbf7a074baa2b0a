from treem.demo.seed import SEEDERS
from treem.plans.services.loader import load_plan_ct28

from ..demo import seed_activities
from ..models import Activity, Forum, Recommendation, RecommendationStatus
from .base import ActivityTestCase


class DemoTests(ActivityTestCase):
    def test_seeder_is_registered_and_idempotent(self):
        self.assertIn(seed_activities, SEEDERS)
        load_plan_ct28()
        seed_activities(None, {"seed": 1})
        activities, forums = Activity.objects.count(), Forum.objects.count()
        self.assertGreater(activities, 0)
        self.assertEqual(forums, 2)
        self.assertEqual(
            set(Recommendation.objects.values_list("status", flat=True)),
            set(RecommendationStatus.values),
        )
        on_time = set(Recommendation.objects.values_list("answered_on_time", flat=True))
        self.assertEqual(on_time, {None, True, False})
        self.assertTrue(Activity.objects.filter(agency=self.police_a).exists())
        seed_activities(None, {"seed": 1})
        self.assertEqual((Activity.objects.count(), Forum.objects.count()), (activities, forums))
