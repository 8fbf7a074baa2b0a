from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from treem.accounts.models import User
from treem.accounts.twofactor import policy
from treem.accounts.twofactor.codes import current_code


class Command(BaseCommand):
    help = (
        "Demo only: print the current two-factor code of a demo account "
        "(what the authenticator app would show)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        # A code printed on the server is a way past the second step: the
        # demo's settings only (TREEM_DEMO=1, as `make demo` sets, or DEBUG).
        if not (getattr(settings, "DEMO", False) or settings.DEBUG):
            raise CommandError("demo_totp runs only in the demo (TREEM_DEMO=1) or with DEBUG=1.")
        user = User.objects.filter(username=username).first()
        device = policy.confirmed_device(user) if user else None
        if device is None:
            raise CommandError(f"{username}: no confirmed two-factor device.")
        code, seconds = current_code(device, after_last=True)
        self.stdout.write(code)
        self.stderr.write(f"valid for about {seconds} more seconds; each code signs in once.")
