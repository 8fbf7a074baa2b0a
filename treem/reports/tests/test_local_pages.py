"""The pages and the API of the school and family assessments: scoped to
the wards the user assesses, out-of-scope answering as missing."""

from treem.reports.models import Assessment, Criterion, SetKind
from treem.reports.services.assessments import (
    change_assessment_status,
    create_assessment,
    save_assessment,
)
from treem.reports.services.criteria import WARD_SET

from .test_sets import SetsTestCase, full_points


class LocalAssessmentPageTests(SetsTestCase):
    def setUp(self):
        self.school = self.school_assessment()
        self.url = self.school.get_absolute_url()

    def test_the_list_is_filtered_by_kind(self):
        self.family_assessment()
        self.login(self.officer_a)
        page = self.client.get("/bao-cao/danh-gia/?loai=school")
        self.assertContains(page, "Trường Tiểu học Trường Vinh")
        self.assertNotContains(page, "Hộ ông Nguyễn Văn Hùng")
        page = self.client.get("/bao-cao/danh-gia/?loai=family")
        self.assertContains(page, "Hộ ông Nguyễn Văn Hùng")
        self.assertNotContains(page, "Trường Tiểu học Trường Vinh")
        # The ward list shows no school or family.
        self.assertNotContains(self.client.get("/bao-cao/danh-gia/"), "Hộ ông Nguyễn Văn Hùng")

    def test_a_ward_officer_starts_a_family_assessment(self):
        self.login(self.officer_a)
        url = "/bao-cao/danh-gia/moi/family/"
        self.assertContains(self.client.get(url), 'name="household_name"')
        response = self.client.post(
            url,
            {
                "criteria_set": self.family_set.pk,
                "unit": self.ward_a.pk,
                "household_name": "Hộ bà Trần Thị Lan",
                "household_group": self.group_a.pk,
                "household_address": "Số 40",
                "year": 2025,
            },
        )
        created = Assessment.objects.get(kind=SetKind.FAMILY)
        self.assertRedirects(response, created.get_absolute_url())
        self.assertEqual(created.household_group, self.group_a)

    def test_another_wards_school_or_group_is_refused_with_a_message(self):
        self.login(self.officer_a)
        response = self.client.post(
            "/bao-cao/danh-gia/moi/school/",
            {
                "criteria_set": self.school_set.pk,
                "unit": self.ward_a.pk,
                "school": self.school_b.pk,
                "year": 2024,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errorlist")
        self.assertFalse(Assessment.objects.filter(school=self.school_b).exists())
        response = self.client.post(
            "/bao-cao/danh-gia/moi/family/",
            {
                "criteria_set": self.family_set.pk,
                "unit": self.ward_a.pk,
                "household_name": "Hộ X",
                "household_group": self.group_b.pk,
                "year": 2025,
            },
        )
        self.assertContains(response, "errorlist")

    def test_scores_submit_and_the_leader_confirms_on_the_page(self):
        self.login(self.officer_a)
        data = {"version": self.school.version, "threshold": self.school.threshold_id}
        for s in self.school.scores.select_related("item"):
            data[f"points-{s.item_id}"] = s.item.max_points
        self.assertRedirects(self.client.post(self.url, data), self.url)
        self.client.post(f"{self.url}trang-thai/", {"status": "submitted"})
        page = self.client.get(self.url)
        self.assertNotContains(page, 'name="move" value="confirmed"')
        self.login(self.approver_a)
        page = self.client.get(self.url)
        self.assertContains(page, 'name="move" value="confirmed"')
        self.client.post(f"{self.url}trang-thai/", {"status": "confirmed"})
        self.school.refresh_from_db()
        self.assertEqual(self.school.status, "confirmed")
        page = self.client.get(self.url)
        self.assertContains(page, 'id="history"')
        self.assertContains(page, self.approver_a.get_full_name() or self.approver_a.username)

    def test_only_the_sets_thresholds_are_offered(self):
        self.login(self.officer_a)
        page = self.client.get(self.url)
        self.assertContains(page, "Trường học (chung)")
        self.assertNotContains(page, "Phường thuộc thành phố trực thuộc trung ương")

    def test_another_ward_gets_404_and_sees_nothing(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(f"{self.url}trang-thai/", {}).status_code, 404)
        page = self.client.get("/bao-cao/danh-gia/?loai=school")
        self.assertNotContains(page, "Trường Tiểu học Trường Vinh")

    def test_roles_without_the_permission_get_404(self):
        for user in (self.viewer, self.collaborator_a, self.reporter_a, self.admin):
            self.login(user)
            self.assertEqual(self.client.get("/bao-cao/danh-gia/?loai=school").status_code, 404)
            self.assertEqual(self.client.get("/bao-cao/danh-gia/moi/school/").status_code, 404)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_unknown_kind_is_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/bao-cao/danh-gia/moi/ward/").status_code, 404)
        self.assertEqual(self.client.get("/bao-cao/danh-gia/moi/xyz/").status_code, 404)

    def test_the_list_runs_a_constant_number_of_queries(self):
        self.login(self.province_officer)
        self.assert_queries_constant(
            "/bao-cao/danh-gia/?loai=family",
            lambda: self.family_assessment(name=f"Hộ {Assessment.objects.count()}"),
        )


class CriteriaSetPageTests(SetsTestCase):
    def test_the_administrator_reads_and_edits_each_set(self):
        self.login(self.admin)
        page = self.client.get(f"/bao-cao/tieu-chi/bo/{self.family_set.pk}/")
        self.assertContains(page, "thực tiễn địa phương", status_code=200)
        self.assertContains(page, "Không có bạo lực, xâm hại trẻ em")
        response = self.client.post(
            f"/bao-cao/tieu-chi/bo/{self.family_set.pk}/them-tieu-chi/",
            {"number": 6, "name": "Tham gia sinh hoạt cộng đồng", "max_points": 10},
        )
        self.assertRedirects(response, f"/bao-cao/tieu-chi/bo/{self.family_set.pk}/")
        self.assertTrue(Criterion.objects.filter(criteria_set=self.family_set, number=6).exists())
        response = self.client.post(
            f"/bao-cao/tieu-chi/bo/{self.school_set.pk}/nguong/them/",
            {"code": "cao", "name": "Chuẩn cao", "min_total": 90, "order": 2},
        )
        self.assertRedirects(response, f"/bao-cao/tieu-chi/bo/{self.school_set.pk}/")
        self.assertTrue(self.school_set.thresholds.filter(code="cao").exists())

    def test_the_ward_set_is_the_default_page(self):
        self.login(self.officer_a)
        page = self.client.get("/bao-cao/tieu-chi/")
        self.assertContains(page, "Đăng ký khai sinh")
        self.assertContains(page, f"/bao-cao/tieu-chi/bo/{self.school_set.pk}/")

    def test_officers_cannot_edit_sets(self):
        self.login(self.officer_a)
        for url in (
            f"/bao-cao/tieu-chi/bo/{self.family_set.pk}/sua/",
            "/bao-cao/tieu-chi/bo/them/",
            f"/bao-cao/tieu-chi/bo/{self.family_set.pk}/them-tieu-chi/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404)


class AssessmentsApiTests(SetsTestCase):
    def setUp(self):
        self.school = self.school_assessment()
        self.family = self.family_assessment()
        self.ward = create_assessment(self.ward_a, 2025, actor=self.officer_a)

    def rows(self, url):
        body = self.client.get(url).json()
        return body["results"] if isinstance(body, dict) else body

    def test_every_kind_is_listed_and_filtered(self):
        self.login(self.officer_a)
        rows = self.rows("/api/v1/assessments/")
        self.assertEqual({r["id"] for r in rows}, {self.school.pk, self.family.pk, self.ward.pk})
        school = next(r for r in rows if r["kind"] == "school")
        self.assertEqual(school["subject"], "Trường Tiểu học Trường Vinh")
        self.assertEqual(school["criteria_set"], self.school_set.code)
        self.assertEqual(len(school["scores"]), 9)
        self.assertEqual(
            [r["id"] for r in self.rows("/api/v1/assessments/?kind=family")], [self.family.pk]
        )
        ward = self.rows(f"/api/v1/assessments/?criteria_set={WARD_SET}&year=2025")
        self.assertEqual([r["id"] for r in ward], [self.ward.pk])

    def test_ward_assessments_keeps_only_the_wards(self):
        self.login(self.officer_a)
        self.assertEqual([r["id"] for r in self.rows("/api/v1/ward-assessments/")], [self.ward.pk])

    def test_other_wards_and_roles_see_nothing_and_get_404(self):
        for user in (self.officer_b, self.viewer, self.collaborator_a, self.admin):
            self.login(user)
            self.assertEqual(self.rows("/api/v1/assessments/"), [])
            for pk in (self.school.pk, 999999):
                response = self.client.get(f"/api/v1/assessments/{pk}/")
                self.assertEqual(response.status_code, 404)

    def test_a_bad_filter_is_a_clear_error(self):
        self.login(self.officer_a)
        response = self.client.get("/api/v1/assessments/?kind=xyz")
        self.assertEqual(response.status_code, 400)
        self.assertIn("kind", response.json())

    def test_the_leader_sees_the_confirmed_result(self):
        save_assessment(self.school, actor=self.officer_a, scores=full_points(self.school))
        change_assessment_status(self.school, "submitted", actor=self.officer_a)
        change_assessment_status(self.school, "confirmed", actor=self.approver_a)
        self.login(self.approver_a)
        row = self.client.get(f"/api/v1/assessments/{self.school.pk}/").json()
        self.assertEqual(row["status"], "confirmed")
        self.assertTrue(row["passed"])

    def test_the_api_is_read_only(self):
        self.login(self.officer_a)
        response = self.client.post("/api/v1/assessments/", {}, content_type="application/json")
        self.assertEqual(response.status_code, 405)


class ConfirmationLandingTests(SetsTestCase):
    def test_the_leader_sees_what_waits_for_confirmation_and_the_officer_does_not(self):
        assessment = self.school_assessment()
        save_assessment(assessment, actor=self.officer_a, scores=full_points(assessment))
        change_assessment_status(assessment, "submitted", actor=self.officer_a)
        self.login(self.approver_a)
        page = self.client.get("/")
        self.assertContains(page, 'id="assessments-to-confirm"')
        self.assertContains(page, assessment.get_absolute_url())
        self.login(self.officer_a)
        self.assertNotContains(self.client.get("/"), 'id="assessments-to-confirm"')
        self.login(self.officer_b)
        self.assertNotContains(self.client.get("/"), assessment.get_absolute_url())
