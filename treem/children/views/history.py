"""A child's history read from the audit trail, shared by the detail page and
the data-subject export. Sensitive episodes and sensitive field values are
left out for readers who may not see them."""

import datetime

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from treem.audit.display import CREATED_WITH, field_label, model_field, value_display
from treem.audit.models import Action, AuditEvent
from treem.audit.services import subject_type

from ..models import (
    Caregiver,
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    Consent,
    ReferenceCode,
    Residence,
    RiskEpisode,
)
from ..models import Support as SupportModel

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


def history_query(child, *, sensitive, loaded=None):
    """Events about the child and the records hanging from it. `loaded`
    ({model: instances}, see history_rows) gives the ids of the records the
    caller has already read, in place of a query per kind."""
    loaded = loaded or {}
    circumstances = CircumstanceEpisode.objects.filter(child=child)
    risks = RiskEpisode.objects.filter(child=child)
    if not sensitive:
        circumstances = circumstances.not_sensitive()
        risks = risks.filter(code__sensitive=False)
    related = [
        (Child, [child.pk]),
        (CircumstanceEpisode, circumstances),
        (RiskEpisode, risks),
        (ChildCaregiver, ChildCaregiver.objects.filter(child=child)),
        (Residence, Residence.objects.filter(child=child)),
    ]
    if sensitive:
        related += [
            (SupportModel, SupportModel.objects.filter(child=child)),
            (Consent, Consent.objects.filter(child=child)),
        ]
    q = Q()
    for model, ids in related:
        if model in loaded:
            ids = [obj.pk for obj in loaded[model]]
        elif not isinstance(ids, list):
            ids = ids.values_list("pk", flat=True)
        q |= Q(subject_type=subject_type(model), subject_id__in=[str(i) for i in ids])
    # A removed caregiver link is gone from the database; its deletion event
    # still names the child.
    q |= Q(
        subject_type=subject_type(ChildCaregiver),
        action=Action.DELETE,
        changes__child__old=child.pk,
    )
    return AuditEvent.objects.filter(q, action__in=HISTORY_ACTIONS).order_by("-occurred_at", "-id")


def _known_objects(child, loaded):
    """{model: {pk: instance}} of what the page has already read: the
    records that history's foreign keys most often name (the child's units
    and codes, episodes' codes, caregivers, residences…) with the related
    records read along with them, so that only the others are queried."""
    known = {}
    for obj in (child, *(obj for objs in loaded.values() for obj in objs)):
        known.setdefault(type(obj), {})[obj.pk] = obj
        for field in obj._meta.concrete_fields:
            if field.many_to_one and field.is_cached(obj):
                related = getattr(obj, field.name)
                if related is not None:
                    known.setdefault(type(related), {})[related.pk] = related
    return known


def _by_pk(model, ids, known, queryset=None):
    """{pk: instance} for `ids`, from `known` where there, else read (and
    then remembered in `known`)."""
    have = known.setdefault(model, {})
    missing = {i for i in ids if i not in have}
    if missing:
        qs = queryset if queryset is not None else model.objects.all()
        have.update((obj.pk, obj) for obj in qs.filter(pk__in=missing))
    return {i: have[i] for i in ids if i in have}


def _created_with_names(events, known, episodes):
    """The records named in creation events of the bulk paths (bulk.py:
    `residence`: ids; `caregiver_links`: [link, caregiver, relation];
    `circumstances`, `risks`: [episode, code, started_on]), taken from
    `known` (and `episodes`, {pk: circumstance episode read with its
    sub-group}) or loaded with one query per model."""
    ids = {"residence": set(), "caregiver": set(), "code": set(), "episode": set()}
    for event in events:
        if event.subject_model is not Child or event.action != Action.CREATE:
            continue
        for name in CREATED_WITH:
            change = event.changes.get(name)
            new = change.get("new") if isinstance(change, dict) else change
            for item in new if isinstance(new, list) else ():
                if name == "residence":
                    ids["residence"].add(item)
                elif isinstance(item, list) and len(item) >= 3:
                    if name == "caregiver_links":
                        ids["caregiver"].add(item[1])
                        ids["code"].add(item[2])
                    else:
                        ids["code"].add(item[1])
                        if name == "circumstances":
                            ids["episode"].add(item[0])
    unread = ids["episode"] - episodes.keys()
    return {
        "residence": _by_pk(
            Residence, ids["residence"], known, Residence.objects.select_related("unit")
        ),
        "caregiver": _by_pk(Caregiver, ids["caregiver"], known),
        "code": _by_pk(ReferenceCode, ids["code"], known),
        # An episode's sub-group may be sensitive where its group is not.
        "sensitive_episode": {
            pk
            for pk in ids["episode"] & episodes.keys()
            if episodes[pk].subgroup is not None and episodes[pk].subgroup.sensitive
        }
        | set(
            CircumstanceEpisode.objects.filter(pk__in=unread, subgroup__sensitive=True).values_list(
                "pk", flat=True
            )
            if unread
            else ()
        ),
    }


