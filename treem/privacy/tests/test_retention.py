"""Retention rules applied by `apply_retention`: a dry run changes nothing;
a real run pseudonymises adults' records, archives old closed cases, deletes
register rows and job files, audits every record and never touches the
audit trail."""

import datetime
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from treem.audit.chain import seal_pending, verify
from treem.audit.models import AuditEvent
from treem.audit.services import subject_type
from treem.cases.models import Case, CaseStatus, Intake
from treem.children.models import Caregiver, Child, IdStatus, Status
from treem.children.services.merge import confirm_merge, propose_merge
from treem.jobs.models import Job
from treem.population.models import LinkageRun, RegisterPerson

from ..legal import ensure_defaults
from ..models import DataKind, ProcessedRecord, RetentionAction, RetentionRun
from ..services import RetentionError, apply_retention, update_rule
from .base import PrivacyTestCase, later, new_child, years_later


def state():
    """Everything a run could change, to compare before and after."""
    return (
        list(Child.objects.order_by("pk").values_list("pk", "family_name", "given_name")),
        list(Caregiver.objects.order_by("pk").values_list("pk", "given_name", "phone")),
        list(Intake.objects.order_by("pk").values_list("pk", "reporter_name")),
        RegisterPerson.objects.count(),
        list(Job.objects.values_list("pk", "result_file")),
        AuditEvent.objects.count(),
        RetentionRun.objects.count(),
        ProcessedRecord.objects.count(),
    )


class RuleTests(PrivacyTestCase):
    def test_every_kind_has_a_rule_with_its_source(self):
        ensure_defaults()
        for kind in DataKind.values:
            rule = self.rule(kind)
            self.assertTrue(rule.source, kind)
        self.assertIn("Điều 14", self.rule(DataKind.REGISTER_ROWS).source)
        self.assertIn("chưa đối chiếu", self.rule(DataKind.CLOSED_CASES).source)
        self.assertEqual(self.rule(DataKind.AUDIT_TRAIL).action, RetentionAction.KEEP)

    def test_the_audit_trail_and_children_are_never_deleted(self):
        ensure_defaults()
        for kind in (DataKind.AUDIT_TRAIL, DataKind.AGED_OUT_CHILDREN, DataKind.CLOSED_CASES):
            with self.subTest(kind=kind), self.assertRaises(RetentionError):
                update_rule(self.rule(kind), actor=self.admin, action=RetentionAction.DELETE)
        self.assertEqual(self.rule(DataKind.AUDIT_TRAIL).action, RetentionAction.KEEP)

    def test_an_edited_rule_is_audited_and_not_overwritten_by_the_defaults(self):
        ensure_defaults()
        update_rule(self.rule(DataKind.JOB_FILES), actor=self.admin, period=7)
        ensure_defaults()
        rule = self.rule(DataKind.JOB_FILES)
        self.assertEqual((rule.period, rule.updated_by), (7, self.admin))
        event = AuditEvent.objects.get(subject_type=subject_type(rule), subject_id=str(rule.pk))
        self.assertEqual(event.changes["period"], {"old": 30, "new": 7})


class DryRunTests(PrivacyTestCase):
    def test_a_dry_run_counts_and_changes_nothing(self):
        self.caregiver(self.adult)
        ensure_defaults()
        before = state()
        run, results = apply_retention(actor=self.admin, dry_run=True)
        self.assertIsNone(run)
        self.assertEqual(state(), before)
        counts = {r.kind: r.count for r in results}
        self.assertEqual(counts[DataKind.AGED_OUT_CHILDREN], 1)
        self.assertEqual(counts[DataKind.AUDIT_TRAIL], 0)

    def test_the_command_prints_what_would_happen(self):
        ensure_defaults()
        before = state()
        out = io.StringIO()
        call_command("apply_retention", "--dry-run", stdout=out)
        self.assertIn("aged_out_children: would pseudonymise 1", out.getvalue())
        self.assertIn("audit_trail: would keep 0", out.getvalue())
        self.assertIn("nothing changed", out.getvalue())
        self.assertEqual(state(), before)

    def test_the_command_applies_the_rules(self):
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        self.assertIn("aged_out_children: did pseudonymise 1", out.getvalue())
        run = RetentionRun.objects.get()
        self.assertIsNone(run.actor)
        self.assertIn(f"retention run #{run.pk} recorded", out.getvalue())


