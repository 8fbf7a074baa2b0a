"""Defects the crawl (test_crawl.py) found, each pinned by a focused test."""

from django.urls import reverse

from treem.core.testing import PersonaTestCase


class LandingLinksTests(PersonaTestCase):
    def test_approver_landing_offers_no_registration_it_cannot_open(self):
        # The ward approver reads the registry but does not edit it: the
        # "Register a child" button led to a 404.
        page = self.login(self.approver_a).get("/")

        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("children:create"))
        self.assertEqual(self.client.get(reverse("children:create")).status_code, 404)

    def test_officer_landing_offers_registration(self):
        page = self.login(self.officer_a).get("/")

        self.assertContains(page, reverse("children:create"))
