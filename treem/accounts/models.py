from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .permissions import ROLES_WITH_AGENCY, ROLES_WITHOUT_AREA, Role


class User(AbstractUser):
    """Staff account. Accounts are deactivated, never deleted, so the audit
    trail keeps pointing at them."""

    phone = models.CharField(_("phone"), max_length=20, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    AUDIT_FIELDS = (
        "username",
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "is_active",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Vietnamese order: family and middle names first.
        return " ".join(p for p in (self.last_name, self.first_name) if p).strip()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:user-detail", args=[self.pk])


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on),
            starts_on__lte=on,
            revoked_at__isnull=True,
            user__is_active=True,
        )


class RoleAssignment(models.Model):
    """One row grants one role in one area (and its descendants and former
    units) to one user, optionally for one agency and until a date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Ending a role keeps the row as history; it stops granting at once.
    revoked_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RoleAssignmentQuerySet.as_manager()

    AUDIT_FIELDS = ("user", "role", "unit", "agency", "starts_on", "expires_on", "revoked_at")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(role__in=[r.value for r in ROLES_WITHOUT_AREA]),
                name="accounts_assignment_area_required",
            ),
            models.CheckConstraint(
                condition=Q(agency__isnull=False)
                | ~Q(role__in=[r.value for r in ROLES_WITH_AGENCY]),
                name="accounts_assignment_agency_required",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("starts_on")),
                name="accounts_assignment_dates",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit", "agency", "starts_on"],
                name="accounts_assignment_unique",
            ),
        ]

    def __str__(self):
        where = self.unit.name if self.unit_id else _("all areas")
        return f"{self.user} · {self.get_role_display()} · {where}"

    def is_active_on(self, on=None):
        on = on or timezone.localdate()
        return (
            self.revoked_at is None
            and self.starts_on <= on
            and (self.expires_on is None or self.expires_on >= on)
        )
