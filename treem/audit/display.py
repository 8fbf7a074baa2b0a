"""How the audit trail reads to a person: Vietnamese labels for the keys,
codes and notes stored in events.

Events keep what was written (field names, English keys, code values, notes
such as "case viewed") so that they stay stable when a label changes; the
translation happens here, when they are shown.
"""

import contextlib
import datetime
import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Keys an event names beside its model's own fields.
KEY_LABELS = {
    "residence": gettext_lazy("residence"),
    "caregiver_links": gettext_lazy("caregivers"),
    "circumstances": gettext_lazy("special circumstances"),
    "risks": gettext_lazy("risks"),
    "fields": gettext_lazy("data viewed"),
    "sections": gettext_lazy("sections exported"),
    "sensitive": gettext_lazy("sensitive data included"),
    "job": gettext_lazy("background task"),
    "moved": gettext_lazy("records moved"),
    "children": gettext_lazy("children"),
    "caregivers": gettext_lazy("caregivers"),
    "rows": gettext_lazy("rows"),
    "filters": gettext_lazy("filters"),
    "format": gettext_lazy("file format"),
    "cycle": gettext_lazy("report cycle"),
    "form": gettext_lazy("form"),
    "export": gettext_lazy("export"),
    "token": gettext_lazy("API token"),
    "revoked": gettext_lazy("revoked"),
    "granted": gettext_lazy("granted"),
    "successors": gettext_lazy("successors"),
    "files": gettext_lazy("files"),
    "file": gettext_lazy("file"),
    "field": gettext_lazy("field"),
    "evidence": gettext_lazy("evidence"),
    "reports_opened": gettext_lazy("reports opened"),
    "coordinating_agencies": gettext_lazy("coordinating agencies"),
    "original_name": gettext_lazy("original name"),
    "link": gettext_lazy("link"),
    "on": gettext_lazy("date"),
}

# Audited fields declared without a label (their name is their label).
FIELD_LABELS = {
    "predecessor": gettext_lazy("former unit"),
    "successor": gettext_lazy("successor unit"),
    "case": gettext_lazy("case"),
    "user": gettext_lazy("user"),
    "content_type": gettext_lazy("file type"),
    "plan": gettext_lazy("plan"),
    "from_unit": gettext_lazy("transferred from"),
    "new_case": gettext_lazy("new case"),
    "unit": gettext_lazy("unit"),
    "caregiver": gettext_lazy("caregiver"),
    "child": gettext_lazy("child"),
    "indicator": gettext_lazy("indicator"),
    "person": gettext_lazy("person in the population register"),
    "differences": gettext_lazy("differences"),
    "auto_threshold": gettext_lazy("threshold for automatic linking"),
    "review_threshold": gettext_lazy("threshold for review"),
    "docx_file": gettext_lazy("Word file"),
    "pdf_file": gettext_lazy("PDF file"),
    "xlsx_file": gettext_lazy("Excel file"),
}

# Keys whose value is a snapshot of another model's fields (accounts/services.py).
SNAPSHOTS = {"granted": "accounts.RoleAssignment", "revoked": "accounts.RoleAssignment"}

# Records created together with a child (services/bulk.py): lists of ids.
# The audit trail shows how many; the child's history shows them by name.
CREATED_WITH = ("residence", "caregiver_links", "circumstances", "risks")

# The sections of a data-subject export (children/jobs_subject.py).
SECTION_LABELS = {
    "record": gettext_lazy("record"),
    "residences": gettext_lazy("residences"),
    "caregivers": gettext_lazy("caregivers"),
    "special_circumstances": gettext_lazy("special circumstances"),
    "risks": gettext_lazy("risks"),
    "history": gettext_lazy("history"),
    "support_received": gettext_lazy("support received"),
    "consents": gettext_lazy("consents"),
    "merged_records": gettext_lazy("merged records"),
}

# Notes written as fixed English words by code (not typed by a person).
NOTE_LABELS = {
    "demo data": gettext_lazy("demo data"),
    "case viewed": gettext_lazy("case viewed"),
    "break the glass": gettext_lazy("emergency access to a sealed case"),
    "evidence refreshed": gettext_lazy("evidence refreshed"),
    "api": gettext_lazy("through the API"),
    "unmatched": gettext_lazy("records not matched"),
}
NOTE_PATTERNS = [
    (r"^attachment (?P<n>\d+) downloaded$", gettext_lazy("attachment %(n)s downloaded")),
    (r"^referral (?P<n>\d+) viewed$", gettext_lazy("referral %(n)s viewed")),
    (r"^generated in (?P<s>[\d.]+) s$", gettext_lazy("generated in %(s)s s")),
    (r"^import_children (?P<file>.+)$", gettext_lazy("imported from the file %(file)s")),
    (r"^api: children (?P<ids>.+)$", gettext_lazy("through the API: children %(ids)s")),
]

# Models whose rows may be named in the trail: reference data, never a
# person (the administrator browses the trail and reads no personal data).
NAMED_MODELS = {"areas.adminunit", "agencies.agency", "children.referencecode", "cases.casecode"}


