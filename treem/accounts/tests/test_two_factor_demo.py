"""The demo's two-factor sign-in: the accounts of the required roles get the
published demo key, and `manage.py demo_totp` prints the code (demo only)."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.accounts.demo import DEMO_TOTP_KEY
from treem.demo.seed import DEMO_PASSWORD


@override_settings(DEBUG=True)
class DemoTwoFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        call_command("seed_demo", "--seed", "2", stdout=cls.out, stderr=StringIO())

    def test_the_required_roles_of_the_demo_have_the_demo_key(self):
        keyed = set(
            TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).values_list(
                "user__username", flat=True
            )
        )
        self.assertEqual(
            keyed, {"quantri", "tinh.canbo", "truongvinh.chutich", "thanhvinh.chutich"}
        )
        self.assertIn("2fa: quantri key TREEMDEMO", self.out.getvalue())
        self.assertFalse(TOTPDevice.objects.filter(user__username="truongvinh.canbo").exists())

    def test_the_printed_code_signs_in(self):
        response = self.client.post(
            "/dang-nhap/", {"username": "tinh.canbo", "password": DEMO_PASSWORD}
        )
        self.assertRedirects(response, "/xac-thuc-hai-buoc/", fetch_redirect_response=False)
        out = StringIO()
        call_command("demo_totp", "tinh.canbo", stdout=out, stderr=StringIO())
        code = out.getvalue().strip()
        self.assertRegex(code, r"^\d{6}$")
        self.assertRedirects(self.client.post("/xac-thuc-hai-buoc/", {"code": code}), "/")

    def test_seeding_again_keeps_one_device(self):
        call_command("seed_demo", "--seed", "2", stdout=StringIO(), stderr=StringIO())
        self.assertEqual(TOTPDevice.objects.filter(user__username="quantri").count(), 1)

    @override_settings(DEBUG=False, DEMO=False)
    def test_demo_totp_refuses_outside_the_demo(self):
        with self.assertRaises(CommandError):
            call_command("demo_totp", "quantri", stdout=StringIO(), stderr=StringIO())
