"""Choices of the case procedure (Decree 56/2017/NĐ-CP, Art. 25–32)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Report received")
    VERIFICATION = "verification", _("Verification")
    INITIAL_ASSESSMENT = "initial_assessment", _("Initial assessment")
    EMERGENCY = "emergency", _("Emergency intervention / temporary separation")
    DETAILED_ASSESSMENT = "detailed_assessment", _("Detailed assessment")
    PLAN_DRAFTING = "plan_drafting", _("Plan being drafted")
    PLAN_SUBMITTED = "plan_submitted", _("Plan awaiting approval")
    IMPLEMENTATION = "implementation", _("Plan being implemented")
    REVIEW = "review", _("Review")
    CLOSED = "closed", _("Closed")
    CLOSED_UNSUBSTANTIATED = "closed_unsubstantiated", _("Closed at intake: not substantiated")
    TRANSFERRED = "transferred", _("Transferred to another ward")


FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_UNSUBSTANTIATED, CaseStatus.TRANSFERRED)


class Channel(models.TextChoices):
    HOTLINE_111 = "hotline_111", _("Hotline 111")
    POLICE = "police", _("Police")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health facility")
    CITIZEN = "citizen", _("Citizen")
    COLLABORATOR = "collaborator", _("Collaborator")
    CHILD = "child", _("The child (self-report)")
    OTHER = "other", _("Other")


class Perpetrator(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    RELATIVE = "relative", _("Other relative")
    CAREGIVER = "caregiver", _("Caregiver")
    TEACHER = "teacher", _("Teacher or school staff")
    NEIGHBOUR = "neighbour", _("Neighbour or acquaintance")
    PEER = "peer", _("Another child")
    STRANGER = "stranger", _("Stranger")
    ONLINE = "online", _("Online contact")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class MeasureKind(models.TextChoices):
    INTERVENTION = "intervention", _("Emergency intervention (Art. 31)")
    SEPARATION = "separation", _("Temporary separation from the parent or caregiver (Art. 32)")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")


class ReviewOutcome(models.TextChoices):
    CLOSE = "close", _("Close the case: the risk is gone and the child is stable")
    NEW_CYCLE = "new_cycle", _("Draft a new plan")


class ClosureOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Risk resolved, child stable")
    UNSUBSTANTIATED = "unsubstantiated", _("Report not substantiated")
    MOVED_AWAY = "moved_away", _("The child moved away")
    OTHER = "other", _("Other")


class ServiceState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent, awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    CLOCK_HOURS = "clock_hours", _("clock hours")


class CountedFrom(models.TextChoices):
    RECEIVED = "received", _("the time the information was received")
    STEP_START = "step_start", _("the start of the step")


class CodeKind(models.TextChoices):
    HARM = "harm", _("Kind of harm")
    SERVICE = "service", _("Type of service")
