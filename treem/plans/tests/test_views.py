"""Pages: each answers its users and refuses (404) everyone else; lists
keep their query count whatever the number of rows."""

from treem.accounts.permissions import Role
from treem.core.testing import make_user
from treem.plans.models import ProgressReport, ReportState
from treem.plans.services.reports import change_report_state, open_reports

from .helpers import Q3, Q4, TODAY, PlanTestCase, freeze_today


class PageTests(PlanTestCase):
    def setUp(self):
        freeze_today(self)

    def test_every_plan_page_answers_a_plan_viewer(self):
        open_reports(self.plan, on=TODAY)
        report = self.submitted_report()
        for user in (self.province_officer, self.viewer, self.officer_a, self.reporter_a):
            self.login(user)
            for url in (
                "/ke-hoach/",
                self.plan.get_absolute_url(),
                f"/ke-hoach/{self.plan.pk}/ma-tran/",
                f"/ke-hoach/{self.plan.pk}/ma-tran/?quy=2026-q3",
                f"/ke-hoach/{self.plan.pk}/moc-thoi-gian/",
                f"/ke-hoach/{self.plan.pk}/kiem-tra/",
                self.police_task.get_absolute_url(),
                f"/ke-hoach/co-quan/{self.police_a.pk}/",
                "/ke-hoach/bao-cao/qua-han/",
                "/ke-hoach/van-ban/",
                self.plan.document.get_absolute_url(),
                "/ke-hoach/thang-danh-gia/",
            ):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(report.get_absolute_url()).status_code, 200)

    def test_the_tree_shows_the_original_body_and_its_successors(self):
        self.login(self.viewer)
        response = self.client.get(self.plan.get_absolute_url())
        self.assertContains(response, "Công an Thành phố Vinh")
        self.login(self.reporter_a)
        response = self.client.get(self.police_task.get_absolute_url())
        successors = {a.name for a in response.context["successors"]}
        self.assertIn("Công an phường Trường Vinh", successors)
        self.assertContains(response, "Công an phường Trường Vinh")

    def test_pages_refuse_users_without_plan_permission(self):
        report = self.make_report()
        for user in (self.collaborator_a, self.nobody):
            self.login(user)
            for url in (
                "/ke-hoach/",
                self.plan.get_absolute_url(),
                f"/ke-hoach/{self.plan.pk}/ma-tran/",
                f"/ke-hoach/{self.plan.pk}/moc-thoi-gian/",
                f"/ke-hoach/{self.plan.pk}/kiem-tra/",
                self.police_task.get_absolute_url(),
                f"/ke-hoach/co-quan/{self.police_a.pk}/",
                "/ke-hoach/co-quan-cua-toi/",
                "/ke-hoach/bao-cao/",
                "/ke-hoach/bao-cao/qua-han/",
                report.get_absolute_url(),
                f"/ke-hoach/bao-cao/{report.pk}/sua/",
                "/ke-hoach/van-ban/",
                self.plan.document.get_absolute_url(),
                f"/ke-hoach/van-ban/{self.plan.document.pk}/tep/",
                "/ke-hoach/van-ban/moi/",
                "/ke-hoach/thang-danh-gia/",
                f"/ke-hoach/nhiem-vu/{self.police_task.pk}/ke-hoach-con/",
            ):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_users_are_sent_to_the_login_page(self):
        response = self.client.get("/ke-hoach/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/dang-nhap/", response["Location"])

    def test_a_ward_officer_does_not_see_a_plan_of_another_ward(self):
        from treem.plans.services.plans import create_plan

        agency = self.police_b
        other = create_plan(
            actor=self.officer_b,
            title="KH phường Thành Vinh",
            owner_agency=agency,
            period_start=TODAY,
        )
        self.login(self.officer_a)
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 404)
        self.login(self.officer_b)
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 200)


