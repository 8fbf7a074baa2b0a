"""Implementation (Art. 29): services and referrals; attachments; in-app
notifications of deadlines."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ReferralOutcome, ReferralState, ServiceState


class ServiceDelivery(models.Model):
    """A service the child receives under the plan. Once delivered it is also
    recorded as support received in the registry (`support`)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="services")
    service_type = models.ForeignKey(
        "cases.CaseCode",
        verbose_name=_("type of service"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "service"},
    )
    provider = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("provider agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    provider_name = models.CharField(_("provider (if not an agency)"), max_length=200, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ServiceState.choices, default=ServiceState.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    support = models.ForeignKey(
        "children.Support", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = (
        "case",
        "service_type",
        "provider",
        "provider_name",
        "started_on",
        "ended_on",
        "state",
        "outcome",
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["started_on", "id"]

    def __str__(self):
        return str(self.service_type)

    @property
    def unit_id(self):
        return self.case.unit_id


class Referral(models.Model):
    """A case referred to an agency. The agency's users see only what is here:
    the child's name and age, the reason and the information the officer chose
    to share, not the case file."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    service_type = models.ForeignKey(
        "cases.CaseCode",
        verbose_name=_("service asked for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "service"},
    )
    reason = models.TextField(_("reason for the referral"))
    shared_information = models.TextField(_("information shared with the agency"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReferralState.choices, default=ReferralState.SENT
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer_note = models.TextField(_("answer"), blank=True)
    # The agency's result closes the loop (issue 15 point 9): what it did,
    # when, and how it went. Recorded by the agency once it has accepted.
    result_action = models.TextField(_("what the agency did"), blank=True)
    result_on = models.DateField(_("date of the result"), null=True, blank=True)
    result_outcome = models.CharField(
        _("result"), max_length=16, choices=ReferralOutcome.choices, blank=True
    )
    result_recorded_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    AUDIT_FIELDS = (
        "case",
        "agency",
        "service_type",
        "reason",
        "shared_information",
        "state",
        "answer_note",
        "result_action",
        "result_on",
        "result_outcome",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.case} → {self.agency}"

    @property
    def unit_id(self):
        return self.case.unit_id


def attachment_path(instance, filename):
    # A random name: the uploaded name never reaches the file system.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    # Detected from the content (magic bytes), not from the name or the browser.
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("case", "original_name", "content_type", "size", "description")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def unit_id(self):
        return self.case.unit_id


class Notification(models.Model):
    """An in-app notice. `key` names the event (case, step, cycle, kind) so
    that the deadline scan creates each notice once per recipient."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=200)
    # No child's name or details: the text is shown and mailed as it is.
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="cases_notification_once")
        ]

    def __str__(self):
        return self.text
