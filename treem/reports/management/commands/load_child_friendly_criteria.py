from django.core.management.base import BaseCommand

from treem.reports.services.criteria import load_child_friendly_criteria


class Command(BaseCommand):
    help = (
        "Load the 13 criteria of a child-friendly commune/ward (QĐ 06/QĐ-TTg ngày "
        "03/01/2019), their scored items and the pass thresholds. Idempotent: rows already "
        "loaded keep the "
        "administrator's corrections."
    )

    def handle(self, *args, **options):
        created = load_child_friendly_criteria(actor=None)
        self.stdout.write(f"child-friendly criteria: {created} rows created")
