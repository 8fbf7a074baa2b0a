"""The operations page lists every failed job for the administrator, who
reads no personal data: never a job's title, and an error only when it is
the generic crash message."""

from django.utils import timezone

from treem.core.testing import PersonaTestCase
from treem.jobs.models import Job
from treem.jobs.services import CRASH_ERROR


class FailedJobsListTests(PersonaTestCase):
    def failed(self, **values):
        return Job.objects.create(
            kind="children_import",
            status=Job.Status.FAILED,
            created_by=self.officer_a,
            unit=self.ward_a,
            permission="edit_personal",
            finished_at=timezone.now(),
            attempts=1,
            **values,
        )

    def test_no_title_and_no_user_error_reach_the_administrator(self):
        self.failed(
            title="Nhập Le Thi Hoa HIV.xlsx", error="Dòng 4: “Lê Thị Hoa” trùng số định danh"
        )
        self.failed(title="Nhập danh sách Trần Thị B.xlsx", error=CRASH_ERROR)
        self.login(self.admin)
        page = self.client.get("/van-hanh/")
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        self.assertNotIn("Le Thi Hoa", text)
        self.assertNotIn("Lê Thị Hoa", text)
        self.assertNotIn("Trần Thị B", text)
        self.assertEqual(text.count("children_import"), 2)
        self.assertIn(str(self.ward_a), text)

    def test_the_crash_message_is_shown_in_any_language_it_was_stored_in(self):
        from django.utils.translation import gettext, override

        with override("vi"):
            stored = gettext(CRASH_ERROR)
        self.failed(title="x", error=stored)
        self.login(self.admin)
        self.assertContains(self.client.get("/van-hanh/"), stored)

    def test_others_do_not_see_the_page(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/van-hanh/").status_code, 404)
