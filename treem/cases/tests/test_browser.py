"""In a real browser: a hotline 111 report taken by the ward officer runs
through every step to closure; the approver approves the plan and a referral
reaches the ward police, who accept it. Selectors use form actions and field
names, not wording, so the test holds in either language."""

import unittest

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

    def fill_step(self, page, case, kind, values, selects=None):
        page.goto(f"{self.live_server_url}/vu-viec/{case.pk}/buoc/{kind}/")
        for name, value in values.items():
            page.fill(f"#step-form [name={name}]", value)
        for name, value in (selects or {}).items():
            page.select_option(f"#step-form [name={name}]", value)
        page.locator("#step-form button[name=complete]").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case.refresh_from_db()
        return case

    def test_a_hotline_report_runs_to_closure(self):
        page = self.as_user("alice")
        page.goto(f"{self.live_server_url}/vu-viec/tiep-nhan/")
        page.select_option("select[name=channel]", "hotline_111")
        page.select_option("select[name=event_ward]", str(self.ward.pk))
        page.fill("input[name=event_place]", "Số 5 ngõ 12 Lê Lợi")
        page.fill("textarea[name=description]", "Tổng đài 111 báo trẻ bị bố dượng đánh")
        page.locator("input[name=harm_kinds]").first.check()
        page.select_option("select[name=perpetrator_relation]", "step_parent")
        page.fill("input[name=child_id]", str(self.child.pk))
        self.screenshot("cases-intake-form")
        page.locator("#intake-form button[type=submit]").click()
        page.wait_for_url("**/vu-viec/*/")
        case = Case.objects.get(child=self.child)
        self.assertEqual(case.transfers.count(), 1)

        page.locator(f"form[action$='/vu-viec/{case.pk}/chuyen/verification/'] button").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case = self.fill_step(
            page, case, "verification", {"sources": "Hàng xóm, nhà trường", "findings": "Có cơ sở"}
        )
        self.assertEqual(case.status, CaseStatus.INITIAL_ASSESSMENT)
        case = self.fill_step(
            page,
            case,
            "initial",
            {"child_condition": "Vết bầm ở tay", "harm_found": "Bị đánh"},
            {"risk_level": "medium"},
        )
        self.assertEqual(case.status, CaseStatus.DETAILED_ASSESSMENT)
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
        self.screenshot("cases-plan-submitted")

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
        self.screenshot("cases-referral-police")
        page.locator("#answer-form button[type=submit]").click()
        page.wait_for_url("**/vu-viec/chuyen-gui/")
        referral.refresh_from_db()
        self.assertEqual(referral.state, ReferralState.ACCEPTED)

        page = self.as_user("alice")
        self.open_case(page, case)
        page.locator(f"form[action$='/vu-viec/{case.pk}/chuyen/review/'] button").click()
        page.wait_for_url(f"**/vu-viec/{case.pk}/")
        case = self.fill_step(
            page,
            case,
            "review",
            {"progress": "Đã thực hiện đủ", "child_situation": "Ổn định"},
            {"outcome": "close"},
        )
        self.assertEqual(case.status, CaseStatus.CLOSED)
        self.open_case(page, case)
        self.screenshot("cases-closed")
        self.assertEqual(page.locator("#timeline li").count(), 9)
