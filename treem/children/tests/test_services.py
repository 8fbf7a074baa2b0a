import datetime

from django.db import transaction

from treem.accounts.permissions import Perm
from treem.audit.models import Action, AuditEvent
from treem.children import services
from treem.children.models import Child, CodeKind, IdStatus, Status
from treem.children.services.bulk import bulk_create_children
from treem.children.tests.base import RegistryTestCase, child_data, code
from treem.children.validation import Lookups, validate_child


class ValidationTests(RegistryTestCase):
    def setUp(self):
        self.lookups = Lookups()

    def test_names_are_cleaned_and_dates_parsed(self):
        r = validate_child(
            {
                "family_name": "  nguyễn ",
                "middle_name": "thị  ngọc",
                "given_name": "ÁNH",
                "date_of_birth": "14/03/2015",
                "sex": "Nữ",
            },
            self.lookups,
        )
        self.assertTrue(r.ok, r.errors)
        self.assertEqual(
            (r.data["family_name"], r.data["middle_name"], r.data["given_name"]),
            ("Nguyễn", "Thị Ngọc", "Ánh"),
        )
        self.assertEqual(r.data["date_of_birth"], datetime.date(2015, 3, 14))

    def test_a_year_alone_is_a_date_known_to_the_year(self):
        r = validate_child(
            {"family_name": "Lê", "given_name": "An", "date_of_birth": "2016", "sex": "Nam"},
            self.lookups,
        )
        self.assertEqual(r.data["dob_precision"], "year")

    def test_an_id_inconsistent_with_sex_and_year_is_explained(self):
        r = validate_child(
            {
                "family_name": "Lê",
                "given_name": "An",
                "date_of_birth": "01/02/2015",
                "sex": "Nam",
                "personal_id": "040 315 123456",
            },
            self.lookups,
        )
        self.assertEqual(
            r.errors["personal_id"],
            ["Chữ số thứ 4 của mã định danh (3) không khớp với giới tính Nam và năm sinh 2015."],
        )

    def test_missing_fields_and_bad_values_are_all_reported(self):
        r = validate_child(
            {"date_of_birth": "31/02/2015", "sex": "x", "ethnicity": "Martian"}, self.lookups
        )
        self.assertEqual(
            set(r.errors), {"family_name", "given_name", "date_of_birth", "sex", "ethnicity"}
        )

    def test_a_person_aged_16_is_not_a_child(self):
        r = validate_child(
            {"family_name": "Lê", "given_name": "An", "date_of_birth": "01/01/2000", "sex": "Nam"},
            self.lookups,
        )
        self.assertIn("date_of_birth", r.errors)


class DuplicateGuardTests(RegistryTestCase):
    def test_the_same_id_is_refused(self):
        with self.assertRaises(services.DuplicateId) as caught:
            services.create_child(
                actor=self.officer_a,
                unit=self.ward_a,
                ward=self.ward_a,
                data=child_data(given="Khác", personal_id="040315123456"),
            )
        self.assertEqual(caught.exception.existing, self.child_a)

    def test_a_similar_child_needs_confirmation(self):
        data = child_data(family="Nguyen", middle="Thi Ngoc", given="Anh")
        with self.assertRaises(services.PossibleDuplicate) as caught:
            services.create_child(
                actor=self.officer_a, unit=self.ward_a, ward=self.ward_a, data=data
            )
        self.assertEqual(caught.exception.candidates, [self.child_a])
        child = services.create_child(
            actor=self.officer_a, unit=self.ward_a, ward=self.ward_a, data=data, confirmed=True
        )
        self.assertTrue(child.pk)

    def test_the_same_name_in_another_ward_is_not_a_duplicate(self):
        child = services.create_child(
            actor=self.officer_b, unit=self.ward_b, ward=self.ward_b, data=child_data()
        )
        self.assertEqual(child.ward, self.ward_b)


