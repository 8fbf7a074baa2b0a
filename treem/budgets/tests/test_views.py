"""The pages as each persona uses them: the agency's reporter records its
line, the ward's officers see their ward's, the province all; other roles
and other wards get 404, as for a missing line."""

import datetime
from unittest import mock

from django.urls import reverse

from treem.core.navigation import items_for
from treem.plans.tests.helpers import Q3

from ..models import BudgetLine
from .base import YEAR, BudgetTestCase


class PageTests(BudgetTestCase):
    def test_the_reporter_enters_allocated_mobilised_and_spent(self):
        self.login(self.reporter_a)
        response = self.client.post(
            reverse("budgets:line-new"),
            {"task": self.police_task.pk, "agency": self.police_a.pk, "year": YEAR},
        )
        line = BudgetLine.objects.get()
        self.assertRedirects(response, line.get_absolute_url())
        url = line.get_absolute_url()
        self.client.post(
            f"{url}cap/", {"cap-amount": "30000000", "cap-source": "Quyết định số 9/QĐ-UBND"}
        )
        self.client.post(
            f"{url}huy-dong/",
            {
                "hd-donor": "Quỹ Bảo trợ trẻ em",
                "hd-form": "in_kind",
                "hd-amount": "4000000",
                "hd-received_on": f"{YEAR}-06-01",
            },
        )
        activity = self.activity(day=datetime.date(YEAR, 8, 10))
        page = self.client.get(f"{url}?hoat-dong={activity.pk}")
        self.assertContains(page, 'value="1500000"')  # the activity's cost, offered
        self.client.post(
            f"{url}chi/",
            {
                "chi-amount": "1500000",
                "chi-spent_on": f"{YEAR}-08-10",
                "chi-purpose": "Tuyên truyền",
                "chi-activity": activity.pk,
            },
        )
        page = self.client.get(url)
        self.assertContains(page, "30.000.000 đ")
        self.assertContains(page, "4.000.000 đ")
        self.assertContains(page, "1.500.000 đ")
        self.assertContains(page, "32.500.000 đ")  # remaining
        year = self.client.get(reverse("budgets:year") + f"?nam={YEAR}")
        self.assertContains(year, "30.000.000")
        self.assertContains(year, "4,4%")

    def test_bad_input_keeps_what_was_typed_with_a_vietnamese_message(self):
        line = self.line()
        self.login(self.reporter_a)
        response = self.client.post(
            f"{line.get_absolute_url()}chi/",
            {"chi-amount": "5000", "chi-spent_on": f"{YEAR + 1}-01-05", "chi-purpose": "Hội nghị"},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Hội nghị", status_code=400)
        self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(line.spending.exists())

    def test_other_wards_and_roles_get_404(self):
        line = self.funded_line()
        theirs = self.funded_line(self.police_b)
        for user in (self.officer_b, self.viewer, self.collaborator_a, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get(line.get_absolute_url()).status_code, 404, user)
            response = self.client.post(
                f"{line.get_absolute_url()}cap/", {"cap-amount": "1", "cap-source": "x"}
            )
            self.assertEqual(response.status_code, 404, user)
            entry = line.allocations.get()
            remove = reverse("budgets:entry-remove", args=["cap", entry.pk])
            self.assertEqual(self.client.post(remove).status_code, 404)
        for user in (self.viewer, self.collaborator_a, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get(reverse("budgets:year")).status_code, 404)
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 404)
        year = self.client.get(reverse("budgets:year") + f"?nam={YEAR}")
        self.assertContains(year, self.police_a.name)
        self.assertNotContains(year, self.police_b.name)
        for user in (self.officer_a, self.approver_a, self.province_officer):
            self.login(user)
            self.assertEqual(self.client.get(line.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 200)

    def test_the_year_page_runs_a_constant_number_of_queries(self):
        self.funded_line(spent=1_000_000)
        self.login(self.province_officer)
        url = reverse("budgets:year") + f"?nam={YEAR}"
        # The first request after signing in does the session's one-off work.
        self.client.get(url)
        self.assert_queries_constant(
            url,
            lambda: self.funded_line(self.police_b, spent=2_000_000),
        )

    def test_each_role_finds_the_budget_page_once(self):
        url = reverse("budgets:year")
        for user in (self.reporter_a, self.officer_a, self.province_officer):
            self.assertEqual([i["url"] for i in items_for(user)].count(url), 1)
        for user in (self.viewer, self.collaborator_a, self.admin):
            self.assertNotIn(url, [i["url"] for i in items_for(user)])


class LandingAndMatrixTests(BudgetTestCase):
    def test_the_reporter_sees_its_lines_and_the_province_the_totals(self):
        today = datetime.date(YEAR, 11, 28)
        self.funded_line(spent=7_000_000)
        self.funded_line(self.police_b, allocated=10_000_000, mobilised=0)
        with mock.patch("treem.budgets.landing.today", return_value=today):
            self.login(self.reporter_a)
            page = self.client.get("/")
            self.assertContains(page, 'id="own-budget-lines"')
            self.assertContains(page, "7.000.000 đ")
            self.assertContains(page, "20.000.000 đ")
            self.login(self.province_officer)
            page = self.client.get("/")
            self.assertContains(page, "30.000.000 đ")  # both wards allocated
            self.assertNotContains(page, 'id="own-budget-lines"')
            self.login(self.viewer)
            self.assertNotContains(self.client.get("/"), 'id="budget-landing"')

    def test_the_plan_matrix_shows_spent_against_allocated_per_task(self):
        self.make_report(self.police_a, Q3)
        self.make_report(self.police_b, Q3)
        self.funded_line(spent=5_000_000)
        self.funded_line(self.police_b, allocated=10_000_000, mobilised=0, spent=1_000_000)
        url = reverse("plans:plan-matrix", args=[self.plan.pk]) + f"?quy={YEAR}-q3"
        self.login(self.province_officer)
        page = self.client.get(url)
        self.assertContains(page, 'id="matrix-budget"')
        self.assertContains(page, '<span class="budget-spent">6.000.000</span>')
        self.assertContains(page, '<span class="budget-allocated">30.000.000</span>')
        self.login(self.officer_b)
        page = self.client.get(url)
        self.assertContains(page, '<span class="budget-spent">1.000.000</span>')
        self.assertContains(page, '<span class="budget-allocated">10.000.000</span>')
        self.login(self.viewer)
        self.assertNotContains(self.client.get(url), 'id="matrix-budget"')
