"""Each part as the role that uses it: a ward officer records a model and an
evaluation; a province officer records a commendation with its decision and
replicates the model to another ward; the pages hold at phone width.
Selectors use URLs and field names, not wording."""

import unittest

from django.utils import timezone

from treem.accounts.permissions import Role
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas
from treem.core.browser import SKIP_REASON, BrowserTestCase, chromium_available
from treem.core.testing import PASSWORD, make_user
from treem.plans.services.loader import load_plan_ct28

from ..kinds import load_kinds
from ..models import Commendation, Evaluation, Initiative, Replication
from .base import PDF


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class InitiativesBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        load_areas()
        load_agencies()
        load_kinds()
        self.plan = load_plan_ct28()
        self.ward = AdminUnit.objects.get(name="Trường Vinh", level=Level.WARD)
        self.other = AdminUnit.objects.get(name="Thành Vinh", level=Level.WARD)
        self.group = create_unit(
            actor=None, name="Khối 3", level=Level.RESIDENTIAL_GROUP, parent=self.ward
        )
        self.province = AdminUnit.objects.get(name="Nghệ An", level=Level.PROVINCE)
        self.women = Agency.objects.get(name="Hội Liên hiệp Phụ nữ phường Trường Vinh")
        self.other_women = Agency.objects.get(name="Hội Liên hiệp Phụ nữ phường Thành Vinh")
        make_user("alice", Role.WARD_OFFICER, self.ward)
        make_user("tinh", Role.PROVINCE_OFFICER, self.province)
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

    def test_officer_records_a_model_and_province_commends_and_replicates_it(self):
        today = timezone.localdate().isoformat()
        page = self.as_user("alice")
        self.follow_menu("/mo-hinh/")
        page.locator("a[href='/mo-hinh/moi/']").click()
        page.wait_for_url("**/mo-hinh/moi/")
        page.locator("#id_name").fill("Địa chỉ tin cậy tại cộng đồng khối 3")
        page.locator("#id_kind").select_option(label="Địa chỉ tin cậy tại cộng đồng")
        page.locator("#id_lead_agency").select_option(str(self.women.pk))
        page.locator(f"input[name=areas][value='{self.group.pk}']").check()
        page.locator(f"input[name=tasks][value='{self.task.pk}']").check()
        page.locator("#id_started_on").fill("2025-10-01")
        page.locator("#id_people_reached").fill("85")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/mo-hinh/*/")
        initiative = Initiative.objects.get()
        self.assertEqual((initiative.unit, initiative.people_reached), (self.ward, 85))
        self.assertEqual(list(initiative.areas.all()), [self.group])

        page.locator(f"a[href='/mo-hinh/{initiative.pk}/danh-gia/']").click()
        page.wait_for_url("**/danh-gia/")
        page.locator("#id_evaluated_on").fill(today)
        page.locator("#id_evaluator").fill("Tổ kiểm tra UBND phường Trường Vinh")
        page.locator("#id_rating").select_option("excellent")
        page.locator("#id_findings").fill("Trẻ em và phụ huynh tìm đến thường xuyên.")
        page.locator("input[name=recommend_replication][value='1']").check()
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/mo-hinh/{initiative.pk}/")
        evaluation = Evaluation.objects.get()
        self.assertIs(evaluation.recommend_replication, True)
        self.assertIn("Tổ kiểm tra", page.locator("#evaluations").inner_text())
        self.screenshot("initiatives-detail-officer")

        page = self.as_user("tinh")
        page.goto(f"{self.live_server_url}{initiative.get_absolute_url()}")
        page.locator(f"a[href='/mo-hinh/{initiative.pk}/khen-thuong/']").click()
        page.wait_for_url("**/khen-thuong/")
        page.locator("#id_decision_number").fill("2315/QĐ-UBND")
        page.locator("#id_decided_on").fill(today)
        page.locator("#id_issuer").fill("Ủy ban nhân dân tỉnh Nghệ An")
        page.locator("#id_award_form").select_option("bang_khen")
        page.locator("#id_level").select_option("province")
        page.locator("input[name=recipient][value='agency']").check()
        page.locator("#id_recipient_agency").select_option(str(self.women.pk))
        page.locator("#id_file").set_input_files(
            {"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/mo-hinh/{initiative.pk}/")
        commendation = Commendation.objects.get()
        self.assertEqual(commendation.file_name, "quyet-dinh.pdf")
        self.assertIn("2315/QĐ-UBND", page.locator("#commendations").inner_text())

        page.locator(f"a[href='/mo-hinh/{initiative.pk}/nhan-rong/']").click()
        page.wait_for_url("**/nhan-rong/")
        page.locator("#id_ward").select_option(str(self.other.pk))
        page.locator("#id_started_on").fill(today)
        page.locator("#id_lead_agency").select_option(str(self.other_women.pk))
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/mo-hinh/{initiative.pk}/")
        replication = Replication.objects.get()
        self.assertEqual(replication.replica.unit, self.other)
        self.assertIn("Thành Vinh", page.locator("#replications").inner_text())
        self.screenshot("initiatives-detail-province")
        page.goto(f"{self.live_server_url}/mo-hinh/nhan-rong/")
        self.assertIn("Thành Vinh", page.locator("main").inner_text())
        page.goto(f"{self.live_server_url}/")
        self.assertIn("2315/QĐ-UBND", page.locator("#recent-commendations").inner_text())
        commendation.decision_file.delete(save=False)

        for user in ("alice", "tinh"):
            page = self.as_user(user, width=390)
            for path in (
                "/mo-hinh/",
                "/mo-hinh/moi/",
                initiative.get_absolute_url(),
                f"/mo-hinh/{initiative.pk}/danh-gia/",
                "/mo-hinh/khen-thuong/",
            ):
                page.goto(f"{self.live_server_url}{path}")
                self.assert_no_sideways_scroll(page)
            self.screenshot(f"initiatives-detail-phone-{user}")
