"""The PostgreSQL path of bulk_create_children: COPY FROM STDIN (psycopg 3
`cursor.copy` through Django's connection) for children, residences,
caregivers, links, episodes and their audit events.

It writes the rows and audit events the bulk_create path writes
(tests/test_bulk_copy.py compares them), faster in Python:
- ids are drawn from the tables' sequences first, so rows and audit events
  name each other without RETURNING;
- only the children are model instances (they are returned); residences,
  caregivers and links are tuples;
- name keys are computed once per distinct name;
- audit snapshots read precomputed attribute lists.
What remains is PostgreSQL's own work: index entries and the deferred
foreign-key checks (bench/README.md).
"""

import datetime
import json
import operator

from django.db import connection
from django.utils import timezone

from treem.audit import context
from treem.audit.models import Action, AuditEvent
from treem.audit.services import audit_fields, record_event, subject_type

from .. import idnumber, text
from ..keys import _part_key, search_keys
from ..models import (
    Caregiver,
    Child,
    ChildCaregiver,
    CircumstanceEpisode,
    IdStatus,
    Residence,
    RiskEpisode,
)
from .bulk import _caregiver_key
from .registry import EDITABLE

# The search keys' GIN entries (migration 0006) of a large write wait in each index's pending list
# and are merged in sorted batches; the limit is raised for the writing
# transaction only (kB; the server default is 4 MB) so that they are merged
# a few times per import, not every few thousand rows.
GIN_PENDING_LIST_KB = 256 * 1024
# Below this many children the default limit is as good.
GIN_PENDING_FROM = 2000

_RESIDENCE = (
    "id",
    "child_id",
    "unit_id",
    "address_line",
    "moved_in_on",
    "moved_out_on",
    "recorded_by_id",
    "recorded_at",
)
_CAREGIVER = (
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "name_folded",
    "personal_id",
    "phone",
    "sex",
    "year_of_birth",
    "unit_id",
)
_LINK = ("id", "child_id", "caregiver_id", "relation_id", "lives_with", "legal_representative")
_AUDIT = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "subject_type",
    "subject_id",
    "unit_id",
    "ip",
    "request_id",
    "changes",
    "note",
)


def _json_value(value):
    # As treem.audit.services snapshots them: dates as ISO strings.
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _audit_getters(model):
    """(field name, attribute) pairs of the model's audited fields, foreign
    keys as their ids, like treem.audit.services.snapshot."""
    pairs = []
    for name in audit_fields(model):
        field = model._meta.get_field(name)
        attname = field.attname if field.is_relation and field.many_to_one else name
        pairs.append((name, attname))
    return pairs


def _created(values):
    """What diff({}, snapshot) holds: every audited field that is not None."""
    return {k: {"old": None, "new": _json_value(v)} for k, v in values if v is not None}


def _id_status(child, province_codes):
    # As registry._derive.
    if not child.personal_id:
        return IdStatus.MISSING
    problems = idnumber.validate(
        child.personal_id,
        date_of_birth=child.date_of_birth,
        sex=child.sex,
        province_codes=province_codes,
    )
    return IdStatus.INVALID if problems else IdStatus.OK


class NameKeys:
    """keys.full_name_folded and keys.name_sort_key of (family, middle,
    given), assembled from parts folded and keyed once: full names are nearly
    all distinct, their parts are not (a few hundred of each)."""

    def __init__(self):
        self._parts = {}

    def _part(self, value):
        if value not in self._parts:
            self._parts[value] = (text.fold(value), _part_key(value))
        return self._parts[value]

    def __call__(self, family, middle, given):
        f, m, g = self._part(family), self._part(middle), self._part(given)
        folded = " ".join(x[0] for x in (f, m, g) if x[0])
        return folded, "0".join((g[1], f[1], m[1]))[:400]


