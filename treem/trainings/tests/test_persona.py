"""Each persona against each page of the app: who gets in, who gets 404."""

from django.urls import reverse

from .base import TrainingTestCase


class PersonaTests(TrainingTestCase):
    def test_who_reaches_which_page(self):
        course = self.course()
        pages = {
            "list": reverse("trainings:list"),
            "detail": reverse("trainings:detail", args=[course.pk]),
            "new": reverse("trainings:new"),
            "gaps": reverse("trainings:gaps"),
            "coverage": reverse("trainings:coverage"),
            "reference": reverse("trainings:reference"),
        }
        expected = {
            "officer_a": {"list", "detail", "new", "gaps", "coverage"},
            "approver_a": {"list", "detail", "new", "gaps", "coverage"},
            "province_officer": {"list", "detail", "new", "gaps", "coverage"},
            "officer_b": {"list", "new", "gaps", "coverage"},
            # A provider agency's reporter sees the list and records its courses.
            "reporter_a": {"list", "new"},
            "admin": {"reference"},
            "collaborator_a": set(),
            "viewer": set(),
            "nobody": set(),
        }
        for persona, allowed in expected.items():
            self.login(getattr(self, persona))
            for name, url in pages.items():
                with self.subTest(persona=persona, page=name):
                    status = self.client.get(url).status_code
                    self.assertEqual(status, 200 if name in allowed else 404)

    def test_menu_shows_training_to_the_officer_and_requirements_to_the_admin(self):
        self.login(self.officer_a)
        home = self.client.get("/")
        self.assertContains(home, reverse("trainings:list"))
        self.assertNotContains(home, reverse("trainings:reference"))
        self.login(self.admin)
        home = self.client.get("/")
        self.assertContains(home, reverse("trainings:reference"))
        self.assertContains(home, reverse("activities:kinds"))
