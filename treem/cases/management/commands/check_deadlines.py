from django.core.management.base import BaseCommand

from treem.cases.services import check_deadlines


class Command(BaseCommand):
    help = (
        "Notify assignees and ward approvers (in the app and by e-mail, without personal "
        "data) of case steps due within 24 hours or overdue. Idempotent: safe to run from "
        "cron every few minutes; each notice is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default="", help="prefix for the links in e-mails, e.g. https://treem.vn"
        )

    def handle(self, *args, **options):
        looked, created = check_deadlines(base_url=options["base_url"].rstrip("/"))
        self.stdout.write(f"cases due or overdue: {looked}; notifications sent: {created}")
