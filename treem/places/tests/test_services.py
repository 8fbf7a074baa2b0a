"""The register's services: ward from the unit, the actor's reach, the
checks, inspections with follow-up actions, the audit trail."""

import datetime

from django.utils import timezone

from treem.audit.models import Action, AuditEvent
from treem.cases.tests.base import new_child

from ..models import FacilityChild, FollowUpAction, Place, PlaceType, SafetyStatus
from ..services import (
    PlaceError,
    add_child_in_care,
    complete_action,
    create_place,
    load_place_data,
    record_inspection,
    update_place,
)
from .base import PlacesTestCase

TODAY = timezone.localdate()


class PlaceServiceTests(PlacesTestCase):
    def test_a_place_in_a_residential_group_belongs_to_its_ward(self):
        self.assertEqual(self.place_a.ward, self.ward_a)
        self.assertEqual(self.place_a.unit, self.group_a)
        self.assertEqual(self.place_a.register, "venue")
        self.assertEqual(self.facility_a.register, "facility")

    def test_creating_a_place_is_audited(self):
        place = create_place(
            actor=self.officer_a,
            type=PlaceType.objects.get(code="sports"),
            name="Sân bóng Khối 2",
            unit=self.group_a2,
        )
        event = AuditEvent.objects.get(subject_type="places.place", subject_id=str(place.pk))
        self.assertEqual(event.action, Action.CREATE)
        self.assertEqual(event.actor, self.officer_a)

    def test_officer_cannot_record_a_place_in_another_ward(self):
        with self.assertRaises(PlaceError):
            create_place(
                actor=self.officer_b,
                type=PlaceType.objects.get(code="play_space"),
                name="Sân chơi",
                unit=self.group_a,
            )
        self.assertFalse(Place.objects.filter(name="Sân chơi").exists())

    def test_viewer_cannot_keep_the_register(self):
        with self.assertRaises(PlaceError):
            update_place(self.place_a, actor=self.viewer, name="Khác")

    def test_coordinates_come_in_pairs_and_near_vinh(self):
        with self.assertRaises(PlaceError) as caught:
            update_place(self.place_a, actor=self.officer_a, latitude=None)
        self.assertIn("latitude", caught.exception.message_dict)
        with self.assertRaises(PlaceError):
            # Latitude and longitude swapped.
            update_place(self.place_a, actor=self.officer_a, latitude=105.68, longitude=18.67)

    def test_dates_and_ages_are_checked(self):
        with self.assertRaises(PlaceError) as caught:
            update_place(
                self.place_a,
                actor=self.officer_a,
                closed_on=datetime.date(2020, 1, 1),
                age_min=10,
                age_max=5,
            )
        self.assertEqual(set(caught.exception.message_dict), {"closed_on", "age_max"})

    def test_a_former_unit_is_refused(self):
        with self.assertRaises(PlaceError):
            update_place(self.place_a, actor=None, unit=self.former_a)


