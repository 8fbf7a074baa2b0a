"""The services: every write validated, audited in its transaction, and
refused (as not found) to those outside the model's ward or agency."""

import datetime

from treem.audit.models import Action, AuditEvent

from ..models import (
    Commendation,
    CommendationForm,
    Initiative,
    Level,
    Recipient,
    Replication,
    ReplicationStatus,
    Status,
)
from ..services import InitiativeError, InitiativePermissionError
from ..services.initiatives import add_months, change_status, update_initiative
from ..services.kinds import update_kind
from ..services.records import (
    attach_decision,
    change_replication,
    record_commendation,
    replicate_initiative,
)
from .base import InitiativeTestCase, pdf


def events(obj, action=None):
    qs = AuditEvent.objects.filter(
        subject_type=f"initiatives.{obj._meta.model_name}", subject_id=str(obj.pk)
    )
    return qs.filter(action=action) if action else qs


class RecordTests(InitiativeTestCase):
    def test_officer_records_a_model_with_its_audit_event(self):
        initiative = self.initiative(actor=self.officer_a)
        self.assertEqual(initiative.status, Status.RUNNING)
        self.assertEqual(list(initiative.areas.all()), [self.group_a])
        [event] = events(initiative, Action.CREATE)
        self.assertEqual(event.changes["tasks"]["new"], [self.task.pk])
        self.assertEqual(event.changes["areas"]["new"], [self.group_a.pk])
        self.assertEqual(event.unit_id, self.ward_a.pk)
        # Due one kind interval (12 months) after the start without an evaluation.
        self.assertEqual(initiative.next_evaluation_due, datetime.date(2026, 9, 1))

    def test_officer_cannot_record_a_model_of_another_ward(self):
        with self.assertRaises(InitiativePermissionError):
            self.initiative(self.ward_b, actor=self.officer_a)
        self.assertFalse(Initiative.objects.exists())

    def test_agency_reporter_records_only_its_own_agencys_models(self):
        mine = self.initiative(agency=self.police_a, actor=self.reporter_a)
        self.assertEqual(mine.lead_agency, self.police_a)
        with self.assertRaises(InitiativePermissionError):
            self.initiative(agency=self.women_a, actor=self.reporter_a)

    def test_an_area_outside_the_ward_is_refused(self):
        with self.assertRaisesMessage(InitiativeError, "Khối 1"):
            self.initiative(areas=[self.group_b], actor=self.officer_a)

    def test_bad_input_gets_a_vietnamese_message(self):
        with self.assertRaisesMessage(InitiativeError, "tên"):
            self.initiative(name="  ", actor=self.officer_a)
        with self.assertRaises(InitiativeError):
            self.initiative(started_on=datetime.date(2999, 1, 1), actor=self.officer_a)
        with self.assertRaises(InitiativeError):
            self.initiative(agency=self.women_b, actor=self.officer_a)

    def test_update_records_what_changed(self):
        initiative = self.initiative()
        update_initiative(
            initiative,
            actor=self.officer_a,
            people_reached=150,
            areas=[self.group_a, self.group_a2],
        )
        event = events(initiative, Action.UPDATE).get()
        self.assertEqual(event.changes["people_reached"], {"old": 120, "new": 150})
        self.assertEqual(len(event.changes["areas"]["new"]), 2)
        with self.assertRaises(InitiativePermissionError):
            update_initiative(initiative, actor=self.officer_b, people_reached=1)

    def test_status_follows_the_transition_table(self):
        initiative = self.initiative()
        change_status(initiative, Status.PAUSED, actor=self.officer_a)
        initiative.refresh_from_db()
        self.assertIsNone(initiative.next_evaluation_due)
        change_status(initiative, Status.RUNNING, actor=self.officer_a)
        change_status(initiative, Status.ENDED, actor=self.officer_a, on=datetime.date(2026, 5, 1))
        initiative.refresh_from_db()
        self.assertEqual(initiative.ended_on, datetime.date(2026, 5, 1))
        with self.assertRaises(InitiativeError):
            change_status(initiative, Status.RUNNING, actor=self.officer_a)
        self.assertEqual(events(initiative, Action.UPDATE).count(), 3)


