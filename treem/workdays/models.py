"""The calendar adjustments an administrator enters: the working-day swaps and
extra days off the Government announces each year on top of the statutory
holidays, which come from the `holidays` library."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdjustmentKind(models.TextChoices):
    # A weekday (or a statutory holiday) on which offices are closed.
    DAY_OFF = "day_off", _("Extra day off")
    # A Saturday or Sunday on which offices work to make up for a bridged day.
    WORKING_DAY = "working_day", _("Make-up working day")


class Certainty(models.TextChoices):
    # The marks of the domain reference: [v], [s], [?].
    VERIFIED = "verified", _("Text of the announcement read [v]")
    SUMMARY = "summary", _("Secondary summary only [s]")
    UNVERIFIED = "unverified", _("Not verified [?]")


class CalendarAdjustment(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    name = models.CharField(_("description"), max_length=200)
    source = models.TextField(
        _("source"), help_text=_("The announcement this day comes from (number, date, body).")
    )
    certainty = models.CharField(
        _("certainty"), max_length=16, choices=Certainty.choices, default=Certainty.UNVERIFIED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    AUDIT_FIELDS = ("date", "kind", "name", "source", "certainty")

    class Meta:
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AdjustmentKind.values),
                name="workdays_adjustment_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"
