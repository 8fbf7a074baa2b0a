from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from treem.accounts.permissions import Role
from treem.accounts.services import AccountError, assign_role, create_user
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit


class Command(BaseCommand):
    help = (
        "Give a user a role in an area (creating the user if needed). "
        "For the first administrator: assign_role USERNAME admin --password ..."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--unit", help="unit name (in force); omit for an administrator")
        parser.add_argument("--agency", help="agency name, for agency reporters")
        parser.add_argument("--password", help="set this password (new users only)")

    def handle(self, *args, username, role, unit, agency, password, **options):
        User = get_user_model()
        try:
            user = User.objects.filter(username=username).first() or create_user(
                actor=None, username=username, password=password
            )
            unit_obj = AdminUnit.objects.in_force().filter(name=unit).first() if unit else None
            if unit and unit_obj is None:
                raise CommandError(f"no unit in force named {unit!r}")
            agency_obj = Agency.objects.in_force().filter(name=agency).first() if agency else None
            if agency and agency_obj is None:
                raise CommandError(f"no agency named {agency!r}")
            assign_role(
                user, role, actor=None, unit=unit_obj, agency=agency_obj, check_permission=False
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{username}: {role} {unit or ''}".rstrip())
