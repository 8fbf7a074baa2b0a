"""Fixes from the security review: sensitive reads are logged, the injury
register is sensitive, no payments for future months, local dates, API
filters that do not tell which child ids exist, and the data-subject export
holding this app's records and the facility stays."""

import datetime
from unittest import mock

from django.urls import reverse

from treem.assistance.models import AllowancePayment, Injury
from treem.assistance.services import (
    AssistanceError,
    generate_payments,
    record_injury,
    record_support_item,
)
from treem.assistance.services.allowances import this_month
from treem.audit.models import Action, AuditEvent
from treem.children.jobs_subject import subject_data
from treem.places.services import add_child_in_care
from treem.places.tests.base import new_place

from .base import AssistanceTestCase

JULY = datetime.date(2024, 7, 1)


def injure(child, **extra):
    values = {
        "occurred_on": datetime.date(2024, 1, 5),
        "place_type": "water",
        "cause": "drowning",
        "severity": "severe",
        "outcome": "disability",
        "note": "SECRET-NOTE",
    }
    values.update(extra)
    return record_injury(child, actor=None, **values)


class Reads(AssistanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.decision = cls().decide()
        generate_payments(JULY, actor=None)
        cls.item = record_support_item(
            cls.orphan, actor=None, kind="gift", received_on=datetime.date(2024, 2, 1)
        )
        cls.injury = injure(cls.orphan)

    def events(self):
        return AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE).order_by("pk")

    def read(self, url, **params):
        before = self.events().count()
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return response, list(self.events()[before:])

    def test_the_decision_page_logs_the_child_s_read(self):
        self.login(self.officer_a)
        _r, events = self.read(self.decision.get_absolute_url())
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0].subject_id, str(self.orphan.pk))
        self.assertIn("allowance:no_caregiver", events[0].changes["fields"]["new"])

    def test_list_pages_log_one_event_per_page_with_the_ward(self):
        self.login(self.officer_a)
        for name, params in (
            ("assistance:index", {}),
            ("assistance:payments", {"thang": "07/2024"}),
            ("assistance:support", {}),
            ("assistance:injuries", {}),
        ):
            _r, events = self.read(reverse(name), **params)
            self.assertEqual(len(events), 1, name)
            self.assertEqual(events[0].unit_id, self.ward_a.pk, name)
            self.assertIn(str(self.orphan.pk), events[0].note, name)

    def test_the_suggestion_list_logs_its_read(self):
        self.login(self.officer_b)  # child B is in a group and has no decision
        response, events = self.read(reverse("assistance:suggestions"))
        self.assertContains(response, "Cường")
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0].unit_id, self.ward_b.pk)

    def test_an_empty_page_logs_nothing(self):
        self.login(self.officer_b)
        _r, events = self.read(reverse("assistance:index"))
        self.assertEqual(events, [])

    def test_api_lists_and_details_log(self):
        self.login(self.officer_a)
        payment = AllowancePayment.objects.get(decision=self.decision)
        for url in ("/api/v1/allowances/", "/api/v1/allowance-payments/", "/api/v1/injuries/"):
            _r, events = self.read(url)
            self.assertEqual(len(events), 1, url)
            self.assertEqual(events[0].unit_id, self.ward_a.pk, url)
        for url in (
            f"/api/v1/allowances/{self.decision.pk}/",
            f"/api/v1/allowance-payments/{payment.pk}/",
            f"/api/v1/injuries/{self.injury.pk}/",
        ):
            _r, events = self.read(url)
            self.assertEqual(len(events), 1, url)
            self.assertEqual(events[0].subject_id, str(self.orphan.pk), url)

    def test_the_child_page_reports_the_allowance_it_shows(self):
        self.login(self.officer_a)
        _r, events = self.read(self.orphan.get_absolute_url())
        fields = events[-1].changes["fields"]["new"]
        self.assertIn("allowance:no_caregiver", fields)
        self.assertIn("injury", fields)