class RecordTests(RegistryTestCase):
    def test_create_writes_the_child_and_its_audit_event_together(self):
        before = AuditEvent.objects.count()
        with self.assertRaises(RuntimeError), transaction.atomic():
            services.create_child(
                actor=self.officer_a,
                unit=self.ward_a,
                ward=self.ward_a,
                data=child_data(given="Bình", dob=(2019, 1, 1)),
            )
            raise RuntimeError
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertFalse(Child.objects.filter(given_name="Bình").exists())

    def test_an_edit_from_an_old_version_is_refused(self):
        version = self.child_a2.version
        services.update_child(
            self.child_a2, actor=self.officer_a, data={"grade": "2"}, expected_version=version
        )
        with self.assertRaises(services.EditConflict) as caught:
            services.update_child(
                self.child_a2, actor=self.approver_a, data={"grade": "3"}, expected_version=version
            )
        self.assertEqual(caught.exception.current.grade, "2")
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.grade, "2")

    def test_an_update_is_audited_with_old_and_new_values(self):
        services.update_child(self.child_a2, actor=self.officer_a, data={"given_name": "Mạnh"})
        event = AuditEvent.objects.filter(
            action=Action.UPDATE, subject_id=str(self.child_a2.pk)
        ).latest("id")
        self.assertEqual(event.changes["given_name"], {"old": "Minh", "new": "Mạnh"})
        self.child_a2.refresh_from_db()
        self.assertEqual(self.child_a2.name_folded, "dang van manh")

    def test_a_move_keeps_the_history(self):
        services.move_child(
            self.child_a2,
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            on=datetime.date(2026, 1, 1),
        )
        self.assertEqual(self.child_a2.residences.count(), 2)
        self.assertEqual(
            self.child_a2.residences.filter(moved_out_on__isnull=True).get().unit, self.group_a
        )

    def test_siblings_are_found_through_shared_caregivers(self):
        sibling = services.create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            data=child_data(given="Bình", dob=(2019, 5, 5), sex="M"),
        )
        services.add_caregiver(
            sibling,
            actor=self.officer_a,
            relation=self.mother,
            full_name="trần thị hoa",
            phone="0912 345 678",
        )
        self.assertEqual(list(services.siblings(sibling)), [self.child_a])

    def test_aged_out_children_leave_the_working_list(self):
        old = Child.objects.filter(pk=self.child_b.pk)
        old.update(date_of_birth=datetime.date(2009, 1, 1))
        self.assertFalse(Child.objects.working().filter(pk=self.child_b.pk).exists())
        self.assertTrue(Child.objects.filter(pk=self.child_b.pk).exists())

    def test_moved_out_children_stay_searchable(self):
        services.change_status(self.child_b, Status.MOVED_OUT, actor=self.officer_b)
        self.assertFalse(Child.objects.working().filter(pk=self.child_b.pk).exists())
        self.assertTrue(
            Child.objects.visible_to(self.officer_b).filter(pk=self.child_b.pk).exists()
        )


class ScopeTests(RegistryTestCase):
    def test_officer_sees_own_ward_only(self):
        visible = set(Child.objects.visible_to(self.officer_a))
        self.assertEqual(visible, {self.child_a, self.child_a2})

    def test_collaborator_sees_own_group_only(self):
        self.assertEqual(list(Child.objects.visible_to(self.collaborator_a)), [self.child_a])

    def test_viewer_and_admin_see_no_child(self):
        self.assertFalse(Child.objects.visible_to(self.viewer).exists())
        self.assertFalse(Child.objects.visible_to(self.admin).exists())

    def test_province_officer_sees_every_child(self):
        self.assertEqual(Child.objects.visible_to(self.province_officer).count(), 3)

    def test_sensitive_permission(self):
        self.assertTrue(services.can_see_sensitive(self.officer_a, self.child_a))
        self.assertFalse(services.can_see_sensitive(self.collaborator_a, self.child_a))
        self.assertFalse(services.can_see_sensitive(self.officer_b, self.child_a))


