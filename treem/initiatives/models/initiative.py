"""Models and initiatives that carry out the plan (trusted addresses in the
community, child-friendly schools, children's clubs, safe houses, swimming
classes …): where they run, since when, their status and reach."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import Status


class InitiativeKind(models.Model):
    """Reference data: the kinds an administrator may extend, rename or retire."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    # Local practice, not a legal rule: an administrator sets it.
    evaluation_months = models.PositiveSmallIntegerField(
        _("months between evaluations"), default=12
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    AUDIT_FIELDS = ("code", "name", "order", "active", "evaluation_months", "source")

    class Meta:
        verbose_name = _("kind of model")
        verbose_name_plural = _("kinds of model")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evaluation_months__gte=1),
                name="initiatives_kind_months_positive",
            ),
        ]

    def __str__(self):
        return self.name


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import initiative_filter

        return self.filter(initiative_filter(user))

    def editable_by(self, user):
        from ..access import edit_filter

        return self.filter(edit_filter(user))


class Initiative(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.ForeignKey(
        InitiativeKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    tasks = models.ManyToManyField(
        "plans.Task", verbose_name=_("plan tasks served"), related_name="initiatives"
    )
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    # The ward (or the province) that owns the model: what scoping and
    # editing read. Where it runs is `areas`.
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="+"
    )
    areas = models.ManyToManyField(
        "areas.AdminUnit",
        verbose_name=_("where it runs"),
        related_name="+",
        help_text=_("Wards or residential groups."),
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place where it runs"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    started_on = models.DateField(_("running since"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    # Recomputed by the services from the kind's interval and the last evaluation.
    next_evaluation_due = models.DateField(_("next evaluation due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    AUDIT_FIELDS = (
        "name",
        "kind",
        "description",
        "lead_agency",
        "unit",
        "place",
        "started_on",
        "status",
        "ended_on",
        "people_reached",
        "next_evaluation_due",
    )

    class Meta:
        verbose_name = _("model or initiative")
        verbose_name_plural = _("models and initiatives")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="initiatives_ended_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="initiatives_unit_status_idx"),
            models.Index(fields=["next_evaluation_due"], name="initiatives_eval_due_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])
