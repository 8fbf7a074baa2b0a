"""A ward officer records a course with its participants and sees who still
lacks the training their role needs, on a desktop and on a phone. Selectors
use URLs, ids and field names, not wording."""

import shutil
import unittest
from pathlib import Path

from django.utils import timezone

from treem.accounts.permissions import Role
from treem.activities.kinds import load_kinds
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.core.browser import ARTIFACTS, SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.plans.services.loader import load_plan_ct28

from ..models import Course, Topic
from ..topics import load_topics

SHOTS = Path("/tmp/shots/trainings")


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class TrainingsBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_kinds()
        load_topics()
        load_plan_ct28()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        groups = [
            create_unit(
                actor=None, name=f"Khối {n}", level=Level.RESIDENTIAL_GROUP, parent=self.ward
            )
            for n in (1, 2, 10)
        ]
        make_user("alice", Role.WARD_OFFICER, self.ward)
        self.dung = make_user("dung", Role.COLLABORATOR, groups[0])
        self.xuan = make_user("xuan", Role.COLLABORATOR, groups[1])
        self.basics = Topic.objects.get(code="child_protection_basics")

    def as_user(self, username, width=1280):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def shot(self, name):
        path = self.screenshot(name)
        if SHOTS.parent.is_dir():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)

    def assert_no_sideways_scroll(self, page):
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)

    def test_officer_records_a_course_and_sees_who_lacks_training(self):
        page = self.as_user("alice")
        # The landing page names both collaborators: neither is trained yet.
        self.assertIn("Xuan", page.locator("#untrained-collaborators").inner_text())
        item = "a[href='/tap-huan/']"
        page.locator("nav .navgroup", has=page.locator(item)).locator("button").click()
        page.locator(f"nav {item}").click()
        page.wait_for_url("**/tap-huan/")
        page.locator("a[href='/tap-huan/moi/']").click()
        page.wait_for_url("**/tap-huan/moi/")
        today = timezone.localdate().isoformat()
        page.locator("#id_topic").select_option(str(self.basics.pk))
        page.locator("#id_title").fill("Tập huấn kỹ năng bảo vệ trẻ em cho cộng tác viên")
        page.locator("#id_hours").fill("8")
        page.locator("#id_provider_name").fill("UBND phường Trường Vinh")
        page.locator("#id_starts_on").fill(today)
        page.locator("#id_ends_on").fill(today)
        page.locator("#id_place").fill("Hội trường UBND phường")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/tap-huan/*/")
        course = Course.objects.get()
        self.assertEqual(course.unit, self.ward)

        form = page.locator("#add-participants")
        form.locator(f"input[name=users][value='{self.dung.pk}']").check()
        form.locator("input[name=passed]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        self.assertEqual(
            list(course.participants.values_list("user_id", "passed")), [(self.dung.pk, True)]
        )
        self.shot("trainings-detail")

        page.goto(f"{self.live_server_url}/tap-huan/chua-tap-huan/")
        gaps = page.locator("#gaps").inner_text()
        self.assertIn("Xuan", gaps)
        self.assertNotIn("Dung", gaps)
        self.shot("trainings-gaps")
        page.goto(f"{self.live_server_url}/tap-huan/khoi-pho/")
        rows = page.locator("#coverage tbody tr")
        self.assertEqual(rows.count(), 3)
        self.assertIn("Khối 10", rows.nth(2).inner_text())  # natural order
        self.shot("trainings-coverage")
        page.goto(f"{self.live_server_url}/can-bo/?thieu-tap-huan=1")
        staff = page.locator("table").inner_text()
        self.assertIn("Xuan", staff)
        self.assertNotIn("Dung", staff)
        self.shot("trainings-staff-list")

        page = self.as_user("alice", width=390)
        for name, path in (
            ("list", "/tap-huan/"),
            ("new", "/tap-huan/moi/"),
            ("detail", course.get_absolute_url()),
            ("gaps", "/tap-huan/chua-tap-huan/"),
            ("coverage", "/tap-huan/khoi-pho/"),
            ("staff", "/can-bo/"),
        ):
            page.goto(f"{self.live_server_url}{path}")
            self.assert_no_sideways_scroll(page)
            self.shot(f"trainings-phone-{name}")


__all__ = ["ARTIFACTS"]
