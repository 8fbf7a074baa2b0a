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
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def shown(path: Path) -> str:
    """A file's path as printed and kept in a run's summary: relative to the project, so that a
    server's layout does not reach the API."""
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


class WardResolver:
    def __init__(self, mapping: dict[str, str], source: str = ""):
        self.mapping = mapping
        # Where the successions came from ("database" or the bundled file's path), printed by the
        # command and kept in a run's summary: a mapping that silently vanished cost accuracy.
        self.source = source

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
        return cls(mapping, "database")

    @classmethod
    def load(cls, on: datetime.date | None = None) -> WardResolver:
        """The database's successions, else the bundled file's: a fresh setup has no areas loaded
        (or no database at all), and an empty mapping would key a former ward name apart from
        its successor without a word. ``source`` says which was used."""
        from django.db import DatabaseError

        try:
            resolver = cls.from_db(on)
        except DatabaseError:
            resolver = None
        # Areas without any succession (none loaded, or only today's units) know no former name.
        if resolver is None or all(k == v for k, v in resolver.mapping.items()):
            return cls.from_csv()
        return resolver

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
        return cls(mapping, shown(path))
