from django.urls import reverse

from treem.core.navigation import items_for

from .base import ActivityTestCase


class MenuTests(ActivityTestCase):
    def urls(self, user):
        return [item["url"] for item in items_for(user)]

    def test_each_role_finds_its_pages_once(self):
        activities = reverse("activities:list")
        forums = reverse("activities:forum-list")
        recommendations = reverse("activities:recommendation-list")
        reporter = self.urls(self.reporter_a)
        self.assertEqual(reporter.count(activities), 1)
        self.assertIn(recommendations, reporter)
        self.assertNotIn(forums, reporter)
        for user in (self.officer_a, self.approver_a, self.province_officer):
            urls = self.urls(user)
            self.assertEqual(urls.count(activities), 1)
            self.assertIn(forums, urls)
        for user in (self.viewer, self.collaborator_a, self.admin):
            urls = self.urls(user)
            self.assertNotIn(activities, urls)
            self.assertNotIn(forums, urls)
            self.assertNotIn(recommendations, urls)

    def test_every_menu_page_opens_for_its_role(self):
        for user in (self.reporter_a, self.officer_a, self.province_officer):
            self.login(user)
            for url in self.urls(user):
                if url.startswith("/hoat-dong/"):
                    self.assertEqual(self.client.get(url).status_code, 200, (user, url))
