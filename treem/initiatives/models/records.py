"""What happens to a model: evaluations, commendations, replication."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import CommendationForm, Level, Rating, Recipient, ReplicationStatus
from .initiative import Initiative


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import initiative_filter

        return self.filter(initiative_filter(user, "initiative__"))


class Evaluation(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("model"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("evaluated on"))
    evaluator = models.CharField(_("evaluated by"), max_length=200)
    rating = models.CharField(_("result"), max_length=16, choices=Rating.choices)
    findings = models.TextField(_("findings"), blank=True)
    recommend_replication = models.BooleanField(_("recommended for replication"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EvaluationQuerySet.as_manager()

    AUDIT_FIELDS = (
        "initiative",
        "evaluated_on",
        "evaluator",
        "rating",
        "findings",
        "recommend_replication",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self):
        return f"{self.initiative} {self.evaluated_on:%d/%m/%Y}"

    @property
    def unit_id(self):
        return self.initiative.unit_id


def decision_path(instance, filename):
    # The stored name is not the uploaded one: no user text in the path.
    return f"initiatives/commendations/{uuid.uuid4().hex}"


class CommendationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import initiative_filter

        return self.filter(initiative_filter(user, "initiative__"))


class Commendation(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("model"), on_delete=models.PROTECT, related_name="commendations"
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    issuer = models.CharField(_("issuing body"), max_length=200)
    form = models.CharField(
        _("form of commendation"), max_length=16, choices=CommendationForm.choices
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    recipient = models.CharField(_("commended"), max_length=16, choices=Recipient.choices)
    recipient_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("commended agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_name = models.CharField(_("commended person"), max_length=200, blank=True)
    reason = models.TextField(_("for"), blank=True)
    decision_file = models.FileField(upload_to=decision_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Detected from the content by the cases' upload rules.
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("size"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CommendationQuerySet.as_manager()

    AUDIT_FIELDS = (
        "initiative",
        "decision_number",
        "decided_on",
        "issuer",
        "form",
        "level",
        "recipient",
        "recipient_agency",
        "recipient_name",
        "reason",
        "file_name",
        "file_type",
        "file_size",
    )

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(recipient="agency") | models.Q(recipient_agency__isnull=False),
                name="initiatives_commended_agency_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(recipient="person") | ~models.Q(recipient_name=""),
                name="initiatives_commended_person_named",
            ),
        ]

    def __str__(self):
        return f"{self.decision_number} ({self.decided_on:%d/%m/%Y})"

    @property
    def unit_id(self):
        return self.initiative.unit_id

    def recipient_label(self):
        if self.recipient == Recipient.AGENCY and self.recipient_agency_id:
            return self.recipient_agency.name
        if self.recipient == Recipient.PERSON:
            return self.recipient_name
        return self.initiative.name


class ReplicationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        from ..access import initiative_filter

        return self.filter(
            initiative_filter(user, "source__") | initiative_filter(user, "replica__")
        )


class Replication(models.Model):
    source = models.ForeignKey(
        Initiative,
        verbose_name=_("model replicated"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    ward = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("to ward"), on_delete=models.PROTECT, related_name="+"
    )
    # The model as it runs in the target ward, created or linked by the service.
    replica = models.OneToOneField(
        Initiative,
        verbose_name=_("model in the ward"),
        on_delete=models.PROTECT,
        related_name="replicated_from",
    )
    started_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReplicationStatus.choices,
        default=ReplicationStatus.STARTED,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReplicationQuerySet.as_manager()

    AUDIT_FIELDS = ("source", "ward", "replica", "started_on", "status", "notes")

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["source", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "ward"], name="initiatives_replication_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("replica")),
                name="initiatives_replica_not_source",
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.ward}"

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.replica_id])

    @property
    def unit_id(self):
        return self.ward_id
