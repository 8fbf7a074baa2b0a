from django.core.management.base import BaseCommand

from treem.places.services import load_place_data


class Command(BaseCommand):
    help = (
        "Load the types of place and the safety checklist with their sources. "
        "Idempotent: an administrator's changes stay."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"rows created: {load_place_data()}")
