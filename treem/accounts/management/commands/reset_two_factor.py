from django.core.management.base import BaseCommand, CommandError

from treem.accounts.models import User
from treem.accounts.twofactor.services import TwoFactorError, reset_two_factor


class Command(BaseCommand):
    help = (
        "Reset a user's two-factor sign-in as the server operator (when no other "
        "administrator can): audited, the user told; they enrol again at the next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why, for the audit trail")

    def handle(self, *args, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"{username}: no such user.")
        try:
            reset_two_factor(user, actor=None, reason=reason)
        except TwoFactorError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{username}: two-factor sign-in reset; enrols again at the next sign-in."
        )
