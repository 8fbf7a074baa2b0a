"""The cases API answers as its OpenAPI schema says (findings of .ci/fuzz)."""

from treem.core.tests.openapi import schema_errors

from .base import CaseTestCase


class CaseApiSchemaTests(CaseTestCase):
    def test_an_open_case_without_a_closure_outcome_conforms_to_the_schema(self):
        case = self.intake()
        self.login(self.officer_a)
        detail = self.client.get(f"/api/v1/cases/{case.pk}/")
        self.assertEqual(detail.json()["closure_outcome"], "")
        self.assertEqual(schema_errors(detail, "/api/v1/cases/{id}/"), [])
        listed = self.client.get("/api/v1/cases/")
        self.assertEqual(schema_errors(listed, "/api/v1/cases/"), [])
