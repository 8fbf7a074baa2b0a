from treem.activities.demo import seed_activities
from treem.demo.seed import SEEDERS

from ..demo import seed_budgets
from ..models import BudgetLine, Mobilisation, Spending
from ..summary import totals_by
from .base import BudgetTestCase


class DemoTests(BudgetTestCase):
    def test_seeder_is_registered_after_the_activities_and_idempotent(self):
        self.assertGreater(SEEDERS.index(seed_budgets), SEEDERS.index(seed_activities))
        seed_activities(None, {"seed": 1})
        seed_budgets(None, {"seed": 1})
        lines = BudgetLine.objects.count()
        self.assertGreater(lines, 0)
        self.assertEqual(Mobilisation.objects.values("donor").distinct().count(), 2)
        self.assertTrue(Spending.objects.filter(activity__isnull=False).exists())
        totals = totals_by(BudgetLine.objects.all())
        self.assertTrue(all(t.allocated > 0 for t in totals.values()))
        seed_budgets(None, {"seed": 1})
        self.assertEqual(BudgetLine.objects.count(), lines)