class EpisodeTests(RegistryTestCase):
    def test_an_open_episode_in_the_same_group_is_refused(self):
        with self.assertRaises(services.RegistryError):
            services.add_circumstance(
                self.child_a,
                actor=self.officer_a,
                code=self.hiv,
                started_on=datetime.date(2025, 1, 1),
            )

    def test_an_open_risk_in_the_same_category_is_refused(self):
        risk = code(CodeKind.RISK_CATEGORY, "r05")
        services.add_risk(
            self.child_a2, actor=self.officer_a, code=risk, started_on=datetime.date(2025, 1, 1)
        )
        with self.assertRaises(services.RegistryError):
            services.add_risk(
                self.child_a2, actor=self.officer_a, code=risk, started_on=datetime.date(2025, 6, 1)
            )

    def test_a_sub_group_must_belong_to_its_group(self):
        with self.assertRaises(services.RegistryError):
            services.add_circumstance(
                self.child_a2,
                actor=self.officer_a,
                code=self.disability,
                subgroup=code(CodeKind.CIRCUMSTANCE_SUBGROUP, "c1"),
                started_on=datetime.date(2025, 1, 1),
            )

    def test_consent_of_a_child_of_seven_needs_the_childs_answer(self):
        with self.assertRaises(services.RegistryError):
            services.record_consent(
                self.child_a,
                actor=self.officer_a,
                representative=None,
                representative_agreed=True,
                scope="Báo cáo ca",
                given_on=datetime.date(2026, 1, 1),
            )

    def test_ending_an_episode_is_audited(self):
        episode = self.child_a2.circumstances.get()
        services.end_episode(episode, actor=self.officer_a, ended_on=datetime.date(2026, 1, 1))
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.UPDATE,
                subject_type="children.circumstanceepisode",
                subject_id=str(episode.pk),
            ).exists()
        )

    def test_support_counts_for_the_child(self):
        support_type = code(CodeKind.SUPPORT_TYPE, "yte")
        services.add_support(
            self.child_a2,
            actor=self.officer_a,
            support_type=support_type,
            received_on=datetime.date(2026, 2, 1),
            provider=self.police_a,
        )
        self.assertEqual(self.child_a2.supports.count(), 1)


class MergeTests(RegistryTestCase):
    def setUp(self):
        self.dup = services.create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            confirmed=True,
            data=child_data(family="Nguyen", middle="Thi Ngoc", given="Anh"),
        )
        services.add_circumstance(
            self.dup, actor=self.officer_a, code=self.orphan, started_on=datetime.date(2025, 1, 1)
        )

    def test_an_officer_proposes_and_a_supervisor_confirms(self):
        proposal = services.propose_merge(self.child_a, self.dup, actor=self.officer_a)
        with self.assertRaises(services.RegistryError):
            services.confirm_merge(proposal, actor=self.officer_a)
        services.confirm_merge(proposal, actor=self.approver_a)
        self.dup.refresh_from_db()
        self.assertEqual((self.dup.status, self.dup.merged_into), (Status.MERGED, self.child_a))
        self.assertEqual(self.child_a.circumstances.count(), 2)
        self.assertTrue(
            AuditEvent.objects.filter(subject_id=str(self.dup.pk), action=Action.UPDATE).exists()
        )

    def test_the_province_officer_may_confirm_too(self):
        proposal = services.propose_merge(self.child_a, self.dup, actor=self.officer_a)
        self.assertTrue(services.can_confirm(self.province_officer, proposal))
        self.assertFalse(services.can_confirm(self.officer_b, proposal))


class BulkTests(RegistryTestCase):
    def test_bulk_creation_writes_one_audit_event_per_record(self):
        before = AuditEvent.objects.filter(subject_type="children.child").count()
        items = [
            {
                "data": child_data(given=f"Trẻ{n}", dob=(2020, 1, n + 1)),
                "unit": self.group_b,
                "ward": self.ward_b,
                "caregivers": [
                    {
                        "relation": self.mother,
                        "given_name": "Hoa",
                        "family_name": "Lê",
                        "phone": "0987654321",
                    }
                ],
            }
            for n in range(5)
        ]
        children = bulk_create_children(items, actor=self.officer_b, note="test")
        self.assertEqual(len(children), 5)
        after = AuditEvent.objects.filter(subject_type="children.child").count()
        self.assertEqual(after - before, 5)
        # The five share one mother: siblings.
        self.assertEqual(services.siblings(children[0]).count(), 4)
        self.assertEqual(children[0].id_status, IdStatus.MISSING)
        self.assertTrue(AuditEvent.objects.filter(action=Action.IMPORT).exists())
        self.assertEqual(Child.objects.visible_to(self.officer_b, Perm.VIEW_PERSONAL).count(), 6)
