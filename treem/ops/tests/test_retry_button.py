"""The administrator runs a failed job again from the operations page: an
audited service queues it with a fresh count of runs; a kind whose work
cannot safely run twice is refused with the reason, in Vietnamese."""

from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.core.testing import PersonaTestCase
from treem.jobs.models import Job
from treem.jobs.services import CRASH_ERROR


class RetryButtonTests(PersonaTestCase):
    def failed(self, kind="children_export", status=Job.Status.FAILED):
        return Job.objects.create(
            kind=kind,
            title="Xuất danh sách",
            status=status,
            created_by=self.officer_a,
            unit=self.ward_a,
            permission="view_personal",
            finished_at=timezone.now(),
            attempts=3,
            error=CRASH_ERROR,
        )

    def url(self, job):
        return f"/van-hanh/tac-vu/{job.pk}/chay-lai/"

    def test_the_administrator_runs_a_failed_export_again(self):
        job = self.failed()
        self.login(self.admin)
        self.assertContains(self.client.get("/van-hanh/"), f'action="{self.url(job)}"')
        with self.captureOnCommitCallbacks() as callbacks:
            response = self.client.post(self.url(job), follow=True)
        self.assertContains(response, "đã được đưa lại vào hàng đợi")
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.error), (Job.Status.QUEUED, 0, ""))
        self.assertEqual(len(callbacks), 1)
        event = AuditEvent.objects.filter(action="task", subject_id=str(job.pk)).get()
        self.assertEqual(event.actor, self.admin)

    def test_an_import_or_a_linkage_run_is_not_run_twice(self):
        for kind in ("children_import", "population_link"):
            with self.subTest(kind=kind):
                job = self.failed(kind)
                self.login(self.admin)
                page = self.client.get("/van-hanh/")
                self.assertNotContains(page, f'action="{self.url(job)}"')
                self.assertContains(page, "Không thể chạy lại")
                response = self.client.post(self.url(job), follow=True)
                self.assertContains(response, "ghi hai lần")
                job.refresh_from_db()
                self.assertEqual(job.status, Job.Status.FAILED)
                self.assertFalse(AuditEvent.objects.filter(subject_id=str(job.pk)).exists())

    def test_only_a_failed_job_and_only_by_post(self):
        done = self.failed(status=Job.Status.DONE)
        self.login(self.admin)
        self.assertEqual(self.client.post(self.url(done)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.failed())).status_code, 405)

    def test_no_one_else_may_run_a_job_again(self):
        job = self.failed()
        for user in (self.officer_a, self.province_officer, self.viewer):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.post(self.url(job)).status_code, 404)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.FAILED)
