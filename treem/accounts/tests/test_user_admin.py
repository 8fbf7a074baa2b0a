from treem.accounts.models import RoleAssignment
from treem.audit.models import Action, AuditEvent
from treem.core.testing import PersonaTestCase


class UserAdministrationTests(PersonaTestCase):
    def test_administrator_creates_an_account_and_assigns_a_role(self):
        self.login(self.admin)
        response = self.client.post(
            "/can-bo/them/", {"username": "ctv.khoi2", "last_name": "Trần Thị", "first_name": "Lan"}
        )
        user = self.admin.__class__.objects.get(username="ctv.khoi2")
        self.assertRedirects(response, user.get_absolute_url())
        self.client.post(
            f"/can-bo/{user.pk}/vai-tro/", {"role": "collaborator", "unit": self.group_a2.pk}
        )
        self.assertTrue(
            RoleAssignment.objects.active().filter(user=user, unit=self.group_a2).exists()
        )
        actions = set(
            AuditEvent.objects.filter(subject_id=str(user.pk)).values_list("action", flat=True)
        )
        self.assertTrue({Action.CREATE, Action.PERMISSION_CHANGE} <= actions)

    def test_a_wrong_role_level_is_explained_in_vietnamese(self):
        self.login(self.admin)
        response = self.client.post(
            f"/can-bo/{self.nobody.pk}/vai-tro/",
            {"role": "collaborator", "unit": self.ward_a.pk},
            follow=True,
        )
        self.assertContains(response, "không áp dụng cho cấp")

    def test_officer_cannot_create_accounts(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/can-bo/them/").status_code, 404)
        self.assertEqual(
            self.client.post(
                f"/can-bo/{self.collaborator_a.pk}/vai-tro/",
                {"role": "collaborator", "unit": self.group_a2.pk},
            ).status_code,
            404,
        )

    def test_deactivating_an_account_is_audited(self):
        self.login(self.admin)
        self.client.post(
            f"/can-bo/{self.officer_b.pk}/sua/",
            {
                "last_name": "Nguyễn Văn",
                "first_name": "Bob",
                "email": "",
                "phone": "",
                "job_title": "",
            },
        )
        event = AuditEvent.objects.filter(
            action=Action.UPDATE, subject_id=str(self.officer_b.pk)
        ).latest("id")
        self.assertEqual(event.changes["is_active"], {"old": True, "new": False})
