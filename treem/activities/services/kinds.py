"""The kinds of activity: reference data an administrator lists, adds,
renames and retires. A kind in use is never deleted (activities point at
it); retiring it hides it from the form only."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.services import record_create, record_update, snapshot

from ..models import ActivityKind
from . import ActivityError, ActivityPermissionError


def _require(actor):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise ActivityPermissionError(_("You may not change reference data."))


def _clean_name(name, exclude=None):
    name = (name or "").strip()
    if not name:
        raise ActivityError(_("Give the kind a name."))
    # Compared in Python: SQLite's iexact folds ASCII letters only.
    others = ActivityKind.objects.exclude(pk=getattr(exclude, "pk", None)).values_list(
        "name", flat=True
    )
    if name.casefold() in {n.casefold() for n in others}:
        raise ActivityError(_("A kind with this name exists already."))
    return name


@transaction.atomic
def create_kind(*, actor, name, order=None):
    _require(actor)
    name = _clean_name(name)
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:32] or "kind"
    code, n = base, 1
    while ActivityKind.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    if order is None:
        last = ActivityKind.objects.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    kind = ActivityKind.objects.create(code=code, name=name, order=order)
    record_create(kind, actor=actor)
    return kind


@transaction.atomic
def update_kind(kind, *, actor, name=None, order=None, active=None):
    """Renames, reorders or (de)activates; the code stays, since the demo,
    the drafting of reports and the API name kinds by it."""
    _require(actor)
    current = ActivityKind.objects.select_for_update().get(pk=kind.pk)
    before = snapshot(current)
    if name is not None:
        current.name = _clean_name(name, exclude=current)
    if order is not None:
        current.order = order
    if active is not None:
        current.active = active
    current.save()
    record_update(current, before, actor=actor)
    return current
