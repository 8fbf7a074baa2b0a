"""Issue 18, point 8: a run's automatic links applied in bulk, each change audited as the
one-by-one service audits it; a run's register rows purged after the retention period."""

import datetime
import io

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.audit.services import subject_type
from treem.children.models import Child
from treem.children.services import create_child
from treem.children.services.registry import refresh_search_keys
from treem.children.tests.base import RegistryTestCase, child_data
from treem.population import services
from treem.population.models import LinkageRun, LinkCandidate, RegisterPerson

State = LinkCandidate.State


class BulkApplyTest(RegistryTestCase):
    def setUp(self):
        self.run = LinkageRun.objects.create(unit=self.ward_a, created_by=self.officer_a)

    def person(self, person_id, name="Đặng Văn Minh", dob="2018-09-02", mother="Lê Thị Thu"):
        return RegisterPerson.objects.create(
            run=self.run,
            person_id=person_id,
            full_name=name,
            date_of_birth=dob,
            sex="M",
            mother_name=mother,
            father_name="",
            ward_name="Trường Vinh",
            unit=self.ward_a,
        )

    def candidate(self, child, person):
        return LinkCandidate.objects.create(
            run=self.run,
            child=child,
            person=person,
            match_probability=0.999,
            decision="auto",
            state=State.PENDING,
        )

    def events(self, obj):
        return AuditEvent.objects.filter(
            subject_type=subject_type(obj), subject_id=str(obj.pk), action="update"
        )

    def test_the_id_is_attached_empty_parents_filled_and_every_change_audited(self):
        link = self.candidate(self.child_a2, self.person("040218234567"))
        applied = services.apply_links([link.pk], actor=self.officer_a)
        self.assertEqual(applied, 1)
        child = Child.objects.get(pk=self.child_a2.pk)
        self.assertEqual(child.personal_id, "040218234567")
        self.assertEqual(child.id_status, "ok")
        self.assertEqual(child.version, self.child_a2.version + 1)
        mother = child.caregiver_links.get(relation__code="me").caregiver
        self.assertEqual(mother.given_name, "Thu")
        self.assertTrue(
            AuditEvent.objects.filter(
                subject_type=subject_type(mother), subject_id=str(mother.pk), action="create"
            ).exists()
        )
        # The search keys carry the new mother's name, as the registry's service computes them.
        # Both read back from the database (PostgreSQL returns a tsvector's own text form).
        keys = child.search_keys
        refresh_search_keys(child)
        child.refresh_from_db(fields=["search_keys"])
        self.assertEqual(keys, child.search_keys)
        event = self.events(child).latest("pk")
        self.assertEqual(event.changes["personal_id"], {"old": None, "new": "040218234567"})
        self.assertEqual((event.actor, event.unit_id), (self.officer_a, child.unit_id))
        link.refresh_from_db()
        self.assertEqual(link.state, State.APPLIED)
        self.assertEqual(self.events(link).latest("pk").changes["state"]["new"], State.APPLIED)
        self.assertTrue(RegisterPerson.objects.get(pk=link.person_id).matched)

    def test_what_the_officer_typed_is_listed_never_overwritten(self):
        person = self.person("040315123456", name="Nguyễn Thị Ánh", dob="2015-03-14")
        link = self.candidate(self.child_a, person)
        services.apply_links([link.pk], actor=self.officer_a)
        link.refresh_from_db()
        self.assertIn(
            {"field": "full_name", "ours": "Nguyễn Thị Ngọc Ánh", "theirs": "Nguyễn Thị Ánh"},
            link.differences,
        )
        self.assertEqual(Child.objects.get(pk=self.child_a.pk).middle_name, "Thị Ngọc")

    def test_an_id_another_record_holds_is_listed_with_a_note_not_attached(self):
        other = create_child(
            actor=self.officer_a,
            unit=self.ward_a,
            ward=self.ward_a,
            data=child_data(family="Đặng", middle="Văn", given="Minh", dob=(2018, 9, 2), sex="M"),
            check=False,
        )
        person = self.person("040218234567")
        first, second = self.candidate(self.child_a2, person), self.candidate(other, person)
        services.apply_links([first.pk, second.pk], actor=self.officer_a)
        self.assertEqual(Child.objects.get(pk=self.child_a2.pk).personal_id, "040218234567")
        self.assertIsNone(Child.objects.get(pk=other.pk).personal_id)
        second.refresh_from_db()
        self.assertEqual(second.differences[0]["field"], "personal_id")
        self.assertIn("note", second.differences[0])

    def test_links_already_decided_or_sent_to_review_are_left_alone(self):
        link = self.candidate(self.child_a2, self.person("040218234567"))
        LinkCandidate.objects.filter(pk=link.pk).update(decision="review")
        self.assertEqual(services.apply_links([link.pk], actor=self.officer_a), 0)
        self.assertIsNone(Child.objects.get(pk=self.child_a2.pk).personal_id)


class PurgeTest(RegistryTestCase):
    def make_run(self, days_ago):
        run = LinkageRun.objects.create(unit=self.ward_a, created_by=self.officer_a)
        LinkageRun.objects.filter(pk=run.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        person = RegisterPerson.objects.create(
            run=run, person_id="040218234567", full_name="Đặng Văn Minh", unit=self.ward_a
        )
        LinkCandidate.objects.create(
            run=run, child=self.child_a2, person=person, decision="auto", state=State.APPLIED
        )
        return run

    @override_settings(POPULATION_REGISTER_RETENTION_DAYS=30)
    def test_register_rows_past_the_retention_period_are_deleted_and_the_purge_audited(self):
        old, recent = self.make_run(days_ago=31), self.make_run(days_ago=5)
        out = io.StringIO()
        call_command("purge_register_rows", stdout=out)
        self.assertIn("1 runs purged (retention 30 days)", out.getvalue())
        self.assertFalse(RegisterPerson.objects.filter(run=old).exists())
        self.assertTrue(RegisterPerson.objects.filter(run=recent).exists())
        # The decision stays; only the register's copy of the person goes.
        link = LinkCandidate.objects.get(run=old)
        self.assertEqual((link.state, link.person_id), (State.APPLIED, None))
        old.refresh_from_db()
        self.assertIsNotNone(old.purged_at)
        event = AuditEvent.objects.get(
            subject_type=subject_type(old), subject_id=str(old.pk), action="delete"
        )
        self.assertEqual(event.changes["register_rows"], {"old": 1, "new": 0})
        self.assertIn("30", event.note)
        # Purged once: a second pass finds nothing.
        self.assertEqual(services.purge_register_rows(), [])

    def test_a_purged_runs_pending_links_leave_the_review_queue(self):
        from django.urls import reverse

        run = self.make_run(days_ago=400)
        LinkCandidate.objects.filter(run=run).update(decision="review", state=State.PENDING)
        services.purge_register_rows()
        response = self.login(self.officer_a).get(reverse("population:review", args=[run.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'id="candidate-')
