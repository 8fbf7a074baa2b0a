from django.core.management.base import BaseCommand, CommandError

from treem.areas.services import AreaError, load_areas


class Command(BaseCommand):
    help = "Load administrative units and successions from a CSV (default: the bundled Vinh file)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="CSV in the layout of areas-vinh.csv")

    def handle(self, *args, **options):
        try:
            created, updated = load_areas(options.get("file"))
        except (AreaError, OSError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"units created: {created}, updated: {updated}")
