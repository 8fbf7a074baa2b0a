"""Caregiver matching stays inside the caller's scope: an ID number or a
phone and name typed in one ward never links, nor reveals, a caregiver
known only to another ward (issue 13 §2.1)."""

from django.urls import reverse
from rest_framework.test import APIClient

from treem.children.models import Caregiver, ChildCaregiver
from treem.children.services import add_caregiver

from .base import RegistryTestCase

B_MOTHER_ID = "040185001234"
B_MOTHER_PHONE = "0987654321"


class CaregiverScopeTestCase(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.b_mother = add_caregiver(
            cls.child_b,
            actor=cls.officer_b,
            relation=cls.mother,
            full_name="Phạm Thị Thu",
            personal_id=B_MOTHER_ID,
            phone=B_MOTHER_PHONE,
            year_of_birth=1985,
        ).caregiver

    def api_post(self, user, child, **payload):
        api = APIClient()
        api.force_authenticate(user)
        return api.post(
            f"/api/v1/children/{child.pk}/caregivers/",
            {"relation": "me", **payload},
            format="json",
        )

    def ui_post(self, user, child, **payload):
        self.login(user)
        data = {f"cg-{k}": v for k, v in {"relation": self.mother.pk, **payload}.items()}
        return self.client.post(reverse("children:caregiver-add", args=[child.pk]), data)


class ApiCaregiverScopeTests(CaregiverScopeTestCase):
    def test_id_of_another_wards_caregiver_makes_a_new_record_and_reveals_nothing(self):
        response = self.api_post(
            self.officer_a, self.child_a2, given_name="X", personal_id=B_MOTHER_ID
        )
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertNotEqual(body["caregiver"], self.b_mother.pk)
        self.assertNotIn("Thu", body["full_name"])
        self.assertNotEqual(body["phone"], B_MOTHER_PHONE)
        self.assertIsNone(body["year_of_birth"])
        self.assertFalse(self.b_mother.child_links.filter(child=self.child_a2).exists())

    def test_phone_and_name_of_another_wards_caregiver_makes_a_new_record(self):
        response = self.api_post(
            self.officer_a,
            self.child_a2,
            family_name="Phạm",
            middle_name="Thị",
            given_name="Thu",
            phone=B_MOTHER_PHONE,
        )
        self.assertEqual(response.status_code, 201)
        self.assertNotEqual(response.json()["caregiver"], self.b_mother.pk)
        self.assertEqual(Caregiver.objects.filter(phone=B_MOTHER_PHONE).count(), 2)

    def test_the_same_id_inside_the_ward_reuses_the_shared_record(self):
        response = self.api_post(
            self.officer_b, self.child_b, given_name="X", personal_id=B_MOTHER_ID
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["caregiver"], self.b_mother.pk)

    def test_province_officer_matches_across_the_wards_they_see(self):
        response = self.api_post(
            self.province_officer, self.child_a2, given_name="X", personal_id=B_MOTHER_ID
        )
        self.assertEqual(response.json()["caregiver"], self.b_mother.pk)


class UiCaregiverScopeTests(CaregiverScopeTestCase):
    def test_id_of_another_wards_caregiver_is_not_linked_from_the_detail_page(self):
        self.ui_post(
            self.officer_a, self.child_a2, full_name="Nguyễn Thị X", personal_id=B_MOTHER_ID
        )
        link = self.child_a2.caregiver_links.select_related("caregiver").get()
        self.assertNotEqual(link.caregiver_id, self.b_mother.pk)
        self.assertEqual(link.caregiver.full_name, "Nguyễn Thị X")
        page = self.client.get(reverse("children:detail", args=[self.child_a2.pk]))
        self.assertNotContains(page, B_MOTHER_PHONE)
        self.assertNotContains(page, "Phạm Thị Thu")

    def test_phone_and_name_of_another_wards_caregiver_is_not_linked(self):
        self.ui_post(self.officer_a, self.child_a2, full_name="Phạm Thị Thu", phone=B_MOTHER_PHONE)
        link = self.child_a2.caregiver_links.get()
        self.assertNotEqual(link.caregiver_id, self.b_mother.pk)

    def test_phone_and_name_inside_the_ward_reuse_the_siblings_caregiver(self):
        mother_a = self.child_a.caregiver_links.get().caregiver
        self.ui_post(self.officer_a, self.child_a2, full_name="Trần Thị Hoa", phone="0912345678")
        self.assertEqual(self.child_a2.caregiver_links.get().caregiver_id, mother_a.pk)

    def test_registering_a_child_with_another_wards_caregiver_id_makes_a_new_record(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("children:create"),
            {
                "full_name": "Phạm Văn An",
                "date_of_birth": "05/06/2019",
                "sex": "M",
                "birth_registration": "registered",
                "nationality": "Việt Nam",
                "unit": self.group_a.pk,
                "cg1-relation": self.mother.pk,
                "cg1-full_name": "Nguyễn Thị X",
                "cg1-personal_id": B_MOTHER_ID,
                "cg1-lives_with": "on",
                "cg2-full_name": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        link = ChildCaregiver.objects.select_related("caregiver").get(child__given_name="An")
        self.assertNotEqual(link.caregiver_id, self.b_mother.pk)
        self.assertEqual(link.caregiver.full_name, "Nguyễn Thị X")
