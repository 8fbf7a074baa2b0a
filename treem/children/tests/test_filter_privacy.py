"""Filters on sensitive codes (issue 13 §2.2): without the sensitive-data
permission a sensitive risk or group is neither offered nor accepted as a
filter, and the answer does not depend on it; with it, the filter is named in
the list's audit event."""

import datetime

from django.urls import reverse
from rest_framework.test import APIClient

from treem.accounts.permissions import Role
from treem.accounts.services import assign_role
from treem.audit.models import Action, AuditEvent
from treem.children.models import CodeKind
from treem.children.services import add_risk, create_child
from treem.core.testing import make_user

from .base import RegistryTestCase, child_data, code

API = "/api/v1/children/"


class FilterPrivacyTestCase(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.abuse_risk = code(CodeKind.RISK_CATEGORY, "r03")
        assert cls.abuse_risk.sensitive
        add_risk(
            cls.child_a,
            actor=cls.officer_a,
            code=cls.abuse_risk,
            started_on=datetime.date(2024, 2, 1),
        )
        # A second child of the collaborator's group, without the risk.
        cls.child_a3 = create_child(
            actor=cls.officer_a,
            unit=cls.group_a,
            ward=cls.ward_a,
            data=child_data(family="Võ", middle="Văn", given="Tâm", dob=(2017, 6, 6), sex="M"),
        )

    def api_get(self, user, params):
        api = APIClient()
        api.force_authenticate(user)
        return api.get(API, params)

    def ui_get(self, user, params):
        self.login(user)
        return self.client.get(reverse("children:list"), params)

    def ui_ids(self, response):
        return {row["child"].pk for row in response.context["rows"]}

    def filter_events(self, user):
        return [
            e.changes["fields"]["new"]
            for e in AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE, actor=user)
        ]


class CollaboratorFilterTests(FilterPrivacyTestCase):
    def test_list_page_does_not_offer_the_sensitive_risk(self):
        response = self.ui_get(self.collaborator_a, {})
        choices = response.context["filter"].form.fields["risk"].queryset
        self.assertNotIn(self.abuse_risk, choices)
        self.assertNotContains(response, self.abuse_risk.name)

    def test_list_page_refuses_the_sensitive_risk_and_ignores_it(self):
        response = self.ui_get(self.collaborator_a, {"risk": self.abuse_risk.pk})
        self.assertIn("risk", response.context["filter"].form.errors)
        self.assertEqual(self.ui_ids(response), {self.child_a.pk, self.child_a3.pk})

    def test_list_page_answers_a_sensitive_risk_as_a_missing_one(self):
        sensitive = self.ui_get(self.collaborator_a, {"risk": self.abuse_risk.pk})
        missing = self.ui_get(self.collaborator_a, {"risk": 999999})
        self.assertEqual(
            sensitive.context["filter"].form.errors, missing.context["filter"].form.errors
        )
        self.assertEqual(self.ui_ids(sensitive), self.ui_ids(missing))

    def test_api_refuses_the_sensitive_risk_as_it_refuses_a_missing_one(self):
        sensitive = self.api_get(self.collaborator_a, {"risk": self.abuse_risk.pk})
        missing = self.api_get(self.collaborator_a, {"risk": 999999})
        self.assertEqual(sensitive.status_code, 400)
        self.assertEqual(sensitive.json(), missing.json())
        self.assertIn("risk", sensitive.json())

    def test_api_refuses_a_sensitive_circumstance(self):
        response = self.api_get(self.collaborator_a, {"circumstance": self.hiv.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("circumstance", response.json())

    def test_api_without_filter_lists_both_children(self):
        response = self.api_get(self.collaborator_a, {})
        ids = {row["id"] for row in response.json()["results"]}
        self.assertEqual(ids, {self.child_a.pk, self.child_a3.pk})


class PermittedFilterTests(FilterPrivacyTestCase):
    def test_officer_filters_on_the_sensitive_risk_and_the_filter_is_audited(self):
        response = self.ui_get(self.officer_a, {"risk": self.abuse_risk.pk})
        self.assertEqual(self.ui_ids(response), {self.child_a.pk})
        self.assertIn(
            ["filter:risk:r03"],
            [[f for f in e if f.startswith("filter:")] for e in self.filter_events(self.officer_a)],
        )

    def test_approver_filter_on_the_sensitive_risk_is_audited_even_without_rows(self):
        self.ui_get(self.approver_a, {"risk": self.abuse_risk.pk, "q": "nobody"})
        fields = [f for e in self.filter_events(self.approver_a) for f in e]
        self.assertIn("filter:risk:r03", fields)

    def test_api_filter_on_the_sensitive_risk_by_the_officer_is_audited(self):
        response = self.api_get(self.officer_a, {"risk": self.abuse_risk.pk})
        self.assertEqual({row["id"] for row in response.json()["results"]}, {self.child_a.pk})
        fields = [f for e in self.filter_events(self.officer_a) for f in e]
        self.assertIn("filter:risk:r03", fields)

    def test_api_filter_on_the_sensitive_circumstance_by_the_province_is_audited(self):
        response = self.api_get(self.province_officer, {"circumstance": self.hiv.pk})
        self.assertEqual({row["id"] for row in response.json()["results"]}, {self.child_a.pk})
        fields = [f for e in self.filter_events(self.province_officer) for f in e]
        self.assertIn("filter:circumstance:đ", fields)

    def test_officer_of_another_ward_finds_nothing_of_ward_a(self):
        response = self.api_get(self.officer_b, {"risk": self.abuse_risk.pk})
        self.assertEqual(response.json()["results"], [])


class MixedScopeFilterTests(FilterPrivacyTestCase):
    def test_a_sensitive_filter_finds_nothing_where_the_user_lacks_the_permission(self):
        """Officer in ward A, only a collaborator in ward B: the risk filter
        must not tell which children of ward B carry it."""
        add_risk(
            self.child_b,
            actor=self.officer_b,
            code=self.abuse_risk,
            started_on=datetime.date(2024, 3, 1),
        )
        user = make_user("mixed", Role.WARD_OFFICER, self.ward_a)
        assign_role(user, Role.COLLABORATOR, actor=None, unit=self.group_b, check_permission=False)
        response = self.api_get(user, {"risk": self.abuse_risk.pk})
        self.assertEqual({row["id"] for row in response.json()["results"]}, {self.child_a.pk})
        ui = self.ui_get(user, {"risk": self.abuse_risk.pk})
        self.assertEqual(self.ui_ids(ui), {self.child_a.pk})
