"""Transfer requests: a child registered in one ward moved to another. The new
ward's officer asks, from the duplicate-ID message, for the record; the
officer of the ward holding it accepts (the record moves with its history,
through move_child) or declines with a reason.

Each write records two audit events, one in the area of each ward, so that
the auditors of either side see it. The requesting side's event leaves out
the record's number and ward: the requester knows only the ID they typed
until the record is theirs."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for
from treem.areas.models import AdminUnit, Level
from treem.audit.models import Action
from treem.audit.services import diff, record_event, snapshot

from .. import idnumber
from ..models import Child, ChildTransfer, Status, TransferStatus
from ..validation import validate_unit
from .registry import RegistryError, move_child

S = TransferStatus
# Who may take each step: the ward holding the record decides, the ward that
# asked may withdraw. Every other change is refused.
TRANSITIONS = {
    S.PENDING: {S.ACCEPTED: "from_ward", S.DECLINED: "from_ward", S.CANCELLED: "to_ward"},
}
# Left out of the requesting ward's audit event (see the module docstring).
OWNER_ONLY_FIELDS = ("child", "from_ward")


class TransferError(RegistryError):
    pass


def _record(action, transfer, changes, *, actor, note=""):
    for unit, hidden in ((transfer.from_ward, ()), (transfer.to_ward, OWNER_ONLY_FIELDS)):
        record_event(
            action,
            actor=actor,
            subject=transfer,
            unit=unit,
            changes={k: v for k, v in changes.items() if k not in hidden},
            note=note,
        )


def is_transfer_officer(user):
    """Officers of a ward (EDIT_PERSONAL over the ward itself) and province
    officers: those who send, see and decide transfer requests."""
    scope = scope_for(user, Perm.EDIT_PERSONAL)
    if scope.unlimited or scope.province_ids:
        return True
    return AdminUnit.objects.filter(
        pk__in=scope.unit_ids, level__in=[Level.WARD, Level.COMMUNE]
    ).exists()


def may_decide(user, transfer):
    return has_perm(user, Perm.EDIT_PERSONAL, transfer.from_ward)


def may_withdraw(user, transfer):
    return has_perm(user, Perm.EDIT_PERSONAL, transfer.to_ward)


def child_visible(user, transfer):
    """The requester sees the record only once it is in their ward."""
    return Child.objects.visible_to(user).filter(pk=transfer.child_id).exists()


@transaction.atomic
def request_transfer(*, actor, personal_id, unit, reason, address_line="", moved_in_on=None):
    """Asks the ward holding the record with this ID for it. `unit` is where
    the child lives now, in the requester's area."""
    try:
        unit, ward = validate_unit(unit)
    except ValueError as exc:
        raise TransferError(str(exc)) from None
    if not has_perm(actor, Perm.EDIT_PERSONAL, ward):
        raise TransferError(_("Only the officers of the ward may ask for a record's transfer."))
    if not (reason or "").strip():
        raise TransferError(_("Say why the record should move to your ward."))
    pid = idnumber.normalise(personal_id or "")
    child = (
        Child.objects.select_for_update()
        .filter(personal_id=pid)
        .exclude(status=Status.MERGED)
        .select_related("ward")
        .first()
        if pid
        else None
    )
    if child is None:
        raise TransferError(_("No record in the registry has this personal ID number."))
    if Child.objects.visible_to(actor).filter(pk=child.pk).exists():
        raise TransferError(
            _("This record is already in your area: open it and record the move there.")
        )
    if ChildTransfer.objects.pending().filter(child=child).exists():
        raise TransferError(_("A transfer of this record is already waiting for a decision."))
    transfer = ChildTransfer.objects.create(
        child=child,
        personal_id=pid,
        from_ward=child.ward,
        to_unit=unit,
        to_ward=ward,
        address_line=(address_line or "").strip(),
        moved_in_on=moved_in_on,
        reason=reason.strip(),
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(Action.CREATE, transfer, diff({}, snapshot(transfer)), actor=actor)
    return transfer


@transaction.atomic
def change_transfer_status(transfer, status, *, actor, reason=""):
    """Accept, decline (with a reason) or withdraw a pending request, as the
    transition table allows. Accepting moves the record into the requesting
    ward's unit: the residence history and every event stay with it."""
    transfer = (
        ChildTransfer.objects.select_for_update()
        .select_related("child", "from_ward", "to_unit", "to_ward")
        .get(pk=transfer.pk)
    )
    side = TRANSITIONS.get(transfer.status, {}).get(status)
    if side is None:
        raise TransferError(_("This request has already been decided."))
    allowed = may_decide if side == "from_ward" else may_withdraw
    if not allowed(actor, transfer):
        raise TransferError(_("You may not take this decision."))
    reason = (reason or "").strip()
    if status == S.DECLINED and not reason:
        raise TransferError(_("Say why the request is declined."))
    before = snapshot(transfer)
    transfer.status = status
    transfer.decision_reason = reason
    transfer.decided_by = actor if getattr(actor, "pk", None) else None
    transfer.decided_at = timezone.now()
    transfer.save()
    _record(Action.UPDATE, transfer, diff(before, snapshot(transfer)), actor=actor)
    if status == S.ACCEPTED:
        move_child(
            Child.objects.select_for_update().get(pk=transfer.child_id),
            actor=actor,
            unit=transfer.to_unit,
            ward=transfer.to_ward,
            on=transfer.moved_in_on,
            address_line=transfer.address_line,
        )
    return transfer