class Injuries(AssistanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.injury = injure(cls.orphan)

    def test_a_collaborator_cannot_read_the_register(self):
        self.assertFalse(Injury.objects.visible_to(self.collaborator_a).exists())
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get(reverse("assistance:injuries")).status_code, 404)
        self.assertEqual(self.client.get("/api/v1/injuries/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/injuries/{self.injury.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/"), f'href="{reverse("assistance:injuries")}"')

    def test_a_collaborator_still_records_one_from_the_landing_page(self):
        self.login(self.collaborator_a)
        self.assertContains(self.client.get("/"), reverse("assistance:injury-create"))
        form = self.client.get(reverse("assistance:injury-create"))
        self.assertNotContains(form, f'href="{reverse("assistance:injuries")}"')
        response = self.client.post(
            "/api/v1/injuries/",
            {
                "child": self.orphan.pk,
                "occurred_on": "2025-06-01",
                "place_type": "water",
                "cause": "drowning",
                "severity": "severe",
                "outcome": "recovered",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Injury.objects.filter(child=self.orphan).count(), 2)

    def test_an_officer_still_reads_it(self):
        self.login(self.officer_a)
        self.assertContains(self.client.get(reverse("assistance:injuries")), "Bình")
        self.assertContains(self.client.get("/"), reverse("assistance:injuries"))


class Months(AssistanceTestCase):
    def test_no_payments_for_a_future_month(self):
        self.decide()
        future = (this_month() + datetime.timedelta(days=40)).replace(day=1)
        with self.assertRaisesMessage(AssistanceError, "tháng"):
            generate_payments(future, actor=None)
        self.assertFalse(AllowancePayment.objects.exists())

    def test_the_page_refuses_a_future_month(self):
        self.decide()
        self.login(self.officer_a)
        response = self.client.post(
            reverse("assistance:payments-generate"), {"thang": "12/2030"}, follow=True
        )
        self.assertContains(response, "sau tháng hiện tại")
        self.assertFalse(AllowancePayment.objects.exists())

    def test_this_month_is_the_local_month(self):
        with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 1, 1)):
            self.assertEqual(this_month(), datetime.date(2026, 1, 1))


class Filters(AssistanceTestCase):
    def test_an_out_of_scope_child_answers_as_a_missing_one(self):
        self.decide(self.child_b, number="9/QĐ-UBND")
        generate_payments(JULY, actor=None)
        injure(self.child_b)
        self.login(self.officer_a)
        for url in ("/api/v1/allowances/", "/api/v1/allowance-payments/", "/api/v1/injuries/"):
            other = self.client.get(url, {"child": self.child_b.pk})
            missing = self.client.get(url, {"child": 999999})
            self.assertEqual(other.status_code, missing.status_code, url)
            self.assertEqual(other.json(), missing.json(), url)


class SubjectExport(AssistanceTestCase):
    def test_the_export_holds_assistance_and_facility_stays(self):
        self.decide()
        generate_payments(JULY, actor=None)
        record_support_item(
            self.orphan, actor=None, kind="gift", received_on=datetime.date(2024, 2, 1)
        )
        injure(self.orphan)
        facility = new_place(self.ward_a, code="social_protection", name="Trung tâm CTXH")
        add_child_in_care(facility, self.orphan, actor=None, since=datetime.date(2024, 3, 1))
        data = subject_data(self.orphan, sensitive=True)
        self.assertEqual(len(data["allowance_decisions"]), 1)
        self.assertEqual(data["allowance_decisions"][0]["number"]["value"], "12/QĐ-UBND")
        self.assertEqual(len(data["allowance_payments"]), 1)
        self.assertEqual(len(data["other_support"]), 1)
        self.assertEqual(data["injuries"][0]["note"]["value"], "SECRET-NOTE")
        self.assertEqual(data["facility_stays"][0]["facility"]["value"], "Trung tâm CTXH")
        hidden = subject_data(self.orphan, sensitive=False)
        for key in ("allowance_decisions", "allowance_payments", "other_support", "injuries"):
            self.assertNotIn(key, hidden)
        self.assertEqual(len(hidden["facility_stays"]), 1)
