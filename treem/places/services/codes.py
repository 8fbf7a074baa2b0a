"""Loading the code lists shipped in data/. Idempotent: rows are matched by
code and only missing ones are created, so an administrator's edits stay."""

import csv
from pathlib import Path

from django.db import transaction

from treem.audit.services import record_create

from ..models import ChecklistItem, PlaceType

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _upsert(model, code, values, actor):
    if model.objects.filter(code=code).exists():
        return 0
    obj = model.objects.create(code=code, **values)
    record_create(obj, actor=actor, note="load_place_data")
    return 1


@transaction.atomic
def load_place_data(*, actor=None):
    """Returns the number of rows created."""
    created = 0
    for row in _rows("place-types.csv"):
        created += _upsert(
            PlaceType,
            row["code"],
            {
                "register": row["register"],
                "name": row["name"],
                "play_space": row["play_space"] == "1",
                "order": int(row["order"]),
                "source": row["source"],
            },
            actor,
        )
    for row in _rows("safety-checklist.csv"):
        created += _upsert(
            ChecklistItem,
            row["code"],
            {
                "register": row["register"],
                "text": row["text"],
                "order": int(row["order"]),
                "verified": row["verified"] == "1",
                "source": row["source"],
            },
            actor,
        )
    return created