class ReporterScopeTests(PlanTestCase):
    def setUp(self):
        freeze_today(self)

    def test_a_reporter_gets_404_on_another_agencys_report(self):
        other = self.make_report(agency=self.police_b, done_text="của phường khác")
        self.login(self.reporter_a)
        for url in (
            other.get_absolute_url(),
            f"/ke-hoach/bao-cao/{other.pk}/sua/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404)
        for action in ("nop", "tra-lai", "chap-nhan"):
            self.assertEqual(
                self.client.post(f"/ke-hoach/bao-cao/{other.pk}/{action}/").status_code, 404
            )
        self.assertEqual(
            self.client.post(f"/ke-hoach/bao-cao/{other.pk}/minh-chung/").status_code, 404
        )
        self.assertEqual(self.client.get(f"/api/v1/progress-reports/{other.pk}/").status_code, 404)
        self.assertEqual(
            self.client.patch(
                f"/api/v1/progress-reports/{other.pk}/",
                {"done_text": "x"},
                content_type="application/json",
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(f"/api/v1/progress-reports/{other.pk}/submit/").status_code, 404
        )

    def test_a_reporter_lists_only_their_agencys_reports(self):
        open_reports(self.plan, on=TODAY)
        self.login(self.reporter_a)
        response = self.client.get("/ke-hoach/bao-cao/")
        agencies = {r.agency_id for r in response.context["page_obj"]}
        self.assertEqual(agencies, {self.police_a.pk})
        data = self.client.get("/api/v1/progress-reports/?page_size=500").json()
        self.assertEqual({r["agency"] for r in data["results"]}, {self.police_a.pk})
        self.assertEqual(data["count"], ProgressReport.objects.filter(agency=self.police_a).count())

    def test_the_agency_page_shows_what_it_owes_through_the_city_police(self):
        open_reports(self.plan, on=TODAY)
        self.login(self.reporter_a)
        response = self.client.get("/ke-hoach/co-quan-cua-toi/")
        self.assertRedirects(response, f"/ke-hoach/co-quan/{self.police_a.pk}/")
        response = self.client.get(f"/ke-hoach/co-quan/{self.police_a.pk}/")
        numbers = {t.number for t in response.context["tasks"]}
        self.assertEqual(numbers, {"III.4.1", "III.4.2", "III.4.3"})
        self.assertIn("Công an Thành phố Vinh", {a.name for a in response.context["forerunners"]})
        coordinated = {t.number for t in response.context["coordinating"]}
        self.assertEqual(coordinated, {"III.3.12"})

    def test_reporter_submits_from_the_form_and_the_ward_officer_reviews(self):
        self.login(self.reporter_a)
        response = self.client.post(
            f"/ke-hoach/nhiem-vu/{self.police_task.pk}/bao-cao/", {"agency": self.police_a.pk}
        )
        report = ProgressReport.objects.get(agency=self.police_a, task=self.police_task)
        self.assertEqual((report.period_start, report.period_end), Q4)
        self.assertRedirects(response, f"/ke-hoach/bao-cao/{report.pk}/sua/")
        self.client.post(
            f"/ke-hoach/bao-cao/{report.pk}/sua/",
            {"status": "on_track", "done_text": "Tuyên truyền 5 buổi", "then": "submit"},
        )
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.login(self.officer_b)
        self.assertEqual(
            self.client.post(f"/ke-hoach/bao-cao/{report.pk}/chap-nhan/").status_code, 404
        )
        self.login(self.officer_a)
        self.client.post(f"/ke-hoach/bao-cao/{report.pk}/tra-lai/", {"comment": "Bổ sung số liệu"})
        report.refresh_from_db()
        self.assertEqual(
            (report.state, report.review_comment), (ReportState.RETURNED, "Bổ sung số liệu")
        )

    def test_a_reporter_cannot_open_a_report_for_another_agency(self):
        self.login(self.reporter_a)
        response = self.client.post(
            f"/ke-hoach/nhiem-vu/{self.police_task.pk}/bao-cao/", {"agency": self.police_b.pk}
        )
        self.assertEqual(response.status_code, 404)
        health = self.plan.tasks.get(number="III.3.20")
        response = self.client.post(
            f"/ke-hoach/nhiem-vu/{health.pk}/bao-cao/", {"agency": self.police_a.pk}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_viewer_sees_the_matrix_but_not_the_report_text(self):
        report = self.submitted_report()
        self.login(self.viewer)
        self.assertEqual(self.client.get(report.get_absolute_url()).status_code, 404)
        response = self.client.get(f"/ke-hoach/{self.plan.pk}/ma-tran/?quy=2026-q3")
        cells = [c for _a, row in response.context["rows"] for _t, c in row if c]
        self.assertIn(report.pk, {c.pk for c in cells})
        self.assertNotIn(report.pk, response.context["visible"])
        self.assertNotContains(response, "Tuyên truyền tại 12 khối")

    def test_ward_officers_matrix_shows_their_ward_only(self):
        self.submitted_report()
        self.submitted_report(agency=self.police_b)
        self.login(self.officer_a)
        response = self.client.get(f"/ke-hoach/{self.plan.pk}/ma-tran/?quy=2026-q3")
        self.assertEqual(
            [a.name for a, _cells in response.context["rows"]], ["Công an phường Trường Vinh"]
        )

    def test_writes_are_refused_to_viewers(self):
        report = self.submitted_report()
        self.login(self.viewer)
        self.assertEqual(
            self.client.post(f"/ke-hoach/bao-cao/{report.pk}/chap-nhan/").status_code, 404
        )
        self.assertEqual(
            self.client.post(
                f"/ke-hoach/{self.plan.pk}/trang-thai/", {"status": "closed"}
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                f"/ke-hoach/{self.plan.pk}/kiem-tra/", {"kind": "yearly", "year": 2026}
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(f"/ke-hoach/{self.plan.pk}/nhiem-vu/moi/").status_code, 404
        )


class QueryCountTests(PlanTestCase):
    def setUp(self):
        freeze_today(self)

    def _more_reports(self):
        # Some submitted, some left overdue, for two agencies and periods.
        for agency in (self.police_a, self.police_b):
            for task in self.plan.tasks.filter(section__number="III.4"):
                for period in (Q3, Q4):
                    if (agency, task, period) == (self.police_a, self.police_task, Q3):
                        continue
                    report = self.make_report(
                        agency=agency, task=task, period=period, done_text="x"
                    )
                    if task.number != "III.4.2":
                        change_report_state(report, ReportState.SUBMITTED, actor=None)

    def _check(self, user, url):
        self.make_report()
        self.login(user)
        self.assert_queries_constant(url, self._more_reports)

    def test_plan_list_query_count(self):
        self._check(self.province_officer, "/ke-hoach/")

    def test_report_list_query_count(self):
        self._check(self.province_officer, "/ke-hoach/bao-cao/")

    def test_overdue_list_query_count(self):
        self._check(self.province_officer, "/ke-hoach/bao-cao/qua-han/")

    def test_matrix_query_count(self):
        self._check(self.province_officer, f"/ke-hoach/{self.plan.pk}/ma-tran/?quy=2026-q3")

    def test_timeline_query_count(self):
        self._check(self.province_officer, f"/ke-hoach/{self.plan.pk}/moc-thoi-gian/")

    def test_plan_tree_query_count(self):
        self._check(self.province_officer, self.plan.get_absolute_url())

    def test_task_page_query_count(self):
        self._check(self.province_officer, self.police_task.get_absolute_url())

    def test_agency_page_query_count(self):
        self._check(self.reporter_a, f"/ke-hoach/co-quan/{self.police_a.pk}/")

    def test_document_list_query_count(self):
        self._check(self.province_officer, "/ke-hoach/van-ban/")

    def test_second_reporter_in_ward_b(self):
        reporter_b = make_user("phong", Role.AGENCY_REPORTER, self.ward_b, self.police_b)
        report = self.make_report(agency=self.police_b, done_text="x")
        self.login(reporter_b)
        self.assertEqual(self.client.get(report.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(self.make_report().get_absolute_url()).status_code, 404)
