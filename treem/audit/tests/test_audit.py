import csv
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, update_unit
from treem.audit.models import Action, AuditAppendOnlyError, AuditEvent
from treem.audit.services import diff, record_event
from treem.core.testing import PersonaTestCase
from treem.jobs.models import Job


class AuditWritingTests(PersonaTestCase):
    def test_a_service_write_and_its_event_commit_together(self):
        group = create_unit(
            actor=self.officer_a, name="Khối 5", level=Level.RESIDENTIAL_GROUP, parent=self.ward_a
        )
        event = AuditEvent.objects.get(subject_type="areas.adminunit", subject_id=str(group.pk))
        self.assertEqual(event.unit_id, group.pk)
        self.assertEqual(event.changes["parent"], {"old": None, "new": self.ward_a.pk})

    def test_a_rolled_back_change_leaves_no_event(self):
        before = AuditEvent.objects.count()
        with self.assertRaises(RuntimeError), transaction.atomic():
            create_unit(
                actor=self.officer_a,
                name="Khối 6",
                level=Level.RESIDENTIAL_GROUP,
                parent=self.ward_a,
            )
            raise RuntimeError("something later in the same request failed")
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertFalse(AdminUnit.objects.filter(name="Khối 6").exists())

    def test_an_update_records_only_the_fields_that_changed(self):
        update_unit(self.group_a, actor=self.officer_a, name="Khối Một", code=None)
        event = AuditEvent.objects.filter(action=Action.UPDATE).latest("id")
        self.assertEqual(event.changes, {"name": {"old": "Khối 1", "new": "Khối Một"}})

    def test_an_update_that_changes_nothing_writes_no_event(self):
        before = AuditEvent.objects.count()
        update_unit(self.group_a, actor=self.officer_a, name="Khối 1")
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_passwords_never_reach_the_trail(self):
        self.assertEqual(diff({"password": "a"}, {"password": "b"}), {})
        for event in AuditEvent.objects.all():
            self.assertNotIn("password", event.changes)


class AppendOnlyTests(PersonaTestCase):
    def setUp(self):
        with transaction.atomic():
            self.event = record_event(Action.CREATE, actor=self.officer_a, unit=self.ward_a)

    def test_the_model_refuses_updates_and_deletes(self):
        self.event.note = "rewritten"
        with self.assertRaises(AuditAppendOnlyError):
            self.event.save()
        with self.assertRaises(AuditAppendOnlyError):
            self.event.delete()
        with self.assertRaises(AuditAppendOnlyError):
            AuditEvent.objects.filter(pk=self.event.pk).update(note="x")
        with self.assertRaises(AuditAppendOnlyError):
            AuditEvent.objects.filter(pk=self.event.pk).delete()

    def test_the_database_refuses_an_update_in_raw_sql(self):
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [self.event.pk])


class AuditBrowsingTests(PersonaTestCase):
    def test_province_officer_filters_by_action_and_area(self):
        self.login(self.province_officer)
        response = self.client.get(f"/nhat-ky/?action=permission-change&unit={self.ward_a.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "người dùng #")
        events = list(response.context["page_obj"])
        self.assertTrue(events)
        self.assertTrue(
            all(e.action == "permission-change" and e.unit == self.ward_a for e in events)
        )

    def test_filter_by_actor_subject_and_date(self):
        self.login(self.admin)
        response = self.client.get(
            f"/nhat-ky/?actor=alice&subject_type=accounts.user&subject_id={self.officer_a.pk}"
            "&date_from=01/01/2020&date_to=31/12/2099"
        )
        self.assertEqual(response.status_code, 200)
        url = "/api/v1/audit-events/?action=create&subject_type=areas.adminunit"
        response = self.client.get(url)
        self.assertGreater(response.json()["count"], 30)

    def test_ward_officer_cannot_browse_the_trail(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/nhat-ky/").status_code, 404)

    def test_export_runs_as_a_job_and_neutralises_formulas(self):
        with transaction.atomic():
            record_event(Action.CREATE, actor=self.admin, note='=HYPERLINK("x")')
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/nhat-ky/xuat/?action=create")
        job = Job.objects.get(kind="audit_export")
        self.assertRedirects(response, job.get_absolute_url())
        self.assertEqual(job.status, Job.Status.DONE)
        download = self.client.get(f"/tac-vu/{job.pk}/tai-ve/")
        self.assertEqual(download["Content-Type"], "application/octet-stream")
        body = b"".join(download.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(body.splitlines()))
        self.assertEqual(rows[0][0], "occurred_at")
        self.assertIn('\'=HYPERLINK("x")', [r[-1] for r in rows])
        self.assertTrue(all(r[2] == "create" for r in rows[1:]))
        self.assertTrue(AuditEvent.objects.filter(action=Action.EXPORT, actor=self.admin).exists())
        Path(settings.MEDIA_ROOT, job.result_file).unlink()

    def test_request_id_from_a_proxy_is_kept(self):
        self.client.post(
            "/dang-nhap/",
            {"username": "alice", "password": "x"},
            HTTP_X_REQUEST_ID="req-1234567890",
        )
        event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).latest("id")
        self.assertEqual(event.request_id, "req-1234567890")

    def test_audit_list_query_count_is_constant(self):
        self.login(self.admin)

        def more():
            with transaction.atomic():
                for _ in range(10):
                    record_event(Action.CREATE, actor=self.admin, unit=self.ward_b)

        self.assert_queries_constant("/nhat-ky/", more)