class EvaluationTests(InitiativeTestCase):
    def test_an_evaluation_moves_the_next_due_date(self):
        initiative = self.initiative()
        evaluation = self.evaluate(initiative, actor=self.officer_a)
        initiative.refresh_from_db()
        self.assertEqual(initiative.next_evaluation_due, datetime.date(2027, 3, 1))
        self.assertEqual(events(evaluation, Action.CREATE).count(), 1)
        self.assertEqual(events(initiative, Action.UPDATE).count(), 1)

    def test_evaluation_is_refused_outside_the_ward_and_before_the_start(self):
        initiative = self.initiative()
        with self.assertRaises(InitiativePermissionError):
            self.evaluate(initiative, actor=self.officer_b)
        with self.assertRaises(InitiativeError):
            self.evaluate(initiative, day=datetime.date(2025, 1, 1), actor=self.officer_a)
        with self.assertRaises(InitiativeError):
            self.evaluate(initiative, evaluator=" ", actor=self.officer_a)

    def test_changing_a_kinds_interval_moves_the_due_dates(self):
        initiative = self.initiative()
        update_kind(self.trusted, actor=self.admin, evaluation_months=6)
        initiative.refresh_from_db()
        self.assertEqual(initiative.next_evaluation_due, datetime.date(2026, 3, 1))
        self.assertEqual(events(initiative, Action.UPDATE).count(), 1)
        with self.assertRaises(InitiativePermissionError):
            update_kind(self.trusted, actor=self.officer_a, evaluation_months=3)

    def test_months_are_added_to_the_end_of_short_months(self):
        self.assertEqual(add_months(datetime.date(2026, 1, 31), 1), datetime.date(2026, 2, 28))
        self.assertEqual(add_months(datetime.date(2026, 11, 30), 14), datetime.date(2028, 1, 30))
        self.assertEqual(add_months(datetime.date(2026, 3, 15), -12), datetime.date(2025, 3, 15))


