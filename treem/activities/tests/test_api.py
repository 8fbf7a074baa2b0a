import datetime

from rest_framework.test import APIClient

from ..models import Activity
from ..models import RecommendationStatus as S
from ..services.forums import change_recommendation
from .base import ActivityTestCase


class ApiTests(ActivityTestCase):
    def setUp(self):
        self.api = APIClient()
        self.mine = self.activity()
        self.other = self.activity(self.police_b, title="Phường B")
        self.forum_a = self.forum()
        self.rec = change_recommendation(
            self.recommendation(self.forum_a),
            S.ASSIGNED,
            actor=None,
            addressee=self.police_a,
            deadline=datetime.date(2026, 7, 1),
        )

    def as_user(self, user):
        self.api.force_authenticate(user)
        return self.api

    def test_activities_are_scoped(self):
        response = self.as_user(self.reporter_a).get("/api/v1/activities/")
        self.assertEqual([r["id"] for r in response.json()["results"]], [self.mine.pk])
        self.assertEqual(self.api.get(f"/api/v1/activities/{self.other.pk}/").status_code, 404)
        self.assertEqual(
            self.as_user(self.province_officer).get("/api/v1/activities/").json()["count"], 2
        )
        self.assertEqual(self.as_user(self.viewer).get("/api/v1/activities/").status_code, 404)

    def test_reporter_creates_an_activity_through_the_service(self):
        body = {
            "kind": "media",
            "title": "Phóng sự truyền hình",
            "agency": self.police_a.pk,
            "tasks": [self.police_task.pk],
            "starts_on": "2026-08-01",
            "ends_on": "2026-08-01",
            "cost": 300000,
            "audience": [{"audience": "children", "sex": "F", "age_band": "6-10", "count": 9}],
        }
        response = self.as_user(self.reporter_a).post("/api/v1/activities/", body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        activity = Activity.objects.get(pk=response.json()["id"])
        self.assertEqual(activity.totals()["children"], 9)
        body["agency"] = self.police_b.pk
        response = self.api.post("/api/v1/activities/", body, format="json")
        self.assertEqual(response.status_code, 404)

    def test_forums_and_recommendations_are_scoped(self):
        self.assertEqual(self.as_user(self.officer_a).get("/api/v1/forums/").json()["count"], 1)
        self.assertEqual(self.as_user(self.officer_b).get("/api/v1/forums/").json()["count"], 0)
        self.assertEqual(self.api.get(f"/api/v1/recommendations/{self.rec.pk}/").status_code, 404)
        self.assertEqual(self.as_user(self.reporter_a).get("/api/v1/forums/").status_code, 404)
        listed = self.api.get("/api/v1/recommendations/").json()["results"]
        self.assertEqual([r["id"] for r in listed], [self.rec.pk])

    def test_the_addressee_answers_through_the_api(self):
        url = f"/api/v1/recommendations/{self.rec.pk}/answer/"
        self.assertEqual(self.as_user(self.officer_b).post(url, {"answer": "x"}).status_code, 404)
        response = self.as_user(self.reporter_a).post(url, {"answer": "Đã tiếp thu"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "answered")
        response = self.api.post(url, {"answer": "Lần nữa"})
        self.assertEqual(response.status_code, 400)


class ApiSchemaTests(ActivityTestCase):
    def test_answers_conform_to_the_schema(self):
        from treem.core.tests.openapi import schema_errors

        activity = self.activity()
        rec = self.recommendation()
        self.login(self.province_officer)
        for url, path in (
            ("/api/v1/activities/", "/api/v1/activities/"),
            (f"/api/v1/activities/{activity.pk}/", "/api/v1/activities/{id}/"),
            ("/api/v1/forums/", "/api/v1/forums/"),
            (f"/api/v1/forums/{rec.forum_id}/", "/api/v1/forums/{id}/"),
            ("/api/v1/recommendations/", "/api/v1/recommendations/"),
            (f"/api/v1/recommendations/{rec.pk}/", "/api/v1/recommendations/{id}/"),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(schema_errors(response, path), [], url)
