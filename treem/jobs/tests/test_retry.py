"""A crashed job runs again after a pause, up to JOB_MAX_ATTEMPTS runs; an
expected failure (JobError) is the user's to fix and is not retried."""

from contextlib import contextmanager
from unittest import mock

from django.test import override_settings

from treem.core.testing import PersonaTestCase
from treem.jobs.services import JobError, job_kind, run_job, start_job

CALLS = {"flaky": 0, "broken": 0, "once": 0, "refused": 0}


@job_kind("test_flaky")
def _flaky(job, report):
    CALLS["flaky"] += 1
    if CALLS["flaky"] < 2:
        raise ConnectionError("database restarting")
    return {"rows": 1}


@job_kind("test_always_broken")
def _broken(job, report):
    CALLS["broken"] += 1
    raise KeyError("bug")


@job_kind("test_not_twice", retry=False)
def _once(job, report):
    CALLS["once"] += 1
    raise KeyError("bug")


@job_kind("test_refused")
def _refused(job, report):
    CALLS["refused"] += 1
    raise JobError("Tệp không hợp lệ.")


class JobRetryTests(PersonaTestCase):
    def setUp(self):
        for key in CALLS:
            CALLS[key] = 0

    @contextmanager
    def deferring_worker(self):
        """The database backend of production: it defers a task, so the
        retry is enqueued with a pause; the test then runs it as the worker would."""
        with mock.patch("treem.jobs.services.run_job_task") as task:
            task.get_backend.return_value = mock.Mock(supports_defer=True)
            yield task

    def run_until_settled(self, kind):
        job = start_job(kind, actor=self.officer_a, title="Thử")
        with self.deferring_worker() as task, self.assertLogs("treem.jobs.services", "ERROR"):
            for _ in range(10):
                with self.captureOnCommitCallbacks(execute=True):
                    run_job(job.pk)
                job.refresh_from_db()
                if job.finished:
                    break
        return job, task

    def test_a_crash_that_passes_on_the_second_run_ends_done(self):
        job, task = self.run_until_settled("test_flaky")
        self.assertEqual((job.status, job.attempts, job.result), ("done", 2, {"rows": 1}))
        self.assertEqual(job.message, "")

    @override_settings(JOB_MAX_ATTEMPTS=3)
    def test_a_job_that_keeps_crashing_stops_after_the_limit(self):
        job, task = self.run_until_settled("test_always_broken")
        self.assertEqual((job.status, job.attempts, CALLS["broken"]), ("failed", 3, 3))
        self.assertIn("Lỗi hệ thống", job.error)
        self.assertEqual(job.message, "")
        # Two retries, the second after a longer pause.
        pauses = [c.kwargs["run_after"] for c in task.using.call_args_list]
        self.assertEqual(len(pauses), 2)
        self.assertLess(pauses[0], pauses[1])
        task.using.return_value.enqueue.assert_called_with(str(job.pk))

    def test_a_queued_retry_says_it_will_run_again(self):
        job = start_job("test_always_broken", actor=self.officer_a, title="Thử")
        with self.deferring_worker(), self.assertLogs("treem.jobs.services", "ERROR"):
            run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), ("queued", 1))
        self.assertIn("chạy lại", job.message)

    def test_a_kind_registered_without_retry_runs_once(self):
        job, _ = self.run_until_settled("test_not_twice")
        self.assertEqual((job.status, job.attempts, CALLS["once"]), ("failed", 1, 1))

    def test_an_expected_failure_is_not_retried(self):
        job = start_job("test_refused", actor=self.officer_a, title="Thử")
        with self.deferring_worker():
            run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, CALLS["refused"]), ("failed", 1, 1))

    def test_without_a_deferring_backend_a_crash_fails_at_once(self):
        job = start_job("test_always_broken", actor=self.officer_a, title="Thử")
        with self.assertLogs("treem.jobs.services", "ERROR"):
            run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), ("failed", 1))
