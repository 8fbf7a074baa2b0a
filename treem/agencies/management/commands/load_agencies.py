from django.core.management.base import BaseCommand, CommandError

from treem.agencies.services import AgencyError, load_agencies


class Command(BaseCommand):
    help = "Load the starting set of agencies for the province, the former city and every ward."

    def handle(self, *args, **options):
        try:
            created = load_agencies()
        except AgencyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"agencies created: {created}")
