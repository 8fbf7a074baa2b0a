from django.core.management.base import BaseCommand

from treem.children.services import load_reference_codes


class Command(BaseCommand):
    help = (
        "Load the bundled reference codes (special-circumstance groups, risks, "
        "ethnicities, relations, province and country codes…). Safe to run again: "
        "existing codes take the corrected bundled values of the fields an "
        "administrator has not changed; an administrator's changes are kept."
    )

    def handle(self, *args, **options):
        created = load_reference_codes()
        self.stdout.write(f"{created} reference codes created.")
