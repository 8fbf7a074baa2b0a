import datetime

from django.test import override_settings

from treem.plans.models import (
    ProgressReport,
    ProgressReportVersion,
    ReportState,
    VersionOutcome,
)
from treem.plans.models.reports import ImmutableVersionError
from treem.plans.periods import AgencyGraph, period_containing
from treem.plans.services import PlanError, PlanPermissionError
from treem.plans.services.reports import (
    change_report_state,
    open_report,
    open_reports,
    owing_agencies,
    save_report,
)

from .helpers import Q3, TODAY, PlanTestCase


class ObligationTests(PlanTestCase):
    def test_the_abolished_city_police_is_now_owed_by_province_and_ward_police(self):
        owing = {a.name for a in owing_agencies(self.police_task, Q3[1])}
        self.assertIn("Công an phường Trường Vinh", owing)
        self.assertIn("Công an phường Thành Vinh", owing)
        self.assertIn("Công an tỉnh Nghệ An", owing)
        self.assertNotIn("Công an Thành phố Vinh", owing)

    def test_before_its_abolition_the_city_police_owed_its_own_reports(self):
        owing = owing_agencies(self.police_task, datetime.date(2024, 12, 31))
        self.assertEqual([a.name for a in owing], ["Công an Thành phố Vinh"])

    def test_opening_reports_is_idempotent_and_starts_from_reporting_from(self):
        graph = AgencyGraph()
        created = open_reports(self.plan, on=TODAY, graph=graph)
        self.assertGreater(created, 0)
        self.assertEqual(open_reports(self.plan, on=TODAY, graph=graph), 0)
        first = ProgressReport.objects.filter(task__timing="continuous").order_by("period_start")
        self.assertEqual(first.first().period_start, datetime.date(2025, 7, 1))
        self.assertFalse(
            ProgressReport.objects.filter(period_end__lt=datetime.date(2025, 7, 1)).exists()
        )
        police = ProgressReport.objects.filter(agency=self.police_a, task=self.police_task)
        # Quarters Q3 2025 … Q4 2026.
        self.assertEqual(police.count(), 6)
        self.assertEqual(police.get(period_start=Q3[0]).due_on, Q3[1])

    def test_yearly_tasks_get_one_report_a_year(self):
        open_reports(self.plan, on=TODAY)
        yearly = self.plan.tasks.get(content__startswith="Định kỳ báo cáo")
        periods = set(
            ProgressReport.objects.filter(task=yearly).values_list("period_start", "period_end")
        )
        self.assertEqual(
            periods,
            {
                (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
                (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
            },
        )

    def test_an_agency_that_owes_nothing_cannot_open_a_report(self):
        health = self.plan.tasks.get(number="III.3.20")
        with self.assertRaises(PlanPermissionError):
            open_report(health, self.police_a, Q3, actor=self.reporter_a)

    def test_quarters(self):
        self.assertEqual(
            period_containing("quarterly", TODAY),
            (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        )
        self.assertEqual(
            period_containing("six_monthly", datetime.date(2026, 3, 5))[1],
            datetime.date(2026, 6, 30),
        )
        self.assertEqual(
            period_containing("monthly", datetime.date(2028, 2, 5))[1], datetime.date(2028, 2, 29)
        )


class WorkflowTests(PlanTestCase):
    def test_submit_return_resubmit_accept_keeps_every_version(self):
        report = self.make_report(done_text="Lần 1", status="on_track", figures="Số buổi: 3")
        change_report_state(report, ReportState.SUBMITTED, actor=self.reporter_a)
        change_report_state(
            report, ReportState.RETURNED, actor=self.officer_a, comment="Thiếu số liệu"
        )
        save_report(report, actor=self.reporter_a, done_text="Lần 2", figures="Số buổi: 5")
        change_report_state(report, ReportState.SUBMITTED, actor=self.reporter_a)
        report = change_report_state(report, ReportState.ACCEPTED, actor=self.officer_a)
        self.assertEqual(report.state, ReportState.ACCEPTED)
        versions = list(report.versions.order_by("number"))
        self.assertEqual(
            [(v.number, v.done_text, v.figures, v.outcome) for v in versions],
            [
                (1, "Lần 1", "Số buổi: 3", VersionOutcome.RETURNED),
                (2, "Lần 2", "Số buổi: 5", VersionOutcome.ACCEPTED),
            ],
        )
        self.assertEqual(versions[0].review_comment, "Thiếu số liệu")
        self.assertEqual(versions[0].submitted_by, self.reporter_a)
        self.assertEqual(versions[1].reviewed_by, self.officer_a)

    def test_illegal_moves_are_refused_with_both_states_named(self):
        report = self.make_report(done_text="x")
        for target in (ReportState.ACCEPTED, ReportState.RETURNED, ReportState.DRAFT):
            with self.assertRaises(PlanError) as caught:
                change_report_state(report, target, actor=None)
            self.assertIn(str(ReportState.DRAFT.label), str(caught.exception))
            self.assertIn(str(target.label), str(caught.exception))
        change_report_state(report, ReportState.SUBMITTED, actor=None)
        change_report_state(report, ReportState.ACCEPTED, actor=None)
        with self.assertRaises(PlanError):
            change_report_state(report, ReportState.RETURNED, actor=None, comment="muộn")
        with self.assertRaises(PlanError):
            save_report(report, actor=None, done_text="sửa sau khi duyệt")

    def test_returning_needs_a_comment(self):
        report = self.submitted_report()
        with self.assertRaises(PlanError):
            change_report_state(report, ReportState.RETURNED, actor=self.officer_a, comment=" ")
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.SUBMITTED)

    def test_an_empty_report_cannot_be_submitted(self):
        with self.assertRaises(PlanError):
            change_report_state(self.make_report(), ReportState.SUBMITTED, actor=self.reporter_a)

    def test_a_reporter_cannot_review_and_a_reviewer_cannot_submit(self):
        report = self.make_report(done_text="x")
        with self.assertRaises(PlanPermissionError):
            change_report_state(report, ReportState.SUBMITTED, actor=self.officer_a)
        change_report_state(report, ReportState.SUBMITTED, actor=self.reporter_a)
        with self.assertRaises(PlanPermissionError):
            change_report_state(report, ReportState.ACCEPTED, actor=self.reporter_a)

    def test_the_officer_of_another_ward_cannot_review(self):
        report = self.submitted_report()
        with self.assertRaises(PlanPermissionError):
            change_report_state(report, ReportState.ACCEPTED, actor=self.officer_b)
        # The province officer reviews for the whole (former) city plan.
        change_report_state(report, ReportState.ACCEPTED, actor=self.province_officer)

    def test_a_submitted_version_cannot_be_changed(self):
        report = self.submitted_report()
        version = report.versions.get()
        version.done_text = "sửa"
        with self.assertRaises(ImmutableVersionError):
            version.save()
        with self.assertRaises(ImmutableVersionError):
            version.delete()
        change_report_state(report, ReportState.ACCEPTED, actor=None)
        version = ProgressReportVersion.objects.get(pk=version.pk)
        version.outcome = VersionOutcome.RETURNED
        with self.assertRaises(ImmutableVersionError):
            version.save(update_fields=["outcome"])

    def test_every_move_is_audited(self):
        from treem.audit.models import AuditEvent

        report = self.submitted_report()
        events = AuditEvent.objects.filter(
            subject_type="plans.progressreport", subject_id=str(report.pk)
        )
        self.assertTrue(events.filter(changes__state__new="submitted").exists())
        self.assertEqual(events.first().unit_id, self.ward_a.pk)


@override_settings(MEDIA_ROOT="/tmp/treem-plans-test-media")
class EvidenceTests(PlanTestCase):
    def test_evidence_is_frozen_with_the_version_it_was_submitted_with(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from treem.plans.services.reports import add_evidence, remove_evidence

        report = self.make_report(done_text="x")
        evidence = add_evidence(
            report, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"), actor=self.reporter_a
        )
        change_report_state(report, ReportState.SUBMITTED, actor=self.reporter_a)
        evidence.refresh_from_db()
        self.assertEqual(evidence.version.number, 1)
        self.assertEqual(evidence.version.evidence_names, ["bien-ban.pdf"])
        with self.assertRaises(PlanError):
            remove_evidence(evidence, actor=self.reporter_a)

    def test_only_known_file_types_are_attached(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from treem.plans.services.reports import add_evidence

        with self.assertRaises(PlanError):
            add_evidence(
                self.make_report(), SimpleUploadedFile("x.exe", b"MZ"), actor=self.reporter_a
            )
