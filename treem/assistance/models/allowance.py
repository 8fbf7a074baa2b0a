"""Monthly social allowances (Decree 20/2021/NĐ-CP): decisions, suspensions,
the monthly payments generated from them, and other support a child receives.
Every row carries the child's unit (the scope) and ward (fast lists)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet


class SensitiveQuerySet(ScopedQuerySet, models.QuerySet):
    # An allowance group tells disability or HIV: read with the sensitive scope.
    default_perm = Perm.VIEW_SENSITIVE


class DecisionStatus(models.TextChoices):
    ACTIVE = "active", _("Being paid")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class AllowanceDecision(models.Model):
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="allowance_decisions"
    )
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    group = models.CharField(_("eligible group"), max_length=40)
    number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=120)
    starts_on = models.DateField(_("paid from"))
    ends_on = models.DateField(_("paid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.ACTIVE
    )
    end_reason = models.CharField(_("reason for ending"), max_length=250, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SensitiveQuerySet.as_manager()

    AUDIT_FIELDS = (
        "child",
        "unit",
        "group",
        "number",
        "decided_on",
        "signer",
        "starts_on",
        "ends_on",
        "status",
        "end_reason",
        "note",
    )

    class Meta:
        verbose_name = _("allowance decision")
        verbose_name_plural = _("allowance decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["ward", "status"], name="assistance_decision_ward_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assistance_decision_dates",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("assistance:decision", args=[self.pk])

    @property
    def group_name(self):
        from ..rules import rules

        group = rules().groups.get(self.group)
        return group.name if group else self.group


class AllowanceSuspension(models.Model):
    """No payment for the months that overlap [starts_on, ends_on]."""

    decision = models.ForeignKey(
        AllowanceDecision, on_delete=models.CASCADE, related_name="suspensions"
    )
    starts_on = models.DateField(_("suspended from"))
    ends_on = models.DateField(_("suspended until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=250)
    recorded_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("decision", "starts_on", "ends_on", "reason")

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.reason

    @property
    def unit_id(self):
        return self.decision.unit_id


class AllowancePayment(models.Model):
    """One month of a decision: the amount computed when the month was
    generated (base level × coefficient in force that month)."""

    decision = models.ForeignKey(
        AllowanceDecision, on_delete=models.PROTECT, related_name="payments", db_index=False
    )
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    ward = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    month = models.DateField(_("month"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2)
    base_level = models.PositiveIntegerField(_("base level (VND)"))
    amount = models.PositiveIntegerField(_("amount (VND)"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SensitiveQuerySet.as_manager()

    AUDIT_FIELDS = ("decision", "child", "month", "coefficient", "base_level", "amount")

    class Meta:
        verbose_name = _("allowance payment")
        verbose_name_plural = _("allowance payments")
        ordering = ["-month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "month"], name="assistance_payment_once"),
        ]
        # The monthly list of a ward, and of a province (month first).
        indexes = [
            models.Index(fields=["month", "ward"], name="assistance_payment_month_idx"),
            models.Index(fields=["child", "month"], name="assistance_payment_child_idx"),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y}: {self.amount}"


class SupportKind(models.TextChoices):
    HEALTH_INSURANCE = "health_insurance", _("Health-insurance card")
    TUITION = "tuition", _("Tuition exemption or reduction")
    GIFT = "gift", _("Gift")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    OTHER = "other", _("Other support")


class SupportItem(models.Model):
    """Support other than the monthly allowance: cards, exemptions, gifts and
    sponsorships by organisations and people."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="support_items"
    )
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    sponsor = models.CharField(_("given by (sponsor)"), max_length=200, blank=True)
    commitment = models.CharField(_("commitment"), max_length=250, blank=True)
    amount = models.PositiveIntegerField(_("amount (VND)"), null=True, blank=True)
    received_on = models.DateField(_("received on"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reference = models.CharField(_("card or document number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SensitiveQuerySet.as_manager()

    AUDIT_FIELDS = (
        "child",
        "unit",
        "kind",
        "sponsor",
        "commitment",
        "amount",
        "received_on",
        "ends_on",
        "reference",
        "note",
    )

    class Meta:
        verbose_name = _("support item")
        verbose_name_plural = _("support items")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("received_on")),
                name="assistance_support_dates",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
