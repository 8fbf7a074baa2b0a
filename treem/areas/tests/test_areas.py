import datetime

from django.db import transaction

from treem.areas.models import AdminUnit, Level, UnitSuccession
from treem.areas.services import (
    AreaError,
    create_unit,
    current_successors,
    load_areas,
    rollup_unit_ids,
    rollup_units,
    units_in_force,
    update_unit,
)
from treem.audit.models import Action, AuditEvent
from treem.audit.services import record_event
from treem.core.testing import PersonaTestCase

BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)


class AreaLoadingTests(PersonaTestCase):
    def test_the_file_loads_every_unit_and_succession(self):
        self.assertEqual(AdminUnit.objects.filter(level=Level.PROVINCE).count(), 1)
        self.assertEqual(units_in_force(AFTER).filter(level=Level.WARD).count(), 6)
        former = AdminUnit.objects.filter(valid_to=BEFORE).exclude(level=Level.CITY)
        self.assertEqual(former.count(), 33)
        self.assertEqual(UnitSuccession.objects.count(), 33)

    def test_loading_twice_changes_nothing(self):
        units, events = AdminUnit.objects.count(), AuditEvent.objects.count()
        self.assertEqual(load_areas(), (0, 0))
        self.assertEqual(AdminUnit.objects.count(), units)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_unit_never_moves_to_another_parent(self):
        group = create_unit(
            actor=self.admin, name="Khối 99", level=Level.RESIDENTIAL_GROUP, parent=self.ward_a
        )
        with self.assertRaises(AreaError):
            update_unit(group, actor=self.admin, parent=self.ward_b)
        update_unit(group, actor=self.admin, parent=self.ward_a, name="Khối 98")
        group.refresh_from_db()
        self.assertEqual((group.parent_id, group.name), (self.ward_a.pk, "Khối 98"))

    def test_every_unit_below_the_province_knows_its_province(self):
        below = AdminUnit.objects.exclude(level=Level.PROVINCE)
        self.assertFalse(below.exclude(province=self.province).exists())


class DatedAreaTests(PersonaTestCase):
    def test_units_in_force_on_a_date(self):
        self.assertIn(self.former_a, units_in_force(BEFORE))
        self.assertNotIn(self.ward_a, units_in_force(BEFORE))
        self.assertIn(self.ward_a, units_in_force(AFTER))
        self.assertNotIn(self.former_a, units_in_force(AFTER))

    def test_current_successor_of_a_former_unit(self):
        self.assertEqual(current_successors(self.former_a), [self.ward_a])

    def test_a_unit_in_force_is_its_own_successor(self):
        self.assertEqual(current_successors(self.ward_a), [self.ward_a])

    def test_a_group_of_a_former_ward_follows_its_parent(self):
        old_group = create_unit(
            actor=None,
            name="Khối 7",
            level=Level.RESIDENTIAL_GROUP,
            parent=self.former_a,
            valid_to=BEFORE,
        )
        self.assertEqual(current_successors(old_group), [self.ward_a])

    def test_rollup_holds_former_units_and_descendants(self):
        ids = rollup_unit_ids(self.ward_a)
        names = set(AdminUnit.objects.filter(pk__in=ids).values_list("name", flat=True))
        self.assertEqual(
            names,
            {
                "Trường Vinh",
                "Vinh Tân",
                "Trường Thi",
                "Hưng Dũng",
                "Bến Thủy",
                "Trung Đô",
                "Hưng Phúc",
                "Hưng Hòa",
                "Khối 1",
                "Khối 2",
            },
        )
        self.assertNotIn(self.ward_b.pk, ids)

    def test_data_recorded_under_a_former_unit_counts_under_its_successor(self):
        with transaction.atomic():
            record_event(Action.CREATE, unit=self.former_a, note="recorded in 2024")
        old = AuditEvent.objects.filter(note="recorded in 2024")
        counted = old.filter(unit__in=rollup_units(self.ward_a))
        self.assertEqual(counted.count(), 1)
        self.assertFalse(
            AuditEvent.objects.filter(unit__in=rollup_units(self.ward_b), note="recorded in 2024")
        )

    def test_a_duplicate_group_name_in_a_ward_is_refused(self):
        with self.assertRaisesMessage(AreaError, "Khối 1"):
            create_unit(
                actor=self.officer_a,
                name="Khối 1",
                level=Level.RESIDENTIAL_GROUP,
                parent=self.ward_a,
            )


class ResidentialGroupViewTests(PersonaTestCase):
    def test_officer_adds_a_group_in_own_ward_and_it_is_audited(self):
        self.login(self.officer_a)
        response = self.client.post(f"/dia-ban/{self.ward_a.pk}/them-khoi/", {"name": "Khối  9 "})
        self.assertRedirects(response, self.ward_a.get_absolute_url())
        group = AdminUnit.objects.get(name="Khối 9", parent=self.ward_a)
        event = AuditEvent.objects.get(subject_type="areas.adminunit", subject_id=str(group.pk))
        self.assertEqual(event.action, Action.CREATE)
        self.assertEqual(event.actor, self.officer_a)
        self.assertEqual(event.changes["name"], {"old": None, "new": "Khối 9"})

    def test_officer_cannot_add_a_group_in_another_ward(self):
        self.login(self.officer_a)
        response = self.client.post(f"/dia-ban/{self.ward_b.pk}/them-khoi/", {"name": "Khối 9"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AdminUnit.objects.filter(name="Khối 9").exists())

    def test_officer_cannot_edit_a_group_of_another_ward(self):
        self.login(self.officer_a)
        response = self.client.get(f"/dia-ban/khoi/{self.group_b.pk}/sua/")
        self.assertEqual(response.status_code, 404)

    def test_collaborator_cannot_add_groups(self):
        self.login(self.collaborator_a)
        response = self.client.get(f"/dia-ban/{self.ward_a.pk}/them-khoi/")
        self.assertEqual(response.status_code, 404)

    def test_edit_records_old_and_new_values(self):
        self.login(self.officer_a)
        self.client.post(
            f"/dia-ban/khoi/{self.group_a2.pk}/sua/",
            {"name": "Khối 2A", "valid_from": "01/07/2025"},
        )
        event = AuditEvent.objects.filter(
            action=Action.UPDATE, subject_id=str(self.group_a2.pk)
        ).get()
        self.assertEqual(event.changes["name"], {"old": "Khối 2", "new": "Khối 2A"})
        self.assertEqual(event.changes["valid_from"], {"old": None, "new": "2025-07-01"})

    def test_area_list_shows_former_units_with_successors(self):
        self.login(self.viewer)
        response = self.client.get("/dia-ban/?show=former")
        self.assertContains(response, "Vinh Tân")
        self.assertContains(response, "→ Trường Vinh")

    def test_area_list_query_count_is_constant(self):
        self.login(self.province_officer)

        def more():
            for n in range(5):
                create_unit(
                    actor=None, name=f"Xã thử {n}", level=Level.COMMUNE, parent=self.province
                )

        self.assert_queries_constant("/dia-ban/?show=all", more)

    def test_api_lists_units_in_force_on_a_date(self):
        self.login(self.viewer)
        data = self.client.get("/api/v1/areas/?level=ward&on=2025-06-30&page_size=100").json()
        names = {u["name"] for u in data["results"]}
        self.assertIn("Vinh Tân", names)
        self.assertNotIn("Trường Vinh", names)
        vinh_tan = next(u for u in data["results"] if u["name"] == "Vinh Tân")
        self.assertEqual(vinh_tan["current_successors"], [self.ward_a.pk])
