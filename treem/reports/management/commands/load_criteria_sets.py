from django.core.management.base import BaseCommand

from treem.reports.services.criteria import load_criteria_sets


class Command(BaseCommand):
    help = (
        "Load every shipped criteria set (data/criteria-sets.csv): QĐ 06/QĐ-TTg for wards, "
        "safe child-friendly schools and families. Idempotent: rows already loaded keep the "
        "administrator's corrections."
    )

    def handle(self, *args, **options):
        created = load_criteria_sets(actor=None)
        self.stdout.write(f"criteria sets: {created} rows created")
