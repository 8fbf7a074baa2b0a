"""The pages: reachable for the roles that use them, scoped (another ward's
objects are 404, as missing), and the child's record shows the support."""

import datetime

from django.urls import reverse

from treem.assistance.models import AllowancePayment, Injury, SafetyClass
from treem.assistance.services import generate_payments, record_injury

from .base import AssistanceTestCase

JULY = datetime.date(2024, 7, 1)


class PageAccessTests(AssistanceTestCase):
    PAGES = (
        "assistance:index",
        "assistance:payments",
        "assistance:suggestions",
        "assistance:support",
        "assistance:injuries",
        "assistance:classes",
        "assistance:import",
        "assistance:decision-create",
        "assistance:support-create",
        "assistance:injury-create",
        "assistance:class-create",
    )

    def test_ward_and_province_officers_open_every_page(self):
        for user in (self.officer_a, self.province_officer):
            self.login(user)
            for name in self.PAGES:
                self.assertEqual(self.client.get(reverse(name)).status_code, 200, (user, name))

    def test_a_viewer_and_an_agency_reporter_get_404(self):
        for user in (self.viewer, self.reporter_a, self.nobody):
            self.login(user)
            for name in self.PAGES:
                self.assertEqual(self.client.get(reverse(name)).status_code, 404, (user, name))

    def test_a_collaborator_records_injuries_but_sees_no_allowances(self):
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get(reverse("assistance:injury-create")).status_code, 200)
        self.assertEqual(self.client.get(reverse("assistance:index")).status_code, 404)

    def test_the_menu_offers_the_pages_to_the_officer(self):
        self.login(self.officer_a)
        response = self.client.get("/")
        self.assertContains(response, reverse("assistance:index"))
        self.assertContains(response, reverse("assistance:injuries"))


class ScopeTests(AssistanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.decision_b = cls().decide(cls.child_b, number="9/QĐ-UBND")

    def test_a_decision_of_another_ward_is_404(self):
        self.login(self.officer_a)
        url = reverse("assistance:decision", args=[self.decision_b.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(url + "tam-dung/").status_code, 404)
        self.login(self.officer_b)
        self.assertContains(self.client.get(url), "9/QĐ-UBND")

    def test_the_lists_show_only_the_own_ward(self):
        generate_payments(JULY, actor=None)
        self.login(self.officer_a)
        self.assertNotContains(self.client.get(reverse("assistance:index")), "9/QĐ-UBND")
        page = self.client.get(reverse("assistance:payments") + "?thang=07/2024")
        self.assertNotContains(page, "Cường")
        self.assertContains(page, "0 ")

    def test_suggestions_list_children_without_a_decision_in_their_ward(self):
        self.login(self.officer_a)
        response = self.client.get(reverse("assistance:suggestions"))
        self.assertContains(response, self.orphan.full_name)
        self.assertNotContains(response, "Cường")
        self.decide()
        self.assertNotContains(self.client.get(reverse("assistance:suggestions")), "Bình")

    def test_a_child_of_another_ward_cannot_be_picked_in_a_form(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("assistance:injury-create"),
            {
                "child_number": self.child_b.pk,
                "occurred_on": "01/06/2025",
                "place_type": "water",
                "cause": "drowning",
                "severity": "severe",
                "outcome": "recovered",
            },
        )
        self.assertContains(response, "Không có trẻ em nào mang số này")
        self.assertFalse(Injury.objects.exists())


class WriteTests(AssistanceTestCase):
    def test_an_officer_records_a_decision_and_generates_a_month(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("assistance:decision-create"),
            {
                "child_number": self.orphan.pk,
                "group": "no_caregiver",
                "number": "15/QĐ-UBND",
                "decided_on": "20/06/2024",
                "signer": "Chủ tịch UBND phường",
                "starts_on": "01/07/2024",
            },
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(reverse("assistance:payments-generate"), {"thang": "07/2024"})
        self.assertEqual(response.status_code, 302)
        payment = AllowancePayment.objects.get()
        self.assertEqual(payment.amount, 1250000)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Bình")

    def test_the_child_record_shows_payments_and_injuries(self):
        self.decide()
        generate_payments(JULY, actor=None)
        record_injury(
            self.orphan,
            actor=None,
            occurred_on=datetime.date(2025, 5, 1),
            place_type="water",
            cause="drowning",
            severity="severe",
            outcome="recovered",
        )
        self.login(self.officer_a)
        response = self.client.get(self.orphan.get_absolute_url())
        self.assertContains(response, 'id="assistance-support"')
        self.assertContains(response, "07/2024")
        self.assertContains(response, "12/QĐ-UBND")

    def test_an_officer_records_a_class(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("assistance:class-create"),
            {
                "unit": self.group_a.pk,
                "kind": "swimming",
                "organiser": "Đoàn thanh niên",
                "starts_on": "01/06/2025",
                "ends_on": "20/06/2025",
                "girls_0_5": 0,
                "boys_0_5": 0,
                "girls_6_10": 12,
                "boys_6_10": 10,
                "girls_11_15": 3,
                "boys_11_15": 4,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SafetyClass.objects.get().taught, 29)
        self.login(self.officer_b)
        self.assertNotContains(self.client.get(reverse("assistance:classes")), "Đoàn thanh niên")


class QueryCountTests(AssistanceTestCase):
    def test_the_lists_cost_the_same_queries_for_more_rows(self):
        self.decide()
        generate_payments(JULY, actor=None)
        self.login(self.officer_a)

        def add_rows():
            from .base import new_child

            for n in range(3):
                child = new_child(self.ward_a, self.group_a, given=f"Em{n}")
                self.decide(child, number=f"{n}/QĐ")
                record_injury(
                    child,
                    actor=None,
                    occurred_on=datetime.date(2025, 1, 1),
                    place_type="home",
                    cause="fall",
                    severity="minor",
                    outcome="recovered",
                )
            generate_payments(JULY, actor=None)

        self.assert_queries_constant(reverse("assistance:payments") + "?thang=07/2024", add_rows)
        self.assert_queries_constant(reverse("assistance:index"), lambda: None)
        self.assert_queries_constant(reverse("assistance:injuries"), lambda: None)
