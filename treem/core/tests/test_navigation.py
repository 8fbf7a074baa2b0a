"""The menu: the administration group only for those who run the system, the
background jobs in every user's own menu, breadcrumbs on the registry pages."""

from django.urls import reverse

from treem.core.navigation import ADMIN
from treem.core.testing import PersonaTestCase


class AdministrationMenuTests(PersonaTestCase):
    def groups(self, user):
        self.login(user)
        return {item["group"] for item in self.client.get("/").context["nav_items"]}

    def test_the_leader_and_the_agency_reporter_see_no_administration_menu(self):
        for user in (self.viewer, self.reporter_a, self.collaborator_a, self.approver_a):
            with self.subTest(user=user.username):
                self.assertNotIn(ADMIN, self.groups(user))

    def test_the_administrator_sees_it(self):
        self.assertIn(ADMIN, self.groups(self.admin))

    def test_the_ward_officer_keeps_areas_agencies_and_staff(self):
        self.login(self.officer_a)
        urls = [i["url"] for i in self.client.get("/").context["nav_items"]]
        for name in ("areas:list", "agencies:list", "accounts:user-list"):
            self.assertIn(reverse(name), urls)

    def test_background_jobs_are_in_every_users_own_menu(self):
        self.login(self.viewer)
        response = self.client.get("/")
        self.assertNotIn(reverse("jobs:list"), [i["url"] for i in response.context["nav_items"]])
        self.assertContains(response, f'class="dropdown-item" href="{reverse("jobs:list")}"')


class ShellTests(PersonaTestCase):
    def test_the_design_system_is_served_from_this_server(self):
        self.login(self.officer_a)
        response = self.client.get("/")
        self.assertContains(response, "/static/bootstrap/css/bootstrap.min.css")
        self.assertContains(response, "/static/bootstrap/js/bootstrap.bundle.min.js")
        self.assertNotContains(response, "cdn")

    def test_the_menu_folds_behind_one_button(self):
        self.login(self.officer_a)
        response = self.client.get("/")
        self.assertContains(response, 'data-bs-target="#mainnav"', count=1)

    def test_a_page_without_breadcrumbs_has_only_the_home_crumb(self):
        self.login(self.officer_a)
        html = self.client.get("/").content.decode()
        crumbs = html.split('class="breadcrumb"')[1].split("</ol>")[0]
        self.assertEqual(crumbs.count("breadcrumb-item"), 1)
