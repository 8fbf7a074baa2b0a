"""Writing audit events. Every service that changes data calls `record_event`
inside its own transaction, so the event and the change commit or roll back
together."""

import datetime
import decimal
import uuid

from django.db import models, transaction

from . import context
from .models import Action, AuditEvent

# Never written to the trail, whatever a model's whitelist says.
_NEVER_LOGGED = {"password", "token_key", "digest", "salt"}


def jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def audit_fields(obj):
    return [f for f in getattr(obj, "AUDIT_FIELDS", ()) if f not in _NEVER_LOGGED]


def snapshot(obj):
    """The whitelisted fields of `obj`, JSON-ready (foreign keys as ids)."""
    values = {}
    for name in audit_fields(obj):
        field = obj._meta.get_field(name)
        attname = field.attname if field.is_relation and field.many_to_one else name
        values[name] = jsonable(getattr(obj, attname))
    return values


def diff(before, after):
    """{field: {"old": x, "new": y}} for the fields whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: {"old": before.get(k), "new": after.get(k)}
        for k in keys
        if before.get(k) != after.get(k) and k not in _NEVER_LOGGED
    }


def subject_type(obj_or_model):
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def record_event(
    action,
    *,
    actor=None,
    subject=None,
    unit=None,
    changes=None,
    note="",
    actor_label=None,
    require_transaction=True,
):
    """Append one event. Data-changing actions must run inside the caller's
    transaction; refusing otherwise catches a service that forgot `atomic`."""
    changes_data = action in (Action.CREATE, Action.UPDATE, Action.DELETE)
    if require_transaction and changes_data and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event for a data change must run inside transaction.atomic")
    ctx = context.current()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if unit is None and subject is not None:
        unit_id = getattr(subject, "unit_id", None)
    else:
        unit_id = getattr(unit, "pk", unit)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label if actor_label is not None else getattr(actor, "username", ""),
        subject_type=subject_type(subject) if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        unit_id=unit_id,
        ip=ctx.ip,
        request_id=ctx.request_id,
        changes=changes or {},
        note=note,
    )


def record_create(obj, *, actor, unit=None, note=""):
    return record_event(
        Action.CREATE,
        actor=actor,
        subject=obj,
        unit=unit,
        changes=diff({}, snapshot(obj)),
        note=note,
    )


def record_update(obj, before, *, actor, unit=None, note=""):
    """Records the change if any whitelisted field changed; returns the event or None."""
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return record_event(
        Action.UPDATE, actor=actor, subject=obj, unit=unit, changes=changes, note=note
    )


def record_creates_bulk(objects, *, actor, unit_of=None, note="", extra=None):
    """One CREATE event per object, inserted in bulk (imports of thousands of
    rows); the caller's transaction covers them like any other event. `extra`
    adds entries to an object's changes (the records created with it)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_creates_bulk must run inside transaction.atomic")
    ctx = context.current()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(actor_obj, "username", "")
    events = [
        AuditEvent(
            action=Action.CREATE,
            actor=actor_obj,
            actor_label=label,
            subject_type=subject_type(obj),
            subject_id=str(obj.pk),
            unit_id=unit_of(obj) if unit_of else getattr(obj, "unit_id", None),
            ip=ctx.ip,
            request_id=ctx.request_id,
            changes={**diff({}, snapshot(obj)), **(extra(obj) if extra else {})},
            note=note,
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)
