"""Topics and requirements: reference data an administrator edits."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import has_perm
from treem.audit.services import record_create, record_update, snapshot

from ..models import Basis, Requirement, Topic
from . import TrainingError, TrainingPermissionError


def _require(actor):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise TrainingPermissionError(_("You may not change reference data."))


def _taken(name, exclude=None):
    # Compared in Python: SQLite's iexact folds ASCII letters only.
    others = Topic.objects.exclude(pk=getattr(exclude, "pk", None)).values_list("name", flat=True)
    return name.casefold() in {n.casefold() for n in others}


def _unique_code(name):
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:32] or "topic"
    code, n = base, 1
    while Topic.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def create_topic(*, actor, name, order=None):
    _require(actor)
    name = (name or "").strip()
    if not name:
        raise TrainingError(_("Give the topic a name."))
    if _taken(name):
        raise TrainingError(_("A topic with this name exists already."))
    if order is None:
        order = (Topic.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    topic = Topic.objects.create(code=_unique_code(name), name=name, order=order)
    record_create(topic, actor=actor)
    return topic


@transaction.atomic
def update_topic(topic, *, actor, **fields):
    _require(actor)
    current = Topic.objects.select_for_update().get(pk=topic.pk)
    before = snapshot(current)
    for name in ("name", "order", "active"):
        if name in fields:
            setattr(current, name, fields[name])
    current.name = (current.name or "").strip()
    if not current.name:
        raise TrainingError(_("Give the topic a name."))
    if _taken(current.name, current):
        raise TrainingError(_("A topic with this name exists already."))
    current.save()
    record_update(current, before, actor=actor)
    return current


@transaction.atomic
def set_requirement(*, actor, role, topic, basis=Basis.LOCAL, source="", active=True):
    """Creates the rule or updates the one for (role, topic)."""
    _require(actor)
    if role not in Role.values:
        raise TrainingError(_("Choose a role."))
    if basis == Basis.LAW and not source.strip():
        raise TrainingError(_("A requirement from a legal text must cite its source."))
    current = Requirement.objects.select_for_update().filter(role=role, topic=topic).first()
    if current is None:
        try:
            with transaction.atomic():
                req = Requirement.objects.create(
                    role=role, topic=topic, basis=basis, source=source.strip(), active=active
                )
        except IntegrityError:
            raise TrainingError(_("This role needs this topic already.")) from None
        record_create(req, actor=actor)
        return req
    before = snapshot(current)
    current.basis, current.source, current.active = basis, source.strip(), active
    current.save()
    record_update(current, before, actor=actor)
    return current