def _created_with_items(name, value, found, *, sensitive, shown):
    """The records created with a child, as a reader sees them; sensitive
    episodes only for a reader who may see them (and then counted in
    `shown`, so that the read is audited)."""
    items = []
    for item in value if isinstance(value, list) else ():
        if name == "residence":
            residence = found["residence"].get(item)
            if residence is not None:
                address, unit = residence.address_line, str(residence.unit)
                # Addresses typed in the ward usually end with the group already.
                items.append(
                    address if unit in address else ", ".join(filter(None, (address, unit)))
                )
            continue
        if not isinstance(item, list) or len(item) < 3:
            continue
        if name == "caregiver_links":
            caregiver = found["caregiver"].get(item[1])
            relation = found["code"].get(item[2])
            if caregiver is not None:
                items.append(f"{caregiver} ({relation})" if relation else str(caregiver))
            continue
        code = found["code"].get(item[1])
        if code is None:
            continue
        hidden = code.sensitive or item[0] in found["sensitive_episode"]
        if hidden:
            if not sensitive:
                continue
            kind = "circumstance" if name == "circumstances" else "risk"
            shown.add(f"{kind}:{code.code}")
        started = display_value(CircumstanceEpisode._meta.get_field("started_on"), item[2])
        items.append(_("%(name)s, from %(date)s") % {"name": code.name, "date": started})
    return items


def history_rows(child, *, sensitive, limit=HISTORY_LIMIT, loaded=None):
    """(events, sensitive field names shown). Each event gets `rows`, a list of
    (label, old, new) with foreign keys shown by name, and `label`, what it is
    about. Sensitive episodes are already counted where the page lists them.
    `loaded` ({model: instances}) holds the records hanging from the child
    that the caller has read already, as the reader may see them (the
    episodes filtered as history_query filters them): they select the events
    and name the foreign keys without reading them again."""
    loaded = loaded or {}
    events = list(history_query(child, sensitive=sensitive, loaded=loaded)[:limit])
    known = _known_objects(child, loaded)
    # Foreign keys are stored as ids: resolve them with one query per model.
    wanted = {}
    for event in events:
        model = event.subject_model
        for name, change in event.changes.items():
            field = model_field(model, name)
            if field is not None and field.many_to_one and isinstance(change, dict):
                for v in (change.get("old"), change.get("new")):
                    if v is not None:
                        wanted.setdefault(field.related_model, set()).add(v)
    names = {
        model: {pk: str(obj) for pk, obj in _by_pk(model, ids, known).items()}
        for model, ids in wanted.items()
        if model is not Child
    }
    episodes = {e.pk: e for e in loaded.get(CircumstanceEpisode, ())}
    found = _created_with_names(events, known, episodes)
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
            label = field_label(model, name)
            if model is Child and name in CREATED_WITH:
                items = _created_with_items(name, new, found, sensitive=sensitive, shown=shown)
                if items:
                    event.rows.append((label, "—", "; ".join(items)))
                continue
            field = model_field(model, name)
            if field is not None and field.many_to_one:
                lookup = names.get(field.related_model, {})
                old, new = (lookup.get(v, v) if v is not None else None for v in (old, new))
                event.rows.append((label, old if old is not None else "—", new or "—"))
                continue
            if field is None:
                event.rows.append(
                    (label, value_display(model, name, old), value_display(model, name, new))
                )
                continue
            event.rows.append((label, display_value(field, old), display_value(field, new)))
    return events, shown


def subject_label(event):
    model = event.subject_model
    return model._meta.verbose_name if model is not None else event.subject_type
