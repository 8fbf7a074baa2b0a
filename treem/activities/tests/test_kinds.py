"""The administrator lists, adds, renames and retires activity kinds."""

from django.urls import reverse

from treem.audit.models import AuditEvent

from ..forms import ActivityForm
from ..models import ActivityKind
from ..services import ActivityError, ActivityPermissionError
from ..services.kinds import create_kind, update_kind
from .base import ActivityTestCase


class KindTests(ActivityTestCase):
    def test_admin_adds_renames_and_retires_a_kind_with_audit_events(self):
        kind = create_kind(actor=self.admin, name="Sinh hoạt câu lạc bộ")
        self.assertEqual(kind.code, "sinh-hoat-cau-lac-bo")
        update_kind(kind, actor=self.admin, name="Sinh hoạt CLB trẻ em", active=False)
        kind.refresh_from_db()
        self.assertEqual((kind.name, kind.active), ("Sinh hoạt CLB trẻ em", False))
        self.assertEqual(
            AuditEvent.objects.filter(
                subject_type="activities.activitykind", subject_id=str(kind.pk)
            ).count(),
            2,
        )

    def test_a_name_must_be_new_and_not_empty(self):
        with self.assertRaises(ActivityError):
            create_kind(actor=self.admin, name=self.campaign.name.upper())
        with self.assertRaises(ActivityError):
            update_kind(self.campaign, actor=self.admin, name="  ")

    def test_others_may_not_edit_kinds(self):
        with self.assertRaises(ActivityPermissionError):
            create_kind(actor=self.officer_a, name="Khác")
        for user in (self.officer_a, self.province_officer, self.viewer):
            self.login(user)
            self.assertEqual(self.client.get(reverse("activities:kinds")).status_code, 404)
            url = reverse("activities:kind-edit", args=[self.campaign.pk])
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_retired_kind_leaves_the_form_but_stays_on_its_activities(self):
        activity = self.activity()
        update_kind(self.campaign, actor=self.admin, active=False)
        tasks, agencies = self.plan.tasks.all(), self.police_a.__class__.objects.all()
        new = ActivityForm(agencies=agencies, tasks=tasks)
        self.assertNotIn(self.campaign, new.fields["kind"].queryset)
        edit = ActivityForm(agencies=agencies, tasks=tasks, initial={"kind": activity.kind_id})
        self.assertIn(self.campaign, edit.fields["kind"].queryset)

    def test_admin_pages_add_and_rename(self):
        self.login(self.admin)
        page = self.client.get(reverse("activities:kinds"))
        self.assertContains(page, self.campaign.name)
        response = self.client.post(reverse("activities:kinds"), {"name": "Tọa đàm", "order": 20})
        self.assertRedirects(response, reverse("activities:kinds"))
        kind = ActivityKind.objects.get(name="Tọa đàm")
        response = self.client.post(
            reverse("activities:kind-edit", args=[kind.pk]),
            {"name": "Tọa đàm, đối thoại", "order": 20},
        )
        self.assertRedirects(response, reverse("activities:kinds"))
        kind.refresh_from_db()
        self.assertEqual((kind.name, kind.active), ("Tọa đàm, đối thoại", False))
