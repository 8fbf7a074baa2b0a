from treem.plans.models import ProgressReport, ReportState

from .helpers import Q3, PlanTestCase

BASE = "/api/v1/progress-reports/"


class ApiTests(PlanTestCase):
    def test_plans_and_tasks_are_listed_for_plan_viewers(self):
        self.login(self.viewer)
        plans = self.client.get("/api/v1/plans/").json()
        self.assertEqual([p["code"] for p in plans["results"]], ["ct28-thanh-uy-vinh-2024"])
        tasks = self.client.get(f"/api/v1/tasks/?plan={self.plan.pk}&page_size=100").json()
        self.assertEqual(tasks["count"], 55)
        police = next(t for t in tasks["results"] if t["number"] == "III.4.1")
        self.assertIn(self.police_a.pk, police["current_agencies"])
        self.assertEqual(police["lead_agency_name"], "Công an Thành phố Vinh")

    def test_plans_and_tasks_refuse_users_without_the_permission(self):
        self.login(self.collaborator_a)
        for url in ("/api/v1/plans/", "/api/v1/tasks/", BASE, f"/api/v1/plans/{self.plan.pk}/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.client.logout()
        self.assertEqual(self.client.get("/api/v1/plans/").status_code, 401)

    def test_viewers_have_no_report_endpoint(self):
        self.submitted_report()
        self.login(self.viewer)
        self.assertEqual(self.client.get(BASE).status_code, 404)

    def test_submit_return_resubmit_accept_through_the_api(self):
        self.login(self.reporter_a)
        response = self.client.post(
            BASE,
            {
                "task": self.police_task.pk,
                "agency": self.police_a.pk,
                "period_start": Q3[0].isoformat(),
                "period_end": Q3[1].isoformat(),
                "status": "on_track",
                "done_text": "Lần 1",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        response = self.client.post(f"{BASE}{pk}/submit/")
        self.assertEqual(response.json().get("state"), "submitted", response.content)
        # The reporter may not review.
        self.assertEqual(self.client.post(f"{BASE}{pk}/accept/").status_code, 404)
        self.login(self.officer_a)
        self.assertEqual(self.client.post(f"{BASE}{pk}/return/", {}).status_code, 400)
        response = self.client.post(f"{BASE}{pk}/return/", {"comment": "Thiếu số liệu"})
        self.assertEqual(response.json()["state"], "returned")
        self.login(self.reporter_a)
        response = self.client.patch(
            f"{BASE}{pk}/", {"done_text": "Lần 2"}, content_type="application/json"
        )
        self.assertEqual(response.json()["done_text"], "Lần 2")
        self.client.post(f"{BASE}{pk}/submit/")
        self.login(self.officer_a)
        data = self.client.post(f"{BASE}{pk}/accept/").json()
        self.assertEqual(data["state"], "accepted")
        self.assertEqual([v["outcome"] for v in data["versions"]], ["returned", "accepted"])
        # Accepted is final.
        self.assertEqual(self.client.post(f"{BASE}{pk}/return/", {"comment": "x"}).status_code, 400)

    def test_a_reporter_cannot_open_a_report_for_another_agency(self):
        self.login(self.reporter_a)
        response = self.client.post(
            BASE,
            {
                "task": self.police_task.pk,
                "agency": self.police_b.pk,
                "period_start": Q3[0].isoformat(),
                "period_end": Q3[1].isoformat(),
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(ProgressReport.objects.exists())

    def test_a_ward_officer_cannot_review_through_the_api_outside_the_ward(self):
        report = self.submitted_report(agency=self.police_b)
        self.login(self.officer_a)
        self.assertEqual(self.client.post(f"{BASE}{report.pk}/accept/").status_code, 404)
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)

    def test_the_endpoints_are_in_the_schema(self):
        self.login(self.viewer)
        schema = self.client.get("/api/schema/?format=json").json()
        for path in (
            "/api/v1/plans/",
            "/api/v1/tasks/",
            "/api/v1/progress-reports/",
            "/api/v1/progress-reports/{id}/return/",
        ):
            self.assertIn(path, schema["paths"])
