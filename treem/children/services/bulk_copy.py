"""The PostgreSQL path of bulk_create_children: COPY FROM STDIN (psycopg 3
`cursor.copy` through Django's connection) for children, residences,
caregivers, links, episodes and their audit events.

It writes the rows and audit events the bulk_create path writes
(tests/test_bulk_copy.py compares them), with as little Python per row as
it can:
- ids are drawn from the tables' sequences first, so rows name each other
  without RETURNING;
- rows are lists filled from a template of the model's defaults, not model
  instances (the children are made instances once, at the end, to be
  returned);
- name keys are computed once per distinct name;
- the CREATE events' changes are written as JSON text from precomputed
  pieces, not dicts through json.dumps (what most of a write spent before).
What remains is PostgreSQL's own work: index entries, the deferred foreign
key checks and the WAL (bench/README.md measures it alone, "replayed").
"""

import datetime
import json

from django.db import connection
from django.utils import timezone

from treem.areas.models import AdminUnit, Level
from treem.audit import context
from treem.audit.models import Action, AuditEvent
from treem.audit.services import audit_fields, jsonable, record_event, subject_type

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
from .bulk import caregiver_wanted, match_caregivers
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


def _q(name):
    return connection.ops.quote_name(name)


_encode_str = json.encoder.encode_basestring_ascii


def _json(value):
    """JSON text of a column value as treem.audit.services records it (dates
    as ISO strings; foreign keys are ids already)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, datetime.date | datetime.time):
        return _encode_str(value.isoformat())
    return json.dumps(jsonable(value))


class CreatedJson:
    """diff({}, snapshot(row)) as JSON text, {"field": {"old": null, "new":
    value}} for every audited field that is not None, from a row of
    `positions` (column position per field); `extra` adds parts."""

    def __init__(self, model, positions):
        self.fields = []
        for name in audit_fields(model):
            field = model._meta.get_field(name)
            attname = field.attname if field.is_relation and field.many_to_one else name
            self.fields.append((positions[attname], f'"{name}": {{"old": null, "new": '))

    def __call__(self, row, extra=()):
        parts = [prefix + _json(row[i]) + "}" for i, prefix in self.fields if row[i] is not None]
        parts.extend(extra)
        return "{" + ", ".join(parts) + "}"


def _created_with(key, values):
    # How a child's CREATE event names the records created with it.
    return f'"{key}": {{"old": null, "new": {json.dumps(values)}}}'


def _id_status(personal_id, date_of_birth, sex, province_codes):
    # As registry._derive.
    if not personal_id:
        return IdStatus.MISSING
    problems = idnumber.validate(
        personal_id, date_of_birth=date_of_birth, sex=sex, province_codes=province_codes
    )
    return IdStatus.INVALID if problems else IdStatus.OK


class NameKeys:
    """keys.full_name_folded and keys.name_sort_key of (family, middle,
    given), assembled from parts folded and keyed once: full names are nearly
    all distinct, their parts are not (a few hundred of each)."""

    def __init__(self):
        self._parts = {}

    def _part(self, value):
        part = self._parts.get(value)
        if part is None:
            part = self._parts[value] = (text.fold(value), _part_key(value))
        return part

    def __call__(self, family, middle, given):
        f, m, g = self._part(family), self._part(middle), self._part(given)
        folded = " ".join([x for x in (f[0], m[0], g[0]) if x])
        return folded, "0".join((g[1], f[1], m[1]))[:400]


class Rows:
    """Rows of a model's table as lists in concrete-field order, started from
    the model's defaults (what Model.__init__ would set)."""

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.model = model
        self.columns = [f.column for f in fields]
        self.at = {f.attname: i for i, f in enumerate(fields)}
        blank = model()
        self.template = [getattr(blank, f.attname) for f in fields]
        # A callable default gives each row its own value.
        self.callables = [
            (i, f.default) for i, f in enumerate(fields) if f.has_default() and callable(f.default)
        ]
        # Data keys (field names) → (position, whether a foreign key's id).
        self.slots = {}
        for f in fields:
            self.slots[f.name] = (self.at[f.attname], f.many_to_one)
        self.stamped = [
            i
            for i, f in enumerate(fields)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]

    def new(self, data, names=None):
        """A row of `data` ({field name: value}); keys outside `names` are
        skipped, any key when `names` is None must be a field."""
        row = self.template.copy()
        for i, default in self.callables:
            row[i] = default()
        slots = self.slots
        for key, value in data.items():
            if names is None or key in names:
                i, fk = slots[key]
                row[i] = getattr(value, "pk", value) if fk else value
        return row

    def instances(self, rows):
        return [self.model.from_db(connection.alias, None, row) for row in rows]


