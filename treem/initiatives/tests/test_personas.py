"""Each persona finds the pages it uses once, every one opens, and the
landing page shows its part: the ward's models due for evaluation, the
province's recent commendations."""

import datetime

from django.urls import reverse
from django.utils import timezone

from treem.core.navigation import items_for

from ..models import CommendationForm, Level
from ..services.records import record_commendation
from .base import InitiativeTestCase


class PersonaTests(InitiativeTestCase):
    def urls(self, user):
        return [item["url"] for item in items_for(user)]

    def test_each_role_finds_the_models_once(self):
        models = reverse("initiatives:list")
        kinds = reverse("initiatives:kind-list")
        for user in (self.officer_a, self.approver_a, self.province_officer, self.reporter_a):
            self.assertEqual(self.urls(user).count(models), 1, user)
            self.assertNotIn(kinds, self.urls(user))
        for user in (self.viewer, self.collaborator_a, self.admin, self.nobody):
            self.assertNotIn(models, self.urls(user), user)
        self.assertIn(kinds, self.urls(self.admin))

    def test_every_page_opens_for_its_role(self):
        item = self.initiative()
        pages = [
            reverse("initiatives:list"),
            reverse("initiatives:new"),
            reverse("initiatives:commendation-list"),
            reverse("initiatives:replication-list"),
            item.get_absolute_url(),
            reverse("initiatives:edit", args=[item.pk]),
            reverse("initiatives:evaluation-new", args=[item.pk]),
            reverse("initiatives:commendation-new", args=[item.pk]),
        ]
        for user in (self.officer_a, self.province_officer):
            self.login(user)
            for url in pages:
                self.assertEqual(self.client.get(url).status_code, 200, (user, url))
        self.login(self.province_officer)
        url = reverse("initiatives:replication-new", args=[item.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.admin)
        for url in (reverse("initiatives:kind-list"), reverse("initiatives:kind-new")):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_ward_officer_sees_models_due_for_evaluation(self):
        today = timezone.localdate()
        due = self.initiative(started_on=today - datetime.timedelta(days=400))
        self.initiative(name="Mới lập", started_on=today - datetime.timedelta(days=10))
        self.login(self.officer_a)
        response = self.client.get("/")
        self.assertContains(response, 'id="due-initiatives"')
        self.assertContains(response, due.get_absolute_url())
        self.assertNotContains(response, "Mới lập")
        self.login(self.officer_b)
        self.assertNotContains(self.client.get("/"), 'id="due-initiatives"')
        # The province's page lists commendations, not every ward's due models.
        self.login(self.province_officer)
        self.assertNotContains(self.client.get("/"), 'id="due-initiatives"')

    def test_province_sees_recent_commendations(self):
        item = self.initiative()
        record_commendation(
            item,
            actor=None,
            decision_number="2315/QĐ-UBND",
            decided_on=timezone.localdate() - datetime.timedelta(days=20),
            issuer="UBND tỉnh Nghệ An",
            form=CommendationForm.CERTIFICATE_OF_MERIT,
            level=Level.PROVINCE,
        )
        self.login(self.province_officer)
        response = self.client.get("/")
        self.assertContains(response, 'id="recent-commendations"')
        self.assertContains(response, "2315/QĐ-UBND")
        self.login(self.officer_a)
        self.assertNotContains(self.client.get("/"), 'id="recent-commendations"')