class _Copier:
    def __init__(self, cursor):
        self.cursor = cursor
        self.now = timezone.now()

    def ids(self, model, n):
        """n ids from the table's sequence: concurrent writers get disjoint ones."""
        if not n:
            return []
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, n],
        )
        return [row[0] for row in self.cursor.fetchall()]

    def copy(self, model, columns, rows):
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        # cursor.copy is psycopg's own: its errors (a personal ID registered
        # meanwhile) become Django's IntegrityError as execute()'s do.
        sql = f"COPY {table} ({quoted}) FROM STDIN"
        with connection.wrap_database_errors, self.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def instances(self, model, objects):
        """Model instances (children, episodes): ids, timestamps, then COPY."""
        if not objects:
            return
        fields = model._meta.concrete_fields
        stamped = [
            f.attname
            for f in fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        values = operator.attrgetter(*(f.attname for f in fields))
        for obj, pk in zip(objects, self.ids(model, len(objects)), strict=True):
            obj.pk = pk
            for name in stamped:
                setattr(obj, name, self.now)
            obj._state.adding = False
            obj._state.db = connection.alias
        self.copy(model, [f.column for f in fields], map(values, objects))

    def existing_caregivers(self, ids, phones):
        # `= ANY(array)`: one parameter, where a 100,000-element IN list costs
        # seconds to build in Django.
        found, names = {}, {}
        if ids:
            self.cursor.execute(
                "SELECT personal_id, id, name_folded FROM children_caregiver "
                "WHERE personal_id = ANY(%s) AND personal_id <> ''",
                [ids],
            )
            for pid, pk, folded in self.cursor.fetchall():
                found[("id", pid)] = pk
                names[pk] = folded
        if phones:
            self.cursor.execute(
                "SELECT phone, name_folded, id FROM children_caregiver "
                "WHERE phone = ANY(%s) ORDER BY id",
                [phones],
            )
            for phone, folded, pk in self.cursor.fetchall():
                found.setdefault(("name", phone, folded), pk)
                names[pk] = folded
        return found, names

    def audit(self, model, subjects, *, actor, note):
        """One CREATE event per (pk, unit id, changes), as record_creates_bulk."""
        ctx = context.current()
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        actor_id = actor_obj.pk if actor_obj else None
        label = getattr(actor_obj, "username", "")
        kind = subject_type(model)
        encode = json.JSONEncoder().encode
        create = Action.CREATE.value
        self.copy(
            AuditEvent,
            _AUDIT,
            (
                (
                    self.now,
                    actor_id,
                    label,
                    create,
                    kind,
                    str(pk),
                    unit_id,
                    ctx.ip,
                    ctx.request_id,
                    encode(changes),
                    note,
                )
                for pk, unit_id, changes in subjects
            ),
        )


def create_with_copy(items, *, actor, province_codes=None, note=""):
    """bulk_create_children on PostgreSQL; the caller holds the transaction."""
    who = actor if getattr(actor, "pk", None) else None
    who_id = who.pk if who else None
    keys = NameKeys()

    with connection.cursor() as cursor:
        if len(items) >= GIN_PENDING_FROM:
            cursor.execute(f"SET LOCAL gin_pending_list_limit = {int(GIN_PENDING_LIST_KB)}")
        out = _Copier(cursor)

        children = []
        for item in items:
            child = Child(
                unit=item["unit"],
                ward=item["ward"],
                created_by=who,
                **{k: v for k, v in item["data"].items() if k in EDITABLE},
            )
            child.name_folded, child.name_sort = keys(
                child.family_name, child.middle_name, child.given_name
            )
            child.id_status = _id_status(child, province_codes)
            children.append(child)
        # Caregivers shared by siblings in the file, or already in the registry.
        wanted = {}
        for child, item in zip(children, items, strict=True):
            for cg in item.get("caregivers", ()):
                cg = dict(cg)
                cg["name_folded"] = keys(
                    cg.get("family_name", ""), cg.get("middle_name", ""), cg["given_name"]
                )[0]
                cg["_child"] = child
                wanted.setdefault(_caregiver_key(cg), []).append(cg)
        ids = [k[1] for k in wanted if k[0] == "id"]
        phones = list({k[1] for k in wanted if k[0] == "name" and k[1]})
        existing, names = out.existing_caregivers(ids, phones)
        new_keys = [key for key in wanted if key not in existing]
        new_rows = []
        for pk, key in zip(out.ids(Caregiver, len(new_keys)), new_keys, strict=True):
            first = wanted[key][0]
            new_rows.append(
                (
                    pk,
                    first.get("family_name", ""),
                    first.get("middle_name", ""),
                    first["given_name"],
                    first["name_folded"],
                    first.get("personal_id", "") or "",
                    first.get("phone", ""),
                    first.get("sex", "") or "",
                    first.get("year_of_birth"),
                    first["_child"].unit_id,
                )
            )
            existing[key] = pk
            names[pk] = first["name_folded"]
        # The children's search keys carry the names of their caregivers, found or new.
        carers = {}
        for key, uses in wanted.items():
            name = names[existing[key]]
            for cg in uses:
                carers.setdefault(id(cg["_child"]), []).append(name)
        for child in children:
            child.search_keys = search_keys(child.name_folded, *carers.get(id(child), ()))
        out.instances(Child, children)
        created_with = {
            c.pk: {"residence": [], "caregiver_links": [], "circumstances": [], "risks": []}
            for c in children
        }

        residence_ids = out.ids(Residence, len(children))
        out.copy(
            Residence,
            _RESIDENCE,
            (
                (pk, c.pk, c.unit_id, c.address_line, c.resident_since, None, who_id, out.now)
                for pk, c in zip(residence_ids, children, strict=True)
            ),
        )
        for pk, c in zip(residence_ids, children, strict=True):
            created_with[c.pk]["residence"].append(pk)

        out.copy(Caregiver, _CAREGIVER, new_rows)

        links, seen = [], set()
        for key, uses in wanted.items():
            caregiver_id = existing[key]
            for cg in uses:
                pair = (cg["_child"].pk, caregiver_id)
                if pair in seen:
                    continue
                seen.add(pair)
                relation = cg["relation"]
                links.append(
                    [
                        None,
                        cg["_child"].pk,
                        caregiver_id,
                        relation.pk if hasattr(relation, "pk") else relation,
                        cg.get("lives_with", True),
                        cg.get("legal_representative", False),
                    ]
                )
        for pk, link in zip(out.ids(ChildCaregiver, len(links)), links, strict=True):
            link[0] = pk
            created_with[link[1]]["caregiver_links"].append([pk, link[2], link[3]])
        out.copy(ChildCaregiver, _LINK, links)

        # About 6 % of children: model instances are cheap enough here.
        circumstances, risks = [], []
        for child, item in zip(children, items, strict=True):
            for ep in item.get("circumstances", ()):
                circumstances.append(CircumstanceEpisode(child=child, recorded_by=who, **ep))
            for ep in item.get("risks", ()):
                risks.append(RiskEpisode(child=child, recorded_by=who, **ep))
        out.instances(CircumstanceEpisode, circumstances)
        out.instances(RiskEpisode, risks)
        for ep in circumstances:
            created_with[ep.child_id]["circumstances"].append(
                [ep.pk, ep.code_id, ep.started_on.isoformat()]
            )
        for ep in risks:
            created_with[ep.child_id]["risks"].append(
                [ep.pk, ep.code_id, ep.started_on.isoformat()]
            )

        # One event per child names the records created with it, as the
        # bulk_create path does; one per new caregiver.
        child_fields = _audit_getters(Child)
        child_values = operator.attrgetter(*(a for _, a in child_fields))
        names_only = [n for n, _ in child_fields]

        def child_events():
            for c in children:
                changes = _created(zip(names_only, child_values(c), strict=True))
                for k, v in created_with[c.pk].items():
                    if v:
                        changes[k] = {"old": None, "new": v}
                yield c.pk, c.unit_id, changes

        out.audit(Child, child_events(), actor=actor, note=note)
        carer_fields = [a for a, _ in _audit_getters(Caregiver)]
        position = {name: i for i, name in enumerate(_CAREGIVER)}
        carer_index = [position[a if a != "unit" else "unit_id"] for a in carer_fields]
        out.audit(
            Caregiver,
            (
                (
                    row[0],
                    row[position["unit_id"]],
                    _created(zip(carer_fields, (row[i] for i in carer_index), strict=True)),
                )
                for row in new_rows
            ),
            actor=actor,
            note=note,
        )
    record_event(
        Action.IMPORT,
        actor=actor,
        note=note,
        changes={
            "children": {"old": None, "new": len(children)},
            "caregivers": {"old": None, "new": len(new_rows)},
        },
        require_transaction=False,
    )
    return children
