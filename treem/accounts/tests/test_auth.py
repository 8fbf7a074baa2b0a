import importlib
import os
from io import StringIO
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from knox.models import AuthToken

from treem.accounts.services import issue_token
from treem.audit.models import Action, AuditEvent
from treem.core.testing import PASSWORD, PersonaTestCase


class LoginTests(PersonaTestCase):
    def post_login(self, username, password):
        return self.client.post(
            "/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7"
        )

    def test_officer_logs_in_and_lands_on_home(self):
        response = self.post_login("alice", PASSWORD)
        self.assertRedirects(response, "/")
        event = AuditEvent.objects.filter(action=Action.LOGIN).latest("id")
        self.assertEqual(event.actor, self.officer_a)
        self.assertEqual(event.ip, "10.0.0.7")
        self.assertTrue(event.request_id)

    def test_failed_login_is_audited_with_a_vietnamese_message(self):
        response = self.post_login("alice", "sai-mat-khau")
        self.assertContains(response, "Sai tên đăng nhập hoặc mật khẩu")
        event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).latest("id")
        self.assertEqual(event.actor_label, "alice")
        self.assertIsNone(event.actor)

    def test_account_locks_after_five_failures(self):
        for _ in range(5):
            self.post_login("alice", "sai-mat-khau")
        response = self.post_login("alice", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "tạm khóa", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(AuditEvent.objects.filter(action=Action.LOCKOUT).exists())

    def test_lockout_of_one_user_leaves_others_from_elsewhere_alone(self):
        for _ in range(5):
            self.post_login("alice", "sai-mat-khau")
        response = self.client.post(
            "/dang-nhap/", {"username": "bob", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
        )
        self.assertRedirects(response, "/")

    def test_password_change_is_audited_without_the_password(self):
        self.login(self.officer_a)
        new = "Mot-mat-khau-moi-2026"
        response = self.client.post(
            "/tai-khoan/doi-mat-khau/",
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        self.assertRedirects(response, "/tai-khoan/")
        self.officer_a.refresh_from_db()
        self.assertTrue(self.officer_a.check_password(new))
        event = AuditEvent.objects.filter(action=Action.PASSWORD_CHANGE).latest("id")
        self.assertNotIn(new, str(event.changes))
        self.assertNotIn("password", event.changes)

    def test_logout_is_a_post_and_is_audited(self):
        self.login(self.officer_a)
        self.client.post("/dang-xuat/")
        self.assertTrue(
            AuditEvent.objects.filter(action=Action.LOGOUT, actor=self.officer_a).exists()
        )
        self.assertRedirects(self.client.get("/"), "/dang-nhap/?next=/")


class SecuritySettingsTests(PersonaTestCase):
    def test_sessions_expire_after_thirty_idle_minutes(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 1800)
        # Saved again at most once a minute, not on every request (test_sessions.py).
        self.assertIn("treem.accounts.sessions.SlidingSessionMiddleware", settings.MIDDLEWARE)
        self.assertLessEqual(settings.SESSION_REFRESH_SECONDS, 60)

    def test_production_settings_hash_with_argon2_and_secure_cookies(self):
        env = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "treem.example.org"}
        with mock.patch.dict(os.environ, env):
            import config.settings as production

            production = importlib.reload(production)
        self.assertEqual(
            production.PASSWORD_HASHERS[0], "django.contrib.auth.hashers.Argon2PasswordHasher"
        )
        self.assertTrue(production.SESSION_COOKIE_SECURE)
        self.assertTrue(production.CSRF_COOKIE_SECURE)
        self.assertGreaterEqual(production.SECURE_HSTS_SECONDS, 31536000)

    def test_production_settings_refuse_to_start_without_a_secret_key(self):
        from django.core.exceptions import ImproperlyConfigured

        env = {"DEBUG": "0", "SECRET_KEY": "", "SECRET_KEY_FILE": "/nonexistent/secret_key"}
        with mock.patch.dict(os.environ, env):
            import config.settings as production

            with self.assertRaises(ImproperlyConfigured):
                importlib.reload(production)
        importlib.reload(production)

    def test_security_headers_are_sent(self):
        response = self.client.get("/dang-nhap/")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("default-src 'self'", response["Content-Security-Policy"])
        self.assertTrue(response["X-Request-ID"])

    @override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
    def test_new_passwords_are_stored_as_argon2(self):
        self.officer_a.set_password("Mot-mat-khau-khac-9")
        self.assertTrue(self.officer_a.password.startswith("argon2"))


class TokenTests(PersonaTestCase):
    def test_user_issues_their_own_token_on_their_account_page(self):
        self.login(self.officer_a)
        response = self.client.post("/tai-khoan/token/", {"days": 30})
        token = response.context["token"]
        self.assertContains(response, token)
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.TOKEN_ISSUE, actor=self.officer_a, subject_id=str(self.officer_a.pk)
            ).exists()
        )
        self.client.logout()
        me = self.client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()
        self.assertEqual(me["username"], "alice")
        self.assertEqual(me["assignments"][0]["role"], "ward_officer")

    def test_user_revokes_their_own_token(self):
        self.login(self.officer_a)
        self.client.post("/tai-khoan/token/", {"days": 30})
        key = AuthToken.objects.get(user=self.officer_a).token_key
        response = self.client.post(f"/tai-khoan/token/{key}/thu-hoi/")
        self.assertRedirects(response, "/tai-khoan/")
        self.assertFalse(AuthToken.objects.filter(user=self.officer_a).exists())

    def test_nobody_revokes_a_token_of_someone_else_from_their_own_page(self):
        instance, _ = issue_token(self.collaborator_a, actor=None, days=1)
        self.login(self.officer_a)
        response = self.client.post(f"/tai-khoan/token/{instance.token_key}/thu-hoi/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(AuthToken.objects.filter(pk=instance.pk).exists())

    def test_officer_cannot_issue_tokens_for_others(self):
        self.login(self.officer_a)
        response = self.client.post(f"/can-bo/{self.collaborator_a.pk}/token/", {"days": 30})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AuthToken.objects.exists())

    def test_issue_token_command_prints_a_working_token(self):
        out = StringIO()
        call_command("issue_token", "alice", "--days", "7", stdout=out)
        token = out.getvalue().strip()
        response = self.client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(response.status_code, 200)
