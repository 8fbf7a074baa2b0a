"""Linkage runs with the national population register, the register's rows and the links found.

A run is one uploaded register extract linked with the children of an area (or one search for
duplicates inside the registry). Its register rows are kept so that the lists of unmatched
persons and the review queue show what the register said. Each child of the area gets one
``LinkCandidate``: ``auto`` (applied without review), ``review`` (an officer decides) or ``none``
(no register match: the list sent to the ward police).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet


class LinkageQuerySet(ScopedQuerySet, models.QuerySet):
    default_perm = Perm.RUN_LINKAGE


class LinkageSettings(models.Model):
    """Thresholds of the decisions, editable by a province officer, with their source."""

    auto_threshold = models.FloatField(
        _("automatic link from (probability)"),
        default=0.99,
        help_text=_("At or above this match probability the register's ID is attached directly."),
    )
    review_threshold = models.FloatField(
        _("review from (probability)"),
        default=0.5,
        help_text=_("Between this and the automatic threshold an officer decides."),
    )
    margin = models.FloatField(
        _("margin between the two best candidates"),
        default=0.2,
        help_text=_("Closer candidates (twins, register duplicates) always go to review."),
    )
    source = models.CharField(_("source of these values"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("auto_threshold", "review_threshold", "margin", "source")

    class Meta:
        verbose_name = _("linkage thresholds")
        verbose_name_plural = _("linkage thresholds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_threshold__gt=0)
                & models.Q(review_threshold__lte=models.F("auto_threshold"))
                & models.Q(auto_threshold__lte=1),
                name="population_thresholds_ordered",
            )
        ]

    def __str__(self):
        return f"{self.review_threshold} / {self.auto_threshold}"

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls()


class LinkageRun(models.Model):
    class Kind(models.TextChoices):
        LINK = "link", _("Link with the population register")
        DEDUPE = "dedupe", _("Duplicates in the registry")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LINK)
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    auto_threshold = models.FloatField(default=0.99)
    review_threshold = models.FloatField(default=0.5)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the run's register rows were deleted at the end of their retention period
    # (settings.POPULATION_REGISTER_RETENTION_DAYS; Law 91/2025: kept no longer than needed).
    purged_at = models.DateTimeField(_("register rows deleted at"), null=True, blank=True)

    objects = LinkageQuerySet.as_manager()

    AUDIT_FIELDS = ("kind", "unit", "filename", "auto_threshold", "review_threshold", "purged_at")

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}".strip()


class RegisterPerson(models.Model):
    """One row of an uploaded register extract."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="persons")
    person_id = models.CharField(_("personal ID number"), max_length=12)
    full_name = models.CharField(_("full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    mother_name = models.CharField(_("mother"), max_length=200, blank=True)
    father_name = models.CharField(_("father"), max_length=200, blank=True)
    ward_name = models.CharField(_("ward in the register"), max_length=200, blank=True)
    # The current ward the register's ward name leads to, else the run's area: the scope.
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    matched = models.BooleanField(default=False)

    objects = LinkageQuerySet.as_manager()

    class Meta:
        verbose_name = _("register person")
        verbose_name_plural = _("register persons")
        ordering = ["run", "full_name"]
        indexes = [models.Index(fields=["run", "matched"], name="population_person_matched")]

    def __str__(self):
        return f"{self.full_name} ({self.person_id})"


class LinkCandidate(models.Model):
    class Decision(models.TextChoices):
        AUTO = "auto", _("Automatic")
        REVIEW = "review", _("To review")
        NONE = "none", _("No match")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPLIED = "applied", _("Linked automatically")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        UNMATCHED = "unmatched", _("No register match")

    class Reason(models.TextChoices):
        """Why a link waits for an officer (``linkage.engine.REASONS``)."""

        HOMONYM = (
            "homonym",
            _(
                "Only the name, date of birth and sex agree: no personal ID and no parent "
                "confirm it, so it may be another child of the same name."
            ),
        )
        CLOSE = (
            "close",
            _("Two register persons are close candidates (twins, or a duplicate in the register)."),
        )
        SCORE = "score", _("The match probability lies between the two thresholds.")

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="candidates")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        RegisterPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    match_probability = models.FloatField(_("match probability"), default=0)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    reason = models.CharField(
        _("why it waits for review"), max_length=10, choices=Reason.choices, blank=True
    )
    # Fields where the register and the officer's record disagree, left for the officer:
    # [{"field", "ours", "theirs"}]; also why an ID could not be attached.
    differences = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = LinkageQuerySet.as_manager()

    SCOPE_FIELD = "child__unit"
    AUDIT_FIELDS = (
        "child",
        "person",
        "match_probability",
        "decision",
        "state",
        "reason",
        "differences",
    )

    class Meta:
        verbose_name = _("register link")
        verbose_name_plural = _("register links")
        ordering = ["run", "-match_probability"]
        indexes = [models.Index(fields=["run", "state"], name="population_candidate_state")]

    def __str__(self):
        return f"{self.child_id} ↔ {self.person_id or '-'} ({self.state})"

    @property
    def unit_id(self):
        return self.child.unit_id
