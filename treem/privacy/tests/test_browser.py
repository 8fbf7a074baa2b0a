"""In a real browser, as the administrator: record a personal-data incident
and see its deadline with the hours left, then a dry run of the retention
rules from the page that changes nothing; the same at phone width, where
nothing scrolls sideways."""

import datetime
import shutil
import unittest
from pathlib import Path

from django.utils import timezone

from treem.accounts.permissions import Role
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.cases.tests.base import new_child
from treem.children.models import Child
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.jobs.models import Job

from ..models import Incident

SHOTS = Path("/tmp/shots/retention")


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class PrivacyBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        admin = make_user("admin", Role.ADMIN)
        self.adult = new_child(ward, given="Hoa", dob=datetime.date(2000, 5, 5))
        for kind in ("children_export", "children_import"):
            Job.objects.create(
                kind=kind,
                title="Tệp",
                status=Job.Status.FAILED,
                created_by=admin,
                unit=ward,
                finished_at=timezone.now(),
                attempts=3,
            )

    def as_admin(self, width):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in("admin", PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def shot(self, name):
        path = self.screenshot(name)
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / path.name)

    def assert_no_sideways_scroll(self, page):
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, page.viewport_size["width"])

    def test_an_incident_and_a_dry_run(self):
        for width in (1280, 390):
            with self.subTest(width=width):
                self.walk(width)

    def walk(self, width):
        page = self.as_admin(width)
        base = self.live_server_url
        page.goto(f"{base}/bao-ve-du-lieu/su-co/")
        page.locator("a[href='/bao-ve-du-lieu/su-co/moi/']").first.click()
        detected = timezone.localtime() - datetime.timedelta(hours=3)
        page.fill("[name=detected_at]", detected.strftime("%d/%m/%Y %H:%M"))
        page.fill("[name=description]", "Gửi nhầm danh sách trẻ qua thư điện tử")
        page.fill("[name=data_kinds]", "Họ tên, ngày sinh")
        page.fill("[name=people_affected]", "35")
        page.select_option("[name=severity]", "high")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/bao-ve-du-lieu/su-co/*/")
        self.assertIn("còn 68 giờ", page.locator("#deadline").inner_text())
        self.assert_no_sideways_scroll(page)
        self.shot(f"privacy-incident-{width}")

        Incident.objects.filter(pk=Incident.objects.latest("id").pk).update(
            notify_by=timezone.now() - datetime.timedelta(hours=5)
        )
        page.goto(f"{base}/bao-ve-du-lieu/su-co/")
        overdue = page.locator("#incidents tr.status-overdue").first
        self.assertIn("quá hạn 5 giờ", overdue.inner_text())
        self.assert_no_sideways_scroll(page)
        self.shot(f"privacy-incidents-{width}")

        page.goto(f"{base}/bao-ve-du-lieu/")
        self.assert_no_sideways_scroll(page)
        self.shot(f"privacy-index-{width}")
        page.locator("#dry-run").click()
        page.wait_for_url("**/luu-giu/chay-thu/")
        self.assertIn("Chưa có gì thay đổi", page.locator("main").inner_text())
        self.assertEqual(Child.objects.get(pk=self.adult.pk).given_name, "Hoa")
        self.assert_no_sideways_scroll(page)
        self.shot(f"privacy-dry-run-{width}")
        Incident.objects.all().delete()

        # The operations page: a failed export may run again, an import may not.
        page.goto(f"{base}/van-hanh/")
        self.assertEqual(page.get_by_role("button", name="Chạy lại").count(), 1)
        self.assertIn("Không thể chạy lại", page.locator("main").inner_text())
        self.shot(f"ops-failed-jobs-{width}")
