"""The administrator runs the system but reads no child's personal data: it
cannot borrow another user's rights through a token, nor grant itself a role
that reads data; every grant is shown to the person who received it."""

from knox.models import AuthToken

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Role
from treem.accounts.services import AccountError, assign_role, issue_token
from treem.audit.models import Action, AuditEvent
from treem.core.testing import PASSWORD, PersonaTestCase, make_user


class AdministratorTokenTests(PersonaTestCase):
    def test_administrator_cannot_issue_a_token_for_another_user_in_the_ui(self):
        self.login(self.admin)
        response = self.client.post(f"/can-bo/{self.officer_a.pk}/token/", {"days": 30})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AuthToken.objects.filter(user=self.officer_a).exists())

    def test_the_account_page_issues_a_token_for_its_owner_only(self):
        self.login(self.admin)
        self.client.post("/tai-khoan/token/", {"days": 30, "user": self.officer_a.pk})
        self.assertFalse(AuthToken.objects.filter(user=self.officer_a).exists())
        self.assertTrue(AuthToken.objects.filter(user=self.admin).exists())

    def test_administrator_cannot_issue_a_token_for_another_user_through_the_service(self):
        with self.assertRaises(AccountError):
            issue_token(self.officer_a, actor=self.admin, days=1)
        self.assertFalse(AuthToken.objects.exists())

    def test_the_api_offers_no_way_to_issue_a_token_for_another_user(self):
        _, token = issue_token(self.admin, actor=self.admin, days=1, two_factor_verified=True)
        auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
        for url in (f"/api/v1/staff/{self.officer_a.pk}/token/", "/api/v1/tokens/"):
            response = self.client.post(url, {"user": self.officer_a.pk}, **auth)
            self.assertIn(response.status_code, (404, 405), url)
        self.assertFalse(AuthToken.objects.filter(user=self.officer_a).exists())

    def test_the_administrators_own_token_reads_no_children(self):
        _, token = issue_token(self.admin, actor=self.admin, days=1, two_factor_verified=True)
        response = self.client.get("/api/v1/children/", HTTP_AUTHORIZATION=f"Token {token}")
        self.assertIn(response.status_code, (403, 404))

    def test_administrator_still_revokes_another_users_token(self):
        instance, _ = issue_token(self.officer_a, actor=self.officer_a, days=1)
        self.login(self.admin)
        page = self.client.get(f"/can-bo/{self.officer_a.pk}/")
        self.assertContains(page, instance.token_key)
        self.assertNotContains(page, '/token/"')
        self.client.post(f"/can-bo/{self.officer_a.pk}/token/{instance.token_key}/thu-hoi/")
        self.assertFalse(AuthToken.objects.filter(pk=instance.pk).exists())
        event = AuditEvent.objects.get(action=Action.TOKEN_REVOKE)
        self.assertEqual(event.actor, self.admin)

    def test_the_operator_command_still_issues_tokens(self):
        instance, _ = issue_token(self.officer_a, actor=None, days=1)
        self.assertEqual(instance.user, self.officer_a)


class SelfGrantTests(PersonaTestCase):
    def test_administrator_cannot_grant_itself_a_data_reading_role_in_the_ui(self):
        self.login(self.admin)
        response = self.client.post(
            f"/can-bo/{self.admin.pk}/vai-tro/",
            {"role": Role.PROVINCE_OFFICER, "unit": self.province.pk},
            follow=True,
        )
        self.assertContains(response, "dữ liệu cá nhân")
        self.assertFalse(
            RoleAssignment.objects.filter(user=self.admin, role=Role.PROVINCE_OFFICER).exists()
        )
        self.assertIn(self.client.get("/api/v1/children/").status_code, (403, 404))

    def test_no_data_reading_role_can_be_self_granted(self):
        cases = [
            (Role.PROVINCE_OFFICER, self.province),
            (Role.WARD_OFFICER, self.ward_a),
            (Role.WARD_APPROVER, self.ward_a),
            (Role.COLLABORATOR, self.group_a),
        ]
        for role, unit in cases:
            with self.subTest(role=role), self.assertRaises(AccountError):
                assign_role(self.admin, role, actor=self.admin, unit=unit)

    def test_administrator_may_grant_itself_an_aggregates_role(self):
        assign_role(self.admin, Role.VIEWER, actor=self.admin, unit=self.province)
        self.assertTrue(RoleAssignment.objects.filter(user=self.admin, role=Role.VIEWER).exists())

    def test_another_administrator_grants_the_role_and_it_is_audited(self):
        second = make_user("quantri2", Role.ADMIN)
        assign_role(self.admin, Role.PROVINCE_OFFICER, actor=second, unit=self.province)
        event = AuditEvent.objects.filter(action=Action.PERMISSION_CHANGE).latest("id")
        self.assertEqual(event.actor, second)
        self.assertEqual(event.subject_id, str(self.admin.pk))


class GrantNoticeTests(PersonaTestCase):
    def test_the_granted_user_sees_who_granted_what_and_when_on_their_account_page(self):
        assign_role(self.officer_b, Role.WARD_APPROVER, actor=self.admin, unit=self.ward_b)
        self.login(self.officer_b)
        response = self.client.get("/tai-khoan/")
        self.assertContains(response, "Vai trò đã được cấp cho tôi")
        grants = response.context["grants"]
        self.assertEqual(grants[0].role, Role.WARD_APPROVER)
        self.assertEqual(grants[0].granted_by, self.admin)
        self.assertContains(response, str(self.admin))

    def test_a_grant_since_the_last_sign_in_is_announced_at_sign_in(self):
        # The first sign-in announces the roles given at creation, and reads the notice.
        self.client.post("/dang-nhap/", {"username": "bob", "password": PASSWORD}, follow=True)
        self.client.post("/dang-xuat/")
        assign_role(self.officer_b, Role.WARD_APPROVER, actor=self.admin, unit=self.ward_b)
        response = self.client.post(
            "/dang-nhap/", {"username": "bob", "password": PASSWORD}, follow=True
        )
        self.assertContains(response, "Tài khoản của tôi")
        shown = [str(m) for m in response.context["messages"]]
        self.assertEqual(len(shown), 1, shown)
        self.assertIn("cấp cho bạn", shown[0])

    def test_no_announcement_without_new_grants(self):
        # The first sign-in announces the roles given at creation, and reads the notice.
        self.client.post("/dang-nhap/", {"username": "bob", "password": PASSWORD}, follow=True)
        self.client.post("/dang-xuat/")
        response = self.client.post(
            "/dang-nhap/", {"username": "bob", "password": PASSWORD}, follow=True
        )
        self.assertEqual(list(response.context["messages"]), [])
