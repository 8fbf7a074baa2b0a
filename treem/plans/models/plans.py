from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet

from .choices import PERIODIC, PlanStatus, Timing


class PlanQuerySet(ScopedQuerySet, models.QuerySet):
    default_perm = Perm.VIEW_PLANS

    def visible_to(self, user, perm=None):
        # Plans flow downwards: a city or province plan applies to the wards
        # in it, so its unit may be an ancestor of the user's units.
        from treem.plans.access import plan_unit_filter

        return self.filter(plan_unit_filter(user, perm or self.default_perm, "unit"))


class Plan(models.Model):
    """A plan (kế hoạch) implementing a guiding document. A sub-plan is the
    plan a ward or agency makes to carry out one task of its parent plan."""

    code = models.SlugField(_("code"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=500)
    document = models.ForeignKey(
        "plans.GuidingDocument",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_plans",
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="plans"
    )
    parent_task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("implements task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_plans",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    preamble = models.TextField(_("preamble"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signature = models.TextField(_("signature block"), blank=True)
    # Continuous duties report on this cycle.
    continuous_frequency = models.CharField(
        _("reporting cycle of continuous tasks"),
        max_length=16,
        choices=[(t.value, t.label) for t in PERIODIC],
        default=Timing.QUARTERLY,
    )
    # Due date of a period's report = last day of the period + this many days.
    report_due_days = models.SmallIntegerField(_("report due (days after period end)"), default=0)
    reminder_days = models.PositiveSmallIntegerField(_("remind this many days before"), default=7)
    # Report obligations are opened from this date on; empty: none are opened.
    reporting_from = models.DateField(_("reports tracked from"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    AUDIT_FIELDS = (
        "code",
        "title",
        "document",
        "owner_agency",
        "unit",
        "parent_task",
        "period_start",
        "period_end",
        "status",
        "continuous_frequency",
        "report_due_days",
        "reminder_days",
        "reporting_from",
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="plans_plan_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="plans_plan_period",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:plan-detail", args=[self.pk])


class PlanSection(models.Model):
    """A numbered part of the plan (I, I.1, II, III.3…) with its text."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    AUDIT_FIELDS = ("plan", "parent", "number", "title", "body", "order")

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_section_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from treem.plans.access import plan_unit_filter

        return self.filter(plan_unit_filter(user, perm or Perm.VIEW_PLANS, "plan__unit"))


class Task(models.Model):
    """One duty the plan gives one body (the lead), with the bodies it works
    with and how often it reports."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        PlanSection, verbose_name=_("section"), on_delete=models.PROTECT, related_name="tasks"
    )
    number = models.CharField(_("number"), max_length=30)
    content = models.TextField(_("content"))
    # Where in the document the duty is written, for checking against the source.
    source_ref = models.CharField(_("place in the document"), max_length=200, blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="lead_tasks",
    )
    coordinating_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("coordinating agencies"),
        blank=True,
        related_name="coordinated_tasks",
    )
    # Bodies the text names only generically ("các cơ quan liên quan").
    coordination_note = models.CharField(_("other coordinating bodies"), max_length=300, blank=True)
    timing = models.CharField(_("timing"), max_length=16, choices=Timing.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_output = models.TextField(_("expected output"), blank=True)
    # Codes of the indicators this task feeds; the indicators app will turn
    # this into a relation.
    indicator_codes = models.JSONField(_("linked indicators"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = TaskQuerySet.as_manager()

    AUDIT_FIELDS = (
        "plan",
        "section",
        "number",
        "content",
        "source_ref",
        "lead_agency",
        "coordination_note",
        "timing",
        "deadline",
        "expected_output",
        "indicator_codes",
        "order",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_task_unique_number"),
            models.CheckConstraint(
                condition=~Q(timing=Timing.ONE_OFF) | Q(deadline__isnull=False),
                name="plans_task_one_off_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.content[:80]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:task-detail", args=[self.pk])
