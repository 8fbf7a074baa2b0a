"""Each part as the role that uses it: an agency's reporter records an
activity and drafts the quarter's progress report from it; a ward officer
records a forum, a recommendation and sends it; the agency answers it.
Selectors use URLs and field names, not wording."""

import unittest

from django.utils import timezone

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.plans.models import ProgressReport, ReportState
from treem.plans.services.loader import load_plan_ct28

from ..kinds import load_kinds
from ..models import Activity, Forum, Recommendation
from ..models import RecommendationStatus as S


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class ActivitiesBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_kinds()
        self.plan = load_plan_ct28()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.police = Agency.objects.get(name="Công an phường Trường Vinh")
        make_user("em", Role.AGENCY_REPORTER, self.ward, self.police)
        make_user("alice", Role.WARD_OFFICER, self.ward)
        self.task = self.plan.tasks.get(number="III.4.1")

    def as_user(self, username, width=1280):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def assert_no_sideways_scroll(self, page):
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)

    def test_reporter_records_an_activity_and_drafts_the_report_from_it(self):
        page = self.as_user("em")
        self.follow_menu("/hoat-dong/")
        page.locator("a[href='/hoat-dong/moi/']").click()
        page.wait_for_url("**/hoat-dong/moi/")
        today = timezone.localdate().isoformat()
        page.locator("#id_kind").select_option(label="Chiến dịch truyền thông")
        page.locator("#id_title").fill("Tuyên truyền phòng chống xâm hại tại khối 5")
        page.locator(f"input[name=tasks][value='{self.task.pk}']").check()
        page.locator("#id_starts_on").fill(today)
        page.locator("#id_ends_on").fill(today)
        page.locator("#id_place").fill("Nhà văn hóa khối 5")
        page.locator("#id_cost").fill("1200000")
        page.locator("#id_n_children_F_6_10").fill("18")
        page.locator("#id_n_children_M_6_10").fill("21")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/hoat-dong/*/")
        activity = Activity.objects.get(title__startswith="Tuyên truyền phòng chống")
        self.assertEqual(activity.totals()["children"], 39)
        self.screenshot("activities-detail")

        # The task's report for this period starts from the activity.
        page.goto(f"{self.live_server_url}/ke-hoach/nhiem-vu/{self.task.pk}/")
        page.locator(f"form[action$='/nhiem-vu/{self.task.pk}/bao-cao/'] button").first.click()
        page.wait_for_url("**/sua/")
        drafted = page.locator("#id_done_text").input_value()
        self.assertIn("Tuyên truyền phòng chống xâm hại tại khối 5", drafted)
        self.assertIn("39", page.locator("#id_figures").input_value())
        page.locator("#id_status").select_option("on_track")
        page.locator("#id_done_text").fill(drafted + "\nPhối hợp với Đoàn phường.")
        self.screenshot("activities-drafted-report")
        page.locator("button[name=then][value=submit]").click()
        page.wait_for_load_state()
        report = ProgressReport.objects.get(agency=self.police, task=self.task)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertIn("Phối hợp với Đoàn phường.", report.versions.get().done_text)

        page = self.as_user("em", width=390)
        for path in ("/hoat-dong/", "/hoat-dong/moi/", activity.get_absolute_url()):
            page.goto(f"{self.live_server_url}{path}")
            self.assert_no_sideways_scroll(page)

    def test_officer_records_a_forum_and_the_agency_answers(self):
        page = self.as_user("alice")
        self.follow_menu("/hoat-dong/dien-dan/")
        page.locator("a[href='/hoat-dong/dien-dan/moi/']").click()
        page.wait_for_url("**/dien-dan/moi/")
        page.locator("#id_title").fill("Diễn đàn trẻ em phường Trường Vinh")
        page.locator("#id_held_on").fill(timezone.localdate().isoformat())
        page.locator("#id_n_special_F_11_15").fill("3")
        page.locator("#id_n_pupils_M_6_10").fill("14")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/dien-dan/*/")
        forum = Forum.objects.get()
        page.locator("#id_text").fill("Lắp đèn chiếu sáng đường vào trường")
        page.locator("form[action$='/kien-nghi/'] button").click()
        page.wait_for_load_state()
        rec = Recommendation.objects.get(forum=forum)
        page.locator(f"a[href='{rec.get_absolute_url()}']").click()
        page.wait_for_url(f"**{rec.get_absolute_url()}")
        send = page.locator("form[action$='/gui/']")
        send.locator("select[name=addressee]").select_option(str(self.police.pk))
        deadline = (timezone.localdate() + timezone.timedelta(days=30)).isoformat()
        send.locator("input[name=deadline]").fill(deadline)
        send.locator("button").click()
        page.wait_for_load_state()
        rec.refresh_from_db()
        self.assertEqual((rec.status, rec.addressee), (S.ASSIGNED, self.police))
        self.screenshot("activities-forum")

        page = self.as_user("em")
        page.locator(f"#own-recommendations a[href='{rec.get_absolute_url()}']").click()
        page.wait_for_url(f"**{rec.get_absolute_url()}")
        page.locator("form[action$='/tra-loi/'] textarea").fill("Công an phường phối hợp lắp đèn.")
        page.locator("form[action$='/tra-loi/'] button").click()
        page.wait_for_load_state()
        rec.refresh_from_db()
        self.assertEqual(rec.status, S.ANSWERED)
        self.assertIs(rec.answered_on_time, True)
        self.assertIn("phối hợp lắp đèn", page.locator("#rec-answer").inner_text())
        self.screenshot("activities-recommendation-answered")
