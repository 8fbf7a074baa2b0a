import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Role

from ..access import can_review, can_submit
from ..models import (
    EvidenceFile,
    PlanStatus,
    ProgressReport,
    ProgressReportVersion,
    Reminder,
    ReminderKind,
    ReportState,
    VersionOutcome,
)
from ..periods import AgencyGraph, due_date, task_periods
from ..workflow import REPORT_TRANSITIONS, allowed
from . import PlanError, PlanPermissionError
from .common import Action, record_create, record_event, record_update, snapshot, transition_error

logger = logging.getLogger(__name__)

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".jpg",
    ".jpeg",
    ".png",
    ".odt",
    ".ods",
}


def owing_agencies(task, period_end, *, graph=None, on=None):
    """Who owes `task`'s report for a period ending on `period_end`: the lead
    while it exists, its successors in force after it was abolished."""
    graph = graph or AgencyGraph()
    on = on or timezone.localdate()
    return graph.owing(task.lead_agency_id, min(period_end, on))


@transaction.atomic
def open_report(task, agency, period, *, actor, graph=None):
    """The report `agency` owes on `task` for `period`, created if missing."""
    start, end = period
    if actor is not None and agency.pk not in {
        a.pk for a in owing_agencies(task, end, graph=graph)
    }:
        raise PlanPermissionError(_("This agency does not owe a report on this task."))
    if start > end:
        raise PlanError(_("The end of the period must not be before its start."))
    report, created = ProgressReport.objects.get_or_create(
        task=task,
        agency=agency,
        period_start=start,
        period_end=end,
        defaults={"due_on": due_date(task.plan, end)},
    )
    if created:
        record_create(report, actor=actor, unit=agency.unit)
    return report


@transaction.atomic
def open_reports(plan, *, on=None, actor=None, graph=None):
    """Create the report rows owed for every period of every task of `plan`
    that has started by `on`, from the plan's `reporting_from`. Idempotent;
    returns the number of rows created. One audit event per plan and run."""
    on = on or timezone.localdate()
    if plan.status != PlanStatus.ACTIVE or plan.reporting_from is None:
        return 0
    start = max(plan.reporting_from, plan.period_start)
    end = min(on, plan.period_end) if plan.period_end else on
    if end < start:
        return 0
    graph = graph or AgencyGraph()
    existing = set(
        ProgressReport.objects.filter(task__plan=plan).values_list(
            "task_id", "agency_id", "period_start", "period_end"
        )
    )
    new = []
    for task in plan.tasks.all():
        for period in task_periods(task, plan, start, end):
            for agency in graph.owing(task.lead_agency_id, min(period[1], on)):
                key = (task.pk, agency.pk, *period)
                if key in existing:
                    continue
                existing.add(key)
                new.append(
                    ProgressReport(
                        task=task,
                        agency=agency,
                        period_start=period[0],
                        period_end=period[1],
                        due_on=due_date(plan, period[1]),
                    )
                )
    if new:
        ProgressReport.objects.bulk_create(new, ignore_conflicts=True)
        record_event(
            Action.CREATE,
            actor=actor,
            subject=plan,
            changes={
                "reports_opened": {"old": None, "new": len(new)},
                "on": {"old": None, "new": on.isoformat()},
            },
        )
    return len(new)


def _require_open(report):
    if not report.open:
        raise PlanError(
            _("The report is “%(state)s” and can no longer be edited.")
            % {"state": ReportState(report.state).label}
        )


@transaction.atomic
def save_report(report, *, actor, **fields):
    report = ProgressReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    if actor is not None and not can_submit(actor, report):
        raise PlanPermissionError(_("You may not edit this report."))
    _require_open(report)
    before = snapshot(report)
    for key, value in fields.items():
        if key not in ProgressReport.CONTENT_FIELDS:
            raise PlanError(_("Not an editable field: %(name)s") % {"name": key})
        setattr(report, key, value.strip() if isinstance(value, str) else value)
    report.save()
    record_update(report, before, actor=actor, unit=report.agency.unit)
    return report


@transaction.atomic
def add_evidence(report, uploaded, *, actor):
    if actor is not None and not can_submit(actor, report):
        raise PlanPermissionError(_("You may not edit this report."))
    _require_open(report)
    name = Path(uploaded.name).name
    if Path(name).suffix.lower() not in EVIDENCE_SUFFIXES:
        raise PlanError(
            _("Files of this type cannot be attached; use %(types)s.")
            % {"types": ", ".join(sorted(EVIDENCE_SUFFIXES))}
        )
    if uploaded.size > MAX_EVIDENCE_BYTES:
        raise PlanError(_("The file is larger than 20 MB."))
    evidence = EvidenceFile(report=report, original_name=name[:250], uploaded_by=actor)
    evidence.file.save(name, uploaded, save=False)
    evidence.save()
    record_create(evidence, actor=actor, unit=report.agency.unit)
    return evidence


