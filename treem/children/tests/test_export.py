"""Export of the filtered list: scoped, neutralised, sensitive columns by
permission, audited."""

import csv
from pathlib import Path
from unittest import mock

import openpyxl
from django.conf import settings
from django.urls import reverse

from treem.accounts.permissions import ROLE_PERMISSIONS, Perm, Role
from treem.audit.models import Action, AuditEvent
from treem.children.services import create_child
from treem.children.tests.base import RegistryTestCase, child_data
from treem.jobs.models import Job

ETHNICITY = "Dân tộc"
CIRCUMSTANCE = "Nhóm hoàn cảnh đặc biệt"


class ExportTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.formula = create_child(
            actor=cls.officer_a,
            unit=cls.group_a,
            ward=cls.ward_a,
            data=child_data(family="=1+2", middle="", given="@Sum", dob=(2019, 1, 5), sex="M"),
            confirmed=True,
        )

    def export(self, user, query="", fmt="csv"):
        self.login(user)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{reverse('children:export')}?{query}&format={fmt}")
        self.assertEqual(response.status_code, 302)
        job = Job.objects.filter(kind="children_export").latest("created_at")
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        self.assertEqual(job.status, "done", job.error)
        return job, Path(settings.MEDIA_ROOT) / job.result_file

    def rows(self, path):
        if path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path).worksheets[0]
            values = [
                [c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)
            ]
        else:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                values = list(csv.reader(fh))
        header, *body = values
        return [dict(zip(header, map(str, r), strict=True)) for r in body], header

    def test_officer_exports_their_ward_and_not_ward_b(self):
        job, path = self.export(self.officer_a)
        rows, _header = self.rows(path)
        ids = {int(r["Mã hồ sơ"]) for r in rows}
        self.assertEqual(ids, {self.child_a.pk, self.child_a2.pk, self.formula.pk})
        self.assertNotIn(self.child_b.pk, ids)
        self.assertEqual(job.result["rows"], 3)

    def test_filters_of_the_list_apply(self):
        _job, path = self.export(self.officer_a, f"group={self.group_a2.pk}", "xlsx")
        rows, _header = self.rows(path)
        self.assertEqual([int(r["Mã hồ sơ"]) for r in rows], [self.child_a2.pk])

    def test_formula_cells_are_neutralised_in_csv_and_xlsx(self):
        for fmt in ("csv", "xlsx"):
            _job, path = self.export(self.officer_a, fmt=fmt)
            rows, _header = self.rows(path)
            row = next(r for r in rows if r["Mã hồ sơ"] == str(self.formula.pk))
            self.assertEqual((row["Họ"], row["Tên"]), ("'=1+2", "'@Sum"), fmt)

    def test_officer_gets_sensitive_columns_and_a_sensitive_read_event(self):
        job, path = self.export(self.officer_a)
        rows, header = self.rows(path)
        self.assertIn(ETHNICITY, header)
        row = next(r for r in rows if r["Mã hồ sơ"] == str(self.child_a.pk))
        self.assertEqual(row[ETHNICITY], "Kinh")
        self.assertIn("đ", row[CIRCUMSTANCE].split(", "))
        event = AuditEvent.objects.get(action=Action.VIEW_SENSITIVE, subject_id=str(job.pk))
        self.assertEqual(event.actor, self.officer_a)
        self.assertIn("ethnicity", event.changes["fields"]["new"])

    def test_collaborator_gets_no_sensitive_columns(self):
        # Collaborators hold no export right in the shipped role table; a
        # province that grants it must still not leak sensitive fields.
        granted = {*ROLE_PERMISSIONS[Role.COLLABORATOR], Perm.EXPORT_PERSONAL}
        with mock.patch.dict(ROLE_PERMISSIONS, {Role.COLLABORATOR: granted}):
            job, path = self.export(self.collaborator_a)
        rows, header = self.rows(path)
        self.assertNotIn(ETHNICITY, header)
        self.assertNotIn("Dinh dưỡng", header)
        self.assertEqual({int(r["Mã hồ sơ"]) for r in rows}, {self.child_a.pk, self.formula.pk})
        row = next(r for r in rows if r["Mã hồ sơ"] == str(self.child_a.pk))
        self.assertNotIn("đ", row[CIRCUMSTANCE])
        self.assertFalse(AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE).exists())

    def test_export_is_audited_with_filters_and_row_count(self):
        job, _path = self.export(self.officer_a, "sex=F")
        event = AuditEvent.objects.get(action=Action.EXPORT, subject_id=str(job.pk))
        self.assertEqual(event.changes["rows"]["new"], 1)
        self.assertEqual(event.changes["filters"]["new"]["sex"], "F")
        self.assertEqual(event.actor, self.officer_a)
        self.assertEqual(event.unit, self.ward_a)

    def test_get_shows_the_count_before_exporting(self):
        self.login(self.officer_a)
        response = self.client.get(reverse("children:export"), {"format": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["count"], 3)
        self.assertFalse(Job.objects.filter(kind="children_export").exists())

    def test_viewer_and_collaborator_get_404(self):
        for user in (self.viewer, self.collaborator_a, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get(reverse("children:export")).status_code, 404)
            self.assertEqual(self.client.post(reverse("children:export")).status_code, 404)
        self.assertFalse(Job.objects.filter(kind="children_export").exists())

    def test_another_users_export_is_404(self):
        job, _path = self.export(self.officer_a)
        self.login(self.officer_b)
        self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("jobs:download", args=[job.pk])).status_code, 404)
