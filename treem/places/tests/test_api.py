"""/api/v1/places/, /api/v1/facilities/, /api/v1/place-inspections/: scoped
reads (404 outside the area), writes through the services."""

import datetime

from django.utils import timezone

from treem.cases.tests.base import new_child
from treem.core.tests.openapi import schema_errors

from ..models import Inspection, Place
from ..services import add_child_in_care
from .base import PlacesTestCase

TODAY = timezone.localdate()


class PlaceApiTests(PlacesTestCase):
    def test_list_is_scoped(self):
        self.login(self.officer_a)
        names = [p["name"] for p in self.client.get("/api/v1/places/").json()["results"]]
        self.assertEqual(names, ["Sân chơi Khối 1"])
        self.assertEqual(schema_errors(self.client.get("/api/v1/places/"), "/api/v1/places/"), [])
        self.login(self.province_officer)
        self.assertEqual(self.client.get("/api/v1/places/").json()["count"], 2)

    def test_place_of_another_ward_is_404(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(f"/api/v1/places/{self.place_a.pk}/").status_code, 404)
        answer = self.client.patch(
            f"/api/v1/places/{self.place_a.pk}/", {"name": "X"}, content_type="application/json"
        )
        self.assertEqual(answer.status_code, 404)

    def test_a_facility_is_not_a_place(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(f"/api/v1/places/{self.facility_a.pk}/").status_code, 404)
        self.assertEqual(
            self.client.get(f"/api/v1/facilities/{self.facility_a.pk}/").status_code, 200
        )

    def test_officer_creates_and_edits_a_place(self):
        self.login(self.officer_a)
        answer = self.client.post(
            "/api/v1/places/",
            {"type": "play_space", "name": "Sân chơi mới", "unit": self.group_a2.pk},
            content_type="application/json",
        )
        self.assertEqual(answer.status_code, 201, answer.content)
        self.assertEqual(answer.json()["ward"], self.ward_a.pk)
        pk = answer.json()["id"]
        answer = self.client.patch(
            f"/api/v1/places/{pk}/", {"capacity": 40}, content_type="application/json"
        )
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(Place.objects.get(pk=pk).capacity, 40)

    def test_writing_into_another_ward_is_refused(self):
        self.login(self.officer_a)
        answer = self.client.post(
            "/api/v1/places/",
            {"type": "play_space", "name": "Sân chơi B", "unit": self.ward_b.pk},
            content_type="application/json",
        )
        self.assertEqual(answer.status_code, 400)
        self.assertFalse(Place.objects.filter(name="Sân chơi B").exists())

    def test_viewer_cannot_write(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get("/api/v1/places/").status_code, 200)
        answer = self.client.post(
            "/api/v1/places/",
            {"type": "play_space", "name": "X", "unit": self.ward_a.pk},
            content_type="application/json",
        )
        self.assertEqual(answer.status_code, 404)

    def test_collaborator_gets_404(self):
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get("/api/v1/places/").status_code, 404)

    def test_facility_lists_the_children_the_caller_may_see(self):
        child = new_child(self.ward_a)
        add_child_in_care(self.facility_a, child, actor=None, since=datetime.date(2025, 1, 1))
        self.login(self.officer_a)
        answer = self.client.get(f"/api/v1/facilities/{self.facility_a.pk}/")
        self.assertEqual(schema_errors(answer, "/api/v1/facilities/{id}/"), [])
        data = answer.json()
        self.assertEqual(data["children_in_care"], [child.pk])
        self.assertEqual(data["licence_number"], "12/GP")
        self.login(self.viewer)
        data = self.client.get(f"/api/v1/facilities/{self.facility_a.pk}/").json()
        self.assertEqual(data["children_in_care"], [])


class InspectionApiTests(PlacesTestCase):
    def body(self, place):
        return {
            "place": place.pk,
            "inspected_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "inspectors": "Công chức VHXH",
            "result": "attention",
            "answers": {"equipment_sound": "no"},
            "actions": [
                {
                    "description": "Sửa cầu trượt",
                    "owed_by": "Trưởng khối",
                    "due_on": TODAY.isoformat(),
                }
            ],
        }

    def test_officer_records_an_inspection(self):
        self.login(self.officer_a)
        answer = self.client.post(
            "/api/v1/place-inspections/", self.body(self.place_a), content_type="application/json"
        )
        self.assertEqual(answer.status_code, 201, answer.content)
        self.assertEqual(schema_errors(answer, "/api/v1/place-inspections/", "post"), [])
        data = answer.json()
        self.assertEqual(data["checks"], {"equipment_sound": "no"})
        self.assertEqual(data["actions"][0]["owed_by"], "Trưởng khối")
        self.assertEqual(
            self.client.get(f"/api/v1/place-inspections/{data['id']}/").status_code, 200
        )

    def test_inspection_of_another_ward_is_404(self):
        self.login(self.officer_b)
        answer = self.client.post(
            "/api/v1/place-inspections/", self.body(self.place_a), content_type="application/json"
        )
        self.assertEqual(answer.status_code, 404)
        self.assertFalse(Inspection.objects.exists())
        self.login(self.officer_a)
        pk = self.client.post(
            "/api/v1/place-inspections/", self.body(self.place_a), content_type="application/json"
        ).json()["id"]
        self.login(self.officer_b)
        self.assertEqual(self.client.get(f"/api/v1/place-inspections/{pk}/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/place-inspections/").json()["count"], 0)
