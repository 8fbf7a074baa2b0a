from django.core.management.base import BaseCommand

from treem.cases.services import load_case_data


class Command(BaseCommand):
    help = (
        "Load the case code lists (kinds of harm, types of service) and the default step "
        "time limits with their sources. Idempotent: an administrator's changes stay."
    )

    def handle(self, *args, **options):
        codes, limits = load_case_data()
        self.stdout.write(f"codes created: {codes}; step limits created: {limits}")