class CommendationTests(InitiativeTestCase):
    def commend(self, initiative, actor, **kw):
        values = {
            "decision_number": "2315/QĐ-UBND",
            "decided_on": datetime.date(2026, 6, 1),
            "issuer": "UBND tỉnh Nghệ An",
            "form": CommendationForm.CERTIFICATE_OF_MERIT,
            "level": Level.PROVINCE,
        }
        values.update(kw)
        return record_commendation(initiative, actor=actor, **values)

    def test_province_records_a_commendation_with_its_decision(self):
        initiative = self.initiative()
        commendation = self.commend(
            initiative,
            self.province_officer,
            recipient=Recipient.AGENCY,
            recipient_agency=self.women_a,
            upload=pdf(),
        )
        self.assertEqual(commendation.file_type, "application/pdf")
        self.assertEqual(commendation.file_name, "quyet-dinh.pdf")
        self.assertEqual(commendation.recipient_label(), self.women_a.name)
        [event] = events(commendation, Action.CREATE)
        self.assertEqual(event.changes["file_name"]["new"], "quyet-dinh.pdf")
        self.assertEqual(event.unit_id, self.ward_a.pk)
        commendation.decision_file.delete(save=False)

    def test_a_file_that_is_not_what_it_says_is_refused(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("qd.pdf", b"MZ not a pdf", content_type="application/pdf")
        with self.assertRaises(InitiativeError):
            self.commend(self.initiative(), self.province_officer, upload=fake)
        self.assertFalse(Commendation.objects.exists())

    def test_decision_is_attached_later_and_audited(self):
        commendation = self.commend(self.initiative(), self.officer_a, level=Level.WARD)
        attach_decision(commendation, pdf("scan.pdf"), actor=self.officer_a)
        commendation.refresh_from_db()
        self.assertEqual(commendation.file_name, "scan.pdf")
        self.assertEqual(events(commendation, Action.UPDATE).count(), 1)
        with self.assertRaises(InitiativePermissionError):
            attach_decision(commendation, pdf(), actor=self.officer_b)
        commendation.decision_file.delete(save=False)

    def test_commended_person_or_agency_must_be_named(self):
        initiative = self.initiative()
        with self.assertRaisesMessage(InitiativeError, "tên"):
            self.commend(initiative, self.province_officer, recipient=Recipient.PERSON)
        with self.assertRaises(InitiativeError):
            self.commend(initiative, self.province_officer, recipient=Recipient.AGENCY)
        with self.assertRaises(InitiativeError):
            self.commend(initiative, self.province_officer, decision_number=" ")

    def test_agency_reporter_and_other_ward_cannot_commend(self):
        initiative = self.initiative(agency=self.police_a)
        for user in (self.reporter_a, self.officer_b):
            with self.assertRaises(InitiativePermissionError):
                self.commend(initiative, user)


class ReplicationTests(InitiativeTestCase):
    def test_replication_records_the_model_in_the_target_ward(self):
        source = self.initiative()
        replication = replicate_initiative(
            source,
            actor=self.province_officer,
            ward=self.ward_b,
            started_on=datetime.date(2026, 10, 1),
            lead_agency=self.women_b,
        )
        replica = replication.replica
        self.assertEqual(
            (replica.unit, replica.name, replica.kind), (self.ward_b, source.name, source.kind)
        )
        self.assertEqual(list(replica.tasks.all()), [self.task])
        self.assertEqual(list(replica.areas.all()), [self.ward_b])
        self.assertEqual(events(replication, Action.CREATE).get().unit_id, self.ward_b.pk)
        self.assertEqual(events(replica, Action.CREATE).count(), 1)
        # Once per ward.
        with self.assertRaises(InitiativeError):
            replicate_initiative(
                source,
                actor=self.province_officer,
                ward=self.ward_b,
                started_on=datetime.date(2026, 10, 1),
                lead_agency=self.women_b,
            )

    def test_an_existing_model_of_the_ward_is_linked(self):
        source = self.initiative()
        existing = self.initiative(self.ward_b, started_on=datetime.date(2026, 2, 1))
        replication = replicate_initiative(
            source,
            actor=self.province_officer,
            ward=self.ward_b,
            started_on=datetime.date(2026, 2, 1),
            replica=existing,
        )
        self.assertEqual(replication.replica, existing)
        self.assertEqual(Initiative.objects.count(), 2)

    def test_a_ward_officer_cannot_replicate_into_another_ward(self):
        source = self.initiative()
        with self.assertRaises(InitiativePermissionError):
            replicate_initiative(
                source,
                actor=self.officer_a,
                ward=self.ward_b,
                started_on=datetime.date(2026, 10, 1),
                lead_agency=self.women_b,
            )
        with self.assertRaises(InitiativeError):
            replicate_initiative(
                source,
                actor=self.province_officer,
                ward=self.ward_a,
                started_on=datetime.date(2026, 10, 1),
                lead_agency=self.women_a,
            )
        self.assertFalse(Replication.objects.exists())

    def test_stopping_a_replication_ends_the_model_in_the_ward(self):
        source = self.initiative()
        replication = replicate_initiative(
            source,
            actor=self.province_officer,
            ward=self.ward_b,
            started_on=datetime.date(2026, 10, 1),
            lead_agency=self.women_b,
        )
        change_replication(replication, ReplicationStatus.ESTABLISHED, actor=self.officer_b)
        with self.assertRaises(InitiativePermissionError):
            change_replication(replication, ReplicationStatus.STOPPED, actor=self.officer_a)
        change_replication(replication, ReplicationStatus.STOPPED, actor=self.province_officer)
        replication.replica.refresh_from_db()
        self.assertEqual(replication.replica.status, Status.ENDED)
        with self.assertRaises(InitiativeError):
            change_replication(replication, ReplicationStatus.STARTED, actor=self.province_officer)
