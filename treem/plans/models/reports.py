from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import ProgressStatus, ReminderKind, ReportState, VersionOutcome


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from treem.plans.access import report_filter

        return self.filter(report_filter(user))


class ProgressReport(models.Model):
    """What one agency reports on one task for one period. The row exists
    from the moment the report is owed (state "not submitted"), so its due
    date can be scanned for reminders and the overdue list."""

    task = models.ForeignKey(
        "plans.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    # Stored, recomputed by the service from the plan's settings.
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.CharField(
        _("progress"),
        max_length=16,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    done_text = models.TextField(_("what was done"), blank=True)
    figures = models.TextField(_("figures"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    # The comment of the latest return or acceptance.
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    AUDIT_FIELDS = (
        "task",
        "agency",
        "period_start",
        "period_end",
        "due_on",
        "state",
        "status",
        "done_text",
        "figures",
        "difficulties",
        "proposals",
        "review_comment",
    )
    CONTENT_FIELDS = ("status", "done_text", "figures", "difficulties", "proposals")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period_end", "task__order", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "period_start", "period_end"],
                name="plans_report_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plans_report_period"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="plans_report_due_idx")]

    def __str__(self):
        period = f"{self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
        return f"{self.task.number} · {self.agency} · {period}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:report-detail", args=[self.pk])

    @property
    def open(self):
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    def is_overdue(self, on):
        return self.open and self.due_on < on

    @property
    def unit_id(self):
        # The audit trail files report events under the reporting agency's area.
        return self.agency.unit_id


class ImmutableVersionError(Exception):
    pass


class ProgressReportVersion(models.Model):
    """One submission, frozen. Only the review outcome is filled in later,
    once."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("progress"), max_length=16, choices=ProgressStatus.choices)
    done_text = models.TextField(_("what was done"), blank=True)
    figures = models.TextField(_("figures"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    evidence_names = models.JSONField(_("evidence files"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=VersionOutcome.choices, default=VersionOutcome.PENDING
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    REVIEW_FIELDS = ("outcome", "review_comment", "reviewed_at", "reviewed_by")

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="plans_report_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= set(self.REVIEW_FIELDS):
                raise ImmutableVersionError("A submitted version cannot be changed.")
            if (
                ProgressReportVersion.objects.filter(pk=self.pk)
                .exclude(outcome=VersionOutcome.PENDING)
                .exists()
            ):
                raise ImmutableVersionError("A reviewed version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError("A submitted version cannot be deleted.")


class EvidenceFile(models.Model):
    """A file attached to a report. It belongs to the version it was
    submitted with, and is kept from then on."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    version = models.ForeignKey(
        ProgressReportVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    # Under MEDIA_ROOT, served only through the scoped download view.
    file = models.FileField(_("file"), upload_to="plans/evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=250)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    AUDIT_FIELDS = ("report", "version", "original_name")

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def unit_id(self):
        return self.report.agency.unit_id


class Reminder(models.Model):
    """A reminder sent about one report: the in-app record of the e-mail.
    One per report and kind, so the scan can run any number of times."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    due_on = models.DateField(_("due on"))
    recipients = models.PositiveIntegerField(_("e-mails sent"), default=0)

    AUDIT_FIELDS = ("report", "kind", "due_on", "recipients")

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="plans_reminder_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.report}"
