"""Data-protection duties of the system's operator (Law 91/2025/QH15 and
Decree 356/2025/NĐ-CP): how long each kind of data is kept and what happens
after, the runs that applied it, the register of personal-data incidents and
the record of processing purposes. Every value that comes from a legal text
carries its source and whether it was checked against the text (legal.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataKind(models.TextChoices):
    AGED_OUT_CHILDREN = "aged_out_children", _("Children who have come of age")
    CLOSED_CASES = "closed_cases", _("Closed protection cases")
    REGISTER_ROWS = "register_rows", _("Population register rows kept by a linkage run")
    JOB_FILES = "job_files", _("Files produced by background jobs")
    AUDIT_TRAIL = "audit_trail", _("Audit trail")


class RetentionAction(models.TextChoices):
    ARCHIVE = "archive", _("Archive (kept, marked as archived)")
    PSEUDONYMISE = "pseudonymise", _("Pseudonymise (names and numbers replaced)")
    DELETE = "delete", _("Delete")
    KEEP = "keep", _("Keep (nothing is removed)")


class PeriodUnit(models.TextChoices):
    DAYS = "days", _("days")
    YEARS = "years", _("years")


# What each kind of data may undergo. Children and cases are never deleted:
# other records (cases, allowances, the merge registry, audit events) point at
# them, and a ward answers for what it did for a child long after. The audit
# trail is hash-chained (treem/audit/chain.py) and is the record of processing
# itself: deleting an event would break the chain, so it is only ever kept.
ALLOWED_ACTIONS = {
    DataKind.AGED_OUT_CHILDREN: (RetentionAction.PSEUDONYMISE, RetentionAction.KEEP),
    DataKind.CLOSED_CASES: (
        RetentionAction.ARCHIVE,
        RetentionAction.PSEUDONYMISE,
        RetentionAction.KEEP,
    ),
    DataKind.REGISTER_ROWS: (RetentionAction.DELETE, RetentionAction.KEEP),
    DataKind.JOB_FILES: (RetentionAction.DELETE, RetentionAction.KEEP),
    DataKind.AUDIT_TRAIL: (RetentionAction.KEEP,),
}


class RetentionRule(models.Model):
    """How long one kind of data is kept after its purpose ends, and what
    then happens to it; edited by the administrator."""

    kind = models.CharField(_("kind of data"), max_length=32, choices=DataKind.choices, unique=True)
    period = models.PositiveIntegerField(_("kept for"))
    period_unit = models.CharField(
        _("unit"), max_length=8, choices=PeriodUnit.choices, default=PeriodUnit.YEARS
    )
    action = models.CharField(_("then"), max_length=16, choices=RetentionAction.choices)
    counted_from = models.CharField(_("counted from"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    verified = models.BooleanField(_("checked against the legal text"), default=False)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("applied"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("kind", "period", "period_unit", "action", "source", "verified", "active")

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["id"]

    def __str__(self):
        return self.get_kind_display()

    def cutoff(self, now=None):
        """The moment before which this kind's rows are past their period."""
        now = now or timezone.now()
        if self.period_unit == PeriodUnit.YEARS:
            return _years_before(now, self.period)
        return now - datetime.timedelta(days=self.period)


def _years_before(moment, years):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


class RetentionRun(models.Model):
    """One pass of `apply_retention`, a dry run or a real one."""

    dry_run = models.BooleanField(_("dry run"), default=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # {kind: {"action": ..., "count": n, "cutoff": iso date}}: counts only,
    # never a name, so the page and the audit event read no personal data.
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    AUDIT_FIELDS = ("dry_run", "counts")

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%d/%m/%Y %H:%M}"

    @property
    def total(self):
        return sum(v.get("count", 0) for v in self.counts.values())


class ProcessedRecord(models.Model):
    """A child or case already archived or pseudonymised, so that a later
    run leaves it alone. The record itself keeps its row and its id: what
    points at it (cases, allowances, the merge registry, audit events) stays."""

    kind = models.CharField(max_length=32, choices=DataKind.choices)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=16, choices=RetentionAction.choices)
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="records")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="privacy_processed_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} {self.action}"


