"""A request to move a child's record to another ward: the child moved, the
new ward found the personal ID registered elsewhere, and the ward holding the
record accepts or declines (services/transfers.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted: the record moved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Withdrawn")


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        """Officers of either ward (EDIT_PERSONAL over the ward itself, which a
        residential group's collaborator does not hold) and province officers."""
        scope = scope_for(user, perm or Perm.EDIT_PERSONAL)
        return self.filter(scope.q("from_ward") | scope.q("to_ward"))

    def pending(self):
        return self.filter(status=TransferStatus.PENDING)


class ChildTransfer(models.Model):
    child = models.ForeignKey(
        "children.Child",
        verbose_name=_("child"),
        on_delete=models.PROTECT,
        related_name="transfer_requests",
    )
    # As the requester typed it: all they may see of the record before acceptance.
    personal_id = models.CharField(_("personal ID number"), max_length=12)
    from_ward = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("ward holding the record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("new residential group or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_ward = models.ForeignKey(
        "areas.AdminUnit",
        verbose_name=_("requesting ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address_line = models.CharField(_("new address"), max_length=250, blank=True)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    reason = models.TextField(_("reason for the request"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = TransferQuerySet.as_manager()

    AUDIT_FIELDS = (
        "child",
        "personal_id",
        "from_ward",
        "to_unit",
        "to_ward",
        "address_line",
        "moved_in_on",
        "reason",
        "status",
        "decision_reason",
    )

    class Meta:
        verbose_name = _("record transfer request")
        verbose_name_plural = _("record transfer requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="pending"),
                name="children_transfer_one_pending",
            ),
        ]

    def __str__(self):
        return _("Transfer request #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("children:transfer-detail", args=[self.pk])
