from django.core.management.base import BaseCommand

from treem.children.services import load_reference_codes


class Command(BaseCommand):
    help = (
        "Load the bundled reference codes (special-circumstance groups, risks, "
        "ethnicities, relations, province codes…). Safe to run again: existing "
        "codes, and an administrator's changes to them, are kept."
    )

    def handle(self, *args, **options):
        created = load_reference_codes()
        self.stdout.write(f"{created} reference codes created.")
