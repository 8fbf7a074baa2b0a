import csv
from pathlib import Path

from django.db import transaction

from treem.audit.services import record_create, record_update, snapshot

from ..models import CodeKind, ReferenceCode

DATA = Path(__file__).resolve().parent.parent / "data"


@transaction.atomic
def load_reference_codes(*, actor=None):
    """Load the bundled code lists (codes.csv, provinces.csv). Idempotent:
    rows an administrator changed keep their changes unless the file changed
    the same field. Returns the number created."""
    created = 0
    rows = []
    with (DATA / "codes.csv").open(encoding="utf-8") as fh:
        rows += list(csv.DictReader(fh))
    provinces = DATA / "provinces.csv"
    if provinces.exists():
        with provinces.open(encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), 1):
                rows.append(
                    {
                        "kind": CodeKind.PROVINCE,
                        "code": row["code"],
                        "name": row["name"],
                        "name_en": "",
                        "parent": "",
                        "sensitive": "",
                        "order": str(i),
                        "source": row.get("source", ""),
                    }
                )
    by_key = {(c.kind, c.code): c for c in ReferenceCode.objects.all()}
    for row in rows:
        parent = None
        if row["parent"]:
            parent = by_key[(CodeKind.CIRCUMSTANCE_GROUP, row["parent"])]
        values = {
            "name": row["name"],
            "name_en": row["name_en"],
            "parent": parent,
            "sensitive": bool(row["sensitive"]),
            "order": int(row["order"] or 0),
            "source": row["source"],
        }
        code = by_key.get((row["kind"], row["code"]))
        if code is None:
            code = ReferenceCode.objects.create(kind=row["kind"], code=row["code"], **values)
            record_create(code, actor=actor)
            by_key[(code.kind, code.code)] = code
            created += 1
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
