"""The content of each step, field by field as the decree's forms ask.
One record per step and plan cycle; edits are protected by `version`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DecisionOutcome, MeasureKind, PlanState, ReviewOutcome, RiskLevel


class StepRecord(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    cycle = models.PositiveIntegerField(_("plan cycle"), default=1)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    # Fields a step form edits, in the form's order; also the audit whitelist.
    CONTENT_FIELDS = ()

    class Meta:
        abstract = True
        ordering = ["cycle", "id"]

    def __str__(self):
        return f"{self._meta.verbose_name} · {self.case_id}/{self.cycle}"

    @property
    def unit_id(self):
        return self.case.unit_id

    @classmethod
    def content_fields(cls):
        return cls.CONTENT_FIELDS

    @property
    def AUDIT_FIELDS(self):  # noqa: N802 (the audit layer reads this name)
        return ("case", "cycle", *self.CONTENT_FIELDS)


class Verification(StepRecord):
    """Checking the facts (Decree 56/2017, Art. 25(2)); no form. Recorded
    alongside the assessments, never before them: the report goes "chuyển
    ngay" to the initial assessment (Art. 26(1))."""

    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    sources = models.TextField(_("people and bodies asked, documents checked"))
    findings = models.TextField(_("findings"))
    substantiated = models.BooleanField(_("the information is substantiated"), default=True)

    CONTENT_FIELDS = ("verified_at", "sources", "findings", "substantiated")

    class Meta(StepRecord.Meta):
        verbose_name = _("verification")
        constraints = [
            models.UniqueConstraint(fields=["case", "cycle"], name="cases_verification_once")
        ]


class InitialAssessment(StepRecord):
    """Mẫu 02 — the report of the initial assessment of the risk and the harm
    to the child ("Báo cáo … đánh giá nguy cơ ban đầu", Decree 56/2017,
    Art. 26(2) and Art. 28(2)(a))."""

    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    participants = models.TextField(_("who took part"), blank=True)
    child_condition = models.TextField(_("the child's physical and mental condition"))
    harm_found = models.TextField(_("harm or abuse found"))
    caregiver_capacity = models.TextField(
        _("ability of the family or caregiver to protect the child"), blank=True
    )
    risk_level = models.CharField(_("level of risk"), max_length=8, choices=RiskLevel.choices)
    serious_harm = models.BooleanField(
        _("risk of serious harm to the child's life, health or dignity"), default=False
    )
    immediate_needs = models.TextField(_("immediate needs"), blank=True)
    proposed_action = models.TextField(_("proposed action"), blank=True)

    CONTENT_FIELDS = (
        "assessed_at",
        "participants",
        "child_condition",
        "harm_found",
        "caregiver_capacity",
        "risk_level",
        "serious_harm",
        "immediate_needs",
        "proposed_action",
    )

    class Meta(StepRecord.Meta):
        verbose_name = _("initial assessment (Mẫu 02)")
        constraints = [models.UniqueConstraint(fields=["case", "cycle"], name="cases_initial_once")]


