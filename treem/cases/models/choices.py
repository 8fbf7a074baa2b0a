"""Choices of the case procedure (Decree 56/2017/NĐ-CP, Art. 25–32)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    # A report goes "chuyển ngay" to the initial assessment (Art. 26(1)):
    # RECEIVED is only the first entry of the timeline, and VERIFICATION a
    # stage of cases recorded before 2026-12 (migration 0002 moved them on).
    RECEIVED = "received", pgettext_lazy("case status", "Report received")
    VERIFICATION = "verification", pgettext_lazy("case status", "Verification (former stage)")
    INITIAL_ASSESSMENT = "initial_assessment", pgettext_lazy("case status", "Initial assessment")
    EMERGENCY = (
        "emergency",
        pgettext_lazy("case status", "Emergency intervention / temporary separation"),
    )
    DETAILED_ASSESSMENT = "detailed_assessment", pgettext_lazy("case status", "Detailed assessment")
    PLAN_DRAFTING = "plan_drafting", pgettext_lazy("case status", "Plan being drafted")
    PLAN_SUBMITTED = "plan_submitted", pgettext_lazy("case status", "Plan awaiting approval")
    IMPLEMENTATION = "implementation", pgettext_lazy("case status", "Plan being implemented")
    REVIEW = "review", pgettext_lazy("case status", "Review")
    # The officer proposes, the ward chairman decides (Art. 30(1)(b)).
    CLOSURE_PROPOSED = (
        "closure_proposed",
        pgettext_lazy("case status", "Closure proposed to the chairman"),
    )
    CLOSED = "closed", pgettext_lazy("case status", "Closed")
    CLOSED_UNSUBSTANTIATED = (
        "closed_unsubstantiated",
        pgettext_lazy("case status", "Closed: report not substantiated"),
    )
    TRANSFERRED = "transferred", pgettext_lazy("case status", "Transferred to another ward")


FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_UNSUBSTANTIATED, CaseStatus.TRANSFERRED)

# Where an emergency measure may start: whenever the risk becomes serious
# (Arts. 26(3), 31, 32), from the initial assessment to the review.
EMERGENCY_FROM = (
    CaseStatus.INITIAL_ASSESSMENT,
    CaseStatus.DETAILED_ASSESSMENT,
    CaseStatus.PLAN_DRAFTING,
    CaseStatus.PLAN_SUBMITTED,
    CaseStatus.IMPLEMENTATION,
    CaseStatus.REVIEW,
)


class Channel(models.TextChoices):
    HOTLINE_111 = "hotline_111", pgettext_lazy("report channel", "Hotline 111")
    POLICE = "police", pgettext_lazy("report channel", "Police")
    SCHOOL = "school", pgettext_lazy("report channel", "School")
    HEALTH = "health", pgettext_lazy("report channel", "Health facility")
    CITIZEN = "citizen", pgettext_lazy("report channel", "Citizen")
    COLLABORATOR = "collaborator", pgettext_lazy("report channel", "Collaborator")
    CHILD = "child", pgettext_lazy("report channel", "The child (self-report)")
    OTHER = "other", pgettext_lazy("report channel", "Other")


class ContactMode(models.TextChoices):
    """Mẫu 01, A.1: "Thông qua (điện thoại/gặp trực tiếp/người khác báo)"."""

    PHONE = "phone", pgettext_lazy("contact mode", "By telephone")
    IN_PERSON = "in_person", pgettext_lazy("contact mode", "In person")
    RELAYED = "relayed", pgettext_lazy("contact mode", "Reported by someone else")


class ReportedSex(models.TextChoices):
    """Mẫu 01, A.2: "Giới tính: Nam … Nữ … Không biết"."""

    MALE = "M", pgettext_lazy("reported sex", "Male")
    FEMALE = "F", pgettext_lazy("reported sex", "Female")
    UNKNOWN = "unknown", pgettext_lazy("reported sex", "Not known")


# Relationship labels carry a context: the bare msgid "Parent" is the parent
# administrative unit ("Cấp trên") in the shared catalogue and won over the
# case catalogue, so a perpetrator showed as a "superior" (issue 14, point 6).
class Perpetrator(models.TextChoices):
    UNKNOWN = "unknown", pgettext_lazy("relation to the child", "Unknown")
    PARENT = "parent", pgettext_lazy("relation to the child", "Father or mother")
    STEP_PARENT = (
        "step_parent",
        pgettext_lazy("relation to the child", "Step-father or step-mother"),
    )
    RELATIVE = "relative", pgettext_lazy("relation to the child", "Other relative")
    CAREGIVER = "caregiver", pgettext_lazy("relation to the child", "Caregiver")
    TEACHER = "teacher", pgettext_lazy("relation to the child", "Teacher or school staff")
    NEIGHBOUR = "neighbour", pgettext_lazy("relation to the child", "Neighbour or acquaintance")
    PEER = "peer", pgettext_lazy("relation to the child", "Another child")
    STRANGER = "stranger", pgettext_lazy("relation to the child", "Stranger")
    ONLINE = "online", pgettext_lazy("relation to the child", "Online contact")
    OTHER = "other", pgettext_lazy("relation to the child", "Other")


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
    # Art. 30(1)(b) and (c): both are submitted to the ward chairman.
    CLOSE = "close", _("Propose closing: the risk is gone and the child is stable")
    NEW_CYCLE = "new_cycle", _("Draft a new plan")


class ClosureOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Risk resolved, child stable")
    # Art. 28(1)–(2) and Law on Children Art. 52: a plan only where the child needs one.
    NO_PLAN_NEEDED = "no_plan_needed", _("After the detailed assessment: the child needs no plan")
    UNSUBSTANTIATED = "unsubstantiated", _("Report not substantiated")
    MOVED_AWAY = "moved_away", _("The child moved away")
    OTHER = "other", pgettext_lazy("closure outcome", "Other")


class ClosureDecision(models.TextChoices):
    APPROVED = "approved", _("Close the case")
    RETURNED = "returned", _("Return to the officer")


class ServiceState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent, awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ReferralOutcome(models.TextChoices):
    """What came of a referral, as the agency reports it."""

    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly done")
    COULD_NOT = "could_not", _("Could not be done")
    OTHER = "other", _("Other")


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