class NotificationRule(models.Model):
    """How soon an incident must be reported to the specialised authority."""

    hours = models.PositiveIntegerField(_("report within (hours)"), default=72)
    authority = models.CharField(_("authority to inform"), max_length=200)
    source = models.CharField(_("source"), max_length=400, blank=True)
    verified = models.BooleanField(_("checked against the legal text"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("hours", "authority", "source", "verified")

    class Meta:
        verbose_name = _("incident notification rule")
        verbose_name_plural = _("incident notification rules")

    def __str__(self):
        return f"{self.hours} h"


class Incident(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        OPEN = "open", _("Being handled")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    detected_at = models.DateTimeField(_("detected at"))
    occurred_at = models.DateTimeField(_("happened at (if known)"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    data_kinds = models.CharField(_("kinds of personal data affected"), max_length=400)
    people_affected = models.PositiveIntegerField(
        _("number of people affected"), null=True, blank=True
    )
    children_affected = models.BooleanField(_("children's data affected"), default=True)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    # Copied from NotificationRule when recorded, and recomputed by the
    # service when the detection time changes: a later edit of the rule does
    # not move an incident's deadline.
    deadline_hours = models.PositiveIntegerField(_("report within (hours)"))
    deadline_source = models.CharField(_("source of the time limit"), max_length=400, blank=True)
    notify_by = models.DateTimeField(_("report to the authority by"))
    authority = models.CharField(_("authority"), max_length=200, blank=True)
    authority_notified_at = models.DateTimeField(_("authority informed at"), null=True, blank=True)
    authority_reference = models.CharField(
        _("reference of the report sent"), max_length=200, blank=True
    )
    subjects_notified_at = models.DateTimeField(
        _("people affected informed at"), null=True, blank=True
    )
    subjects_notice = models.TextField(_("who was informed and how"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The description may quote what leaked: the audit keeps which fields
    # changed, not the text (the trail is read by auditors of every area).
    AUDIT_FIELDS = (
        "detected_at",
        "severity",
        "people_affected",
        "children_affected",
        "deadline_hours",
        "notify_by",
        "authority_notified_at",
        "subjects_notified_at",
        "status",
    )

    class Meta:
        verbose_name = _("personal-data incident")
        verbose_name_plural = _("personal-data incidents")
        ordering = ["-detected_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.detected_at:%d/%m/%Y}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("privacy:incident", args=[self.pk])

    @property
    def overdue(self):
        return self.authority_notified_at is None and timezone.now() > self.notify_by

    @property
    def hours_left(self):
        """Whole hours until the deadline (negative once passed); None once reported."""
        if self.authority_notified_at is not None:
            return None
        return int((self.notify_by - timezone.now()).total_seconds() // 3600)

    @property
    def hours_late(self):
        """Whole hours since the deadline passed unreported."""
        if not self.overdue:
            return 0
        return int((timezone.now() - self.notify_by).total_seconds() // 3600)

    @property
    def due_soon(self):
        left = self.hours_left
        return left is not None and 0 <= left < 24


class ProcessingPurpose(models.Model):
    """One line of the record of processing: why the system holds personal
    data, on what legal basis, about whom, shared with whom, for how long."""

    code = models.SlugField(max_length=40, unique=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.TextField(_("legal basis"))
    data_kinds = models.TextField(_("kinds of personal data"))
    sensitive = models.BooleanField(_("includes sensitive data"), default=False)
    subjects = models.CharField(_("whose data"), max_length=300)
    recipients = models.TextField(_("who receives it"), blank=True)
    retention = models.CharField(_("how long it is kept"), max_length=300, blank=True)
    verified = models.BooleanField(_("checked against the legal text"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("purpose", "legal_basis", "data_kinds", "subjects", "recipients", "retention")

    class Meta:
        verbose_name = _("processing purpose")
        verbose_name_plural = _("processing purposes")
        ordering = ["order", "id"]

    def __str__(self):
        return self.purpose
