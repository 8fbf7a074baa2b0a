"""Sensitive data on the registry pages: hidden from roles without
VIEW_SENSITIVE, and every page that shows it to a role with it is audited."""

import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from treem.audit.models import Action, AuditEvent
from treem.children.models import Nutrition
from treem.jobs.models import Job

from .base import RegistryTestCase

HIV_NAME = "Trẻ em nhiễm HIV/AIDS"


def url(name, *args):
    return reverse(f"children:{name}", args=args)


class DetailPrivacyTests(RegistryTestCase):
    def sensitive_events(self, user):
        return AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE, actor=user)

    def test_officer_sees_the_hiv_group_and_the_health_facet(self):
        self.login(self.officer_a)
        response = self.client.get(url("detail", self.child_a.pk))
        self.assertContains(response, HIV_NAME)
        self.assertContains(response, 'id="health"')
        self.assertTrue(response.context["sensitive"])

    def test_officer_detail_view_writes_one_event_naming_the_fields(self):
        self.login(self.officer_a)
        self.client.get(url("detail", self.child_a.pk))
        event = self.sensitive_events(self.officer_a).get()
        self.assertEqual(event.subject_id, str(self.child_a.pk))
        fields = event.changes["fields"]["new"]
        for name in ("ethnicity", "nutrition_status", "circumstance:đ"):
            self.assertIn(name, fields)

    def test_approver_sees_sensitive_data_and_is_logged(self):
        self.login(self.approver_a)
        self.assertContains(self.client.get(url("detail", self.child_a.pk)), HIV_NAME)
        self.assertEqual(self.sensitive_events(self.approver_a).count(), 1)

    def test_collaborator_sees_neither_the_hiv_group_nor_health_nor_ethnicity(self):
        self.login(self.collaborator_a)
        response = self.client.get(url("detail", self.child_a.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["sensitive"])
        self.assertNotContains(response, HIV_NAME)
        self.assertNotContains(response, 'id="health"')
        self.assertNotContains(response, self.kinh.name)
        with translation.override("vi"):
            self.assertNotContains(response, str(Nutrition.STUNTING.label))
        self.assertContains(response, 'id="restricted-note"')
        self.assertEqual(response.context["circumstances"], [])
        self.assertNotIn("supports", response.context)

    def test_collaborator_history_leaves_out_sensitive_fields_and_episodes(self):
        self.login(self.collaborator_a)
        history = self.client.get(url("detail", self.child_a.pk)).context["history"]
        labels = {str(label) for e in history for label, _old, _new in e.rows}
        self.assertNotIn(str(self.child_a._meta.get_field("nutrition_status").verbose_name), labels)
        self.assertNotIn(str(self.child_a._meta.get_field("ethnicity").verbose_name), labels)
        self.assertNotIn("children.circumstanceepisode", {e.subject_type for e in history})

    def test_collaborator_detail_view_writes_no_sensitive_event(self):
        self.login(self.collaborator_a)
        self.client.get(url("detail", self.child_a.pk))
        self.assertFalse(self.sensitive_events(self.collaborator_a).exists())

    def test_child_without_sensitive_values_writes_no_event(self):
        self.login(self.officer_a)
        self.client.get(url("detail", self.child_a2.pk))
        self.assertFalse(self.sensitive_events(self.officer_a).exists())

    def test_officer_edit_form_shows_health_and_is_logged(self):
        self.login(self.officer_a)
        form = self.client.get(url("edit", self.child_a.pk)).context["form"]
        self.assertEqual(form["nutrition_status"].value(), "stunting")
        self.assertEqual(self.sensitive_events(self.officer_a).count(), 1)

    def test_collaborator_edit_form_has_no_sensitive_field(self):
        self.login(self.collaborator_a)
        form = self.client.get(url("edit", self.child_a.pk)).context["form"]
        self.assertNotIn("ethnicity", form.fields)
        self.assertNotIn("nutrition_status", form.fields)
        self.assertFalse(self.sensitive_events(self.collaborator_a).exists())


class ListPrivacyTests(RegistryTestCase):
    def groups_of(self, response, child):
        row = next(r for r in response.context["rows"] if r["child"] == child)
        return [e.code for e in row["groups"]]

    def test_officer_list_shows_the_hiv_group_and_logs_one_event_per_page(self):
        self.login(self.officer_a)
        response = self.client.get(url("list"))
        self.assertEqual(self.groups_of(response, self.child_a), [self.hiv])
        event = AuditEvent.objects.get(action=Action.VIEW_SENSITIVE, actor=self.officer_a)
        self.assertEqual(event.changes["fields"]["new"], ["circumstance:đ"])
        self.assertIn(str(self.child_a.pk), event.note)
        # No ward filtered: the event takes the first row's ward, so that
        # auditors limited to that area see it.
        self.assertEqual(event.unit_id, self.child_a.ward_id)

    def test_collaborator_list_hides_the_hiv_group_and_logs_nothing(self):
        self.login(self.collaborator_a)
        response = self.client.get(url("list"))
        self.assertEqual(self.groups_of(response, self.child_a), [])
        self.assertNotContains(response, HIV_NAME)
        self.assertFalse(AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE).exists())

    def test_collaborator_cannot_filter_on_a_sensitive_value(self):
        self.login(self.collaborator_a)
        response = self.client.get(url("list"), {"nutrition": "underweight"})
        self.assertNotIn("nutrition", response.context["filter"].form.fields)
        self.assertEqual([r["child"] for r in response.context["rows"]], [self.child_a])
        response = self.client.get(url("list"), {"circumstance": self.hiv.pk})
        self.assertIn("circumstance", response.context["filter"].form.errors)

    def test_officer_filtering_on_nutrition_is_logged(self):
        self.login(self.officer_a)
        response = self.client.get(url("list"), {"nutrition": "stunting"})
        self.assertEqual([r["child"] for r in response.context["rows"]], [self.child_a])
        event = AuditEvent.objects.get(action=Action.VIEW_SENSITIVE, actor=self.officer_a)
        self.assertIn("filter:nutrition", event.changes["fields"]["new"])

    def test_page_without_sensitive_values_logs_nothing(self):
        self.login(self.officer_a)
        self.client.get(url("list"), {"q": "minh"})
        self.assertFalse(AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE).exists())


class ExportPrivacyTests(RegistryTestCase):
    def test_subject_export_by_an_officer_includes_the_sensitive_facets(self):
        self.login(self.officer_a)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url("subject-export", self.child_a.pk))
        job = Job.objects.get()
        data = json.loads((Path(settings.MEDIA_ROOT) / job.result_file).read_text("utf-8"))
        self.assertTrue(data["sensitive_included"])
        self.assertIn("nutrition_status", data["record"])
        self.assertEqual(data["special_circumstances"][0]["code"]["value"], HIV_NAME)
        event = AuditEvent.objects.get(action=Action.EXPORT, subject_id=str(self.child_a.pk))
        self.assertTrue(event.changes["sensitive"]["new"])
