"""The intake form (Mẫu 01) and the child it is about: the child is picked
from the registry by a search limited to what the reporter may see; the
registry's duplicate guard names no record outside the reporter's area
(issue 13 §2.3, issue 15 point 5)."""

from django.urls import reverse
from django.utils import timezone

from treem.cases.models import Case
from treem.children.services.registry import update_child

from .base import CaseTestCase, new_child


class IntakeFormTestCase(CaseTestCase):
    def post_intake(self, **child):
        data = {
            "channel": "citizen",
            "received_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            "event_ward": self.ward_a.pk,
            "event_place": "Ngõ 3",
            "description": "Trẻ bị đánh",
            "harm_kinds": [self.violence.pk],
            "perpetrator_relation": "parent",
            **child,
        }
        return self.client.post(reverse("cases:intake"), data)

    def new_child_fields(self, **extra):
        return {
            "full_name": "Trần Thị Bình",
            "date_of_birth": "14/03/2016",
            "sex": "F",
            "unit": self.group_a.pk,
            **extra,
        }


class DuplicateIdPrivacyTests(IntakeFormTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        update_child(cls.child_b, actor=None, data={"personal_id": "040316000999"})
        cls.child_b.refresh_from_db()

    def test_an_id_registered_in_another_ward_shows_no_record_number_or_name(self):
        self.login(self.officer_a)
        response = self.post_intake(**self.new_child_fields(personal_id="040316000999"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Case.objects.exists())
        self.assertContains(response, 'id="id-elsewhere"')
        self.assertNotContains(response, f"#{self.child_b.pk}")
        self.assertNotContains(response, f"number {self.child_b.pk} ")
        self.assertNotContains(response, 'name="pick_child"')
        self.assertNotContains(response, reverse("children:detail", args=[self.child_b.pk]))

    def test_a_ward_officer_is_offered_the_transfer_request_with_what_they_typed(self):
        self.login(self.officer_a)
        response = self.post_intake(**self.new_child_fields(personal_id="040316000999"))
        url = response.context["transfer_url"]
        self.assertTrue(url.startswith(reverse("children:transfer-create")))
        self.assertIn("personal_id=040316000999", url)
        self.assertIn(f"unit={self.group_a.pk}", url)
        self.assertContains(response, 'id="transfer-link"')

    def test_a_collaborator_is_not_offered_the_transfer_request(self):
        self.login(self.collaborator_a)
        response = self.post_intake(**self.new_child_fields(personal_id="040316000999"))
        self.assertContains(response, 'id="id-elsewhere"')
        self.assertNotContains(response, 'id="transfer-link"')
        self.assertNotContains(response, f"#{self.child_b.pk}")

    def test_an_id_of_a_visible_child_offers_that_child(self):
        update_child(self.child_a, actor=None, data={"personal_id": "040316000123"})
        self.login(self.officer_a)
        response = self.post_intake(**self.new_child_fields(personal_id="040316000123"))
        self.assertFalse(Case.objects.exists())
        self.assertContains(response, reverse("children:detail", args=[self.child_a.pk]))
        self.assertContains(response, f'name="pick_child" value="{self.child_a.pk}"')


class PickTheChildTests(IntakeFormTestCase):
    def pick(self, q):
        return self.client.get(reverse("cases:pick-child"), {"q": q})

    def test_a_name_typed_without_accents_finds_the_child(self):
        self.login(self.officer_a)
        response = self.pick("nguyen thi anh")
        self.assertContains(response, 'role="listbox"')
        self.assertContains(response, f'data-id="{self.child_a.pk}"')
        self.assertContains(response, "14/03/2016")
        self.assertContains(response, self.group_a.name)

    def test_a_personal_id_finds_the_child(self):
        update_child(self.child_a, actor=None, data={"personal_id": "040316000123"})
        self.login(self.officer_a)
        self.assertContains(self.pick("040316000123"), f'data-id="{self.child_a.pk}"')

    def test_the_results_show_no_sensitive_field_and_no_id(self):
        update_child(self.child_a, actor=None, data={"personal_id": "040316000123"})
        self.login(self.officer_a)
        response = self.pick("anh")
        self.assertNotContains(response, "040316000123")

    def test_children_of_another_ward_are_not_found(self):
        self.login(self.officer_a)
        self.assertNotContains(self.pick("tran thi binh"), f'data-id="{self.child_b.pk}"')

    def test_a_collaborator_finds_only_the_children_they_may_see(self):
        other_group = new_child(self.ward_a, self.group_a2, given="Cúc")
        self.login(self.collaborator_a)
        self.assertContains(self.pick("anh"), f'data-id="{self.child_a.pk}"')
        self.assertNotContains(self.pick("cuc"), f'data-id="{other_group.pk}"')

    def test_an_agency_reporter_who_sees_no_child_registers_one(self):
        self.login(self.reporter_a)
        self.assertNotContains(self.pick("anh"), "data-id=")
        page = self.client.get(reverse("cases:intake"))
        self.assertNotContains(page, 'id="child-search"')
        response = self.post_intake(**self.new_child_fields(full_name="Lê Văn Cường"))
        self.assertRedirects(response, reverse("cases:my-reports"))
        self.assertTrue(Case.objects.filter(child__given_name="Cường").exists())

    def test_the_search_needs_the_right_to_record_reports(self):
        self.login(self.viewer)
        self.assertEqual(self.pick("anh").status_code, 404)

    def test_the_picked_child_is_linked_to_the_report(self):
        self.login(self.officer_a)
        response = self.post_intake(child_id=self.child_a.pk)
        case = Case.objects.get()
        self.assertRedirects(response, case.get_absolute_url())
        self.assertEqual(case.child, self.child_a)

    def test_a_child_out_of_sight_reads_as_missing(self):
        self.login(self.officer_a)
        hidden = self.post_intake(child_id=self.child_b.pk)
        missing = self.post_intake(child_id=999999)
        self.assertFalse(Case.objects.exists())
        self.assertEqual(hidden.context["form"].errors, missing.context["form"].errors)
        self.assertNotContains(hidden, "Bình")

    def test_a_match_of_the_duplicate_warning_is_a_link_and_can_be_picked(self):
        self.login(self.officer_a)
        response = self.post_intake(
            **self.new_child_fields(full_name="Nguyễn Thị Ánh", unit=self.group_a.pk)
        )
        self.assertFalse(Case.objects.exists())
        self.assertContains(
            response, f'href="{reverse("children:detail", args=[self.child_a.pk])}" target="_blank"'
        )
        response = self.post_intake(
            **self.new_child_fields(full_name="Nguyễn Thị Ánh"), pick_child=self.child_a.pk
        )
        case = Case.objects.get()
        self.assertEqual(case.child, self.child_a)
        self.assertEqual(Case.objects.count(), 1)

    def test_the_search_runs_a_constant_number_of_queries(self):
        self.login(self.officer_a)
        self.assert_queries_constant(
            reverse("cases:pick-child") + "?q=nguyen",
            lambda: [new_child(self.ward_a, self.group_a2) for _i in range(3)],
        )