class _Copier:
    def __init__(self, cursor):
        self.cursor = cursor
        self.now = timezone.now()
        self._sequences = {}

    def sql(self, statement, params=()):
        # Every statement of a write goes through here or copy(): the
        # benchmark replays them to time PostgreSQL's share alone.
        with connection.wrap_database_errors:
            self.cursor.execute(statement, params)

    def ids(self, model, n):
        """n ids from the table's sequence: concurrent writers get disjoint ones."""
        if not n:
            return []
        if model not in self._sequences:
            self.sql("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
            self._sequences[model] = self.cursor.fetchone()[0]
        # The sequence named once: per row, its lookup costs ten times nextval.
        self.sql(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [self._sequences[model], n],
        )
        return [row[0] for row in self.cursor.fetchall()]

    def copy(self, model, columns, rows):
        quoted = ", ".join(_q(c) for c in columns)
        # cursor.copy is psycopg's own: its errors (a personal ID registered
        # meanwhile) become Django's IntegrityError as execute()'s do.
        sql = f"COPY {_q(model._meta.db_table)} ({quoted}) FROM STDIN"
        with connection.wrap_database_errors, self.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def stamp(self, table, rows, model):
        """Ids and auto timestamps into `rows` (lists of `table`); returns the ids."""
        ids = self.ids(model, len(rows))
        at_pk = table.at[model._meta.pk.attname]
        for row, pk in zip(rows, ids, strict=True):
            row[at_pk] = pk
            for i in table.stamped:
                row[i] = self.now
        return ids

    def existing_caregivers(self, ids, phones):
        """As bulk._existing_caregivers: (pk, ward id, personal ID, phone,
        folded name) in pk order. `= ANY(array)`: one parameter, where a
        100,000-element IN list costs seconds to build in Django."""
        if not (ids or phones):
            return []
        units = AdminUnit._meta.db_table
        self.sql(
            "SELECT c.id, CASE WHEN u.level = %s THEN u.parent_id ELSE u.id END, "  # noqa: S608
            "c.personal_id, c.phone, c.name_folded "
            f"FROM children_caregiver c JOIN {_q(units)} u ON u.id = c.unit_id "
            "WHERE (c.personal_id = ANY(%s) AND c.personal_id <> '') "
            "OR (c.phone = ANY(%s) AND c.phone <> '') ORDER BY c.id",
            [Level.RESIDENTIAL_GROUP.value, ids, phones],
        )
        return self.cursor.fetchall()

    def audit(self, model, subjects, *, actor, note):
        """One CREATE event per (pk, unit id, changes as JSON text), as
        record_creates_bulk writes them."""
        ctx = context.current()
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        actor_id = actor_obj.pk if actor_obj else None
        label = getattr(actor_obj, "username", "")
        kind = subject_type(model)
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
                    changes,
                    note,
                )
                for pk, unit_id, changes in subjects
            ),
        )


