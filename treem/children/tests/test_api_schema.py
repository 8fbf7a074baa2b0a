"""The registry API answers what its schema declares (the fuzzing gate checks
every response against /api/schema/): null where a value may be missing,
and every 400 body documented."""

import datetime

from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from treem.children.api import register
from treem.children.models import CodeKind
from treem.children.services import add_risk

from .base import RegistryTestCase, code

SCHEMA = {}


def openapi():
    """The schema of the registry's endpoints alone, as config/urls.py mounts
    them (the whole API's takes a minute to build)."""
    if not SCHEMA:
        router = DefaultRouter()
        register(router)
        patterns = [path("api/v1/", include(router.urls))]
        SCHEMA.update(SchemaGenerator(patterns=patterns).get_schema(request=None, public=True))
    return SCHEMA


def as_json_schema(node, components):
    """OpenAPI 3.0 to JSON Schema: references inlined, `nullable` as a null type."""
    if isinstance(node, list):
        return [as_json_schema(n, components) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return as_json_schema(components[node["$ref"].rsplit("/", 1)[1]], components)
    out = {k: as_json_schema(v, components) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def response_schema(path, method, status):
    schema = openapi()
    operation = schema["paths"][path][method]
    declared = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    return as_json_schema(declared, schema["components"]["schemas"])


class ResponseSchemaTests(RegistryTestCase):
    def setUp(self):
        self.api = APIClient()

    def check(self, response, path, method):
        schema = response_schema(path, method, response.status_code)
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(response.json())]
        self.assertEqual(errors, [], response.json())

    def test_a_child_without_a_disability_matches_the_schema(self):
        self.api.force_authenticate(self.officer_a)
        response = self.api.get(f"/api/v1/children/{self.child_a2.pk}/")
        self.assertIsNone(response.json()["disability_type"])
        self.check(response, "/api/v1/children/{id}/", "get")

    def test_an_episode_recorded_without_a_user_matches_the_schema(self):
        add_risk(
            self.child_a2,
            actor=None,
            code=code(CodeKind.RISK_CATEGORY, "r01"),
            started_on=datetime.date(2024, 1, 1),
        )
        self.api.force_authenticate(self.officer_a)
        response = self.api.get(f"/api/v1/children/{self.child_a2.pk}/risks/")
        self.assertIsNone(response.json()[0]["recorded_by"])
        self.check(response, "/api/v1/children/{child_pk}/risks/", "get")

    def test_a_registered_id_outside_the_area_is_a_documented_400(self):
        self.api.force_authenticate(self.officer_a)
        response = self.api.post(
            "/api/v1/children/",
            {
                "family_name": "Lê",
                "given_name": "Hòa",
                "date_of_birth": "20/01/2016",
                "sex": "F",
                "unit": self.group_a.pk,
                "personal_id": self.child_b.personal_id,
            },
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.check(response, "/api/v1/children/", "post")

    def test_field_errors_are_a_documented_400(self):
        self.api.force_authenticate(self.officer_a)
        response = self.api.post("/api/v1/children/", {"sex": "X"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.check(response, "/api/v1/children/", "post")

    def test_an_invalid_filter_is_a_documented_400(self):
        self.api.force_authenticate(self.collaborator_a)
        response = self.api.get("/api/v1/children/", {"risk": 999999})
        self.assertEqual(response.status_code, 400)
        self.check(response, "/api/v1/children/", "get")

    def test_a_caregiver_without_a_name_is_a_documented_400(self):
        self.api.force_authenticate(self.officer_a)
        response = self.api.post(
            f"/api/v1/children/{self.child_a2.pk}/caregivers/", {"relation": "me"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.check(response, "/api/v1/children/{child_pk}/caregivers/", "post")

    def test_transfer_answers_match_the_schema(self):
        self.api.force_authenticate(self.officer_a)
        payload = {"personal_id": self.child_b.personal_id, "unit": self.group_a.pk}
        refused = self.api.post("/api/v1/child-transfers/", payload, format="json")
        self.assertEqual(refused.status_code, 400)
        self.check(refused, "/api/v1/child-transfers/", "post")
        created = self.api.post(
            "/api/v1/child-transfers/", {**payload, "reason": "Chuyển đến."}, format="json"
        )
        self.assertEqual(created.status_code, 201)
        self.check(created, "/api/v1/child-transfers/", "post")
