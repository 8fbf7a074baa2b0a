"""In a real browser, the procedure of Decree 56/2017: a hotline 111 report
goes straight to the initial assessment (Art. 26(1)); the risk becomes
serious during the detailed assessment and an emergency measure is taken
(Arts. 31–32); the plan is approved (Mẫu 05), a referral reaches the ward
police; the review is recorded on Mẫu 06 and the chairman decides the
closure the officer proposed (Art. 30(1)(b)). Another case closes after the
detailed assessment without a plan (Art. 28). Selectors use form actions,
URLs and field names, not wording, except where the wording is the rule."""

import re
import unittest
from pathlib import Path

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import load_areas
from treem.cases.models import Case, CaseStatus, Referral, ReferralState
from treem.cases.services import load_case_data
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user

from .base import new_child
from .test_browser_intake import SCREENSHOTS
from .test_documents import docx_text


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class CaseBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_case_data()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.police = Agency.objects.get(name="Công an phường Trường Vinh")
        make_user("alice", Role.WARD_OFFICER, self.ward)
        make_user("chau", Role.WARD_APPROVER, self.ward)
        make_user("em", Role.AGENCY_REPORTER, self.ward, self.police)
        self.child = new_child(self.ward)

    def as_user(self, username):
        self.context.close()
        self.context = self.browser.new_context(
            locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.log_in(username, PASSWORD)
        self.page.wait_for_url(f"{self.live_server_url}/")
        return self.page

    def open_case(self, page, case):
        page.goto(f"{self.live_server_url}/vu-viec/{case.pk}/")

    def fill_step(self, page, case, kind, values, selects=None, button="complete"):
        page.goto(f"{self.live_server_url}/vu-viec/{case.pk}/buoc/{kind}/")
        for name, value in values.items():
            page.fill(f"#step-form [name={name}]", value)
        for name, value in (selects or {}).items():
            page.select_option(f"#step-form [name={name}]", value)
        page.locator(f"#step-form button[name={button}]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        return case

    def record_report(self, page, child, **family):
        page.goto(f"{self.live_server_url}/vu-viec/tiep-nhan/")
        page.select_option("select[name=channel]", "hotline_111")
        page.select_option("select[name=contact_mode]", "phone")
        page.select_option("select[name=event_ward]", str(self.ward.pk))
        page.fill("input[name=event_place]", "Số 5 ngõ 12 Lê Lợi")
        page.fill("textarea[name=description]", "Tổng đài 111 báo trẻ bị cha đánh")
        page.locator("input[name=harm_kinds]").first.check()
        page.select_option("select[name=perpetrator_relation]", "parent")
        for name, value in family.items():
            page.fill(f"#intake-form [name={name}]", value)
        # The child is picked by the search (issue 15 point 5), not typed in.
        page.locator("#child-search").fill(child.given_name)
        page.locator(f"#pick-{child.pk}").click()
        page.locator("#intake-form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/vu-viec/\d+/$"))
        return Case.objects.get(child=child)

    def test_a_hotline_report_runs_to_the_chairmans_closure_decision(self):
        page = self.as_user("alice")
        page.goto(f"{self.live_server_url}/vu-viec/tiep-nhan/")
        self.screenshot("cases-intake-form")
        case = self.record_report(
            page,
            self.child,
            father_name="Nguyễn Văn Bình",
            father_age="41",
            father_occupation="Lái xe",
            mother_name="Trần Thị Hoa",
            family_situation="Bố mẹ ly thân",
            current_caregiver="Bà ngoại",
            likely_harm="Trẻ tiếp tục bị đánh",
        )
        # Art. 26(1): no verification gate, straight to the initial assessment.
        self.assertEqual(case.status, CaseStatus.INITIAL_ASSESSMENT)
        self.assertEqual(case.transfers.count(), 1)
        self.assertEqual(case.intake.father_name, "Nguyễn Văn Bình")
        # Issue 14 point 6: a parent is "Cha, mẹ", never "Cấp trên" (superior).
        self.assertEqual(page.locator("#perpetrator").inner_text(), "Cha, mẹ")
        self.assertEqual(page.get_by_text("Cấp trên").count(), 0)

        case = self.fill_step(
            page,
            case,
            "initial",
            {"child_condition": "Vết bầm ở tay", "harm_found": "Bị đánh"},
            {"risk_level": "medium"},
        )
        self.assertEqual(case.status, CaseStatus.DETAILED_ASSESSMENT)

        # The risk becomes serious during the detailed assessment.
        self.open_case(page, case)
        page.locator(f"a[href$='/vu-viec/{case.pk}/khan-cap/']").click()
        page.fill("textarea[name=reason]", "Người cha quay về, đe dọa trẻ")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.EMERGENCY)
        case = self.fill_step(
            page,
            case,
            "emergency",
            {
                "place_of_care": "Nhà bà ngoại",
                "carer": "Bà ngoại",
                "decided_by_text": "Chủ tịch UBND phường",
                "description": "Tạm thời cách ly trẻ khỏi người cha",
            },
            {"measure": "separation"},
        )
        self.assertEqual(case.status, CaseStatus.DETAILED_ASSESSMENT)
        self.screenshot("cases-after-emergency")

        case = self.fill_step(
            page,
            case,
            "detailed",
            {
                "safety": "Nguy cơ tái diễn",
                "needs": "Tâm lý, pháp lý",
                "meeting_minutes": "Họp ngày 27/11 thống nhất nhu cầu",
            },
        )
        case = self.fill_step(
            page,
            case,
            "plan",
            {"goals": "Trẻ an toàn", "activities": "Tư vấn tâm lý", "responsible": "Cán bộ phường"},
        )
        self.assertEqual(case.status, CaseStatus.PLAN_SUBMITTED)

        page = self.as_user("chau")
        page.goto(f"{self.live_server_url}/vu-viec/{case.pk}/phe-duyet/")
        page.locator("#decide-form input[name=outcome][value=approved]").check()
        page.fill("#decide-form input[name=decision_number]", "15/QĐ-UBND")
        self.screenshot("cases-approval")
        page.locator("#decide-form button[type=submit]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.IMPLEMENTATION)

        page = self.as_user("alice")
        self.open_case(page, case)
        page.locator("#referrals summary").click()
        page.select_option("#referral-form select[name=agency]", str(self.police.pk))
        page.fill("#referral-form textarea[name=reason]", "Đề nghị xác minh, xử lý người gây hại")
        page.fill("#referral-form textarea[name=shared_information]", "Trẻ bị đánh nhiều lần")
        page.locator("#referral-form button[type=submit]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/#referrals")
        referral = Referral.objects.get(case=case)

        page = self.as_user("em")
        page.goto(f"{self.live_server_url}/vu-viec/chuyen-gui/")
        page.locator(f"a[href$='/chuyen-gui/{referral.pk}/']").click()
        page.locator("#answer-form input[name=accept][value='1']").check()
        page.fill("#answer-form textarea[name=note]", "Công an phường đã tiếp nhận")
        page.locator("#answer-form button[type=submit]").click()
        page.wait_for_url("**/vu-viec/chuyen-gui/")
        referral.refresh_from_db()
        self.assertEqual(referral.state, ReferralState.ACCEPTED)
        # The agency closes the loop with what it did and the result (issue 15 point 9).
        page.goto(f"{self.live_server_url}/vu-viec/chuyen-gui/{referral.pk}/")
        page.fill("#result-form textarea[name=action]", "Đã triệu tập người cha, lập biên bản")
        page.locator("#result-form input[name=outcome][value=done]").check()
        page.screenshot(path=str(SCREENSHOTS / "cases-referral-result-form.png"), full_page=True)
        page.locator("#result-form button[type=submit]").click()
        page.locator("#result").wait_for()

        page = self.as_user("alice")
        self.open_case(page, case)
        result = page.locator(f"#referral-result-{referral.pk}")
        self.assertIn("Đã triệu tập người cha", result.inner_text())
        result.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "cases-referral-result-on-case.png"))
        page.locator(f"form[action$='/vu-viec/{case.pk}/chuyen/review/'] button").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case = self.fill_step(
            page,
            case,
            "review",
            {"progress": "Đã thực hiện đủ", "child_situation": "Ổn định, đi học đều"},
            {
                "harm_level": "low",
                "abuser_access": "low",
                "care_obstacles": "low",
                "self_protection": "medium",
                "outcome": "close",
            },
        )
        # Art. 30(1)(b): the officer proposes, the chairman decides.
        self.assertEqual(case.status, CaseStatus.CLOSURE_PROPOSED)
        page.goto(f"{self.live_server_url}/vu-viec/{case.pk}/mau/")
        with page.expect_download() as download_info:
            page.locator(f"a[href^='/vu-viec/{case.pk}/mau-06.docx']").click()
        text = docx_text(Path(download_info.value.path()).read_bytes())
        self.assertIn("RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM", text)
        self.assertIn("Ổn định, đi học đều", text)
        self.screenshot("cases-closure-proposed")

        page = self.as_user("chau")
        self.open_case(page, case)
        page.locator(f"a[href$='/vu-viec/{case.pk}/quyet-dinh-ket-thuc/']").click()
        page.locator("input[name=decision][value=approved]").check()
        self.screenshot("cases-closure-decision")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.CLOSED)
        self.assertEqual(case.closure_decided_by.username, "chau")
        self.screenshot("cases-closed")

    def test_a_case_closes_after_the_detailed_assessment_without_a_plan(self):
        page = self.as_user("alice")
        case = self.record_report(page, self.child)
        case = self.fill_step(
            page,
            case,
            "initial",
            {"child_condition": "Không có thương tích", "harm_found": "Mâu thuẫn gia đình"},
            {"risk_level": "low"},
        )
        case = self.fill_step(
            page,
            case,
            "detailed",
            {"safety": "An toàn với mẹ", "needs": "Không có nhu cầu hỗ trợ thêm"},
            button="save",
        )
        self.assertEqual(case.status, CaseStatus.DETAILED_ASSESSMENT)
        self.open_case(page, case)
        page.locator(f"a[href$='/vu-viec/{case.pk}/de-xuat-ket-thuc/']").click()
        page.fill("textarea[name=reason]", "Trẻ không cần kế hoạch hỗ trợ, can thiệp")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.CLOSURE_PROPOSED)

        page = self.as_user("chau")
        page.goto(f"{self.live_server_url}/vu-viec/{case.pk}/quyet-dinh-ket-thuc/")
        self.assertIn("Trẻ không cần kế hoạch", page.locator("#proposal").inner_text())
        page.locator("input[name=decision][value=approved]").check()
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        self.assertEqual((case.status, case.closure_outcome), (CaseStatus.CLOSED, "no_plan_needed"))
        self.screenshot("cases-closed-without-plan")
