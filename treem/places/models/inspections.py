"""Safety inspections of places and facilities: the checklist answers, the
findings, and the follow-up actions with their due date and who owes them."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.accounts.scope import ScopedQuerySet

from ..access import VIEW
from .places import SafetyStatus


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


class InspectionQuerySet(ScopedQuerySet, models.QuerySet):
    default_perm = VIEW


class Inspection(models.Model):
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    # The place's unit, copied: the scope of the inspection.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspected by"), max_length=250)
    result = models.CharField(
        _("result"),
        max_length=16,
        choices=[c for c in SafetyStatus.choices if c[0] != SafetyStatus.UNKNOWN],
    )
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    AUDIT_FIELDS = ("place", "unit", "inspected_on", "inspectors", "result", "findings")

    class Meta:
        verbose_name = _("safety inspection")
        verbose_name_plural = _("safety inspections")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self):
        return f"{self.place} {self.inspected_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("places:inspection", args=[self.pk])


class InspectionCheck(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="checks"
    )
    item = models.ForeignKey(
        "places.ChecklistItem",
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.CharField(_("answer"), max_length=4, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="places_one_answer")
        ]

    def __str__(self):
        return f"{self.item_id}: {self.answer}"


class ActionQuerySet(ScopedQuerySet, models.QuerySet):
    default_perm = VIEW

    def pending(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, day=None):
        return self.pending().filter(due_on__lt=day or timezone.localdate())


class FollowUpAction(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="actions"
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("action"), max_length=300)
    owed_by = models.CharField(_("who does it"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("what was done"), max_length=300, blank=True)

    objects = ActionQuerySet.as_manager()

    AUDIT_FIELDS = (
        "inspection",
        "unit",
        "description",
        "owed_by",
        "due_on",
        "done_on",
        "done_note",
    )

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "done_on", "due_on"], name="places_action_due_idx")]

    def __str__(self):
        return self.description

    @property
    def overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()
