"""Injuries of children (BV06–BV08 are counted from them) and swimming and
water-safety classes. Causes follow the categories the issue names for the
circular (drowning, traffic, fall, burn, poisoning, animal bite, other) [?:
the circular's own list was not read]."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet


class InjuryQuerySet(ScopedQuerySet, models.QuerySet):
    # An injury (its outcome, a lasting disability) tells the child's health:
    # read with the sensitive scope, as the child's record shows it.
    default_perm = Perm.VIEW_SENSITIVE


class SafetyClassQuerySet(ScopedQuerySet, models.QuerySet):
    # Counts of children taught, no child named.
    pass


class Cause(models.TextChoices):
    DROWNING = "drowning", _("Drowning")
    TRAFFIC = "traffic", _("Traffic accident")
    FALL = "fall", _("Fall")
    BURN = "burn", _("Burn")
    POISONING = "poisoning", _("Poisoning")
    ANIMAL_BITE = "animal_bite", _("Animal bite")
    OTHER = "other", _("Other")


class PlaceType(models.TextChoices):
    HOME = "home", _("Home")
    SCHOOL = "school", _("School")
    ROAD = "road", _("Road")
    WATER = "water", _("River, lake, pond or sea")
    PUBLIC = "public", _("Public place")
    WORK = "work", _("Workplace")
    OTHER = "other", _("Other place")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor (treated at home or first aid)")
    MODERATE = "moderate", _("Treated at a health facility")
    SEVERE = "severe", _("Admitted to hospital")


class Outcome(models.TextChoices):
    RECOVERED = "recovered", _("Recovered")
    TREATING = "treating", _("Still being treated")
    DISABILITY = "disability", _("Lasting disability")
    DEATH = "death", _("Died")


class Injury(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="injuries")
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    occurred_on = models.DateField(_("date"))
    place_type = models.CharField(_("place"), max_length=12, choices=PlaceType.choices)
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("what happened"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = InjuryQuerySet.as_manager()

    AUDIT_FIELDS = ("child", "unit", "occurred_on", "place_type", "cause", "severity", "outcome")

    class Meta:
        verbose_name = _("injury")
        verbose_name_plural = _("injuries")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["ward", "occurred_on"], name="assistance_injury_ward_idx")]

    def __str__(self):
        return f"{self.get_cause_display()} {self.occurred_on:%d/%m/%Y}"


class SafetyClassKind(models.TextChoices):
    SWIMMING = "swimming", _("Safe swimming class")
    WATER_SAFETY = "water_safety", _("Water-safety skills class")


class SafetyClass(models.Model):
    """A class and the children taught, by sex and age band (0–5, 6–10, 11–15)."""

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind of class"), max_length=16, choices=SafetyClassKind.choices)
    organiser = models.CharField(_("organised by"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    girls_0_5 = models.PositiveIntegerField(_("girls aged 0–5"), default=0)
    boys_0_5 = models.PositiveIntegerField(_("boys aged 0–5"), default=0)
    girls_6_10 = models.PositiveIntegerField(_("girls aged 6–10"), default=0)
    boys_6_10 = models.PositiveIntegerField(_("boys aged 6–10"), default=0)
    girls_11_15 = models.PositiveIntegerField(_("girls aged 11–15"), default=0)
    boys_11_15 = models.PositiveIntegerField(_("boys aged 11–15"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SafetyClassQuerySet.as_manager()

    COUNTS = ("girls_0_5", "boys_0_5", "girls_6_10", "boys_6_10", "girls_11_15", "boys_11_15")
    AUDIT_FIELDS = ("unit", "kind", "organiser", "starts_on", "ends_on", *COUNTS)

    class Meta:
        verbose_name = _("swimming or water-safety class")
        verbose_name_plural = _("swimming and water-safety classes")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="assistance_class_dates"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%d/%m/%Y}"

    @property
    def taught(self):
        return sum(getattr(self, name) for name in self.COUNTS)
