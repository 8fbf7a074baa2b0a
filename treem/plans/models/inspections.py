from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import FollowUpStatus, InspectionKind, InspectionState


class RatingLevel(models.Model):
    """One step of the rating scale. No law fixes the scale, so it is data
    an administrator can change (seeded with the usual three steps)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Counts towards "completed" in the figures of the review report.
    counts_as_completed = models.BooleanField(_("counts as completed"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    AUDIT_FIELDS = ("code", "name", "order", "counts_as_completed", "is_active", "source")

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from treem.accounts.permissions import Perm
        from treem.plans.access import plan_unit_filter

        return self.filter(plan_unit_filter(user, Perm.VIEW_PLANS, "plan__unit"))


class Inspection(models.Model):
    """The yearly inspection and evaluation (kiểm tra, đánh giá) or a
    mid-term / final review (sơ kết, tổng kết) of a plan."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=16, choices=InspectionState.choices, default=InspectionState.DRAFT
    )
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Header of the review report (Decree 30/2020 layout).
    number_symbol = models.CharField(
        _("number and symbol of the report"), max_length=100, blank=True
    )
    summary = models.TextField(_("general assessment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    AUDIT_FIELDS = (
        "plan",
        "kind",
        "year",
        "title",
        "state",
        "lead_agency",
        "number_symbol",
        "summary",
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "year"], name="plans_inspection_unique_year"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:inspection-detail", args=[self.pk])

    @property
    def unit_id(self):
        return self.plan.unit_id


class Evaluation(models.Model):
    """The inspection of one agency: a checklist of its tasks, an overall
    rating and the findings."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    overall_rating = models.ForeignKey(
        RatingLevel,
        verbose_name=_("overall rating"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    findings = models.TextField(_("findings"), blank=True)

    AUDIT_FIELDS = ("inspection", "agency", "overall_rating", "findings")

    class Meta:
        verbose_name = _("evaluation of an agency")
        verbose_name_plural = _("evaluations of agencies")
        ordering = ["inspection", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "agency"], name="plans_evaluation_unique_agency"
            ),
        ]

    def __str__(self):
        return f"{self.inspection} · {self.agency}"

    @property
    def unit_id(self):
        return self.agency.unit_id


class ChecklistItem(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="+"
    )
    # What the agency's accepted reports of the year said, copied when the
    # checklist was built so the review keeps what the inspectors saw.
    reported_result = models.TextField(_("reported result"), blank=True)
    reported_figures = models.TextField(_("reported figures"), blank=True)
    reported_status = models.CharField(_("reported progress"), max_length=16, blank=True)
    rating = models.ForeignKey(
        RatingLevel,
        verbose_name=_("rating"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    AUDIT_FIELDS = ("evaluation", "task", "rating", "comment")

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["evaluation", "task__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "task"], name="plans_checklist_unique_task"
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.task.number}"


class Recommendation(models.Model):
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    AUDIT_FIELDS = ("evaluation", "text", "due_on", "follow_up", "follow_up_note")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def unit_id(self):
        return self.evaluation.agency.unit_id
