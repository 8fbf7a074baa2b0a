"""The demo holds allowances with payments, support, injuries and classes
for every ward in force, made through the services; seeding again adds
nothing."""

from treem.areas.models import AdminUnit, Level
from treem.assistance.models import (
    AllowanceDecision,
    AllowancePayment,
    Injury,
    SafetyClass,
    SupportItem,
)
from treem.core.testing import PersonaTestCase
from treem.demo.seed import seed


class DemoTests(PersonaTestCase):
    def test_every_ward_holds_allowances_payments_injuries_and_classes(self):
        seed(children=600)
        for ward in AdminUnit.objects.in_force().filter(level=Level.WARD):
            self.assertTrue(AllowanceDecision.objects.filter(ward=ward).exists(), ward)
            self.assertTrue(AllowancePayment.objects.filter(ward=ward).exists(), ward)
            self.assertTrue(Injury.objects.filter(ward=ward).exists(), ward)
            self.assertEqual(SafetyClass.objects.filter(ward=ward).count(), 2, ward)
        self.assertTrue(SupportItem.objects.exists())
        # Payments before and after the base level rose on 01/07/2024.
        self.assertEqual(
            set(AllowancePayment.objects.values_list("base_level", flat=True)), {360000, 500000}
        )
        payments = AllowancePayment.objects.count()
        seed(children=600)
        self.assertEqual(AllowancePayment.objects.count(), payments)
