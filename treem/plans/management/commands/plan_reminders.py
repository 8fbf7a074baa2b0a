import datetime

from django.core.management.base import BaseCommand

from treem.plans.models import Plan, PlanStatus
from treem.plans.periods import AgencyGraph
from treem.plans.services.reports import open_reports, send_reminders


class Command(BaseCommand):
    help = (
        "Open the progress reports owed so far by every plan in force, then remind each "
        "agency once before a report is due and once when it is overdue (in-app record and "
        "e-mail). Idempotent: run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were YYYY-MM-DD")
        parser.add_argument(
            "--base-url", default="", help="prefix for the links in e-mails, e.g. https://treem.vn"
        )

    def handle(self, *args, **options):
        on = datetime.date.fromisoformat(options["date"]) if options.get("date") else None
        graph = AgencyGraph()
        opened = sum(
            open_reports(plan, on=on, graph=graph)
            for plan in Plan.objects.filter(status=PlanStatus.ACTIVE)
        )
        sent = send_reminders(on=on, base_url=options["base_url"].rstrip("/"))
        self.stdout.write(f"reports opened: {opened}; reminders sent: {sent}")