class InspectionServiceTests(PlacesTestCase):
    def inspect(self, **kwargs):
        values = {
            "actor": self.officer_a,
            "inspected_on": TODAY - datetime.timedelta(days=30),
            "inspectors": "Công chức văn hóa - xã hội",
            "result": SafetyStatus.ATTENTION,
            "answers": {"equipment_sound": "no", "surface": "yes"},
            "actions": [
                {
                    "description": "Thay xích đu gãy",
                    "owed_by": "Trưởng khối 1",
                    "due_on": TODAY - datetime.timedelta(days=5),
                }
            ],
        }
        values.update(kwargs)
        return record_inspection(self.place_a, **values)

    def test_inspection_sets_the_status_and_opens_the_actions(self):
        inspection = self.inspect()
        self.place_a.refresh_from_db()
        self.assertEqual(self.place_a.safety_status, SafetyStatus.ATTENTION)
        action = inspection.actions.get()
        self.assertTrue(action.overdue)
        self.assertEqual(
            list(FollowUpAction.objects.visible_to(self.officer_a).overdue()), [action]
        )
        self.assertEqual(list(FollowUpAction.objects.visible_to(self.officer_b).overdue()), [])
        self.assertEqual(inspection.checks.count(), 2)

    def test_an_older_inspection_recorded_late_keeps_the_status(self):
        self.inspect(result=SafetyStatus.SAFE, answers={}, actions=[])
        self.inspect(inspected_on=TODAY - datetime.timedelta(days=300), actions=[])
        self.place_a.refresh_from_db()
        self.assertEqual(self.place_a.safety_status, SafetyStatus.SAFE)

    def test_a_no_answer_needs_attention_or_an_action(self):
        with self.assertRaises(PlaceError) as caught:
            self.inspect(result=SafetyStatus.SAFE, actions=[])
        self.assertIn("result", caught.exception.message_dict)

    def test_an_action_needs_who_and_when(self):
        with self.assertRaises(PlaceError) as caught:
            self.inspect(actions=[{"description": "Sửa", "owed_by": "", "due_on": None}])
        self.assertEqual(len(caught.exception.message_dict["actions"]), 2)

    def test_facility_items_are_not_on_a_play_space_checklist(self):
        with self.assertRaises(PlaceError):
            self.inspect(answers={"licence": "yes"})

    def test_other_ward_cannot_inspect(self):
        with self.assertRaises(PlaceError):
            self.inspect(actor=self.officer_b)

    def test_completing_an_action_is_audited(self):
        action = self.inspect().actions.get()
        complete_action(action, actor=self.officer_a, done_on=TODAY, note="Đã thay")
        action.refresh_from_db()
        self.assertFalse(action.overdue)
        self.assertTrue(
            AuditEvent.objects.filter(
                subject_type="places.followupaction", subject_id=str(action.pk), action="update"
            ).exists()
        )
        with self.assertRaises(PlaceError):
            complete_action(action, actor=self.officer_a, done_on=TODAY)


class ChildrenInCareTests(PlacesTestCase):
    def test_a_child_of_the_ward_joins_the_facility(self):
        child = new_child(self.ward_a)
        stay = add_child_in_care(
            self.facility_a, child, actor=self.officer_a, since=datetime.date(2025, 1, 1)
        )
        self.assertEqual(stay.unit, self.facility_a.unit)
        with self.assertRaises(PlaceError):
            add_child_in_care(
                self.facility_a, child, actor=self.officer_a, since=datetime.date(2025, 1, 1)
            )

    def test_a_child_of_another_ward_is_refused(self):
        child = new_child(self.ward_b)
        with self.assertRaises(PlaceError):
            add_child_in_care(
                self.facility_a, child, actor=self.officer_a, since=datetime.date(2025, 1, 1)
            )
        self.assertFalse(FacilityChild.objects.exists())

    def test_a_play_space_has_no_children_in_care(self):
        with self.assertRaises(PlaceError):
            add_child_in_care(
                self.place_a, new_child(self.ward_a), actor=None, since=datetime.date(2025, 1, 1)
            )

    def test_loading_the_code_lists_again_changes_nothing(self):
        self.assertEqual(load_place_data(), 0)


class CodeListFileTests(PlacesTestCase):
    def test_every_row_of_the_shipped_lists_is_whole_and_has_a_source(self):
        import csv

        from ..services.codes import DATA

        for name in ("place-types.csv", "safety-checklist.csv"):
            with (DATA / name).open(encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader)
                for row in reader:
                    self.assertEqual(len(row), len(header), (name, row))
                    self.assertTrue(row[header.index("source")].strip(), (name, row))

    def test_unverified_items_say_they_are_local_practice(self):
        from ..models import ChecklistItem

        for item in ChecklistItem.objects.filter(verified=False):
            self.assertIn("thực tiễn của phường", item.source, item.code)
