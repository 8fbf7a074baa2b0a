import datetime

from rest_framework.test import APIClient

from ..models import BudgetLine
from .base import YEAR, BudgetTestCase


class ApiTests(BudgetTestCase):
    def setUp(self):
        self.api = APIClient()
        self.mine = self.funded_line(spent=2_000_000)
        self.theirs = self.funded_line(self.police_b)

    def as_user(self, user):
        self.api.force_authenticate(user)
        return self.api

    def ids(self, url):
        response = self.api.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return [r["id"] for r in response.json()["results"]]

    def test_lines_are_scoped_with_their_totals(self):
        self.as_user(self.reporter_a)
        response = self.api.get("/api/v1/budgets/")
        [row] = response.json()["results"]
        self.assertEqual(row["id"], self.mine.pk)
        self.assertEqual(row["totals"]["allocated"], "20000000")
        self.assertEqual(row["totals"]["remaining"], "23000000")
        self.assertEqual(self.api.get(f"/api/v1/budgets/{self.theirs.pk}/").status_code, 404)
        self.as_user(self.province_officer)
        self.assertEqual(len(self.ids("/api/v1/budgets/")), 2)
        for user in (self.viewer, self.collaborator_a):
            self.assertEqual(self.as_user(user).get("/api/v1/budgets/").status_code, 404)

    def test_filters_leak_nothing(self):
        self.as_user(self.reporter_a)
        self.assertEqual(self.ids(f"/api/v1/budgets/?agency={self.police_a.pk}"), [self.mine.pk])
        # An agency out of scope and one that does not exist answer alike.
        self.assertEqual(self.ids(f"/api/v1/budgets/?agency={self.police_b.pk}"), [])
        self.assertEqual(self.ids("/api/v1/budgets/?agency=999999"), [])
        self.assertEqual(self.ids("/api/v1/budgets/?task=999999"), [])
        self.assertEqual(self.ids(f"/api/v1/budgets/?year={YEAR + 1}"), [])

    def test_entries_go_through_the_services(self):
        self.as_user(self.reporter_a)
        base = f"/api/v1/budgets/{self.mine.pk}"
        response = self.api.post(
            f"{base}/allocations/", {"amount": "1000000", "source": "QĐ 7/QĐ-UBND"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        activity = self.activity(day=datetime.date(YEAR, 8, 10))
        body = {"amount": "1500000", "spent_on": f"{YEAR}-08-10", "purpose": "x"}
        response = self.api.post(
            f"{base}/spending/", {**body, "activity": activity.pk}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        again = self.api.post(f"{base}/spending/", {**body, "activity": activity.pk}, format="json")
        self.assertEqual(again.status_code, 400)
        # Another agency's activity and a missing one: the same refusal.
        theirs = self.activity(self.police_b, day=datetime.date(YEAR, 8, 11))
        answers = [
            self.api.post(f"{base}/spending/", {**body, "activity": pk}, format="json").json()
            for pk in (theirs.pk, 999999)
        ]
        self.assertEqual(answers[0], answers[1])
        response = self.api.post(
            f"/api/v1/budgets/{self.theirs.pk}/mobilisations/",
            {"amount": "1", "donor": "x", "received_on": f"{YEAR}-01-01"},
            format="json",
        )
        self.assertEqual(response.status_code, 404)

    def test_a_line_is_opened_only_for_an_agency_in_scope(self):
        self.as_user(self.reporter_a)
        other_task = self.plan.tasks.exclude(pk=self.police_task.pk).first()
        body = {"task": other_task.pk, "agency": self.police_a.pk, "year": YEAR}
        self.assertEqual(self.api.post("/api/v1/budgets/", body, format="json").status_code, 201)
        for agency in (self.police_b.pk, 999999):
            body["agency"] = agency
            response = self.api.post("/api/v1/budgets/", body, format="json")
            self.assertEqual(response.status_code, 404)
        self.assertEqual(BudgetLine.objects.count(), 3)

    def test_answers_conform_to_the_schema(self):
        from treem.core.tests.openapi import schema_errors

        self.login(self.province_officer)
        for url, path in (
            ("/api/v1/budgets/", "/api/v1/budgets/"),
            (f"/api/v1/budgets/{self.mine.pk}/", "/api/v1/budgets/{id}/"),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(schema_errors(response, path), [], url)
