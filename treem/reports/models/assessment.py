"""Assessments against a criteria set (models/criteria_set.py): the
child-friendly ward assessment of QĐ 06/QĐ-TTg ngày 03/01/2019, and the
assessments of families and schools.

The criteria, their sub-items with points and the pass thresholds are data
an administrator edits per set (the full point table of QĐ 06 has not been
verified against the decision's text); an assessment scores every item of
its set for one subject and one year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet

from .criteria_set import CriteriaSet, SetKind


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="criteria",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("criterion"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    # Empty while the decision's point table is not known for this criterion.
    max_points = models.PositiveSmallIntegerField(_("maximum points"), null=True, blank=True)
    # A criterion below this is "not met", whatever the total (0 always fails).
    min_points = models.PositiveSmallIntegerField(
        _("points needed to meet it"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified against the legal text"), default=False)

    AUDIT_FIELDS = (
        "number",
        "name",
        "name_en",
        "max_points",
        "min_points",
        "notes",
        "source",
        "verified",
    )

    class Meta:
        verbose_name = _("child-friendly criterion")
        verbose_name_plural = _("child-friendly criteria")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="reports_criterion_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class EvidenceSource(models.TextChoices):
    """Where a pre-filled item takes its evidence from. `indicator` reads the
    item's `indicator_code` through the indicator catalogue."""

    MANUAL = "", _("Entered by the ward")
    PERSONAL_ID = "registry.personal_id", _("Registry: share of children with a personal ID")
    BIRTH_REGISTERED = (
        "registry.birth_registered",
        _("Registry: share of children with a birth registration"),
    )
    SPECIAL_SUPPORTED = (
        "registry.special_supported",
        _("Registry: share of children in special circumstances who were supported"),
    )
    PLAN_REPORTED = "plans.reported", _("Plan: share of the ward's task reports accepted")
    FORUMS = (
        "activities.forums",
        _("Children's forums: forums held and recommendations answered on time"),
    )
    INDICATOR = "indicator", _("Indicator catalogue")


class CriterionItem(models.Model):
    """A scored sub-item of a criterion (e.g. 6.1 "≥ 95 % supported: 50")."""

    # Always the criterion's set (the services keep it so): item codes are
    # unique per set.
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=10)
    text = models.CharField(_("content"), max_length=500)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), null=True, blank=True)
    evidence_source = models.CharField(
        _("evidence from"), max_length=32, choices=EvidenceSource.choices, blank=True
    )
    indicator_code = models.CharField(_("indicator code"), max_length=40, blank=True)
    # With evidence, full points are suggested when the value reaches this
    # (or stays at or below it when `lower_is_better`), zero otherwise.
    target_value = models.DecimalField(
        _("value giving full points"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified against the legal text"), default=False)

    AUDIT_FIELDS = (
        "criterion",
        "code",
        "text",
        "max_points",
        "evidence_source",
        "indicator_code",
        "target_value",
        "lower_is_better",
        "order",
        "source",
        "verified",
    )

    class Meta:
        verbose_name = _("criterion item")
        verbose_name_plural = _("criterion items")
        ordering = ["criterion__number", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(evidence_source="indicator") | ~Q(indicator_code=""),
                name="reports_item_indicator_has_code",
            ),
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="reports_item_unique_code"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    @property
    def computed(self):
        return bool(self.evidence_source)


class Threshold(models.Model):
    """Points a unit needs, by category of unit (850 in general, 900 for
    wards of centrally-run cities, 800 for mountainous, island or extremely
    difficult communes)."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="thresholds",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("category of unit"), max_length=200)
    min_total = models.PositiveSmallIntegerField(_("points needed"))
    is_default = models.BooleanField(_("default for new assessments"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified against the legal text"), default=False)

    AUDIT_FIELDS = ("code", "name", "min_total", "is_default", "order", "source", "verified")

    class Meta:
        verbose_name = _("pass threshold")
        verbose_name_plural = _("pass thresholds")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="reports_threshold_unique_code"
            ),
        ]

    def __str__(self):
        return f"{self.name} (≥ {self.min_total})"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("assessment status", "Submitted")
    CONFIRMED = "confirmed", pgettext_lazy("assessment status", "Confirmed")


class AssessmentQuerySet(ScopedQuerySet, models.QuerySet):
    default_perm = Perm.ASSESS_WARDS


class Assessment(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    # The set's kind, kept by the services so that constraints and lists
    # need no join.
    kind = models.CharField(
        _("what it assesses"), max_length=16, choices=SetKind.choices, default=SetKind.WARD
    )
    # The ward assessed, or the ward the school or household is in: the scope.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The registry keeps no household record: a family is named as the ward
    # names it (head of household, address, residential group).
    household_name = models.CharField(_("household"), max_length=200, blank=True)
    household_address = models.CharField(_("address"), max_length=250, blank=True)
    household_group = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("residential group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    threshold = models.ForeignKey(
        Threshold, verbose_name=_("category of unit"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    note = models.TextField(_("general remarks"), blank=True)
    # Kept by the services from the scores, so lists need no aggregation.
    total_points = models.DecimalField(_("total points"), max_digits=7, decimal_places=2, default=0)
    zero_criteria = models.JSONField(_("criteria scoring 0"), default=list, blank=True)
    failed_criteria = models.JSONField(_("criteria not met"), default=list, blank=True)
    prefilled_at = models.DateTimeField(_("evidence computed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = AssessmentQuerySet.as_manager()

    SCOPE_FIELD = "unit"
    AUDIT_FIELDS = (
        "criteria_set",
        "kind",
        "unit",
        "school",
        "household_name",
        "household_address",
        "household_group",
        "year",
        "threshold",
        "status",
        "note",
        "total_points",
        "zero_criteria",
        "failed_criteria",
    )

    class Meta:
        verbose_name = _("child-friendly assessment")
        verbose_name_plural = _("child-friendly assessments")
        ordering = ["unit__name", "-year"]
        constraints = [
            # One ward assessment per ward and year, as before the sets.
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(kind="ward"),
                name="reports_assessment_unique_year",
            ),
            models.UniqueConstraint(
                fields=["criteria_set", "school", "year"],
                condition=Q(kind="school"),
                name="reports_school_assessment_unique_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(school__isnull=False),
                name="reports_school_assessment_names_school",
            ),
            models.CheckConstraint(
                condition=~Q(kind="family") | ~Q(household_name=""),
                name="reports_family_assessment_names_household",
            ),
        ]

    def __str__(self):
        return f"{self.subject} · {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reports:assessment-detail", args=[self.pk])

    @property
    def subject(self):
        """What is assessed, as the pages name it."""
        if self.kind == SetKind.SCHOOL and self.school_id:
            return self.school.name
        if self.kind == SetKind.FAMILY:
            return self.household_name
        return self.unit.name

    @property
    def min_total(self):
        return self.threshold.min_total

    @property
    def passed(self):
        """Recognised only with every criterion met, none at 0, and the total
        at or above the threshold of the unit's category."""
        return (
            not self.zero_criteria
            and not self.failed_criteria
            and self.total_points >= self.threshold.min_total
        )

    @property
    def editable(self):
        return self.status == AssessmentStatus.DRAFT


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        CriterionItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    # Empty until scored.
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    # What the system found (pre-filled) and the value it was computed from.
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    suggested_points = models.DecimalField(
        _("suggested points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    AUDIT_FIELDS = ("assessment", "item", "points", "evidence", "note")

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        ordering = ["item__criterion__number", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="reports_score_unique_item"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="reports_score_points_positive",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.item.code}"

    @property
    def unit_id(self):
        return self.assessment.unit_id
