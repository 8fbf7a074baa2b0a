"""The case, its intake report (Mẫu 01), transfers, status history and the
time-limited "break the glass" grants."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for

from .choices import (
    FINAL_STATUSES,
    CaseStatus,
    Channel,
    ClosureOutcome,
    ContactMode,
    Perpetrator,
    ReportedSex,
)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        """Sealed: the ward's officers and approvers and province officers
        (MANAGE_CASES over the case's ward), the assigned officer, and holders
        of an unexpired break-the-glass grant. Nobody else, whatever the role."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        q = scope_for(user, perm or Perm.MANAGE_CASES).q("unit")
        q |= Q(assigned_officer=user)
        grants = AccessGrant.objects.filter(user=user, expires_at__gt=timezone.now())
        q |= Q(pk__in=grants.values("case_id"))
        return self.filter(q)

    def open(self):
        return self.exclude(status__in=FINAL_STATUSES)


class Case(models.Model):
    unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="+"
    )
    child = models.ForeignKey(
        "children.Child", verbose_name=_("child"), on_delete=models.PROTECT, related_name="cases"
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    status = models.CharField(
        _("status"), max_length=32, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    # A new plan after a review starts a new cycle of plan, approval and review.
    cycle = models.PositiveIntegerField(_("plan cycle"), default=1)
    received_at = models.DateTimeField(_("information received at"))
    # Set by the initial assessment: risk of serious harm (Art. 26).
    serious_harm = models.BooleanField(_("risk of serious harm"), default=False)
    # Deadlines, kept by the services (services/deadlines.py).
    due_at = models.DateTimeField(_("current step due"), null=True, blank=True)
    due_source = models.CharField(_("source of the time limit"), max_length=300, blank=True)
    due_local_practice = models.BooleanField(_("time limit is local practice"), default=False)
    emergency_due_at = models.DateTimeField(_("emergency measure due"), null=True, blank=True)
    plan_due_at = models.DateTimeField(_("plan due"), null=True, blank=True)
    closure_outcome = models.CharField(
        _("closure outcome"), max_length=20, choices=ClosureOutcome.choices, blank=True
    )
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    # Closure is proposed by the officer and decided by the ward chairman
    # (Decree 56/2017 Art. 30(1)(b)).
    closure_proposed_at = models.DateTimeField(_("closure proposed at"), null=True, blank=True)
    closure_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closure decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Where the case goes back to after an emergency measure or a returned
    # closure proposal (the stage it was in when the detour began).
    resume_status = models.CharField(
        _("stage to return to"), max_length=32, choices=CaseStatus.choices, blank=True
    )
    transferred_from = models.ForeignKey(
        "self",
        verbose_name=_("transferred from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_to",
    )
    # Optimistic locking: every write through the services adds one.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    SCOPE_FIELD = "unit"
    AUDIT_FIELDS = (
        "unit",
        "child",
        "assigned_officer",
        "status",
        "cycle",
        "received_at",
        "serious_harm",
        "due_at",
        "emergency_due_at",
        "plan_due_at",
        "closure_outcome",
        "closure_reason",
        "closure_proposed_at",
        "closure_decided_by",
        "resume_status",
        "transferred_from",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="cases_unit_status_idx"),
            models.Index(fields=["due_at"], name="cases_due_idx"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def number(self):
        return f"VV{self.pk:06d}" if self.pk else "VV?"

    @property
    def is_open(self):
        return self.status not in FINAL_STATUSES

    @property
    def overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()


# Mẫu 01's further fields (A.2), all optional: what the receiving body knows.
INTAKE_DETAILS = (
    "receiving_body",
    "contact_mode",
    "child_age_estimate",
    "child_sex_reported",
    "father_name",
    "father_age",
    "father_occupation",
    "mother_name",
    "mother_age",
    "mother_occupation",
    "family_situation",
    "current_caregiver",
    "actions_taken",
    "likely_harm",
)


class Intake(models.Model):
    """Mẫu 01 — Báo cáo tiếp nhận thông tin trẻ em (Decree 56/2017, Art. 25(1):
    "Nơi tiếp nhận thông tin có trách nhiệm ghi chép đầy đủ thông tin … theo
    Mẫu số 01"). The fields follow the appendix's form: A.1 source, A.2 the
    child (estimated age, sex "không biết", parents, family, caregiver,
    actions taken, likely harm), A.3 the person who reported."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    channel = models.CharField(_("received through"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    received_by_unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("unit that received the report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Mẫu 01 is issued by whichever body received the report (Art. 25(1)):
    # hotline 111, the social-affairs (now health) agency, the police or the
    # ward. Blank: derived from the channel and the receiving unit.
    receiving_body = models.CharField(
        _("body that received the report"), max_length=200, blank=True
    )
    contact_mode = models.CharField(
        _("reported through"), max_length=16, choices=ContactMode.choices, blank=True
    )
    reporter_anonymous = models.BooleanField(_("the reporter stays anonymous"), default=False)
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    # Confidential (Law on Children Art. 33): shown only to the case's officers.
    reporter_contact = models.CharField(
        _("reporter's address / phone (confidential)"), max_length=300, blank=True
    )
    reporter_relation = models.CharField(
        _("reporter's relation to the child"), max_length=100, blank=True
    )
    event_place = models.CharField(_("place of the event"), max_length=300)
    event_ward = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("ward of the event"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    event_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    harm_kinds = models.ManyToManyField(
        "cases.CaseCode",
        verbose_name=_("kind of harm"),
        related_name="+",
        limit_choices_to={"kind": "harm"},
    )
    perpetrator_relation = models.CharField(
        _("suspected perpetrator's relation to the child"),
        max_length=16,
        choices=Perpetrator.choices,
        default=Perpetrator.UNKNOWN,
    )
    child_situation = models.TextField(_("the child's current situation"), blank=True)
    # Mẫu 01, A.2, as the receiving body knows them at the time of the report.
    child_age_estimate = models.CharField(
        _("estimated age (when the date of birth is not known)"), max_length=30, blank=True
    )
    child_sex_reported = models.CharField(
        _("sex as reported"),
        max_length=8,
        choices=ReportedSex.choices,
        default=ReportedSex.UNKNOWN,
    )
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    father_age = models.PositiveSmallIntegerField(_("father's age"), null=True, blank=True)
    father_occupation = models.CharField(_("father's occupation"), max_length=200, blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=200, blank=True)
    mother_age = models.PositiveSmallIntegerField(_("mother's age"), null=True, blank=True)
    mother_occupation = models.CharField(_("mother's occupation"), max_length=200, blank=True)
    family_situation = models.TextField(_("family situation"), blank=True)
    current_caregiver = models.CharField(
        _("who cares for the child now"), max_length=300, blank=True
    )
    actions_taken = models.TextField(
        _("support or intervention already given before the report"), blank=True
    )
    likely_harm = models.TextField(
        _("likely consequences for the child without support or intervention"), blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    AUDIT_FIELDS = (
        "case",
        "channel",
        "received_at",
        "received_by_unit",
        "reporter_anonymous",
        "event_place",
        "event_ward",
        "event_at",
        "description",
        "perpetrator_relation",
        "child_situation",
        *INTAKE_DETAILS,
    )

    class Meta:
        verbose_name = _("intake report (Mẫu 01)")
        verbose_name_plural = _("intake reports (Mẫu 01)")

    def __str__(self):
        return f"{self.case} · {self.get_channel_display()}"

    @property
    def unit_id(self):
        return self.case.unit_id


class Transfer(models.Model):
    """A record that a report went from one place to the ward responsible:
    from hotline 111 or another unit at intake, or an open case handed over."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_label = models.CharField(_("from"), max_length=200, blank=True)
    to_unit = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    new_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    AUDIT_FIELDS = ("case", "from_unit", "from_label", "to_unit", "new_case", "reason")

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_label or self.from_unit} → {self.to_unit}"

    @property
    def unit_id(self):
        return self.case.unit_id


class StatusChange(models.Model):
    """The case's timeline: who moved it, when, from where to where."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=32, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=CaseStatus.choices)
    cycle = models.PositiveIntegerField(default=1)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class AccessGrant(models.Model):
    """Break the glass: time-limited access to a sealed case for someone
    outside its ward, with the reason they gave."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    AUDIT_FIELDS = ("case", "user", "reason", "granted_at", "expires_at")

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]

    def __str__(self):
        return f"{self.user} · {self.case}"

    @property
    def unit_id(self):
        return self.case.unit_id

    @property
    def active(self):
        return self.expires_at > timezone.now()
