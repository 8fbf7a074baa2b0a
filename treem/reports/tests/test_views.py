from treem.audit.models import AuditEvent
from treem.reports.models import Assessment, Criterion, CriterionItem
from treem.reports.services import ReportsError
from treem.reports.services.assessments import create_assessment

from .base import ReportsTestCase


class AssessmentPageTests(ReportsTestCase):
    def setUp(self):
        self.assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)
        self.url = f"/bao-cao/danh-gia/{self.assessment.pk}/"
        self.item = CriterionItem.objects.get(code="1.1")

    def test_the_ward_officer_sees_the_wards_and_the_evidence(self):
        self.login(self.officer_a)
        listing = self.client.get("/bao-cao/danh-gia/")
        self.assertContains(listing, "Trường Vinh")
        self.assertNotContains(listing, "Thành Vinh")
        page = self.client.get(self.url)
        self.assertContains(page, f'name="points-{self.item.pk}"')
        self.assertContains(page, "Bố trí nguồn lực thực hiện quyền trẻ em")

    def test_saving_scores_updates_the_total(self):
        self.login(self.officer_a)
        response = self.client.post(
            self.url,
            {
                "version": self.assessment.version,
                "threshold": self.assessment.threshold_id,
                "note": "Tự đánh giá",
                f"points-{self.item.pk}": "50",
                f"note-{self.item.pk}": "Có công chức chuyên trách",
            },
        )
        self.assertRedirects(response, self.url)
        self.assessment.refresh_from_db()
        self.assertEqual(self.assessment.total_points, 50)
        self.assertEqual(self.assessment.note, "Tự đánh giá")

    def test_a_stale_form_is_refused_and_keeps_what_was_typed(self):
        self.login(self.officer_a)
        data = {
            "version": self.assessment.version,
            "threshold": self.assessment.threshold_id,
            f"points-{self.item.pk}": "50",
        }
        self.client.post(self.url, data)
        response = self.client.post(self.url, {**data, f"points-{self.item.pk}": "44"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="44"')
        self.assertContains(response, "msg-error")
        self.assertTrue(self.assessment.scores.filter(item=self.item, points=50).exists())

    def test_a_bad_value_is_a_clear_error(self):
        self.login(self.officer_a)
        response = self.client.post(
            self.url,
            {
                "version": self.assessment.version,
                "threshold": self.assessment.threshold_id,
                f"points-{self.item.pk}": "nhiều",
            },
        )
        self.assertContains(response, "1.1")
        self.assertContains(response, "msg-error")

    def test_another_ward_gets_404_everywhere(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {}).status_code, 404)
        self.assertEqual(
            self.client.get(f"/bao-cao/danh-gia/phuong/{self.ward_a.pk}/").status_code, 404
        )
        self.assertEqual(
            self.client.post(f"{self.url}trang-thai/", {"status": "submitted"}).status_code, 404
        )
        self.assertEqual(self.client.post(f"{self.url}minh-chung/").status_code, 404)

    def test_a_former_unit_is_not_assessed_any_more(self):
        self.login(self.officer_a)
        url = f"/bao-cao/danh-gia/phuong/{self.former_a.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        with self.assertRaises(ReportsError):
            create_assessment(self.former_a, 2025, actor=self.officer_a)

    def test_roles_without_the_permission_get_404(self):
        for user in (self.viewer, self.collaborator_a, self.reporter_a, self.admin, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get("/bao-cao/danh-gia/").status_code, 404)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_province_officer_reads_but_the_ward_history_creates(self):
        self.login(self.province_officer)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        listing = self.client.get("/bao-cao/danh-gia/")
        self.assertContains(listing, "Thành Vinh")
        response = self.client.post(
            f"/bao-cao/danh-gia/phuong/{self.ward_b.pk}/",
            {"year": 2025, "threshold": self.assessment.threshold_id},
        )
        created = Assessment.objects.get(unit=self.ward_b, year=2025)
        self.assertRedirects(response, created.get_absolute_url())

    def test_the_history_shows_every_year(self):
        create_assessment(self.ward_a, 2024, actor=self.officer_a)
        self.login(self.officer_a)
        page = self.client.get(f"/bao-cao/danh-gia/phuong/{self.ward_a.pk}/")
        self.assertContains(page, "<svg")
        self.assertContains(page, ">2024</a>")
        self.assertContains(page, ">2025</a>")

    def test_the_list_runs_a_constant_number_of_queries(self):
        self.login(self.province_officer)
        self.assert_queries_constant(
            "/bao-cao/danh-gia/",
            lambda: create_assessment(self.ward_b, 2025, actor=self.province_officer),
        )

    def test_the_status_buttons_follow_the_role(self):
        self.login(self.officer_a)
        self.assertContains(self.client.get(self.url), 'value="submitted"')
        Assessment.objects.filter(pk=self.assessment.pk).update(status="submitted")
        page = self.client.get(self.url)
        self.assertNotContains(page, 'name="move" value="confirmed"')
        self.login(self.province_officer)
        page = self.client.get(self.url)
        self.assertContains(page, 'name="move" value="confirmed"')
        response = self.client.post(
            f"{self.url}trang-thai/",
            {"status": "confirmed", "version": self.assessment.version},
        )
        self.assertRedirects(response, self.url)
        self.assertEqual(Assessment.objects.get(pk=self.assessment.pk).status, "confirmed")


class CriteriaPageTests(ReportsTestCase):
    def test_an_administrator_completes_the_point_table_and_it_is_audited(self):
        criterion = Criterion.objects.get(number=2)
        self.login(self.admin)
        self.assertContains(self.client.get("/bao-cao/tieu-chi/"), "Đăng ký khai sinh")
        response = self.client.post(
            f"/bao-cao/tieu-chi/{criterion.pk}/sua/",
            {
                "name": criterion.name,
                "name_en": criterion.name_en,
                "max_points": 75,
                "min_points": "",
                "notes": "",
                "source": "QĐ 06/QĐ-TTg ngày 03/01/2019, Phụ lục",
                "verified": "on",
            },
        )
        self.assertRedirects(response, "/bao-cao/tieu-chi/")
        criterion.refresh_from_db()
        self.assertEqual(criterion.max_points, 75)
        self.assertTrue(criterion.verified)
        event = AuditEvent.objects.filter(
            subject_type="reports.criterion", subject_id=str(criterion.pk)
        ).latest("pk")
        self.assertEqual(event.changes["max_points"], {"old": None, "new": 75})

    def test_items_cannot_exceed_the_criterion_maximum(self):
        criterion = Criterion.objects.get(number=1)
        self.login(self.admin)
        response = self.client.post(
            f"/bao-cao/tieu-chi/{criterion.pk}/them-muc/",
            {"code": "1.5", "text": "Thêm", "max_points": 10, "order": 5},
        )
        self.assertContains(response, "msg-error")
        self.assertFalse(CriterionItem.objects.filter(code="1.5").exists())

    def test_officers_read_the_criteria_but_cannot_edit_them(self):
        criterion = Criterion.objects.get(number=2)
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/bao-cao/tieu-chi/").status_code, 200)
        self.assertEqual(self.client.get(f"/bao-cao/tieu-chi/{criterion.pk}/sua/").status_code, 404)
        self.login(self.viewer)
        self.assertEqual(self.client.get("/bao-cao/tieu-chi/").status_code, 404)


class AssessmentApiTests(ReportsTestCase):
    def setUp(self):
        self.assessment = create_assessment(self.ward_a, 2025, actor=self.officer_a)

    def test_the_ward_officer_reads_their_assessments_with_the_scores(self):
        self.login(self.officer_a)
        body = self.client.get("/api/v1/ward-assessments/").json()
        rows = body["results"] if isinstance(body, dict) else body
        self.assertEqual([r["id"] for r in rows], [self.assessment.pk])
        self.assertEqual(rows[0]["min_total"], 850)
        self.assertEqual(len(rows[0]["scores"]), CriterionItem.objects.count())

    def test_other_wards_and_roles_see_nothing(self):
        for user in (self.officer_b, self.viewer, self.collaborator_a):
            self.login(user)
            body = self.client.get("/api/v1/ward-assessments/").json()
            rows = body["results"] if isinstance(body, dict) else body
            self.assertEqual(rows, [])
            response = self.client.get(f"/api/v1/ward-assessments/{self.assessment.pk}/")
            self.assertEqual(response.status_code, 404)

    def test_the_api_is_read_only(self):
        self.login(self.officer_a)
        response = self.client.post(
            "/api/v1/ward-assessments/", {}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 405)
