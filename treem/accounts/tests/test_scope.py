from django.db import IntegrityError, transaction
from knox.models import AuthToken

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import get_for_user, has_perm, scope_for
from treem.accounts.services import AccountError, assign_role, end_assignment, issue_token
from treem.audit.models import Action, AuditEvent
from treem.core.testing import PersonaTestCase, make_user, yesterday
from treem.jobs.models import Job


class ScopeTests(PersonaTestCase):
    def test_ward_officer_scope_is_own_ward_and_its_former_units(self):
        scope = scope_for(self.officer_a, Perm.VIEW_PERSONAL)
        self.assertTrue(scope.covers(self.ward_a))
        self.assertTrue(scope.covers(self.group_a))
        self.assertTrue(scope.covers(self.former_a))
        self.assertFalse(scope.covers(self.ward_b))
        self.assertFalse(scope.covers(self.group_b))
        self.assertFalse(scope.covers(None))

    def test_province_officer_covers_every_unit_of_the_province(self):
        scope = scope_for(self.province_officer, Perm.VIEW_PERSONAL)
        for unit in (self.province, self.ward_a, self.ward_b, self.group_b, self.former_a):
            self.assertTrue(scope.covers(unit), unit)

    def test_collaborator_covers_only_own_residential_group(self):
        scope = scope_for(self.collaborator_a, Perm.VIEW_PERSONAL)
        self.assertTrue(scope.covers(self.group_a))
        self.assertFalse(scope.covers(self.group_a2))
        self.assertFalse(scope.covers(self.ward_a))

    def test_collaborator_never_sees_sensitive_fields(self):
        self.assertFalse(has_perm(self.collaborator_a, Perm.VIEW_SENSITIVE))

    def test_viewer_has_aggregates_only(self):
        self.assertTrue(has_perm(self.viewer, Perm.VIEW_AGGREGATES))
        for perm in (Perm.VIEW_PERSONAL, Perm.VIEW_SENSITIVE, Perm.VIEW_STAFF, Perm.BROWSE_AUDIT):
            self.assertFalse(has_perm(self.viewer, perm), perm)

    def test_administrator_reads_no_personal_data(self):
        self.assertFalse(has_perm(self.admin, Perm.VIEW_PERSONAL))
        self.assertTrue(scope_for(self.admin, Perm.MANAGE_USERS).unlimited)

    def test_expired_assignment_grants_nothing(self):
        user = make_user(
            "khoa", Role.WARD_OFFICER, self.ward_a, starts_on=yesterday(), expires_on=yesterday()
        )
        self.assertFalse(has_perm(user, Perm.VIEW_PERSONAL))
        self.assertFalse(has_perm(user, Perm.VIEW_PERSONAL, self.ward_a))

    def test_ended_assignment_grants_nothing_from_today(self):
        assignment = self.officer_b.assignments.get()
        end_assignment(assignment, actor=self.admin)
        self.officer_b.refresh_from_db()
        self.assertFalse(has_perm(self.officer_b, Perm.VIEW_PERSONAL))
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.PERMISSION_CHANGE, subject_id=str(self.officer_b.pk)
            ).exists()
        )

    def test_deactivated_user_has_no_scope(self):
        self.officer_b.is_active = False
        self.assertFalse(has_perm(self.officer_b, Perm.VIEW_PERSONAL))

    def test_objects_without_area_are_invisible_to_area_limited_users(self):
        job = Job.objects.create(
            kind="audit_export", title="x", created_by=self.admin, permission=Perm.VIEW_PERSONAL
        )
        self.assertFalse(Job.objects.visible_to(self.province_officer).filter(pk=job.pk).exists())
        self.assertFalse(Job.objects.visible_to(self.officer_a).filter(pk=job.pk).exists())

    def test_audit_events_without_area_are_visible_only_to_unlimited_scope(self):
        event = AuditEvent.objects.filter(unit__isnull=True).first()
        self.assertIsNotNone(event)
        self.assertFalse(
            AuditEvent.objects.visible_to(self.province_officer).filter(pk=event.pk).exists()
        )
        self.assertTrue(AuditEvent.objects.visible_to(self.admin).filter(pk=event.pk).exists())

    def test_data_of_a_former_unit_is_visible_to_the_successor_ward_only(self):
        job = Job.objects.create(
            kind="audit_export",
            title="x",
            created_by=self.province_officer,
            unit=self.former_a,
            permission=Perm.VIEW_PERSONAL,
        )
        self.assertEqual(get_for_user(Job.objects, self.officer_a, job.pk), job)
        with self.assertRaises(Exception) as caught:
            get_for_user(Job.objects, self.officer_b, job.pk)
        self.assertEqual(type(caught.exception).__name__, "Http404")


