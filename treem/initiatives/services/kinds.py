"""The kinds of model: reference data for administrators (MANAGE_REFERENCE)."""

from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.services import record_create, record_update, snapshot

from ..models import Initiative, InitiativeKind, Status
from . import InitiativeError, InitiativePermissionError
from .initiatives import refresh_due

KIND_FIELDS = ("name", "order", "active", "evaluation_months", "source")


def _require(actor):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise InitiativePermissionError(_("You may not change the kinds of model."))


def _check(kind):
    if not kind.name.strip():
        raise InitiativeError(_("Give the kind of model a name."))
    if not kind.evaluation_months or kind.evaluation_months < 1:
        raise InitiativeError(_("The interval between evaluations is at least one month."))


@transaction.atomic
def create_kind(*, actor, code, **fields):
    _require(actor)
    code = (code or "").strip()
    if not code:
        raise InitiativeError(_("Give the kind a code."))
    if InitiativeKind.objects.filter(code=code).exists():
        raise InitiativeError(_("This code is already in the list."))
    kind = InitiativeKind(code=code, **{k: v for k, v in fields.items() if k in KIND_FIELDS})
    _check(kind)
    kind.save()
    record_create(kind, actor=actor)
    return kind


@transaction.atomic
def update_kind(kind, *, actor, **fields):
    _require(actor)
    current = InitiativeKind.objects.select_for_update().get(pk=kind.pk)
    before = snapshot(current)
    for name, value in fields.items():
        if name not in KIND_FIELDS:
            raise InitiativeError(_("Not an editable field: %(name)s") % {"name": name})
        setattr(current, name, value)
    _check(current)
    current.save()
    record_update(current, before, actor=actor)
    if current.evaluation_months != before["evaluation_months"]:
        # The running models of the kind are due again by the new interval.
        for initiative in Initiative.objects.filter(
            kind=current, status=Status.RUNNING
        ).select_related("kind"):
            refresh_due(initiative, actor=actor, note="kind interval changed")
    return current
