import csv
from pathlib import Path

from django.db import transaction

from treem.audit.models import Action, AuditEvent
from treem.audit.services import record_create, record_update, snapshot

from ..models import CodeKind, ReferenceCode

DATA = Path(__file__).resolve().parent.parent / "data"


# Fields the bundled lists set. `parent` is kept as the parent group's code.
LOADED_FIELDS = ("name", "name_en", "parent", "sensitive", "order", "source")

# Sub-groups shipped before the lists followed Decree 56/2017/NĐ-CP Arts. 3-5
# clause by clause. Each merged several clauses of Art. 5 under a code the
# clause-by-clause list now gives to one clause ("c1" was clauses 1 and 2;
# "c2" clauses 4 and 7; "c3" clauses 3, 6, 9 and 10, those naming prison or a
# compulsory facility), so an episode recorded under it cannot be moved to a
# clause without asking. The old row is
# renamed to "<code>-cu" and taken out of use: existing episodes keep pointing
# to it with its old wording until an officer reclassifies them.
MERGED_SUBGROUPS = {
    "c1": "Điều 5 khoản 1 và 2",
    "c2": "Điều 5 khoản 4 và 7",
    "c3": "Điều 5 khoản 3, 6, 9 và 10",
}
LEGACY_SUFFIX = "-cu"


def _read_csv(path):
    """Rows of a bundled CSV; lines starting with "#" are notes for the editor."""
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _bundled_rows():
    rows = _read_csv(DATA / "codes.csv")
    for kind, name in (
        (CodeKind.PROVINCE, "provinces.csv"),
        (CodeKind.BIRTH_COUNTRY, "countries.csv"),
    ):
        path = DATA / name
        if not path.exists():
            continue
        for i, row in enumerate(_read_csv(path), 1):
            rows.append(
                {
                    "kind": kind,
                    "code": row["code"],
                    "name": row["name"],
                    "name_en": "",
                    "parent": "",
                    "sensitive": "",
                    "order": str(i),
                    "source": row.get("source", ""),
                }
            )
    return rows


def _row_values(row):
    return {
        "name": row["name"],
        "name_en": row["name_en"],
        "parent": row["parent"] or None,
        "sensitive": bool(row["sensitive"]),
        "order": int(row["order"] or 0),
        "source": row["source"],
    }


def _current_values(code):
    values = {name: getattr(code, name) for name in LOADED_FIELDS if name != "parent"}
    values["parent"] = code.parent.code if code.parent_id else None
    return values


def _fields_changed_by_hand():
    """{code pk: fields an update event changed}, for rows loaded before the
    bundled values were remembered: the audit trail is then the only record of
    an administrator's edits."""
    changed = {}
    events = AuditEvent.objects.filter(
        subject_type="children.referencecode", action=Action.UPDATE
    ).values_list("subject_id", "changes")
    for subject_id, changes in events:
        changed.setdefault(subject_id, set()).update(changes or {})
    return changed


def _retire_merged_subgroups(by_key, actor):
    for old, clauses in MERGED_SUBGROUPS.items():
        code = by_key.get((CodeKind.CIRCUMSTANCE_SUBGROUP, old))
        # A row with remembered values was loaded from the clause-by-clause list.
        if code is None or code.loaded_values:
            continue
        before = snapshot(code)
        code.code = old + LEGACY_SUFFIX
        code.active = False
        code.source = (
            f"Mã cũ, gộp Nghị định 56/2017/NĐ-CP {clauses}; không dùng cho giai đoạn mới, "
            "cần phân loại lại theo từng khoản"
        )[:300]
        code.save()
        record_update(code, before, actor=actor, note="load_reference_codes")
        del by_key[(CodeKind.CIRCUMSTANCE_SUBGROUP, old)]
        by_key[(code.kind, code.code)] = code


@transaction.atomic
def load_reference_codes(*, actor=None):
    """Load the bundled code lists (codes.csv, provinces.csv, countries.csv).

    Idempotent. A new code is created; an existing one takes the bundled
    value of every field an administrator has not changed (a field whose value
    still equals what was last loaded), so corrected wording and sources reach
    existing databases while an administrator's edits are kept. Returns the
    number created."""
    created = 0
    by_key = {(c.kind, c.code): c for c in ReferenceCode.objects.select_related("parent")}
    _retire_merged_subgroups(by_key, actor)
    by_hand = None
    for row in _bundled_rows():
        values = _row_values(row)
        parent = (
            by_key[(CodeKind.CIRCUMSTANCE_GROUP, values["parent"])] if values["parent"] else None
        )
        code = by_key.get((row["kind"], row["code"]))
        if code is None:
            fields = {**values, "parent": parent}
            code = ReferenceCode.objects.create(
                kind=row["kind"], code=row["code"], loaded_values=values, **fields
            )
            record_create(code, actor=actor)
            by_key[(code.kind, code.code)] = code
            created += 1
            continue
        current = _current_values(code)
        if code.loaded_values:
            edited = {f for f in LOADED_FIELDS if current[f] != code.loaded_values.get(f)}
        else:
            if by_hand is None:
                by_hand = _fields_changed_by_hand()
            edited = by_hand.get(str(code.pk), set())
        updates = {
            f: values[f] for f in LOADED_FIELDS if f not in edited and current[f] != values[f]
        }
        if not updates and code.loaded_values == values:
            continue
        before = snapshot(code)
        for field, value in updates.items():
            setattr(code, field, parent if field == "parent" else value)
        code.loaded_values = values
        code.save()
        record_update(code, before, actor=actor, note="load_reference_codes")
    return created


@transaction.atomic
def update_code(code, *, actor, **fields):
    before = snapshot(code)
    for key, value in fields.items():
        if key not in ("name", "name_en", "sensitive", "active", "order", "source"):
            raise ValueError(f"not an editable field: {key}")
        setattr(code, key, value)
    code.save()
    record_update(code, before, actor=actor)
    return code


@transaction.atomic
def create_code(*, actor, kind, code, name, **fields):
    obj = ReferenceCode.objects.create(kind=kind, code=code, name=name, **fields)
    record_create(obj, actor=actor)
    return obj