class AssignmentRuleTests(PersonaTestCase):
    def test_database_refuses_agency_reporter_without_agency(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(
                user=self.nobody, role=Role.AGENCY_REPORTER, unit=self.ward_a
            )

    def test_database_refuses_a_ward_role_without_area(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(user=self.nobody, role=Role.WARD_OFFICER)

    def test_database_refuses_expiry_before_start(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(
                user=self.nobody,
                role=Role.VIEWER,
                unit=self.ward_a,
                starts_on="2026-01-02",
                expires_on="2026-01-01",
            )

    def test_roles_cannot_be_given_in_a_former_unit(self):
        with self.assertRaisesMessage(AccountError, "Vinh Tân"):
            assign_role(self.nobody, Role.WARD_OFFICER, actor=self.admin, unit=self.former_a)

    def test_a_ward_role_cannot_be_given_at_province_level(self):
        with self.assertRaises(AccountError):
            assign_role(self.nobody, Role.WARD_OFFICER, actor=self.admin, unit=self.province)

    def test_only_an_administrator_assigns_roles(self):
        with self.assertRaises(AccountError):
            assign_role(self.nobody, Role.COLLABORATOR, actor=self.officer_a, unit=self.group_a)

    def test_assignment_is_audited_as_a_permission_change(self):
        assign_role(self.nobody, Role.COLLABORATOR, actor=self.admin, unit=self.group_a2)
        event = AuditEvent.objects.get(
            action=Action.PERMISSION_CHANGE, subject_id=str(self.nobody.pk)
        )
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.changes["granted"]["new"]["role"], "collaborator")
        self.assertEqual(event.unit, self.group_a2)


class CrossWardAccessTests(PersonaTestCase):
    """A ward-A officer reaches nothing of ward B, by URL or by API."""

    def test_staff_of_another_ward_is_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(f"/can-bo/{self.officer_b.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/can-bo/{self.collaborator_a.pk}/").status_code, 200)

    def test_staff_list_shows_own_ward_only(self):
        self.login(self.officer_a)
        response = self.client.get("/can-bo/")
        # The usernames as cells: "bob" alone also matches the search box's "combobox".
        self.assertContains(response, f"<td>{self.collaborator_a.username}</td>")
        self.assertNotContains(response, f"<td>{self.officer_b.username}</td>")

    def test_api_staff_of_another_ward_is_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(f"/api/v1/staff/{self.officer_b.pk}/").status_code, 404)
        ids = {u["id"] for u in self.client.get("/api/v1/staff/").json()["results"]}
        self.assertIn(self.approver_a.pk, ids)
        self.assertNotIn(self.officer_b.pk, ids)

    def test_api_with_token_applies_the_same_scope(self):
        _, token = issue_token(self.officer_a, actor=self.officer_a, days=1)
        self.client.logout()
        auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
        response = self.client.get(f"/api/v1/staff/{self.officer_b.pk}/", **auth)
        self.assertEqual(response.status_code, 404)
        response = self.client.get(f"/api/v1/staff/{self.approver_a.pk}/", **auth)
        self.assertEqual(response.status_code, 200)

    def test_jobs_of_another_ward_are_404(self):
        job = Job.objects.create(
            kind="audit_export",
            title="x",
            created_by=self.officer_b,
            unit=self.ward_b,
            permission=Perm.VIEW_PERSONAL,
        )
        self.login(self.officer_a)
        self.assertEqual(self.client.get(f"/tac-vu/{job.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/jobs/{job.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/tac-vu/{job.pk}/tai-ve/").status_code, 404)

    def test_officer_without_audit_permission_gets_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/nhat-ky/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/audit-events/").status_code, 404)

    def test_viewer_reaches_no_staff_directory(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get("/can-bo/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/staff/").status_code, 404)

    def test_unauthenticated_api_is_refused(self):
        self.assertIn(self.client.get("/api/v1/staff/").status_code, (401, 403))

    def test_revoked_token_stops_working(self):
        instance, token = issue_token(self.officer_a, actor=self.officer_a, days=1)
        self.login(self.admin)
        self.client.post(f"/can-bo/{self.officer_a.pk}/token/{instance.token_key}/thu-hoi/")
        self.assertFalse(AuthToken.objects.filter(pk=instance.pk).exists())
        self.client.logout()
        response = self.client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(response.status_code, 401)

    def test_staff_list_query_count_is_constant(self):
        self.login(self.province_officer)

        def more():
            for n in range(4):
                make_user(f"extra{n}", Role.COLLABORATOR, self.group_b)

        self.assert_queries_constant("/can-bo/", more)
