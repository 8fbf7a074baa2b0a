"""A child's history read from the audit trail, shared by the detail page and
the data-subject export. Sensitive episodes and sensitive field values are
left out for readers who may not see them."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from treem.audit.models import Action, AuditEvent
from treem.audit.services import subject_type

from .models import Child, ChildCaregiver, CircumstanceEpisode, Consent, Residence, RiskEpisode
from .models import Support as SupportModel

HISTORY_LIMIT = 200
# Reads of sensitive fields are audited too, but they are not changes to the record.
HISTORY_ACTIONS = (Action.CREATE, Action.UPDATE, Action.DELETE, Action.EXPORT)


def display_value(field, value):
    """A stored or JSON value as a reader sees it, given the model field."""
    if value in (None, ""):
        return "—"
    if field is None:
        return value if isinstance(value, str) else str(value)
    if isinstance(value, bool) or field.get_internal_type() == "BooleanField":
        return _("Yes") if value else _("No")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "DateField":
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return value
        return date_format(value, "d/m/Y")
    return str(value)


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def history_query(child, *, sensitive):
    """Events about the child and the records hanging from it."""
    circumstances = CircumstanceEpisode.objects.filter(child=child)
    risks = RiskEpisode.objects.filter(child=child)
    if not sensitive:
        circumstances = circumstances.not_sensitive()
        risks = risks.filter(code__sensitive=False)
    related = [
        (Child, [child.pk]),
        (CircumstanceEpisode, circumstances.values_list("pk", flat=True)),
        (RiskEpisode, risks.values_list("pk", flat=True)),
        (ChildCaregiver, ChildCaregiver.objects.filter(child=child).values_list("pk", flat=True)),
        (Residence, Residence.objects.filter(child=child).values_list("pk", flat=True)),
    ]
    if sensitive:
        related += [
            (SupportModel, SupportModel.objects.filter(child=child).values_list("pk", flat=True)),
            (Consent, Consent.objects.filter(child=child).values_list("pk", flat=True)),
        ]
    q = Q()
    for model, ids in related:
        q |= Q(subject_type=subject_type(model), subject_id__in=[str(i) for i in ids])
    # A removed caregiver link is gone from the database; its deletion event
    # still names the child.
    q |= Q(
        subject_type=subject_type(ChildCaregiver),
        action=Action.DELETE,
        changes__child__old=child.pk,
    )
    return AuditEvent.objects.filter(q, action__in=HISTORY_ACTIONS).order_by("-occurred_at", "-id")


def history_rows(child, *, sensitive, limit=HISTORY_LIMIT):
    """(events, sensitive field names shown). Each event gets `rows`, a list of
    (label, old, new) with foreign keys shown by name, and `label`, what it is
    about. Sensitive episodes are already counted where the page lists them."""
    events = list(history_query(child, sensitive=sensitive)[:limit])
    # Foreign keys are stored as ids: resolve them with one query per model.
    wanted = {}
    for event in events:
        model = event.subject_model
        for name, change in event.changes.items():
            field = _field(model, name)
            if field is not None and field.many_to_one and isinstance(change, dict):
                for v in (change.get("old"), change.get("new")):
                    if v is not None:
                        wanted.setdefault(field.related_model, set()).add(v)
    names = {
        model: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}
        for model, ids in wanted.items()
        if model is not Child
    }
    shown = set()
    for event in events:
        model = event.subject_model
        event.rows = []
        event.label = subject_label(event)
        for name, change in event.changes.items():
            if model is not Child and name == "child":
                continue
            if not isinstance(change, dict) or "old" not in change:
                change = {"old": None, "new": change}
            old, new = change.get("old"), change.get("new")
            # A new record lists every field, most of them empty.
            if old in (None, "") and new in (None, ""):
                continue
            if model is Child and name in Child.SENSITIVE_FIELDS:
                if not sensitive:
                    continue
                shown.add(name)
            field = _field(model, name)
            if field is not None and field.many_to_one:
                lookup = names.get(field.related_model, {})
                old, new = (lookup.get(v, v) if v is not None else None for v in (old, new))
                label = field.verbose_name
                event.rows.append((label, old if old is not None else "—", new or "—"))
                continue
            label = field.verbose_name if field is not None else name
            event.rows.append((label, display_value(field, old), display_value(field, new)))
    return events, shown


def subject_label(event):
    model = event.subject_model
    return model._meta.verbose_name if model is not None else event.subject_type
