from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from treem.accounts.services import issue_token


class Command(BaseCommand):
    help = "Issue an API token for a user and print it (shown once; only a digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=90, help="validity in days (default 90)")

    def handle(self, *args, username, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        _, text = issue_token(user, actor=None, days=days)
        self.stdout.write(text)
