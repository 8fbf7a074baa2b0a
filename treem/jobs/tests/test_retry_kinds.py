"""The kinds whose work cannot safely run twice are registered without
retry: a crash fails them at once, however the worker is configured."""

from unittest import mock

from django.test import override_settings

import treem.children.jobs_io  # noqa: F401  (registers children_import)
import treem.population.services.runs  # noqa: F401  (registers population_link)
from treem.core.testing import PersonaTestCase
from treem.jobs import services
from treem.jobs.models import Job
from treem.jobs.services import run_job

NOT_TWICE = ("children_import", "population_link")


def crash(job, report):
    raise OSError("disk full")


class NoRetryKindsTests(PersonaTestCase):
    @override_settings(JOB_MAX_ATTEMPTS=3)
    def test_a_crashed_import_or_linkage_is_not_run_again(self):
        for kind in NOT_TWICE:
            with self.subTest(kind=kind):
                self.assertIn(kind, services._KINDS)
                job = Job.objects.create(kind=kind, title="Thử", created_by=self.officer_a)
                with (
                    mock.patch.dict(services._KINDS, {kind: crash}),
                    mock.patch("treem.jobs.services.run_job_task") as task,
                    self.assertLogs("treem.jobs.services", "ERROR"),
                    self.captureOnCommitCallbacks(execute=True),
                ):
                    task.get_backend.return_value = mock.Mock(supports_defer=True)
                    run_job(job.pk)
                job.refresh_from_db()
                self.assertEqual((job.status, job.attempts), (Job.Status.FAILED, 1))
                task.using.assert_not_called()

    def test_an_export_is_still_retried(self):
        self.assertNotIn("children_export", services._NO_RETRY)
        self.assertNotIn("population_dedupe", services._NO_RETRY)
