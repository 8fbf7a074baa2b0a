import re
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from treem.accounts.models import RoleAssignment, User
from treem.accounts.permissions import Role
from treem.areas.models import AdminUnit, Level

LINE = re.compile(r"^login: (\S+) (\S+) (\S+) (.+)$")


@override_settings(DEBUG=True)
class SeedDemoTests(TestCase):
    def run_seed(self):
        out = StringIO()
        call_command("seed_demo", "--seed", "3", stdout=out, stderr=StringIO())
        return [
            LINE.match(line).groups()
            for line in out.getvalue().splitlines()
            if line.startswith("login: ")
        ]

    def test_prints_a_working_login_for_every_role(self):
        logins = self.run_seed()
        self.assertEqual({row[2] for row in logins}, set(Role.values))
        wards = {row[3] for row in logins if row[2] == "ward_officer"}
        self.assertGreaterEqual(len(wards), 2)
        username, password, role, _ = logins[3]
        response = self.client.post("/dang-nhap/", {"username": username, "password": password})
        self.assertRedirects(response, "/")

    def test_running_twice_changes_nothing(self):
        self.run_seed()
        counts = (User.objects.count(), RoleAssignment.objects.count(), AdminUnit.objects.count())
        self.run_seed()
        self.assertEqual(
            counts,
            (User.objects.count(), RoleAssignment.objects.count(), AdminUnit.objects.count()),
        )

    def test_every_ward_gets_residential_groups(self):
        self.run_seed()
        for ward in AdminUnit.objects.in_force().filter(level=Level.WARD):
            self.assertGreaterEqual(ward.children.filter(level=Level.RESIDENTIAL_GROUP).count(), 8)

    @override_settings(DEBUG=False)
    def test_refuses_to_run_in_production_mode(self):
        with self.assertRaises(CommandError):
            call_command("seed_demo", stdout=StringIO())