def note_display(note):
    if not note:
        return ""
    label = NOTE_LABELS.get(note)
    if label is not None:
        return str(label)
    for pattern, template in NOTE_PATTERNS:
        match = re.match(pattern, note)
        if match:
            return str(template) % match.groupdict()
    return note


def model_field(model, name):
    """The model's own (forward) field called `name`, or None: reverse
    relations such as `residences` have no label of their own."""
    if model is None:
        return None
    with contextlib.suppress(FieldDoesNotExist):
        field = model._meta.get_field(name)
        if not field.auto_created or field.concrete:
            return field
    return None


def field_label(model, name):
    field = model_field(model, name)
    if field is not None:
        if not isinstance(field.verbose_name, Promise) and name in FIELD_LABELS:
            return str(FIELD_LABELS[name])
        return str(field.verbose_name)
    if name in KEY_LABELS:
        return str(KEY_LABELS[name])
    if model is not None:
        # A reverse relation named in full (`caregiver_links`): its model's label.
        with contextlib.suppress(FieldDoesNotExist):
            return str(model._meta.get_field(name).related_model._meta.verbose_name_plural)
    return name.replace("_", " ")


VIEWED_KINDS = {"circumstance": "circumstance_group", "risk": "risk_category"}


def viewed_codes(entries):
    """{(kind, code): name} of the episodes named in sensitive-view events,
    in one query."""
    wanted = {}
    for entry in entries:
        kind, sep, code = str(entry).partition(":")
        if sep and kind in VIEWED_KINDS:
            wanted.setdefault(VIEWED_KINDS[kind], set()).add(code)
    if not wanted:
        return {}
    ReferenceCode = apps.get_model("children", "ReferenceCode")
    q = Q()
    for kind, codes in wanted.items():
        q |= Q(kind=kind, code__in=codes)
    return {(c.kind, c.code): c.name for c in ReferenceCode.objects.filter(q)}


def viewed_label(entry, codes):
    """An entry of a sensitive-view event's `fields`: a child's field, or a
    sensitive episode as "circumstance:<code>" / "risk:<code>"."""
    kind, sep, code = entry.partition(":")
    if sep:
        title = _("special circumstance") if kind == "circumstance" else _("risk")
        return f"{title}: {codes.get((VIEWED_KINDS.get(kind), code), code)}"
    return field_label(apps.get_model("children", "Child"), entry)


def plain(value):
    """A JSON value as text: yes/no, lists joined, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items()) or "—"
    return str(value)


def value_display(model, name, value, names=None):
    field = model_field(model, name)
    if value is None or value == "":
        return "—"
    if name in CREATED_WITH and isinstance(value, list):
        return _("%(n)s records") % {"n": len(value)}
    if name == "fields" and isinstance(value, list):
        codes = (names or {}).get("viewed")
        if codes is None:
            codes = viewed_codes(value)
        return ", ".join(viewed_label(str(v), codes) for v in value)
    if name == "sections" and isinstance(value, list):
        return ", ".join(str(SECTION_LABELS.get(v, v)) for v in value)
    if name in SNAPSHOTS and isinstance(value, dict):
        inner = apps.get_model(SNAPSHOTS[name])
        return "; ".join(
            f"{field_label(inner, k)}: {value_display(inner, k, v, names)}"
            for k, v in value.items()
            if v not in (None, "")
        )
    if field is None:
        return plain(value)
    if field.many_to_one and names is not None:
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field.many_to_one:
        return f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "DateField" and isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date_format(datetime.date.fromisoformat(value), "d/m/Y")
    return plain(value)


def describe(events):
    """Set `rows` on each event, (label, old, new) as text, naming the
    reference data its foreign keys point to with one query per model."""
    wanted = {}

    def want(model, name, value):
        field = model_field(model, name)
        if field is None or not field.many_to_one or value is None:
            return
        if field.related_model._meta.label_lower in NAMED_MODELS:
            wanted.setdefault(field.related_model, set()).add(value)

    for event in events:
        model = event.subject_model
        for name, change in event.changes.items():
            change = change if isinstance(change, dict) and "old" in change else {"new": change}
            for v in (change.get("old"), change.get("new")):
                if name in SNAPSHOTS and isinstance(v, dict):
                    inner = apps.get_model(SNAPSHOTS[name])
                    for k, inner_value in v.items():
                        want(inner, k, inner_value)
                else:
                    want(model, name, v)
    names = {
        model: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }
    viewed = [
        entry
        for event in events
        if isinstance(event.changes.get("fields"), dict)
        for entry in event.changes["fields"].get("new") or ()
    ]
    names["viewed"] = viewed_codes(viewed)
    for event in events:
        model = event.subject_model
        event.rows = []
        for name, change in event.changes.items():
            if isinstance(change, dict) and "old" in change:
                old, new = change.get("old"), change.get("new")
            else:
                old, new = None, change
            event.rows.append(
                (
                    field_label(model, name),
                    None if old is None else value_display(model, name, old, names),
                    value_display(model, name, new, names),
                )
            )
    return events