class EmergencyMeasure(StepRecord):
    """Emergency intervention or temporary separation of the child from the
    parent or caregiver (Decree 56/2017, Art. 31–32); within 12 hours of the
    information (Art. 26(3)). Several in a cycle: a measure is taken whenever
    the risk becomes serious."""

    measure = models.CharField(_("measure"), max_length=16, choices=MeasureKind.choices)
    started_at = models.DateTimeField(_("taken at"), default=timezone.now)
    place_of_care = models.CharField(_("where the child is kept safe"), max_length=300)
    carer = models.CharField(_("person or facility caring for the child"), max_length=300)
    decided_by_text = models.CharField(_("decided by (authority)"), max_length=300)
    description = models.TextField(_("what was done"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    CONTENT_FIELDS = (
        "measure",
        "started_at",
        "place_of_care",
        "carer",
        "decided_by_text",
        "description",
        "ended_at",
    )

    class Meta(StepRecord.Meta):
        verbose_name = _("emergency measure")


class DetailedAssessment(StepRecord):
    """Mẫu 03 — Báo cáo thu thập thông tin, đánh giá nguy cơ cụ thể (Decree
    56/2017, Art. 27(1) and Art. 28(2)(b)), with the minutes of the meeting
    that identifies the child's needs (Art. 27(2))."""

    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    health = models.TextField(_("health"), blank=True)
    psychological = models.TextField(_("psychological state"), blank=True)
    education = models.TextField(_("education"), blank=True)
    family_environment = models.TextField(_("family and living environment"), blank=True)
    safety = models.TextField(_("safety and risk of further harm"))
    child_views = models.TextField(_("the child's own views"), blank=True)
    needs = models.TextField(_("needs identified"))
    strengths = models.TextField(_("strengths and resources"), blank=True)
    meeting_at = models.DateTimeField(_("needs meeting held at"), null=True, blank=True)
    meeting_participants = models.TextField(_("meeting participants"), blank=True)
    meeting_minutes = models.TextField(_("minutes of the needs meeting"), blank=True)

    CONTENT_FIELDS = (
        "assessed_at",
        "health",
        "psychological",
        "education",
        "family_environment",
        "safety",
        "child_views",
        "needs",
        "strengths",
        "meeting_at",
        "meeting_participants",
        "meeting_minutes",
    )

    class Meta(StepRecord.Meta):
        verbose_name = _("detailed assessment (Mẫu 03)")
        constraints = [
            models.UniqueConstraint(fields=["case", "cycle"], name="cases_detailed_once")
        ]


class SupportPlan(StepRecord):
    """Mẫu 04 — Kế hoạch hỗ trợ, can thiệp (Decree 56/2017, Art. 28); one per
    plan cycle."""

    goals = models.TextField(_("goals"))
    activities = models.TextField(_("support and intervention activities"))
    responsible = models.TextField(_("who does what"))
    resources = models.TextField(_("resources and funding"), blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("to"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    CONTENT_FIELDS = (
        "goals",
        "activities",
        "responsible",
        "resources",
        "start_on",
        "end_on",
        "review_on",
    )

    class Meta(StepRecord.Meta):
        verbose_name = _("support and intervention plan (Mẫu 04)")
        constraints = [models.UniqueConstraint(fields=["case", "cycle"], name="cases_plan_once")]

    @property
    def AUDIT_FIELDS(self):  # noqa: N802
        return ("case", "cycle", *self.CONTENT_FIELDS, "state", "submitted_at")


class PlanDecision(models.Model):
    """Mẫu 05 — the decision approving the plan, issued together with the plan
    ("Quyết định phê duyệt và kế hoạch hỗ trợ, can thiệp theo Mẫu số 05",
    Decree 56/2017, Art. 28(2)(c)), or the plan's return with comments."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=16, choices=DecisionOutcome.choices)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    AUDIT_FIELDS = ("plan", "outcome", "decision_number", "comments", "decided_at")

    class Meta:
        verbose_name = _("plan decision (Mẫu 05)")
        ordering = ["decided_at", "id"]

    def __str__(self):
        return self.get_outcome_display()

    @property
    def unit_id(self):
        return self.plan.case.unit_id


class Review(StepRecord):
    """Mẫu 06 — Rà soát, đánh giá tình trạng của trẻ em sau khi thực hiện kế
    hoạch hỗ trợ, can thiệp (Decree 56/2017, Art. 30). Part 1 of the form
    rates the risk at closing (Cao / Trung bình / Thấp): a) the harm, the
    abuser's access to the child, the obstacles in the care environment;
    b) the child's ability to protect themself and recover. The outcome is
    submitted to the ward chairman: close (Art. 30(1)(b)) or a new plan
    (Art. 30(1)(c))."""

    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    harm_level = models.CharField(
        _("is the harm to the child still serious"),
        max_length=8,
        choices=RiskLevel.choices,
        blank=True,
    )
    abuser_access = models.CharField(
        _("the abuser's access to the child"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    care_obstacles = models.CharField(
        _("obstacles to the child's safety in the care environment"),
        max_length=8,
        choices=RiskLevel.choices,
        blank=True,
    )
    self_protection = models.CharField(
        _("the child's ability to protect themself and recover"),
        max_length=8,
        choices=RiskLevel.choices,
        blank=True,
    )
    progress = models.TextField(_("what the plan achieved"))
    child_situation = models.TextField(_("the child's situation now"))
    risk_remaining = models.BooleanField(_("a risk remains"), default=False)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices)
    recommendation = models.TextField(_("recommendation"), blank=True)

    CONTENT_FIELDS = (
        "reviewed_at",
        "harm_level",
        "abuser_access",
        "care_obstacles",
        "self_protection",
        "progress",
        "child_situation",
        "risk_remaining",
        "outcome",
        "recommendation",
    )

    class Meta(StepRecord.Meta):
        verbose_name = _("review (Mẫu 06)")
        constraints = [models.UniqueConstraint(fields=["case", "cycle"], name="cases_review_once")]
