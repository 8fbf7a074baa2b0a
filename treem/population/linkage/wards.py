"""Ward names, former or current, mapped to the ward that carries them on today.

A register extract may still name a ward abolished in the 2025 reorganisation ("Vinh Tân"), while
the child's record names its successor ("Trường Vinh"). Both get the same key: the folded name of
the current successor, through ``treem.areas.services.current_successors`` (from the database)
or through the successions of ``treem/areas/data/areas-vinh.csv`` (for the benchmark, which runs
without a database). Unknown names keep their own folded form.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from treem.children.text import fold

AREAS_CSV = Path(__file__).resolve().parents[2] / "areas" / "data" / "areas-vinh.csv"


class WardResolver:
    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping

    def __call__(self, name: str | None) -> str:
        key = fold(name)
        for prefix in ("phuong ", "xa "):
            if key.startswith(prefix) and key not in self.mapping:
                key = key[len(prefix) :]
        return self.mapping.get(key, key)

    @classmethod
    def from_db(cls, on: datetime.date | None = None) -> WardResolver:
        from treem.areas.models import AdminUnit, Level
        from treem.areas.services import current_successors

        mapping = {}
        units = AdminUnit.objects.filter(level__in=(Level.WARD, Level.COMMUNE))
        for unit in units.prefetch_related("successions_out__successor"):
            successors = current_successors(unit, on)
            if successors:
                # A split unit has several successors: the first by name stands for all.
                mapping.setdefault(fold(unit.name), fold(successors[0].name))
        return cls(mapping)

    @classmethod
    def from_csv(cls, path: Path = AREAS_CSV) -> WardResolver:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["level"] in ("ward", "commune")]
        successor = {fold(r["name"]): fold(r["successor"]) for r in rows if r["successor"]}
        mapping = {}
        for row in rows:
            key = current = fold(row["name"])
            seen = set()
            while current in successor and current not in seen:
                seen.add(current)
                current = successor[current]
            mapping[key] = current
        return cls(mapping)
