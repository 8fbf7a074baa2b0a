"""The API: scoped like the pages (404 outside the caller's reach), writing
through the services, answering as its schema says."""

import datetime

from treem.assistance.services import generate_payments
from treem.core.tests.openapi import schema_errors

from .base import AssistanceTestCase


class ApiTests(AssistanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        maker = cls()
        cls.decision_a = maker.decide()
        cls.decision_b = maker.decide(cls.child_b, number="9/QĐ-UBND")
        generate_payments(datetime.date(2024, 7, 1), actor=None)

    def test_an_officer_lists_their_ward_only(self):
        self.login(self.officer_a)
        response = self.client.get("/api/v1/allowances/")
        self.assertEqual([r["id"] for r in response.json()["results"]], [self.decision_a.pk])
        self.assertEqual(schema_errors(response, "/api/v1/allowances/"), [])
        payments = self.client.get("/api/v1/allowance-payments/", {"month": "2024-07-01"})
        self.assertEqual([r["amount"] for r in payments.json()["results"]], [1250000])
        self.assertEqual(schema_errors(payments, "/api/v1/allowance-payments/"), [])

    def test_another_ward_s_objects_are_404(self):
        self.login(self.officer_a)
        self.assertEqual(
            self.client.get(f"/api/v1/allowances/{self.decision_b.pk}/").status_code, 404
        )
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get("/api/v1/allowances/").status_code, 404)
        self.login(self.viewer)
        self.assertEqual(self.client.get("/api/v1/injuries/").status_code, 404)

    def test_creating_a_decision_and_an_injury(self):
        self.login(self.officer_b)
        response = self.client.post(
            "/api/v1/injuries/",
            {
                "child": self.child_b.pk,
                "occurred_on": "2025-06-01",
                "place_type": "water",
                "cause": "drowning",
                "severity": "severe",
                "outcome": "death",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(schema_errors(response, "/api/v1/injuries/", method="post"), [])
        refused = self.client.post(
            "/api/v1/injuries/",
            {
                "child": self.orphan.pk,
                "occurred_on": "2025-06-01",
                "place_type": "water",
                "cause": "drowning",
                "severity": "severe",
                "outcome": "death",
            },
            content_type="application/json",
        )
        self.assertEqual(refused.status_code, 400)
        overlapping = self.client.post(
            "/api/v1/allowances/",
            {
                "child": self.child_b.pk,
                "group": "no_caregiver",
                "number": "10/QĐ-UBND",
                "decided_on": "2025-01-01",
                "signer": "Chủ tịch",
                "starts_on": "2025-01-01",
            },
            content_type="application/json",
        )
        self.assertEqual(overlapping.status_code, 400)
