"""The shipped types of place and safety checklist (data/*.csv), so that a new
database can keep the register at once. Rows an administrator already has
are left alone; `manage.py load_place_data` loads later additions."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load(apps, schema_editor):
    PlaceType = apps.get_model("places", "PlaceType")
    ChecklistItem = apps.get_model("places", "ChecklistItem")
    for row in _rows("place-types.csv"):
        PlaceType.objects.get_or_create(
            code=row["code"],
            defaults={
                "register": row["register"],
                "name": row["name"],
                "play_space": row["play_space"] == "1",
                "order": int(row["order"]),
                "source": row["source"],
            },
        )
    for row in _rows("safety-checklist.csv"):
        ChecklistItem.objects.get_or_create(
            code=row["code"],
            defaults={
                "register": row["register"],
                "text": row["text"],
                "order": int(row["order"]),
                "verified": row["verified"] == "1",
                "source": row["source"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_places_register")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
