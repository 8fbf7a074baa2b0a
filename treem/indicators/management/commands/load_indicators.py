from django.core.management.base import BaseCommand

from treem.indicators.services.catalogue import load_indicators


class Command(BaseCommand):
    help = "Load the bundled indicator catalogue and its targets (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None, help="another data file (YAML)")

    def handle(self, *args, path, **options):
        created, updated = load_indicators(path)
        self.stdout.write(f"indicators: {created} created, {updated} updated")
