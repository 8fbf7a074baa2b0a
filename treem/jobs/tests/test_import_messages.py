"""The page of an import job says how many children were written and links
to them; a failed or empty import never reads "done"."""

from django.urls import reverse

from treem.core.testing import PersonaTestCase
from treem.jobs.models import Job


def summary(**counts):
    result = {
        "rows": 0,
        "valid": 0,
        "error_count": 0,
        "error_rows": 0,
        "warning_count": 0,
        "imported": 0,
        "written": False,
        "url": "/tre-em/nhap/ket-qua/",
    }
    result.update(counts)
    return result


class ImportJobMessageTests(PersonaTestCase):
    def job(self, status, result=None, error=""):
        return Job.objects.create(
            kind="children_import",
            title="Nhập tệp tre-em.xlsx",
            created_by=self.officer_a,
            status=status,
            progress=100,
            result=result or {},
            error=error,
        )

    def page(self, job):
        self.login(self.officer_a)
        return self.client.get(job.get_absolute_url()).content.decode()

    def test_a_done_import_says_how_many_children_and_links_to_them(self):
        job = self.job("done", summary(rows=12, valid=12, imported=12, written=True))
        content = self.page(job)
        self.assertIn("Đã ghi 12 trẻ em vào cơ sở dữ liệu.", content)
        self.assertIn("Đã ghi 12 hồ sơ", content)
        self.assertIn("?status=all&amp;sort=-created", content)
        self.assertIn('href="/tre-em/nhap/ket-qua/"', content)
        self.assertNotIn("Hoàn tất", content)

    def test_an_empty_import_says_nothing_was_written(self):
        job = self.job("done", summary(written=True))
        content = self.page(job)
        self.assertIn("Tệp không có dòng trẻ em nào: không hồ sơ nào được ghi.", content)
        self.assertIn("Không ghi hồ sơ nào", content)
        self.assertNotIn("Hoàn tất", content)
        self.assertNotIn("Hoàn thành", content)

    def test_an_import_with_errors_says_no_record_was_written(self):
        job = self.job("done", summary(rows=5, valid=3, error_count=2, error_rows=2))
        content = self.page(job)
        self.assertIn("2 dòng có lỗi: không hồ sơ nào được ghi.", content)
        self.assertNotIn("Hoàn tất", content)

    def test_a_check_without_writing_says_so(self):
        job = self.job("done", summary(rows=4, valid=4))
        content = self.page(job)
        self.assertIn("Đã kiểm tra tệp (4 dòng hợp lệ): chưa ghi hồ sơ nào.", content)

    def test_a_failed_import_shows_the_error_and_that_nothing_was_written(self):
        job = self.job("failed", error="Tệp không đúng mẫu: thiếu cột “Họ và tên”.")
        content = self.page(job)
        self.assertIn("không hồ sơ nào được ghi", content)
        self.assertIn("Tệp không đúng mẫu: thiếu cột “Họ và tên”.", content)
        self.assertIn('role="alert"', content)
        self.assertNotIn("Hoàn tất", content)

    def test_the_job_list_does_not_call_an_empty_import_done(self):
        self.job("done", summary(written=True))
        self.login(self.officer_a)
        content = self.client.get(reverse("jobs:list")).content.decode()
        self.assertIn("Không ghi hồ sơ nào", content)
        self.assertNotIn("Hoàn thành", content)
