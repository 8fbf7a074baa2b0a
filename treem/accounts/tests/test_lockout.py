"""Failed logins lock a username at one address; a second, higher ceiling
locks an address that guesses across many usernames."""

from django.test import override_settings

from treem.audit.models import Action, AuditEvent
from treem.core.testing import PASSWORD, PersonaTestCase

OFFICE = "10.20.30.40"
ELSEWHERE = "10.99.0.1"


class LockoutTests(PersonaTestCase):
    def post_login(self, username, password, address=OFFICE):
        return self.client.post(
            "/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def fail(self, username, times, address=OFFICE):
        for _ in range(times):
            self.post_login(username, "sai-mat-khau", address)

    def test_five_failures_lock_that_username_at_that_address(self):
        self.fail("alice", 5)
        response = self.post_login("alice", PASSWORD)
        self.assertEqual(response.status_code, 429)

    def test_a_colleague_behind_the_same_address_still_logs_in(self):
        self.fail("alice", 5)
        response = self.post_login("bob", PASSWORD)
        self.assertRedirects(response, "/")

    def test_the_locked_user_still_logs_in_from_another_address(self):
        self.fail("alice", 5)
        response = self.post_login("alice", PASSWORD, address=ELSEWHERE)
        self.assertRedirects(response, "/")

    def test_fifty_failures_across_usernames_lock_the_address(self):
        # 17 usernames, 3 failures each: no username reaches its own ceiling.
        for n in range(17):
            self.fail(f"doan{n}", 3)
        response = self.post_login("bob", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(AuditEvent.objects.filter(action=Action.LOCKOUT).exists())
        response = self.post_login("bob", PASSWORD, address=ELSEWHERE)
        self.assertRedirects(response, "/")

    def test_failures_below_the_address_ceiling_lock_nobody_else(self):
        for n in range(12):
            self.fail(f"doan{n}", 4)
        response = self.post_login("bob", PASSWORD)
        self.assertRedirects(response, "/")

    @override_settings(AXES_IP_FAILURE_LIMIT=6)
    def test_the_address_ceiling_comes_from_the_settings(self):
        self.fail("doan1", 3)
        self.fail("doan2", 3)
        self.assertEqual(self.post_login("bob", PASSWORD).status_code, 429)
