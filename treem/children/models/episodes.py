"""Dated episodes: a child enters and leaves a special circumstance or a risk;
support received; consent to disclosure."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EpisodeQuerySet(models.QuerySet):
    def open_on(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)

    def not_sensitive(self):
        return self.filter(code__sensitive=False).exclude(subgroup__sensitive=True)


class Episode(models.Model):
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    evidence_note = models.TextField(_("evidence / note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-started_on", "-id"]

    @property
    def unit_id(self):
        return self.child.unit_id

    @property
    def is_open(self):
        return self.ended_on is None or self.ended_on >= timezone.localdate()

    @property
    def sensitive(self):
        return self.code.sensitive or bool(
            getattr(self, "subgroup", None) and self.subgroup.sensitive
        )


class CircumstanceEpisode(Episode):
    """A period in one of the 14 groups of Art. 10 (optionally a sub-group)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="circumstances"
    )
    code = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "circumstance_group"},
        db_index=False,  # children_circumstance_open_idx starts with it
    )
    subgroup = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("sub-group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "circumstance_subgroup"},
    )

    AUDIT_FIELDS = ("child", "code", "subgroup", "started_on", "ended_on", "evidence_note")

    class Meta(Episode.Meta):
        verbose_name = _("special circumstance")
        verbose_name_plural = _("special circumstances")
        # The list's group filter: the children in a group on a day, read
        # from the index alone.
        indexes = [
            models.Index(
                fields=["code", "child"],
                include=["started_on", "ended_on"],
                name="children_circumstance_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="children_circumstance_dates",
            ),
        ]

    def __str__(self):
        return str(self.code)


class RiskEpisode(Episode):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="risks")
    code = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("risk"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "risk_category"},
        db_index=False,  # children_risk_open_idx starts with it
    )

    AUDIT_FIELDS = ("child", "code", "started_on", "ended_on", "evidence_note")

    class Meta(Episode.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        indexes = [
            models.Index(
                fields=["code", "child"],
                include=["started_on", "ended_on"],
                name="children_risk_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="children_risk_dates",
            ),
        ]

    def __str__(self):
        return str(self.code)


class Support(models.Model):
    """Support received; counts towards "children in special circumstances
    who are supported"."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="supports")
    support_type = models.ForeignKey(
        "children.ReferenceCode",
        verbose_name=_("type of support"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "support_type"},
    )
    provider = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    provider_name = models.CharField(_("provider (if not an agency)"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("child", "support_type", "provider", "provider_name", "received_on", "note")

    class Meta:
        verbose_name = _("support received")
        verbose_name_plural = _("support received")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return str(self.support_type)

    @property
    def unit_id(self):
        return self.child.unit_id


class Consent(models.Model):
    """Consent to disclose a child's private information (Law 91/2025 Art. 24:
    the child aged 7 or more and the legal representative)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="consents")
    representative = models.ForeignKey(
        "children.Caregiver",
        verbose_name=_("legal representative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    representative_agreed = models.BooleanField(_("the legal representative agreed"))
    child_agreed = models.BooleanField(_("the child agreed"), null=True, blank=True)
    scope = models.TextField(_("what may be disclosed, to whom, for what"))
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    AUDIT_FIELDS = (
        "child",
        "representative",
        "representative_agreed",
        "child_agreed",
        "scope",
        "given_on",
        "withdrawn_on",
    )

    class Meta:
        verbose_name = _("consent to disclosure")
        verbose_name_plural = _("consents to disclosure")
        ordering = ["-given_on", "-id"]

    def __str__(self):
        return f"{self.given_on}: {self.scope[:40]}"

    @property
    def unit_id(self):
        return self.child.unit_id


class MergeProposal(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Merged")
        REJECTED = "rejected", _("Rejected")

    keep = models.ForeignKey(
        "children.Child",
        verbose_name=_("record to keep"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drop = models.ForeignKey(
        "children.Child",
        verbose_name=_("duplicate record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("why they are the same child"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Which engine proposed it (an officer, the registry's guard, the linkage engine).
    origin = models.CharField(max_length=32, default="officer")

    AUDIT_FIELDS = ("keep", "drop", "reason", "state")

    class Meta:
        verbose_name = _("merge proposal")
        verbose_name_plural = _("merge proposals")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(keep=F("drop")), name="children_merge_distinct"),
            models.UniqueConstraint(
                fields=["keep", "drop"],
                condition=Q(state="proposed"),
                name="children_merge_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.drop_id} → {self.keep_id}"

    @property
    def unit_id(self):
        return self.keep.unit_id