class ChildrenTests(PrivacyTestCase):
    def test_an_adult_is_pseudonymised_and_keeps_its_row(self):
        Child.objects.filter(pk=self.adult.pk).update(personal_id="040200012345")
        mother = self.caregiver(self.adult)
        run, _results = apply_retention(actor=self.admin, dry_run=False)
        adult = Child.objects.get(pk=self.adult.pk)
        self.assertEqual((adult.family_name, adult.given_name), ("Ẩn danh", f"#{adult.pk}"))
        self.assertIsNone(adult.personal_id)
        self.assertEqual(adult.id_status, IdStatus.MISSING)
        self.assertEqual(adult.date_of_birth, datetime.date(2000, 1, 1))
        self.assertNotIn("hoa", adult.search_keys)
        mother.refresh_from_db()
        self.assertEqual((mother.given_name, mother.phone), ("Ẩn danh", ""))
        self.assertEqual(run.counts[DataKind.AGED_OUT_CHILDREN]["count"], 1)
        # One event for the child, naming the fields and never the old values.
        event = AuditEvent.objects.filter(
            subject_type=subject_type(adult), subject_id=str(adult.pk), action="update"
        ).latest("id")
        self.assertIn("given_name", event.changes["pseudonymised"]["new"])
        self.assertNotIn("Hoa", str(event.changes))
        self.assertTrue(AuditEvent.objects.filter(action="task", subject_id=str(run.pk)).exists())
        # The young child is left alone; a second run finds nothing more.
        self.assertEqual(Child.objects.get(pk=self.young.pk).given_name, "Bé")
        again, _ = apply_retention(actor=None, dry_run=False)
        self.assertEqual(again.total, 0)

    def test_an_adult_with_an_open_case_keeps_the_name(self):
        self.intake(child=self.adult)
        apply_retention(actor=None, dry_run=False)
        self.assertEqual(Child.objects.get(pk=self.adult.pk).given_name, "Hoa")

    def test_a_parent_of_a_younger_sibling_keeps_the_name(self):
        mother = self.caregiver(self.adult)
        self.caregiver(self.young)  # the same mother, found by phone and name
        self.assertEqual(Caregiver.objects.count(), 1)
        apply_retention(actor=None, dry_run=False)
        mother.refresh_from_db()
        self.assertEqual(mother.given_name, "Lan")

    def test_the_audit_chain_still_verifies(self):
        soon = later(hours=1)
        seal_pending(now=soon)
        apply_retention(actor=self.admin, dry_run=False)
        seal_pending(now=later(hours=2))
        report = verify(now=later(hours=2))
        self.assertTrue(report.ok, report.problems)

    def test_a_merged_duplicate_keeps_its_link_to_the_record_kept(self):
        twin = new_child(self.ward_a, given="Hoa", dob=datetime.date(2000, 5, 5))
        proposal = propose_merge(self.adult, twin, actor=self.officer_a)
        confirm_merge(proposal, actor=self.approver_a)
        apply_retention(actor=None, dry_run=False)
        twin.refresh_from_db()
        self.assertEqual((twin.status, twin.merged_into_id), (Status.MERGED, self.adult.pk))
        self.assertEqual(twin.family_name, "Ẩn danh")


class CaseTests(PrivacyTestCase):
    def closed_case(self):
        case = self.intake(child=self.young, reporter_name="Lê Văn Báo", reporter_contact="0987")
        return self.run_to(case, CaseStatus.CLOSED)

    def test_an_old_closed_case_is_archived_not_deleted(self):
        case = self.closed_case()
        run, _ = apply_retention(actor=None, dry_run=False, now=years_later(11))
        self.assertTrue(Case.objects.filter(pk=case.pk).exists())
        record = ProcessedRecord.objects.get(kind=DataKind.CLOSED_CASES, object_id=case.pk)
        self.assertEqual((record.action, record.run), (RetentionAction.ARCHIVE, run))
        self.assertEqual(Intake.objects.get(case=case).reporter_name, "Lê Văn Báo")

    def test_pseudonymising_a_case_clears_the_reporter(self):
        case = self.closed_case()
        update_rule(
            self.rule(DataKind.CLOSED_CASES), actor=self.admin, action=RetentionAction.PSEUDONYMISE
        )
        apply_retention(actor=None, dry_run=False, now=years_later(11))
        intake = Intake.objects.get(case=case)
        self.assertEqual((intake.reporter_name, intake.reporter_contact), ("", ""))

    def test_a_recent_closed_case_is_left_alone(self):
        self.closed_case()
        run, _ = apply_retention(actor=None, dry_run=False)
        self.assertEqual(run.counts[DataKind.CLOSED_CASES]["count"], 0)


class RegisterAndFileTests(PrivacyTestCase):
    def test_register_rows_of_an_old_run_are_deleted(self):
        run = LinkageRun.objects.create(unit=self.ward_a, created_by=self.officer_a)
        RegisterPerson.objects.create(
            run=run, person_id="040218000001", full_name="Đặng Văn Minh", unit=self.ward_a
        )
        result, _ = apply_retention(actor=self.admin, dry_run=False, now=later(days=31))
        self.assertFalse(RegisterPerson.objects.exists())
        self.assertEqual(result.counts[DataKind.REGISTER_ROWS]["count"], 1)
        run.refresh_from_db()
        self.assertIsNotNone(run.purged_at)

    def test_an_old_job_file_is_deleted_once_the_run_commits(self):
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            path = Path(media, "jobs", "export.xlsx")
            path.parent.mkdir()
            path.write_bytes(b"x")
            job = Job.objects.create(
                kind="children_export",
                title="Xuất",
                status=Job.Status.DONE,
                created_by=self.officer_a,
                result_file="jobs/export.xlsx",
                result_filename="export.xlsx",
                finished_at=later(days=-1),
            )
            with self.captureOnCommitCallbacks(execute=True):
                apply_retention(actor=None, dry_run=False, now=later(days=30))
            job.refresh_from_db()
            self.assertEqual(job.result_file, "")
            self.assertFalse(path.exists())
            self.assertTrue(
                AuditEvent.objects.filter(action="delete", subject_id=str(job.pk)).exists()
            )

    def test_audit_events_are_never_deleted(self):
        before = AuditEvent.objects.count()
        apply_retention(actor=None, dry_run=False, now=years_later(40))
        self.assertGreater(AuditEvent.objects.count(), before)
