from io import StringIO

from django.core.management import call_command

from treem.areas.models import AdminUnit
from treem.core.testing import PersonaTestCase
from treem.reports.demo import DEMO_YEAR, seed_assessments
from treem.reports.models import Assessment, Criterion, Threshold


class CommandTests(PersonaTestCase):
    def test_the_command_loads_the_criteria_once(self):
        out = StringIO()
        call_command("load_child_friendly_criteria", stdout=out)
        self.assertIn("rows created", out.getvalue())
        self.assertEqual(Criterion.objects.count(), 13)
        self.assertEqual(Threshold.objects.count(), 3)
        out = StringIO()
        call_command("load_child_friendly_criteria", stdout=out)
        self.assertIn(": 0 rows created", out.getvalue())

    def test_the_demo_assesses_every_ward_for_2025_once(self):
        lines = seed_assessments(None, {})
        wards = AdminUnit.objects.in_force().grassroots().count()
        self.assertEqual(Assessment.objects.filter(year=DEMO_YEAR).count(), wards)
        self.assertIn("assessments", lines[0])
        seed_assessments(None, {})
        self.assertEqual(Assessment.objects.filter(year=DEMO_YEAR).count(), wards)
        sample = Assessment.objects.filter(year=DEMO_YEAR).first()
        self.assertEqual(sample.scores.get(item__code="1.1").points, 50)
