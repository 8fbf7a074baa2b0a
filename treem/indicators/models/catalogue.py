"""The indicator catalogue: what is measured, how, from which source, and the
targets it is held to. All of it is data an administrator edits (the legal
texts change and the national targets are only known from summaries)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    PER_1000 = "per_1000", _("Rate per 1,000")
    PER_100000 = "per_100000", _("Rate per 100,000")


# What a value is multiplied by after dividing the numerator by the denominator.
MULTIPLIERS = {
    Kind.COUNT: None,
    Kind.PERCENTAGE: Decimal(100),
    Kind.PER_1000: Decimal(1000),
    Kind.PER_100000: Decimal(100000),
}


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")


class Source(models.TextChoices):
    REGISTRY = "registry", _("Computed from the children's registry")
    CASES = "cases", _("Computed from child-protection cases")
    ENTERED = "entered", _("Entered by an agency")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("At least")
    BELOW = "below", _("Below")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit_label = models.CharField(_("unit"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    numerator_definition = models.TextField(_("numerator"), blank=True)
    denominator_definition = models.TextField(_("denominator"), blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    period_type = models.CharField(
        _("period"), max_length=16, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    source = models.CharField(_("source of the figures"), max_length=16, choices=Source.choices)
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    direction = models.CharField(
        _("better when"), max_length=16, choices=Direction.choices, default=Direction.AT_LEAST
    )
    # How a computed indicator is read from the analytics store: the measure
    # counted, the measure it is divided by, the ages (in completed years at
    # the end of the period) and an optional group code of the measure.
    numerator_measure = models.CharField(_("numerator measure"), max_length=32, blank=True)
    denominator_measure = models.CharField(_("denominator measure"), max_length=32, blank=True)
    measure_group = models.CharField(_("group of the measure"), max_length=20, blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), default=0)
    age_max = models.PositiveSmallIntegerField(_("to age"), default=15)
    # Entered indicators: the kinds of agency that report them.
    agency_kinds = models.JSONField(_("reported by (agency kinds)"), default=list, blank=True)
    # A value that moves more than this (in %) from the previous period is flagged.
    jump_threshold = models.DecimalField(
        _("flag a change above (%)"), max_digits=6, decimal_places=2, default=Decimal(30)
    )
    # Counts below 5 are hidden so that no child can be recognised; an indicator
    # that counts wards or places, not people, has nothing to protect.
    counts_people = models.BooleanField(_("counts people (hide counts below 5)"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    AUDIT_FIELDS = (
        "code",
        "name",
        "definition",
        "unit_label",
        "kind",
        "numerator_definition",
        "denominator_definition",
        "disaggregations",
        "period_type",
        "source",
        "legal_source",
        "direction",
        "numerator_measure",
        "denominator_measure",
        "measure_group",
        "age_min",
        "age_max",
        "agency_kinds",
        "jump_threshold",
        "counts_people",
        "order",
        "active",
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__lte=models.F("age_max")), name="indicators_age_range"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:catalogue-detail", args=[self.pk])

    @property
    def has_denominator(self):
        return self.kind != Kind.COUNT

    @property
    def multiplier(self):
        return MULTIPLIERS[Kind(self.kind)]


class Target(models.Model):
    """A target of the National Action Programme (or a local plan) for a year,
    with the band around it that counts as "nearly there" (amber)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    # Within this distance (in the indicator's unit) of the target the light is amber.
    amber_margin = models.DecimalField(
        _("amber band"), max_digits=12, decimal_places=2, default=Decimal(5)
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    AUDIT_FIELDS = ("indicator", "year", "value", "direction", "amber_margin", "source")

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicators_target_unique"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"

    def light(self, value):
        """green / amber / red for `value` against this target."""
        if value is None:
            return None
        if self.direction == Direction.AT_LEAST:
            if value >= self.value:
                return "green"
            return "amber" if value >= self.value - self.amber_margin else "red"
        if value <= self.value:
            return "green"
        return "amber" if value <= self.value + self.amber_margin else "red"
