"""The administrator's pages: only the administrator sees them (others get
404, as for a page that does not exist); every change goes through a service
and is audited; the dry run from the page changes nothing."""

import datetime

from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.children.models import Child

from ..models import DataKind, Incident, ProcessingPurpose, RetentionAction, RetentionRun
from .base import PrivacyTestCase

PAGES = [
    "/bao-ve-du-lieu/",
    "/bao-ve-du-lieu/luu-giu/closed_cases/sua/",
    "/bao-ve-du-lieu/luu-giu/chay-thu/",
    "/bao-ve-du-lieu/luu-giu/lan-chay/",
    "/bao-ve-du-lieu/su-co/",
    "/bao-ve-du-lieu/su-co/moi/",
    "/bao-ve-du-lieu/su-co/thoi-han/",
    "/bao-ve-du-lieu/muc-dich-xu-ly/",
]


class AccessTests(PrivacyTestCase):
    def test_the_administrator_sees_every_page(self):
        self.login(self.admin)
        for url in PAGES:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_no_one_else_does(self):
        others = [
            self.province_officer,
            self.officer_a,
            self.approver_a,
            self.reporter_a,
            self.viewer,
            self.nobody,
        ]
        for user in others:
            self.login(user)
            for url in [*PAGES, "/bao-ve-du-lieu/luu-giu/ap-dung/"]:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.post(url).status_code, 404)
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get("/bao-ve-du-lieu/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("next=", response["Location"])

    def test_the_menu_and_the_operations_page_lead_here(self):
        self.login(self.admin)
        self.assertContains(self.client.get("/"), 'href="/bao-ve-du-lieu/"')
        self.assertContains(self.client.get("/van-hanh/"), 'href="/bao-ve-du-lieu/"')
        self.login(self.province_officer)
        self.assertNotContains(self.client.get("/"), 'href="/bao-ve-du-lieu/"')


class RulePageTests(PrivacyTestCase):
    def test_the_rules_show_their_source_and_whether_it_was_checked(self):
        page = self.login(self.admin).get("/bao-ve-du-lieu/")
        self.assertContains(page, "Điều 14")
        self.assertContains(page, "chưa đối chiếu văn bản")
        self.assertContains(page, "Ẩn danh hóa" if False else "Giả danh hóa")

    def test_an_edit_is_saved_and_audited(self):
        self.login(self.admin)
        data = {
            "period": 7,
            "period_unit": "years",
            "action": RetentionAction.PSEUDONYMISE,
            "counted_from": "ngày đóng",
            "source": "Quyết định của UBND tỉnh",
            "verified": "on",
            "active": "on",
        }
        response = self.client.post("/bao-ve-du-lieu/luu-giu/closed_cases/sua/", data)
        self.assertRedirects(response, "/bao-ve-du-lieu/")
        rule = self.rule(DataKind.CLOSED_CASES)
        self.assertEqual((rule.period, rule.action, rule.verified), (7, "pseudonymise", True))
        self.assertTrue(AuditEvent.objects.filter(subject_id=str(rule.pk), action="update"))

    def test_an_action_the_kind_does_not_allow_is_refused_beside_the_field(self):
        self.login(self.admin)
        data = {"period": 5, "period_unit": "years", "action": "delete", "source": "x"}
        response = self.client.post("/bao-ve-du-lieu/luu-giu/aged_out_children/sua/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "error-summary")
        self.assertEqual(self.rule(DataKind.AGED_OUT_CHILDREN).action, "pseudonymise")

    def test_the_dry_run_page_changes_nothing_and_a_run_needs_confirmation(self):
        self.login(self.admin)
        events = AuditEvent.objects.count()
        page = self.client.get("/bao-ve-du-lieu/luu-giu/chay-thu/")
        self.assertContains(page, "Chưa có gì thay đổi")
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertEqual(Child.objects.get(pk=self.adult.pk).given_name, "Hoa")
        self.client.post("/bao-ve-du-lieu/luu-giu/ap-dung/", {})
        self.assertFalse(RetentionRun.objects.exists())
        self.client.post("/bao-ve-du-lieu/luu-giu/ap-dung/", {"confirm": "on"})
        run = RetentionRun.objects.get()
        self.assertEqual(run.actor, self.admin)
        self.assertEqual(Child.objects.get(pk=self.adult.pk).family_name, "Ẩn danh")
        self.assertContains(self.client.get("/bao-ve-du-lieu/luu-giu/lan-chay/"), "Giả danh hóa")


class IncidentPageTests(PrivacyTestCase):
    def test_an_incident_is_recorded_with_its_deadline_and_hours_left(self):
        self.login(self.admin)
        detected = timezone.localtime() - datetime.timedelta(hours=2)
        response = self.client.post(
            "/bao-ve-du-lieu/su-co/moi/",
            {
                "detected_at": detected.strftime("%d/%m/%Y %H:%M"),
                "description": "Gửi nhầm danh sách trẻ qua thư điện tử",
                "data_kinds": "Họ tên, ngày sinh",
                "people_affected": 35,
                "children_affected": "on",
                "severity": "high",
            },
        )
        incident = Incident.objects.get()
        self.assertRedirects(response, incident.get_absolute_url())
        page = self.client.get(incident.get_absolute_url())
        self.assertContains(page, "69 giờ")
        self.assertContains(page, "A05")

    def test_an_overdue_incident_is_highlighted_in_the_list(self):
        from ..services import record_incident

        record_incident(
            actor=self.admin,
            detected_at=timezone.now() - datetime.timedelta(hours=100),
            description="x",
            data_kinds="Họ tên",
        )
        page = self.login(self.admin).get("/bao-ve-du-lieu/su-co/")
        self.assertContains(page, 'class="status-overdue"')
        self.assertContains(page, "quá hạn 28 giờ")

    def test_a_wrong_date_gets_a_vietnamese_error(self):
        self.login(self.admin)
        response = self.client.post(
            "/bao-ve-du-lieu/su-co/moi/",
            {"detected_at": "32/13/2026", "description": "x", "data_kinds": "y", "severity": "low"},
        )
        self.assertContains(response, "error-summary")
        self.assertFalse(Incident.objects.exists())

    def test_the_query_count_of_the_list_does_not_grow(self):
        from ..services import record_incident

        self.login(self.admin)

        def add():
            for _ in range(3):
                record_incident(
                    actor=self.admin, detected_at=timezone.now(), description="x", data_kinds="y"
                )

        add()
        # Warm: the first request of a session reads what later ones keep.
        self.client.get("/bao-ve-du-lieu/su-co/")
        self.assert_queries_constant("/bao-ve-du-lieu/su-co/", add)


class PurposePageTests(PrivacyTestCase):
    def test_the_record_of_processing_lists_the_systems_purposes(self):
        page = self.login(self.admin).get("/bao-ve-du-lieu/muc-dich-xu-ly/")
        for code in ("child-registry", "case-management", "population-linkage", "assistance"):
            self.assertContains(page, f'id="purpose-{code}"')
        self.assertContains(page, "Nghị định 56/2017/NĐ-CP")

    def test_a_purpose_is_edited_and_audited(self):
        self.login(self.admin)
        self.client.get("/bao-ve-du-lieu/muc-dich-xu-ly/")
        purpose = ProcessingPurpose.objects.get(code="plan-reporting")
        data = {
            "purpose": purpose.purpose,
            "legal_basis": "Luật Trẻ em 2016",
            "data_kinds": "Số liệu tổng hợp",
            "subjects": "Trẻ em",
            "active": "on",
        }
        self.client.post(f"/bao-ve-du-lieu/muc-dich-xu-ly/{purpose.pk}/sua/", data)
        purpose.refresh_from_db()
        self.assertEqual(purpose.legal_basis, "Luật Trẻ em 2016")
        self.assertTrue(AuditEvent.objects.filter(subject_id=str(purpose.pk), action="update"))
