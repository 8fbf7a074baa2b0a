from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    DIRECTIVE = "chi_thi", _("Directive")
    RESOLUTION = "nghi_quyet", _("Resolution")
    PLAN = "ke_hoach", _("Plan")
    GUIDANCE = "huong_dan", _("Guidance")
    DECISION = "quyet_dinh", _("Decision")
    LAW = "luat", _("Law")
    DECREE = "nghi_dinh", _("Decree")
    CIRCULAR = "thong_tu", _("Circular")
    OFFICIAL_LETTER = "cong_van", _("Official letter")
    OTHER = "khac", _("Other")


class LinkKind(models.TextChoices):
    # Read "from <kind> to": "Plan X implements Directive 28".
    IMPLEMENTS = "implements", _("implements")
    GUIDES = "guides", _("guides the implementation of")
    REPLACES = "replaces", _("replaces")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    CLOSED = "closed", _("Closed")


class Timing(models.TextChoices):
    ONE_OFF = "one_off", _("One-off, with a deadline")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTHLY = "six_monthly", _("Six-monthly")
    YEARLY = "yearly", _("Yearly")
    CONTINUOUS = "continuous", _("Continuous")


# The frequencies a report period can have (continuous duties report on the
# plan's own cycle).
PERIODIC = (Timing.MONTHLY, Timing.QUARTERLY, Timing.SIX_MONTHLY, Timing.YEARLY)


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class VersionOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class InspectionKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly inspection and evaluation")
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final review")


class InspectionState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Not yet acted on")
    IN_PROGRESS = "in_progress", _("Being acted on")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
