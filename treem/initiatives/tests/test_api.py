"""The API: scoped lists, 404 for what is not visible, filters on ids that
answer the same for a missing id and one out of scope, writes through the
services."""

import datetime

from rest_framework.test import APIClient

from ..models import Initiative
from ..services.records import record_commendation, replicate_initiative
from .base import InitiativeTestCase


class ApiTests(InitiativeTestCase):
    def setUp(self):
        self.api = APIClient()
        self.mine = self.initiative()
        self.theirs = self.initiative(self.ward_b, name="Câu lạc bộ", kind=self.club)
        self.evaluation = self.evaluate(self.theirs)
        self.commendation = record_commendation(
            self.theirs,
            actor=None,
            decision_number="9/QĐ-UBND",
            decided_on=datetime.date(2026, 6, 1),
            issuer="UBND phường Thành Vinh",
            form="giay_khen",
            level="ward",
        )
        self.replication = replicate_initiative(
            self.theirs,
            actor=None,
            ward=self.ward_a,
            started_on=datetime.date(2026, 8, 1),
            lead_agency=self.women_a,
        )

    def as_user(self, user):
        self.api.force_authenticate(user)
        return self.api

    def ids(self, url, **params):
        response = self.api.get(url, params)
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(r["id"] for r in response.json()["results"])

    def test_lists_are_scoped(self):
        self.as_user(self.officer_a)
        replica = self.replication.replica
        self.assertEqual(self.ids("/api/v1/initiatives/"), sorted([self.mine.pk, replica.pk]))
        self.assertEqual(self.api.get(f"/api/v1/initiatives/{self.theirs.pk}/").status_code, 404)
        self.assertEqual(self.ids("/api/v1/initiative-evaluations/"), [])
        self.assertEqual(self.ids("/api/v1/initiative-commendations/"), [])
        # The ward sees the replication into it, not the source model itself.
        self.assertEqual(self.ids("/api/v1/initiative-replications/"), [self.replication.pk])
        self.as_user(self.province_officer)
        self.assertEqual(len(self.ids("/api/v1/initiatives/")), 3)
        self.assertEqual(self.ids("/api/v1/initiative-commendations/"), [self.commendation.pk])
        body = self.api.get(f"/api/v1/initiatives/{replica.pk}/").json()
        self.assertEqual(body["replicated_from"], self.theirs.pk)

    def test_roles_without_plans_get_404(self):
        for user in (self.viewer, self.collaborator_a, self.admin):
            self.as_user(user)
            for url in ("/api/v1/initiatives/", "/api/v1/initiative-commendations/"):
                self.assertEqual(self.api.get(url).status_code, 404, (user, url))

    def test_filters_answer_the_same_for_missing_and_out_of_scope_ids(self):
        self.as_user(self.officer_a)
        missing = 987654
        for name, hidden in (
            ("unit", self.ward_b.pk),
            ("lead_agency", self.women_b.pk),
            ("area", self.ward_b.pk),
        ):
            out_of_scope = self.api.get("/api/v1/initiatives/", {name: hidden})
            absent = self.api.get("/api/v1/initiatives/", {name: missing})
            self.assertEqual(out_of_scope.status_code, absent.status_code, name)
            self.assertEqual(out_of_scope.json(), absent.json(), name)
        for url, name, hidden in (
            ("/api/v1/initiative-evaluations/", "initiative", self.theirs.pk),
            ("/api/v1/initiative-commendations/", "initiative", self.theirs.pk),
        ):
            out_of_scope = self.api.get(url, {name: hidden})
            absent = self.api.get(url, {name: missing})
            self.assertEqual(
                (out_of_scope.status_code, out_of_scope.json()), (absent.status_code, absent.json())
            )
        self.assertEqual(self.ids("/api/v1/initiatives/", kind="trusted_address"), [self.mine.pk])
        self.assertEqual(self.ids("/api/v1/initiatives/", status="ended"), [])

    def body(self, **kw):
        values = {
            "name": "Ngôi nhà an toàn",
            "kind": "safe_house",
            "lead_agency": self.police_a.pk,
            "unit": self.ward_a.pk,
            "areas": [self.group_a.pk],
            "tasks": [self.task.pk],
            "started_on": "2026-02-01",
            "people_reached": 30,
        }
        values.update(kw)
        return values

    def test_officer_creates_a_model_through_the_service(self):
        self.as_user(self.officer_a)
        response = self.api.post("/api/v1/initiatives/", self.body(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        created = Initiative.objects.get(pk=response.json()["id"])
        self.assertEqual(created.next_evaluation_due, datetime.date(2027, 2, 1))
        # Another ward, and its agency, answer as a missing id does.
        for field, hidden, missing in (
            ("unit", self.ward_b.pk, 987654),
            ("lead_agency", self.women_b.pk, 987654),
            ("areas", [self.group_b.pk], [987654]),
        ):
            out = self.api.post("/api/v1/initiatives/", self.body(**{field: hidden}), format="json")
            absent = self.api.post(
                "/api/v1/initiatives/", self.body(**{field: missing}), format="json"
            )
            self.assertEqual(out.status_code, 400, field)
            self.assertEqual(
                out.json()[field][0].replace(str(hidden).strip("[]"), "ID"),
                absent.json()[field][0].replace(str(missing).strip("[]"), "ID"),
            )

    def test_evaluate_through_the_api(self):
        url = f"/api/v1/initiatives/{self.mine.pk}/evaluate/"
        body = {"evaluated_on": "2026-06-01", "evaluator": "Tổ kiểm tra", "rating": "good"}
        self.as_user(self.officer_b)
        self.assertEqual(self.api.post(url, body).status_code, 404)
        self.as_user(self.officer_a)
        response = self.api.post(url, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.next_evaluation_due, datetime.date(2027, 6, 1))
        body["evaluated_on"] = "2999-01-01"
        self.assertEqual(self.api.post(url, body).status_code, 400)


class ApiSchemaTests(InitiativeTestCase):
    def test_answers_conform_to_the_schema(self):
        from treem.core.tests.openapi import schema_errors

        item = self.initiative()
        self.evaluate(item)
        self.login(self.province_officer)
        for url, path in (
            ("/api/v1/initiatives/", "/api/v1/initiatives/"),
            (f"/api/v1/initiatives/{item.pk}/", "/api/v1/initiatives/{id}/"),
            ("/api/v1/initiative-evaluations/", "/api/v1/initiative-evaluations/"),
            ("/api/v1/initiative-commendations/", "/api/v1/initiative-commendations/"),
            ("/api/v1/initiative-replications/", "/api/v1/initiative-replications/"),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(schema_errors(response, path), [], url)
