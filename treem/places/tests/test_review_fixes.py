"""Found by the security review: moving a place moves what copies its unit;
only those who edit personal data write the children in a facility's care."""

import datetime

from django.urls import reverse
from django.utils import timezone

from treem.cases.tests.base import new_child

from ..models import FacilityChild, FollowUpAction, Inspection, SafetyStatus
from ..services import PlaceError, add_child_in_care, record_inspection, update_place
from .base import PlacesTestCase

TODAY = timezone.localdate()


class MovingAPlaceTests(PlacesTestCase):
    def test_moving_a_place_moves_its_inspections_actions_and_stays(self):
        inspection = record_inspection(
            self.facility_a,
            actor=self.officer_a,
            inspected_on=TODAY - datetime.timedelta(days=30),
            inspectors="Công chức văn hóa - xã hội",
            result=SafetyStatus.ATTENTION,
            answers={},
            actions=[
                {
                    "description": "Sửa lan can cầu thang",
                    "owed_by": "Giám đốc trung tâm",
                    "due_on": TODAY - datetime.timedelta(days=5),
                }
            ],
        )
        stay = add_child_in_care(
            self.facility_a,
            new_child(self.ward_a),
            actor=self.officer_a,
            since=datetime.date(2025, 1, 1),
        )
        update_place(self.facility_a, actor=self.province_officer, unit=self.ward_b)

        self.assertEqual(Inspection.objects.get(pk=inspection.pk).unit, self.ward_b)
        self.assertEqual(FacilityChild.objects.get(pk=stay.pk).unit, self.ward_b)
        self.assertFalse(FollowUpAction.objects.visible_to(self.officer_a).overdue().exists())
        self.assertEqual(FollowUpAction.objects.visible_to(self.officer_b).overdue().count(), 1)
        self.login(self.officer_a)
        self.assertNotContains(self.client.get("/"), "Sửa lan can cầu thang")
        self.login(self.officer_b)
        self.assertContains(self.client.get("/"), "Sửa lan can cầu thang")


class ChildrenInCareWritersTests(PlacesTestCase):
    def test_an_approver_reads_but_does_not_write_the_children_in_care(self):
        child = new_child(self.ward_a)
        with self.assertRaises(PlaceError):
            add_child_in_care(
                self.facility_a, child, actor=self.approver_a, since=datetime.date(2025, 1, 1)
            )
        self.login(self.approver_a)
        page = self.client.get(self.facility_a.get_absolute_url())
        self.assertContains(page, 'id="children-in-care"')
        self.assertNotContains(page, reverse("places:child-add", args=[self.facility_a.pk]))
        response = self.client.post(
            reverse("places:child-add", args=[self.facility_a.pk]),
            {"number": child.pk, "since": "01/01/2025", "note": ""},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(FacilityChild.objects.exists())

        stay = add_child_in_care(
            self.facility_a, child, actor=self.officer_a, since=datetime.date(2025, 1, 1)
        )
        response = self.client.post(reverse("places:child-end", args=[self.facility_a.pk, stay.pk]))
        self.assertEqual(response.status_code, 404)
        stay.refresh_from_db()
        self.assertIsNone(stay.until)

    def test_the_officer_still_adds_a_child(self):
        child = new_child(self.ward_a)
        self.login(self.officer_a)
        page = self.client.get(self.facility_a.get_absolute_url())
        self.assertContains(page, reverse("places:child-add", args=[self.facility_a.pk]))
        stay = add_child_in_care(self.facility_a, child, actor=self.officer_a, since=TODAY)
        self.assertEqual(stay.since, TODAY)