def create_with_copy(items, *, actor, province_codes=None, note="", instances=True):
    """bulk_create_children on PostgreSQL; the caller holds the transaction.
    Returns the children, or only their ids when not `instances` (an import:
    100,000 model instances cost seconds)."""
    who_id = actor.pk if getattr(actor, "pk", None) else None
    keys = NameKeys()
    table = Rows(Child)
    at = table.at
    editable = frozenset(EDITABLE)
    i_pid, i_dob, i_sex = at["personal_id"], at["date_of_birth"], at["sex"]
    i_family, i_middle, i_given = at["family_name"], at["middle_name"], at["given_name"]
    i_unit, i_ward = at["unit_id"], at["ward_id"]

    with connection.cursor() as cursor:
        out = _Copier(cursor)
        if len(items) >= GIN_PENDING_FROM:
            out.sql(f"SET LOCAL gin_pending_list_limit = {int(GIN_PENDING_LIST_KB)}")

        rows = []
        for item in items:
            row = table.new(item["data"], editable)
            row[i_unit] = item["unit"].pk
            row[i_ward] = item["ward"].pk
            row[at["created_by_id"]] = who_id
            row[at["name_folded"]], row[at["name_sort"]] = keys(
                row[i_family], row[i_middle], row[i_given]
            )
            row[at["id_status"]] = _id_status(row[i_pid], row[i_dob], row[i_sex], province_codes)
            rows.append(row)
        # Caregivers shared by siblings in the file, or already in the
        # registry (bulk.CaregiverMatcher); each use names its child by position.
        uses, ids, phones = caregiver_wanted(items, lambda *parts: keys(*parts)[0])
        matcher, refs = match_caregivers(items, uses, out.existing_caregivers(ids, phones))
        new_ids = out.ids(Caregiver, len(matcher.new))
        new_rows = [
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
                rows[first["_child"]][i_unit],
            )
            for pk, first in zip(new_ids, matcher.new, strict=True)
        ]
        carer_ids = [new_ids[key] if kind == "new" else key for kind, key in refs]
        # The children's search keys carry the names of their caregivers, found or new.
        carers = {}
        for cg, ref in zip(uses, refs, strict=True):
            carers.setdefault(cg["_child"], []).append(matcher.names[ref])
        i_keys, i_folded = at["search_keys"], at["name_folded"]
        for n, row in enumerate(rows):
            row[i_keys] = search_keys(row[i_folded], *carers.get(n, ()))
        child_ids = out.stamp(table, rows, Child)
        out.copy(Child, table.columns, rows)

        residence_ids = out.ids(Residence, len(rows))
        i_address, i_since = at["address_line"], at["resident_since"]
        out.copy(
            Residence,
            _RESIDENCE,
            (
                (pk, child, row[i_unit], row[i_address], row[i_since], None, who_id, out.now)
                for pk, child, row in zip(residence_ids, child_ids, rows, strict=True)
            ),
        )
        out.copy(Caregiver, _CAREGIVER, new_rows)

        links, seen = [], set()
        for cg, caregiver_id in zip(uses, carer_ids, strict=True):
            pair = (child_ids[cg["_child"]], caregiver_id)
            if pair in seen:
                continue
            seen.add(pair)
            relation = cg["relation"]
            links.append(
                [
                    None,
                    pair[0],
                    caregiver_id,
                    getattr(relation, "pk", relation),
                    cg.get("lives_with", True),
                    cg.get("legal_representative", False),
                ]
            )
        for pk, link in zip(out.ids(ChildCaregiver, len(links)), links, strict=True):
            link[0] = pk
        out.copy(ChildCaregiver, _LINK, links)

        # What each child's event names beside its fields (bulk.py's
        # `created_with`), by position of the child.
        named = {
            n: [f'"residence": {{"old": null, "new": [{pk}]}}']
            for n, pk in enumerate(residence_ids)
        }
        position = {pk: n for n, pk in enumerate(child_ids)}
        by_child = {}
        for link in links:
            by_child.setdefault(position[link[1]], []).append(link[0:1] + link[2:4])
        for n, values in by_child.items():
            named[n].append(_created_with("caregiver_links", values))
        # About 6 % of children.
        for model, field in ((CircumstanceEpisode, "circumstances"), (RiskEpisode, "risks")):
            episodes = Rows(model)
            episode_rows, owners = [], []
            for n, (pk, item) in enumerate(zip(child_ids, items, strict=True)):
                for ep in item.get(field, ()):
                    row = episodes.new(ep)
                    row[episodes.at["child_id"]] = pk
                    row[episodes.at["recorded_by_id"]] = who_id
                    episode_rows.append(row)
                    owners.append(n)
            episode_ids = out.stamp(episodes, episode_rows, model)
            out.copy(model, episodes.columns, episode_rows)
            by_child = {}
            i_code, i_started = episodes.at["code_id"], episodes.at["started_on"]
            for n, pk, row in zip(owners, episode_ids, episode_rows, strict=True):
                by_child.setdefault(n, []).append([pk, row[i_code], row[i_started].isoformat()])
            for n, values in by_child.items():
                named[n].append(_created_with(field, values))

        # One event per child names the records created with it, as the
        # bulk_create path does; one per new caregiver.
        child_json = CreatedJson(Child, at)
        out.audit(
            Child,
            (
                (pk, row[i_unit], child_json(row, named[n]))
                for n, (pk, row) in enumerate(zip(child_ids, rows, strict=True))
            ),
            actor=actor,
            note=note,
        )
        carer_json = CreatedJson(Caregiver, {name: i for i, name in enumerate(_CAREGIVER)})
        out.audit(
            Caregiver,
            ((row[0], row[-1], carer_json(row)) for row in new_rows),
            actor=actor,
            note=note,
        )
    record_event(
        Action.IMPORT,
        actor=actor,
        note=note,
        changes={
            "children": {"old": None, "new": len(rows)},
            "caregivers": {"old": None, "new": len(new_rows)},
        },
        require_transaction=False,
    )
    return table.instances(rows) if instances else child_ids
