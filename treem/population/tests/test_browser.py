"""In a real browser: an officer uploads a register extract, watches the progress bar, reviews
the uncertain link and sees the children get their personal IDs."""

import datetime
import unittest

from django.test import override_settings

from treem.accounts.permissions import Role
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.children.models import Child, ReferenceCode
from treem.children.services import add_caregiver, create_child
from treem.children.services.reference import load_reference_codes
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.jobs.services import run_job
from treem.population.models import LinkageRun

EXTRACT = (
    "person_id,full_name,date_of_birth,sex,mother_name,father_name,ward\n"
    "040218234567,Đặng Văn Minh,2018-09-02,Nam,Lê Thị Thu,,Vinh Tân\n"
    "040316111222,Hồ Thị Mây,2016-05-12,Nữ,Trần Thị Hoa,,Trường Vinh\n"
    "040316111333,Hồ Ngọc Mai,2016-05-20,Nữ,Trần Thị Hoa,,Trường Vinh\n"
)


# The job waits in the queue (no inline run) so that the officer sees it queued, then done.
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
@unittest.skipUnless(chromium_available(), SKIP_REASON)
class LinkageBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_reference_codes()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.officer = make_user("alice", Role.WARD_OFFICER, self.ward)

        def child(family, middle, given, dob, sex):
            return create_child(
                actor=self.officer,
                unit=self.ward,
                ward=self.ward,
                data={
                    "family_name": family,
                    "middle_name": middle,
                    "given_name": given,
                    "date_of_birth": datetime.date(*dob),
                    "sex": sex,
                },
                check=False,
            )

        self.minh = child("Đặng", "Văn", "Minh", (2018, 9, 2), "M")
        # His mother is on record: with no ID on either side, a parent agreeing is what makes the
        # link automatic (a namesake is never linked without review).
        add_caregiver(
            self.minh,
            actor=self.officer,
            relation=ReferenceCode.objects.get(kind="relation", code="me"),
            full_name="Lê Thị Thu",
        )
        # Typed without accents or middle name: two register girls are close, so it is reviewed.
        self.mai = child("Ho", "", "Mai", (2016, 5, 12), "F")

    def test_officer_uploads_watches_progress_reviews_and_children_get_their_ids(self):
        page = self.page
        self.log_in("alice", PASSWORD)
        page.wait_for_url(lambda u: "dang-nhap" not in u)
        # The menu links the page (it may sit in a collapsed group): followed by its address.
        self.assertGreater(page.locator("nav a[href='/lien-thong-dan-cu/']").count(), 0)
        page.goto(f"{self.live_server_url}/lien-thong-dan-cu/")
        page.set_input_files(
            "input[name=file]",
            files=[{"name": "trich-xuat.csv", "mimeType": "text/csv", "buffer": EXTRACT.encode()}],
        )
        page.select_option("select[name=unit]", str(self.ward.pk))
        page.locator("form[action$='/tai-len/'] button[type=submit]").click()
        page.wait_for_url("**/lien-thong-dan-cu/lan/*/")
        page.locator("#run-progress progress").wait_for()
        self.screenshot("population-progress")

        # The worker's part, here in the test's thread; the page polls and reloads by itself.
        run = LinkageRun.objects.get()
        run_job(run.job_id)
        page.locator("#count-applied").wait_for(timeout=30_000)
        self.assertEqual(page.locator("#count-applied").inner_text(), "1")
        self.assertEqual(page.locator("#count-pending").inner_text(), "1")
        # Hồ Ngọc Mai only: Hồ Thị Mây waits for review with Mai.
        self.assertEqual(page.locator("#count-missing").inner_text(), "1")
        self.assertEqual(Child.objects.get(pk=self.minh.pk).personal_id, "040218234567")
        self.screenshot("population-run")

        page.locator(f"a[href='/lien-thong-dan-cu/lan/{run.pk}/xem-xet/']").click()
        card = page.locator("section[id^=candidate-]")
        card.wait_for()
        self.assertIn("Hồ Thị Mây", card.inner_text())
        self.assertGreater(card.locator("tr.disagree").count(), 0)
        self.screenshot("population-review")
        card.locator("form:has(input[value=accept]) button").click()
        page.wait_for_url("**/xem-xet/")
        page.locator(".msg-success, .msg.success, [role=status]").first.wait_for()
        self.assertEqual(page.locator("section[id^=candidate-]").count(), 0)
        self.assertEqual(Child.objects.get(pk=self.mai.pk).personal_id, "040316111222")

        page.goto(f"{self.live_server_url}/tre-em/{self.mai.pk}/")
        self.assertIn("040316111222", page.content())
        self.screenshot("population-child-has-id")
