"""The append-only audit trail.

Rows are only ever inserted: the model and its queryset refuse updates and
deletes, and a database trigger refuses UPDATE as well (see migration 0002).
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAppendOnlyError(Exception):
    pass


class Action(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    VIEW_SENSITIVE = "view-sensitive", _("View sensitive data")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login-failed", _("Failed login")
    LOGOUT = "logout", _("Log out")
    LOCKOUT = "lockout", _("Account locked")
    PASSWORD_CHANGE = "password-change", _("Password change")
    PERMISSION_CHANGE = "permission-change", _("Permission change")
    TOKEN_ISSUE = "token-issue", _("API token issued")
    TOKEN_REVOKE = "token-revoke", _("API token revoked")
    OTP_ENROL = "otp-enrol", _("Two-factor enrolment started")
    OTP_CONFIRM = "otp-confirm", _("Two-factor device confirmed")
    OTP_VERIFIED = "otp-verified", _("Two-factor sign-in completed")
    OTP_FAILED = "otp-failed", _("Wrong two-factor code")
    OTP_RECOVERY_USED = "otp-recovery-used", _("Recovery code used")
    OTP_RECOVERY_NEW = "otp-recovery-new", _("New recovery codes issued")
    OTP_RESET = "otp-reset", _("Two-factor device reset")
    IMPORT = "import", _("Import")
    TASK = "task", _("Background task")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditAppendOnlyError("Audit events cannot be updated.")

    def delete(self):
        raise AuditAppendOnlyError("Audit events cannot be deleted.")

    def visible_to(self, user):
        from treem.accounts.permissions import Perm
        from treem.accounts.scope import scope_filter

        return scope_filter(self, user, Perm.BROWSE_AUDIT, field="unit")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No index of their own: audit_actor_idx and audit_unit_idx start with
    # them, and every index is maintained on each of the many events a day
    # (two per imported child).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Kept as typed, so a failed login for a non-existent user is still traceable.
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_idx"),
            models.Index(fields=["unit", "occurred_at"], name="audit_unit_idx"),
            models.Index(fields=["action", "occurred_at"], name="audit_action_idx"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditAppendOnlyError("Audit events cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditAppendOnlyError("Audit events cannot be deleted.")

    @property
    def subject_model(self):
        if not self.subject_type:
            return None
        try:
            return apps.get_model(self.subject_type)
        except (LookupError, ValueError):
            return None

    @property
    def subject_display(self):
        """ "role assignment #12" rather than "accounts.roleassignment #12"."""
        model = self.subject_model
        name = model._meta.verbose_name if model else self.subject_type
        return f"{name} #{self.subject_id}" if self.subject_id else str(name)

    @property
    def actor_display(self):
        return self.actor_label or _("system")

    @property
    def note_display(self):
        """The note in the reader's language when code wrote it (display.py)."""
        from .display import note_display

        return note_display(self.note)

    def change_rows(self):
        """(field label, old, new) as text, with the fields' own labels; a
        page of events names their reference data with `display.describe`."""
        from .display import describe

        return describe([self])[0].rows


class AuditSeal(models.Model):
    """One link of the hash chain over the audit trail (treem/audit/chain.py).

    A seal covers the events that were not sealed yet, in id order; its hash
    chains on from the previous seal's, so rewriting any sealed event, or
    removing or slipping one in, breaks every later hash. The latest seal is
    exported (`export_audit_seal`) to be kept outside the database."""

    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)
    # Unique: two sealers running at once cannot fork the chain.
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next"
    )
    first_event_id = models.BigIntegerField(_("first event"))
    last_event_id = models.BigIntegerField(_("last event"))
    # The highest event id sealed so far (this seal or earlier): an event with
    # a lower id that appears later than AUDIT_SEAL_GRACE was slipped in.
    high_water_id = models.BigIntegerField(_("highest event id sealed"))
    event_count = models.PositiveIntegerField(_("events"))
    chain_hash = models.CharField(_("chain hash"), max_length=64)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["id"]

    def __str__(self):
        return f"#{self.pk} …{self.last_event_id} {self.chain_hash[:12]}"


class SealedEvent(models.Model):
    """The running chain hash after one event. Not a foreign key: the row
    must outlive an event deleted behind the application's back, so that
    `verify_audit` can name it."""

    event_id = models.BigIntegerField(primary_key=True)
    # Indexed with the event id below: the chain is read seal by seal, in id order.
    seal = models.ForeignKey(
        AuditSeal, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    chain = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("sealed audit event")
        verbose_name_plural = _("sealed audit events")
        indexes = [models.Index(fields=["seal", "event_id"], name="audit_sealed_seal_idx")]

    def __str__(self):
        return f"{self.event_id} {self.chain[:12]}"
