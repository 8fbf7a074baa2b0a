"""The register's pages as each persona sees them: scoped lists, 404 outside
the area, the forms, the landing page's overdue actions, the map with and
without a tile server."""

import datetime

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from treem.cases.tests.base import new_child

from ..models import FacilityChild, Inspection, Place
from ..services import record_inspection
from .base import PlacesTestCase

TODAY = timezone.localdate()


class ListAndDetailTests(PlacesTestCase):
    def test_officer_sees_only_their_ward(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("places:list"))
        self.assertContains(page, "Sân chơi Khối 1")
        self.assertNotContains(page, "Sân chơi Thành Vinh")
        # The facility is on the facilities' list, not on the places'.
        self.assertNotContains(page, "Trung tâm Công tác xã hội")
        self.assertContains(self.client.get(reverse("places:facilities")), "Trung tâm Công tác")

    def test_province_officer_sees_every_ward(self):
        self.login(self.province_officer)
        page = self.client.get(reverse("places:list"))
        self.assertContains(page, "Sân chơi Khối 1")
        self.assertContains(page, "Sân chơi Thành Vinh")

    def test_place_of_another_ward_is_404(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(self.place_a.get_absolute_url()).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("places:edit", args=[self.place_a.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("places:inspect", args=[self.place_a.pk])).status_code, 404
        )

    def test_collaborator_has_no_register(self):
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get(reverse("places:list")).status_code, 404)

    def test_viewer_reads_but_cannot_edit(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.place_a.get_absolute_url()).status_code, 200)
        self.assertEqual(
            self.client.get(reverse("places:edit", args=[self.place_a.pk])).status_code, 404
        )
        self.assertEqual(self.client.get(reverse("places:create")).status_code, 404)

    def test_list_queries_do_not_grow_with_the_rows(self):
        from .base import new_place

        self.login(self.officer_a)
        self.assert_queries_constant(
            reverse("places:list"),
            lambda: [new_place(self.ward_a, name=f"Sân {n}") for n in range(3)],
        )


class FormTests(PlacesTestCase):
    def test_officer_adds_a_place(self):
        self.login(self.officer_a)
        answer = self.client.post(
            reverse("places:create") + "?loai=venue",
            {
                "type": self.place_a.type_id,
                "name": "Sân chơi Khối 2",
                "unit": self.group_a2.pk,
                "latitude": "18.68",
                "longitude": "105.69",
                "opened_on": "01/06/2025",
            },
        )
        place = Place.objects.get(name="Sân chơi Khối 2")
        self.assertRedirects(answer, place.get_absolute_url())
        self.assertEqual(place.ward, self.ward_a)
        self.assertEqual(place.opened_on, datetime.date(2025, 6, 1))

    def test_a_unit_of_another_ward_is_not_offered(self):
        self.login(self.officer_a)
        answer = self.client.post(
            reverse("places:create"),
            {"type": self.place_a.type_id, "name": "Sân chơi X", "unit": self.group_b.pk},
        )
        self.assertEqual(answer.status_code, 200)
        self.assertFalse(Place.objects.filter(name="Sân chơi X").exists())

    def test_service_errors_show_beside_the_fields(self):
        self.login(self.officer_a)
        answer = self.client.post(
            reverse("places:edit", args=[self.place_a.pk]),
            {
                "type": self.place_a.type_id,
                "name": "Sân chơi Khối 1",
                "unit": self.group_a.pk,
                "latitude": "18.68",
            },
        )
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(answer.context["form"].errors["latitude"])

    def test_officer_records_an_inspection_with_an_action(self):
        self.login(self.officer_a)
        answer = self.client.post(
            reverse("places:inspect", args=[self.place_a.pk]),
            {
                "inspected_on": (TODAY - datetime.timedelta(days=10)).strftime("%d/%m/%Y"),
                "inspectors": "Công chức VHXH",
                "result": "attention",
                "item_equipment_sound": "no",
                "item_surface": "yes",
                "action_1_description": "Thay xích đu",
                "action_1_owed_by": "Trưởng khối",
                "action_1_due_on": (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            },
        )
        inspection = Inspection.objects.get(place=self.place_a)
        self.assertRedirects(answer, inspection.get_absolute_url())
        self.assertEqual(inspection.actions.get().owed_by, "Trưởng khối")
        # The overdue action is on the officer's landing page, not on ward B's.
        self.assertContains(self.client.get("/"), "Thay xích đu")
        self.login(self.officer_b)
        self.assertNotContains(self.client.get("/"), "Thay xích đu")
        self.assertEqual(self.client.get(inspection.get_absolute_url()).status_code, 404)

    def test_marking_an_action_done(self):
        inspection = record_inspection(
            self.place_a,
            actor=None,
            inspected_on=TODAY,
            inspectors="X",
            result="attention",
            actions=[{"description": "Sửa", "owed_by": "Khối", "due_on": TODAY}],
        )
        action = inspection.actions.get()
        self.login(self.officer_b)
        url = reverse("places:action-done", args=[action.pk])
        self.assertEqual(
            self.client.post(url, {"done_on": TODAY.strftime("%d/%m/%Y")}).status_code, 404
        )
        self.login(self.officer_a)
        self.client.post(url, {"done_on": TODAY.strftime("%d/%m/%Y")})
        action.refresh_from_db()
        self.assertEqual(action.done_on, TODAY)

    def test_children_in_care_are_listed_for_the_ward(self):
        child = new_child(self.ward_a)
        self.login(self.officer_a)
        self.client.post(
            reverse("places:child-add", args=[self.facility_a.pk]),
            {"number": child.pk, "since": "01/01/2025"},
        )
        self.assertTrue(FacilityChild.objects.filter(child=child).exists())
        self.assertContains(self.client.get(self.facility_a.get_absolute_url()), child.given_name)
        # A leader reads the facility but not the children in its care.
        self.login(self.viewer)
        self.assertNotContains(
            self.client.get(self.facility_a.get_absolute_url()), "children-in-care"
        )

    def test_a_child_of_another_ward_cannot_be_added(self):
        child = new_child(self.ward_b)
        self.login(self.officer_a)
        self.client.post(
            reverse("places:child-add", args=[self.facility_a.pk]),
            {"number": child.pk, "since": "01/01/2025"},
        )
        self.assertFalse(FacilityChild.objects.exists())


class MapTests(PlacesTestCase):
    @override_settings(TREEM_MAP_TILES_URL="")
    def test_without_tiles_the_map_page_lists_and_says_why(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("places:map"))
        self.assertContains(page, 'id="no-map"')
        self.assertNotContains(page, "leaflet.js")
        self.assertContains(page, "Sân chơi Khối 1")

    @override_settings(TREEM_MAP_TILES_URL="/tiles/{z}/{x}/{y}.png")
    def test_with_tiles_the_map_is_drawn_from_the_package(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("places:map"))
        self.assertContains(page, "leaflet/leaflet.js")
        self.assertContains(page, 'id="place-points"')
        self.assertContains(page, "105.6813")
        self.assertNotContains(page, "Sân chơi Thành Vinh")
