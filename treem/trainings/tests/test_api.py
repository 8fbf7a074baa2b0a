from django.urls import reverse
from rest_framework.test import APIClient

from .base import TrainingTestCase

URL = "/api/v1/trainings/"


class ApiTests(TrainingTestCase):
    def setUp(self):
        self.api = APIClient()

    def test_list_is_scoped_and_other_wards_are_404(self):
        mine = self.course()
        other = self.course(self.ward_b)
        self.passed(mine, self.collaborator_a)
        self.api.force_authenticate(self.officer_a)
        data = self.api.get(URL).json()
        self.assertEqual([c["id"] for c in data["results"]], [mine.pk])
        self.assertEqual(data["results"][0]["participants"][0]["user"], self.collaborator_a.pk)
        self.assertEqual(self.api.get(f"{URL}{other.pk}/").status_code, 404)
        self.assertEqual(self.api.get(f"{URL}999999/").status_code, 404)

    def test_viewer_and_collaborator_get_404(self):
        for user in (self.viewer, self.collaborator_a):
            self.api.force_authenticate(user)
            self.assertEqual(self.api.get(URL).status_code, 404)

    def test_filters_answer_alike_for_out_of_scope_and_missing_ids(self):
        self.course()
        self.course(self.ward_b)
        self.api.force_authenticate(self.officer_a)
        other = self.api.get(URL, {"unit": self.ward_b.pk}).json()
        missing = self.api.get(URL, {"unit": 999999}).json()
        self.assertEqual(other, missing)
        self.assertEqual(other["count"], 0)
        self.assertEqual(self.api.get(URL, {"year": "20x6"}).status_code, 400)
        self.assertEqual(self.api.get(URL, {"topic": "child_protection_basics"}).json()["count"], 1)

    def test_create_through_the_service_and_refuse_other_wards_like_missing(self):
        self.api.force_authenticate(self.officer_a)
        body = {
            "topic": "child_protection_basics",
            "title": "Tập huấn qua API",
            "hours": "4.0",
            "unit": self.ward_a.pk,
            "provider_name": "UBND phường",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-01",
        }
        response = self.api.post(URL, body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        other = self.api.post(URL, {**body, "unit": self.ward_b.pk}, format="json")
        missing = self.api.post(URL, {**body, "unit": 999999}, format="json")
        self.assertEqual(other.status_code, 400)
        self.assertEqual(missing.status_code, 400)
        self.assertEqual(
            other.json()["unit"][0].replace(str(self.ward_b.pk), "N"),
            missing.json()["unit"][0].replace("999999", "N"),
        )
        bad = self.api.post(URL, {**body, "provider_name": ""}, format="json")
        self.assertEqual(bad.status_code, 400)

    def test_schema_lists_the_endpoint(self):
        self.api.force_authenticate(self.officer_a)
        self.assertContains(self.api.get(reverse("api-schema")), "/api/v1/trainings/")
