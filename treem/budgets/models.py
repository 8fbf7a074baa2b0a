"""Budgets of the plan's tasks: per task, agency and year, the money the
state allocated (with its decision or estimate), what donors and sponsors
gave (in cash, or in kind at its value) and what was spent.

Amounts are whole đồng (Decimal with 0 places): the state budget is kept in
đồng without decimals, and Decimal keeps sums exact on every database."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

AMOUNT = {"max_digits": 15, "decimal_places": 0}


class BudgetLineQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from .access import line_filter

        return self.filter(line_filter(user))


class BudgetLine(models.Model):
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("plan task"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    # The agency's area when the line was opened: what scoping reads.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = BudgetLineQuerySet.as_manager()

    AUDIT_FIELDS = ("task", "agency", "unit", "year", "note")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "task__order", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "year"], name="budgets_line_unique_task_agency_year"
            ),
        ]

    def __str__(self):
        return f"{self.task.number} · {self.agency.name} · {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("budgets:line", args=[self.pk])


class Entry(models.Model):
    amount = models.DecimalField(_("amount (VND)"), **AMOUNT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def unit_id(self):
        return self.line.unit_id


class Allocation(Entry):
    """State budget allocated to the line, with the decision or estimate."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="allocations")
    source = models.CharField(_("decision or estimate (number)"), max_length=200)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    AUDIT_FIELDS = ("line", "amount", "source", "decided_on", "note")

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_allocation_positive")
        ]

    def __str__(self):
        return self.source


class Form(models.TextChoices):
    CASH = "cash", _("In cash")
    IN_KIND = "in_kind", _("In kind (valued)")


class Mobilisation(Entry):
    """What a donor or sponsor gave; goods in kind at their value."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="mobilisations")
    donor = models.CharField(_("donor or sponsor"), max_length=200)
    form = models.CharField(_("form"), max_length=8, choices=Form.choices, default=Form.CASH)
    received_on = models.DateField(_("received on"))

    AUDIT_FIELDS = ("line", "amount", "donor", "form", "received_on", "note")

    class Meta:
        verbose_name = _("mobilised resource")
        verbose_name_plural = _("mobilised resources")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_mobilisation_positive")
        ]

    def __str__(self):
        return self.donor


class Spending(Entry):
    """Money spent from the line. It may name the activity it paid for: an
    activity's recorded cost is only a suggestion for this amount, and an
    activity is paid from one spending row at most, so no cost is counted
    twice (budgets count spending rows only, never activity costs)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="spending")
    spent_on = models.DateField(_("spent on"))
    purpose = models.CharField(_("what for"), max_length=300)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity paid for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    AUDIT_FIELDS = ("line", "amount", "spent_on", "purpose", "activity", "note")

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_spending_positive"),
            models.UniqueConstraint(
                fields=["activity"],
                condition=Q(activity__isnull=False),
                name="budgets_spending_one_per_activity",
            ),
        ]

    def __str__(self):
        return self.purpose
