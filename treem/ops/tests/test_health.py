"""/healthz, the worker's heartbeat and seal, the operations page, and the
JSON log format."""

import datetime
import json
import logging
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from treem.audit import context
from treem.audit.models import Action, AuditEvent, AuditSeal
from treem.core.logs import JsonFormatter, RequestIdFilter
from treem.core.testing import PersonaTestCase
from treem.jobs.models import Job
from treem.ops.models import WorkerHeartbeat
from treem.ops.worker import Housekeeping, beat, housekeeping_once


class HealthzTests(TestCase):
    def test_healthz_answers_without_login_and_says_the_worker_is_missing(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["status"], data["database"]), ("degraded", "ok"))
        self.assertEqual(data["worker"], {"ok": False, "heartbeat_age_seconds": None, "workers": 0})
        self.assertIn("no-cache", response["Cache-Control"])

    def test_a_fresh_heartbeat_makes_it_ok(self):
        beat("w1")
        data = self.client.get("/healthz").json()
        self.assertEqual(data["status"], "ok")
        self.assertTrue(data["worker"]["ok"])
        self.assertLessEqual(data["worker"]["heartbeat_age_seconds"], 5)

    def test_a_stale_heartbeat_is_degraded(self):
        WorkerHeartbeat.objects.create(
            worker_id="w1", beat_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        data = self.client.get("/healthz").json()
        self.assertEqual(data["status"], "degraded")
        self.assertGreaterEqual(data["worker"]["heartbeat_age_seconds"], 299)

    def test_a_database_that_does_not_answer_is_503(self):
        with mock.patch("treem.ops.health.database_ok", return_value=False):
            response = self.client.get("/healthz")
        self.assertEqual((response.status_code, response.json()["status"]), (503, "error"))

    def test_healthz_shows_counts_only(self):
        AuditEvent.objects.create(action=Action.LOGIN, actor_label="alice", note="Nguyễn Văn A")
        body = self.client.get("/healthz").content.decode()
        self.assertNotIn("alice", body)
        self.assertNotIn("Nguy", body)

    def test_healthz_refuses_a_post(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)


class WorkerHousekeepingTests(TestCase):
    def test_a_round_beats_and_seals_when_due(self):
        AuditEvent.objects.create(action=Action.LOGIN)
        self.assertTrue(housekeeping_once("w1", started_at=timezone.now(), seal_due=True))
        self.assertEqual(WorkerHeartbeat.objects.get().worker_id, "w1")
        self.assertEqual(AuditSeal.objects.count(), 1)
        AuditEvent.objects.create(action=Action.LOGIN)
        self.assertFalse(housekeeping_once("w1", started_at=timezone.now(), seal_due=False))
        self.assertEqual((WorkerHeartbeat.objects.count(), AuditSeal.objects.count()), (1, 1))

    def test_a_heartbeat_a_day_old_is_dropped(self):
        WorkerHeartbeat.objects.create(
            worker_id="gone", beat_at=timezone.now() - datetime.timedelta(days=2)
        )
        beat("w2")
        self.assertEqual(list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)), ["w2"])

    def test_the_housekeeping_thread_survives_a_failing_round(self):
        thread = Housekeeping("w3")
        calls = []

        def failing(*args, **kwargs):
            calls.append(1)
            thread.stopping.set()
            raise RuntimeError("database gone")

        with (
            mock.patch("treem.ops.worker.housekeeping_once", failing),
            mock.patch("treem.ops.worker.connections"),
            self.assertLogs("treem.ops.worker", "ERROR"),
        ):
            thread.run()
        self.assertEqual(calls, [1])

    def test_db_worker_is_the_command_with_the_heartbeat(self):
        from django.core.management import get_commands

        self.assertEqual(get_commands()["db_worker"], "treem.ops")


class OperationsPageTests(PersonaTestCase):
    def test_the_administrator_sees_failed_jobs_and_the_state(self):
        Job.objects.create(
            kind="audit_export",
            title="Xuất nhật ký",
            created_by=self.officer_a,
            status=Job.Status.FAILED,
            error="Lỗi hệ thống",
            attempts=3,
            finished_at=timezone.now(),
        )
        Job.objects.create(kind="audit_export", title="Xong rồi", created_by=self.officer_a)
        self.login(self.admin)
        response = self.client.get(reverse("ops:operations"))
        # The kind, never the title (it may name an uploaded file).
        self.assertContains(response, "audit_export", count=1)
        self.assertNotContains(response, "Xuất nhật ký")
        self.assertNotContains(response, "Xong rồi")
        self.assertContains(response, "Tác vụ nền bị lỗi")
        self.assertContains(response, reverse("ops:operations"))

    def test_the_page_is_in_the_administrators_menu_only(self):
        for user, shown in ((self.admin, True), (self.province_officer, False)):
            self.login(user)
            urls = [i["url"] for i in self.client.get("/").context["nav_items"]]
            self.assertIs(reverse("ops:operations") in urls, shown)

    def test_others_get_404(self):
        for user in (self.province_officer, self.officer_a, self.viewer):
            self.login(user)
            self.assertEqual(self.client.get(reverse("ops:operations")).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(reverse("ops:operations")).status_code, 302)


class JsonLogTests(TestCase):
    def test_a_log_line_is_json_with_the_request_id(self):
        record = logging.LogRecord("treem.x", logging.ERROR, __file__, 1, "hỏng %s", ("rồi",), None)
        token = context.bind(request_id="abc12345")
        try:
            RequestIdFilter().filter(record)
            line = JsonFormatter().format(record)
        finally:
            context.reset(token)
        entry = json.loads(line)
        self.assertEqual(
            (entry["level"], entry["message"], entry["request_id"], entry["logger"]),
            ("ERROR", "hỏng rồi", "abc12345", "treem.x"),
        )

    @override_settings(DEBUG=False)
    def test_a_request_answers_with_its_id(self):
        response = self.client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-1234")
        self.assertEqual(response["X-Request-ID"], "proxy-id-1234")
