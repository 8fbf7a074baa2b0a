from treem.accounts.permissions import Perm
from treem.core.testing import PersonaTestCase
from treem.jobs.models import Job
from treem.jobs.services import JobError, job_kind, run_job, start_job


@job_kind("test_counting")
def _counting(job, report):
    for i in range(10):
        report(i, 10, f"{i}/10")
    return {"rows": 10}


@job_kind("test_failing")
def _failing(job, report):
    raise JobError("Tệp không hợp lệ: thiếu cột “họ tên”.")


@job_kind("test_crashing")
def _crashing(job, report):
    raise KeyError("bug")


class JobTests(PersonaTestCase):
    def test_a_job_runs_to_the_end_and_shows_its_result(self):
        job = start_job(
            "test_counting",
            actor=self.officer_a,
            title="Đếm",
            unit=self.ward_a,
            permission=Perm.VIEW_PERSONAL,
        )
        # The test settings run tasks at once, but only after commit; run it here.
        run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress, job.result), ("done", 100, {"rows": 10}))
        self.login(self.officer_a)
        response = self.client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
        self.assertContains(response, "Hoàn tất")
        self.assertNotContains(response, "hx-trigger")

    def test_a_running_job_polls_for_progress(self):
        job = Job.objects.create(
            kind="test_counting",
            title="Đếm",
            created_by=self.officer_a,
            status=Job.Status.RUNNING,
            progress=40,
        )
        self.login(self.officer_a)
        response = self.client.get(job.get_absolute_url())
        self.assertContains(response, 'hx-trigger="every 1s"')
        self.assertContains(response, 'value="40"')
        partial = self.client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
        self.assertNotContains(partial, "<html")

    def test_an_expected_failure_shows_its_message(self):
        job = start_job("test_failing", actor=self.officer_a, title="Nhập")
        run_job(job.pk)
        self.login(self.officer_a)
        self.assertContains(self.client.get(job.get_absolute_url()), "thiếu cột “họ tên”")

    def test_a_crash_shows_a_plain_error_without_internals(self):
        job = start_job("test_crashing", actor=self.officer_a, title="Nhập")
        run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.login(self.officer_a)
        response = self.client.get(job.get_absolute_url())
        self.assertNotContains(response, "KeyError")
        self.assertContains(response, "Lỗi hệ thống")

    def test_another_users_private_job_is_404(self):
        job = start_job("test_counting", actor=self.officer_b, title="Đếm")
        self.login(self.officer_a)
        self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/jobs/{job.pk}/").status_code, 404)

    def test_api_shows_progress(self):
        job = start_job("test_counting", actor=self.officer_a, title="Đếm")
        self.login(self.officer_a)
        data = self.client.get(f"/api/v1/jobs/{job.pk}/").json()
        self.assertIn(data["status"], ("queued", "done"))
