"""Two-factor sign-in through the real pages: the password, then the code (or
the enrolment for a required role without a device), every page held until the
code; recovery codes; the lockout; the administrator's reset; API tokens.

These tests do not use the force_login shortcut of treem/accounts/testing.py
for the user who signs in, except where they say so."""

import re
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from treem.accounts.services import AccountError, issue_token
from treem.accounts.testing import device_for, force_login_unverified
from treem.accounts.twofactor import services
from treem.accounts.twofactor.codes import current_code
from treem.audit.models import Action, AuditEvent
from treem.cases.models import Notification
from treem.core.testing import PASSWORD, PersonaTestCase

VERIFY = "/xac-thuc-hai-buoc/"
ENROL = "/xac-thuc-hai-buoc/dang-ky/"
CODES = "/xac-thuc-hai-buoc/ma-du-phong/"


class SecondStepTestCase(PersonaTestCase):
    def sign_in(self, username):
        return self.client.post(
            "/dang-nhap/", {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
        )

    def code(self, user):
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        return current_code(device, after_last=True)[0]

    def events(self, action, user):
        return AuditEvent.objects.filter(
            action=action, subject_type="accounts.user", subject_id=str(user.pk)
        )


class PasswordThenCodeTests(SecondStepTestCase):
    def test_an_officer_without_a_device_signs_in_with_the_password_alone(self):
        self.assertRedirects(self.sign_in("alice"), "/")
        self.assertEqual(self.client.get("/tre-em/").status_code, 200)

    def test_a_user_with_a_device_is_asked_for_the_code_and_every_page_waits(self):
        device_for(self.approver_a)
        response = self.sign_in("chau")
        self.assertRedirects(response, VERIFY, fetch_redirect_response=False)
        self.assertEqual(self.client.get(VERIFY).status_code, 200)
        self.assertRedirects(
            self.client.get("/tre-em/"),
            f"{VERIFY}?next=%2Ftre-em%2F",
            fetch_redirect_response=False,
        )
        self.assertRedirects(self.client.get("/"), VERIFY, fetch_redirect_response=False)
        self.assertRedirects(
            self.client.get("/tai-khoan/"),
            f"{VERIFY}?next=%2Ftai-khoan%2F",
            fetch_redirect_response=False,
        )

        response = self.client.post(
            VERIFY, {"code": self.code(self.approver_a), "next": "/tre-em/"}
        )
        self.assertRedirects(response, "/tre-em/")
        self.assertEqual(self.client.get("/tai-khoan/").status_code, 200)
        self.assertTrue(self.events(Action.OTP_VERIFIED, self.approver_a).exists())

    def test_the_api_answers_403_in_vietnamese_before_the_code(self):
        device_for(self.province_officer)
        self.sign_in("tinh")
        response = self.client.get("/api/v1/me/")
        self.assertEqual(response.status_code, 403)
        self.assertIn("xác thực hai bước", response.json()["detail"])

    def test_logout_is_open_before_the_code(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        self.client.post("/dang-xuat/")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_code_page_shows_no_navigation(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        page = self.client.get(VERIFY)
        self.assertNotContains(page, 'id="mainnav"')
        self.assertContains(page, 'autocomplete="one-time-code"')

    def test_a_wrong_code_is_refused_and_audited(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        response = self.client.post(VERIFY, {"code": "000000"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "error-summary")
        self.assertTrue(self.events(Action.OTP_FAILED, self.approver_a).exists())
        self.assertRedirects(
            self.client.get("/tre-em/"),
            f"{VERIFY}?next=%2Ftre-em%2F",
            fetch_redirect_response=False,
        )

    def test_a_code_signs_in_once(self):
        device = device_for(self.approver_a)
        self.sign_in("chau")
        code = current_code(device)[0]
        self.assertRedirects(self.client.post(VERIFY, {"code": code}), "/")
        self.client.post("/dang-xuat/")
        self.sign_in("chau")
        response = self.client.post(VERIFY, {"code": code})
        self.assertEqual(response.status_code, 200)

    def test_the_next_page_must_be_on_this_site(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        response = self.client.post(
            VERIFY, {"code": self.code(self.approver_a), "next": "https://example.org/"}
        )
        self.assertRedirects(response, "/")


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
class LockoutTests(SecondStepTestCase):
    def test_five_wrong_codes_lock_the_second_step_across_new_sign_ins(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        for _ in range(4):
            self.assertEqual(self.client.post(VERIFY, {"code": "000000"}).status_code, 200)
        response = self.client.post(VERIFY, {"code": "000000"})
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(self.events(Action.LOCKOUT, self.approver_a).exists())
        # Signing in with the password again does not start a new count.
        self.sign_in("chau")
        response = self.client.post(VERIFY, {"code": self.code(self.approver_a)})
        self.assertEqual(response.status_code, 429)

    def test_a_right_code_clears_the_count(self):
        device = device_for(self.approver_a)
        self.sign_in("chau")
        for _ in range(3):
            self.client.post(VERIFY, {"code": "000000"})
        self.assertRedirects(self.client.post(VERIFY, {"code": self.code(self.approver_a)}), "/")
        device.refresh_from_db()
        self.assertEqual(device.throttling_failure_count, 0)


class BackOffTests(SecondStepTestCase):
    def test_after_a_wrong_code_the_next_must_wait(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        self.client.post(VERIFY, {"code": "000000"})
        response = self.client.post(VERIFY, {"code": self.code(self.approver_a)})
        self.assertContains(response, "error-summary")
        self.assertRedirects(self.client.get("/"), VERIFY, fetch_redirect_response=False)


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
class EnrolmentTests(SecondStepTestCase):
    def test_a_required_role_without_a_device_enrols_after_the_password(self):
        response = self.sign_in("chau")
        self.assertRedirects(response, ENROL, fetch_redirect_response=False)
        self.assertRedirects(
            self.client.get("/tre-em/"), f"{ENROL}?next=%2Ftre-em%2F", fetch_redirect_response=False
        )
        page = self.client.get(ENROL)
        self.assertContains(page, 'src="data:image/svg+xml')
        device = TOTPDevice.objects.get(user=self.approver_a)
        self.assertFalse(device.confirmed)
        key = page.context["key"].replace(" ", "")
        self.assertContains(page, page.context["key"])
        self.assertGreaterEqual(len(key), 32)
        # A reload shows the same key: a code scanned a moment ago stays valid.
        self.assertEqual(self.client.get(ENROL).context["key"], page.context["key"])

        refused = self.client.post(ENROL, {"code": "123456"})
        self.assertContains(refused, "error-summary")
        code = current_code(device)[0]
        response = self.client.post(ENROL, {"code": code})
        self.assertRedirects(response, CODES, fetch_redirect_response=False)
        shown = self.client.get(CODES)
        codes = shown.context["codes"]
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        for code in codes:
            self.assertContains(shown, code)
            self.assertRegex(code, r"^[A-Z2-9]{5}-[A-Z2-9]{5}$")
        # Shown once; stored only as digests.
        self.assertIsNone(self.client.get(CODES).context["codes"])
        stored = set(StaticToken.objects.values_list("token", flat=True))
        self.assertFalse(stored & {c.replace("-", "") for c in codes})
        self.assertEqual(self.client.get("/tre-em/").status_code, 200)
        for action in (Action.OTP_ENROL, Action.OTP_CONFIRM, Action.OTP_RECOVERY_NEW):
            self.assertTrue(self.events(action, self.approver_a).exists(), action)

    def test_an_unverified_session_cannot_enrol_a_second_device(self):
        device_for(self.approver_a)
        self.sign_in("chau")
        self.assertRedirects(self.client.get(ENROL), VERIFY, fetch_redirect_response=False)
        self.assertEqual(TOTPDevice.objects.filter(user=self.approver_a).count(), 1)

    def test_an_officer_turns_it_on_from_the_profile_and_is_asked_next_time(self):
        self.sign_in("alice")
        self.assertContains(self.client.get("/tai-khoan/"), ENROL)
        self.client.get(ENROL)
        device = TOTPDevice.objects.get(user=self.officer_a)
        self.client.post(ENROL, {"code": current_code(device)[0]})
        self.client.post("/dang-xuat/")
        self.assertRedirects(self.sign_in("alice"), VERIFY, fetch_redirect_response=False)
        self.assertRedirects(self.client.post(VERIFY, {"code": self.code(self.officer_a)}), "/")

    def test_an_officer_may_turn_it_off_but_an_approver_may_not(self):
        device_for(self.officer_a)
        self.client.force_login(self.officer_a)  # the shortcut: signed in with the code
        self.assertRedirects(self.client.post("/tai-khoan/xac-thuc-hai-buoc/tat/"), "/tai-khoan/")
        self.assertFalse(TOTPDevice.objects.filter(user=self.officer_a).exists())
        self.client.force_login(self.approver_a)
        self.client.post("/tai-khoan/xac-thuc-hai-buoc/tat/")
        self.assertTrue(TOTPDevice.objects.filter(user=self.approver_a).exists())


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
class RecoveryCodeTests(SecondStepTestCase):
    def test_a_recovery_code_signs_in_once_and_is_used_up(self):
        device_for(self.approver_a)
        codes = services.new_recovery_codes(self.approver_a, actor=self.approver_a)
        self.sign_in("chau")
        response = self.client.post(VERIFY, {"code": codes[0].lower()}, follow=True)
        self.assertRedirects(response, "/")
        self.assertEqual(services.recovery_codes_left(self.approver_a), 9)
        self.assertTrue(self.events(Action.OTP_RECOVERY_USED, self.approver_a).exists())
        self.client.post("/dang-xuat/")
        self.sign_in("chau")
        self.assertEqual(self.client.post(VERIFY, {"code": codes[0]}).status_code, 200)
        self.assertRedirects(self.client.post(VERIFY, {"code": codes[1]}), "/")

    def test_new_codes_from_the_profile_cancel_the_old_ones(self):
        device_for(self.approver_a)
        old = services.new_recovery_codes(self.approver_a, actor=self.approver_a)
        self.client.force_login(self.approver_a)  # the shortcut: signed in with the code
        response = self.client.post("/tai-khoan/xac-thuc-hai-buoc/ma-moi/")
        self.assertRedirects(
            response, f"{CODES}?next=%2Ftai-khoan%2F", fetch_redirect_response=False
        )
        new = self.client.get(CODES).context["codes"]
        self.assertEqual(len(new), 10)
        self.client.post("/dang-xuat/")
        self.sign_in("chau")
        self.assertEqual(self.client.post(VERIFY, {"code": old[0]}).status_code, 200)


class ResetTests(SecondStepTestCase):
    def setUp(self):
        self.approver_a.email = "chau@example.org"
        self.approver_a.save()
        device_for(self.approver_a)
        services.new_recovery_codes(self.approver_a, actor=self.approver_a)
        self.url = f"/can-bo/{self.approver_a.pk}/xac-thuc-hai-buoc/dat-lai/"

    def test_the_administrator_resets_a_lost_device_and_the_user_is_told(self):
        self.client.force_login(self.admin)  # the shortcut: signed in with the code
        page = self.client.get(f"/can-bo/{self.approver_a.pk}/")
        self.assertContains(page, self.url)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"reason": "Mất điện thoại, đã gọi xác nhận"})
        self.assertRedirects(response, f"/can-bo/{self.approver_a.pk}/")
        self.assertFalse(TOTPDevice.objects.filter(user=self.approver_a).exists())
        self.assertFalse(StaticToken.objects.filter(device__user=self.approver_a).exists())
        event = self.events(Action.OTP_RESET, self.approver_a).get()
        self.assertEqual(event.actor, self.admin)
        self.assertIn("Mất điện thoại", event.note)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["chau@example.org"])
        self.assertTrue(Notification.objects.filter(recipient=self.approver_a).exists())
        # The user enrols again at the next sign-in, told why.
        self.client.post("/dang-xuat/")
        self.assertRedirects(self.sign_in("chau"), ENROL, fetch_redirect_response=False)
        self.assertContains(self.client.get(ENROL), str(self.admin))

    def test_a_session_of_the_user_is_held_once_the_device_is_reset(self):
        self.client.force_login(self.approver_a)
        self.assertEqual(self.client.get("/tre-em/").status_code, 200)
        services.reset_two_factor(self.approver_a, actor=self.admin, reason="mất máy")
        response = self.client.get("/tre-em/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], f"{ENROL}?next=%2Ftre-em%2F")

    def test_a_reset_needs_a_reason(self):
        self.client.force_login(self.admin)
        self.client.post(self.url, {"reason": ""})
        self.assertTrue(TOTPDevice.objects.filter(user=self.approver_a).exists())

    def test_only_the_administrator_resets(self):
        for user in (self.province_officer, self.officer_a, self.approver_a):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 404)
        self.assertTrue(TOTPDevice.objects.filter(user=self.approver_a).exists())

    def test_the_server_operator_resets_with_the_command(self):
        call_command(
            "reset_two_factor", "chau", "--reason", "quản trị viên duy nhất", stdout=StringIO()
        )
        self.assertFalse(TOTPDevice.objects.filter(user=self.approver_a).exists())
        self.assertIsNone(self.events(Action.OTP_RESET, self.approver_a).get().actor)

    def test_nobody_resets_their_own(self):
        with self.assertRaises(services.TwoFactorError):
            services.reset_two_factor(self.admin, actor=self.admin, reason="x")


class TokenTests(SecondStepTestCase):
    def test_a_required_role_issues_a_token_only_from_a_verified_session(self):
        device_for(self.approver_a)
        force_login_unverified(self.client, self.approver_a)
        response = self.client.post("/tai-khoan/token/", {"days": 30})
        self.assertRedirects(response, VERIFY, fetch_redirect_response=False)
        self.assertFalse(AuthToken.objects.filter(user=self.approver_a).exists())
        self.client.post(VERIFY, {"code": self.code(self.approver_a)})
        response = self.client.post("/tai-khoan/token/", {"days": 30})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(AuthToken.objects.filter(user=self.approver_a).exists())

    def test_the_service_refuses_a_token_without_the_second_step(self):
        with self.assertRaises(AccountError):
            issue_token(self.province_officer, actor=self.province_officer, days=1)
        issue_token(
            self.province_officer, actor=self.province_officer, days=1, two_factor_verified=True
        )
        # The server operator (manage.py issue_token) is not a web session.
        issue_token(self.admin, actor=None, days=1)
        self.assertEqual(AuthToken.objects.count(), 2)

    def test_an_officer_still_issues_a_token_with_the_password_alone(self):
        self.sign_in("alice")
        response = self.client.post("/tai-khoan/token/", {"days": 30})
        self.assertEqual(response.status_code, 200)


class ShortcutTests(SecondStepTestCase):
    def test_force_login_in_tests_stands_for_password_and_code(self):
        self.client.force_login(self.province_officer)
        self.assertEqual(self.client.get("/tai-khoan/").status_code, 200)
        self.assertIn("otp_device_id", self.client.session)

    def test_force_login_unverified_holds_the_pages(self):
        force_login_unverified(self.client, self.admin)
        self.assertEqual(self.client.get("/tai-khoan/").status_code, 302)


def test_recovery_codes_are_normalised():
    assert services.normalise(" abcde-fghjk ") == "ABCDEFGHJK"
    assert re.fullmatch(r"[0-9a-f]{16}", services.recovery_digest("abcde-fghjk"))
    assert services.recovery_digest("abcde-fghjk") == services.recovery_digest("ABCDEFGHJK")
