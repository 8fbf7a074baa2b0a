"""Figures an agency enters for its unit and a period: one submission per
agency, unit and period, one line per indicator, moving through
draft → submitted → approved (locked); a locked submission changes only after
it is reopened."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treem.accounts.scope import ScopedQuerySet

from .catalogue import Indicator, PeriodType


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    LOCKED = "locked", _("Approved and locked")
    REOPENED = "reopened", _("Reopened for correction")


EDITABLE_STATES = (EntryState.DRAFT, EntryState.RETURNED, EntryState.REOPENED)


class SubmissionQuerySet(ScopedQuerySet, models.QuerySet):
    pass


class Submission(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    period_type = models.CharField(_("period type"), max_length=16, choices=PeriodType.choices)
    # "2026", "2026-H1", "2026-Q2" or "2026-05" (periods.py).
    period = models.CharField(_("period"), max_length=7)
    # The period's year, kept by the services so that a year's figures are one filter.
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=16, choices=EntryState.choices, default=EntryState.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = SubmissionQuerySet.as_manager()

    AUDIT_FIELDS = ("agency", "unit", "period_type", "period", "state", "note")

    class Meta:
        verbose_name = _("figures submission")
        verbose_name_plural = _("figures submissions")
        ordering = ["-period", "unit__name", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "period"], name="indicators_submission_unique"
            ),
        ]
        indexes = [models.Index(fields=["state", "period"], name="indicators_sub_state_idx")]

    def __str__(self):
        return f"{self.agency} · {self.unit} · {self.period}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:submission", args=[self.pk])

    @property
    def editable(self):
        return self.state in EDITABLE_STATES


class SubmissionLine(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    # Kept by the services from numerator and denominator (or entered for a count).
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True)
    # Set when the value moved more than the indicator's threshold from the
    # previous period: shown to the approver, not an error.
    jump_flag = models.CharField(_("warning"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    AUDIT_FIELDS = ("indicator", "numerator", "denominator", "value", "jump_flag", "note")

    class Meta:
        verbose_name = _("submitted figure")
        verbose_name_plural = _("submitted figures")
        ordering = ["indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="indicators_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="indicators_line_numerator_le_denominator",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"

    @property
    def unit_id(self):
        return self.submission.unit_id