@transaction.atomic
def remove_evidence(evidence, *, actor):
    """Only a file not yet submitted can be removed."""
    report = evidence.report
    if actor is not None and not can_submit(actor, report):
        raise PlanPermissionError(_("You may not edit this report."))
    if evidence.version_id:
        raise PlanError(_("A file submitted with a version is kept."))
    record_event(
        Action.DELETE,
        actor=actor,
        subject=evidence,
        unit=report.agency.unit,
        changes={"original_name": {"old": evidence.original_name, "new": None}},
    )
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def change_report_state(report, target, *, actor, comment=""):
    """The one way a report moves through REPORT_TRANSITIONS. Submitting
    freezes the content as a new version; returning and accepting record the
    outcome on that version, so nothing is lost when a report goes back."""
    report = ProgressReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    current, target = ReportState(report.state), ReportState(target)
    if not allowed(REPORT_TRANSITIONS, current, target):
        raise transition_error(_("A report"), current, target)
    comment = (comment or "").strip()
    now = timezone.now()
    before = snapshot(report)
    if target == ReportState.SUBMITTED:
        if actor is not None and not can_submit(actor, report):
            raise PlanPermissionError(_("You may not submit this report."))
        if not report.done_text:
            raise PlanError(_("Describe what was done before submitting."))
        number = report.versions.count() + 1
        version = ProgressReportVersion.objects.create(
            report=report,
            number=number,
            submitted_at=now,
            submitted_by=actor,
            evidence_names=list(
                report.evidence.filter(version__isnull=True).values_list("original_name", flat=True)
            ),
            **{f: getattr(report, f) for f in ProgressReport.CONTENT_FIELDS},
        )
        report.evidence.filter(version__isnull=True).update(version=version)
        report.submitted_at = now
    else:
        if actor is not None and not can_review(actor, report):
            raise PlanPermissionError(_("You may not review this report."))
        if target == ReportState.RETURNED and not comment:
            raise PlanError(_("Say why the report is returned."))
        version = report.versions.order_by("-number").first()
        version.outcome = (
            VersionOutcome.RETURNED if target == ReportState.RETURNED else VersionOutcome.ACCEPTED
        )
        version.review_comment = comment
        version.reviewed_at = now
        version.reviewed_by = actor
        version.save(update_fields=list(ProgressReportVersion.REVIEW_FIELDS))
        report.review_comment = comment
        report.reviewed_at = now
    report.state = target
    report.save()
    record_update(report, before, actor=actor, unit=report.agency.unit)
    return report


def _reporters(agency_ids):
    """Active reporters with an e-mail address, by agency."""
    rows = (
        RoleAssignment.objects.active()
        .filter(role=Role.AGENCY_REPORTER, agency_id__in=agency_ids)
        .exclude(user__email="")
        .values_list("agency_id", "user_id")
    )
    by_agency = {}
    for agency_id, user_id in rows:
        by_agency.setdefault(agency_id, set()).add(user_id)
    return by_agency


def send_reminders(*, on=None, base_url=""):
    """Remind each report's agency once before the due date (within the
    plan's `reminder_days`) and once when it is overdue. The Reminder row is
    the in-app record; each reporter gets one e-mail per run listing task
    numbers and due dates only (no personal data). Returns the number of
    reminders created."""
    on = on or timezone.localdate()
    reports = (
        ProgressReport.objects.filter(
            state__in=[ReportState.DRAFT, ReportState.RETURNED],
            task__plan__status=PlanStatus.ACTIVE,
        )
        .select_related("task__plan", "agency")
        .order_by("due_on", "pk")
    )
    sent = {(r, k) for r, k in Reminder.objects.values_list("report_id", "kind")}
    due = []
    for report in reports:
        if report.due_on < on:
            kind = ReminderKind.OVERDUE
        elif report.due_on <= on + datetime.timedelta(days=report.task.plan.reminder_days):
            kind = ReminderKind.BEFORE_DUE
        else:
            continue
        if (report.pk, kind) not in sent:
            due.append((report, kind))
    if not due:
        return 0
    reporters = _reporters({r.agency_id for r, _k in due})
    per_user = {}
    created = 0
    for report, kind in due:
        users = reporters.get(report.agency_id, set())
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    report=report, kind=kind, due_on=report.due_on, recipients=len(users)
                )
                record_create(reminder, actor=None, unit=report.agency.unit)
        except IntegrityError:
            continue  # another run sent it meanwhile
        created += 1
        for user_id in users:
            per_user.setdefault(user_id, []).append((report, kind))
    _mail(per_user, base_url)
    return created


def _mail(per_user, base_url):
    if not per_user:
        return
    emails = dict(get_user_model().objects.filter(pk__in=per_user).values_list("pk", "email"))
    messages = []
    for user_id, items in per_user.items():
        lines = [_("Progress reports that need your agency's attention:"), ""]
        for report, kind in items:
            lines.append(
                _(
                    "- %(kind)s: task %(number)s of “%(plan)s”, "
                    "period %(start)s–%(end)s, due %(due)s: %(url)s"
                )
                % {
                    "kind": ReminderKind(kind).label,
                    "number": report.task.number,
                    "plan": report.task.plan.title,
                    "start": report.period_start.strftime("%d/%m/%Y"),
                    "end": report.period_end.strftime("%d/%m/%Y"),
                    "due": report.due_on.strftime("%d/%m/%Y"),
                    "url": base_url + reverse("plans:report-detail", args=[report.pk]),
                }
            )
        messages.append(
            EmailMessage(
                subject=_("[treem] Progress reports due"),
                body="\n".join(lines),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[emails[user_id]],
            )
        )
    try:
        get_connection().send_messages(messages)
    except OSError:
        # The in-app reminders stand; the mail server's failure is logged.
        logger.exception("sending %d reminder e-mails failed", len(messages))
