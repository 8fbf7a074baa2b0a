"""Reading and changing the dated tree of administrative units."""

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.services import record_create, record_update, snapshot

from .models import AdminUnit, Level, UnitSuccession

DATA_DIR = Path(__file__).resolve().parent / "data"


class AreaError(ValueError):
    pass


def units_in_force(on=None):
    return AdminUnit.objects.in_force(on)


def current_successors(unit, on=None):
    """The units in force on `on` that carry on `unit`: itself if still in
    force, else its successors' successors, and so on. A unit without its own
    succession (a residential group of a former ward) follows its parent."""
    on = on or timezone.localdate()
    result, seen, frontier = [], set(), [unit]
    while frontier:
        current = frontier.pop(0)
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.in_force_on(on):
            result.append(current)
            continue
        nexts = [s.successor for s in current.successions_out.select_related("successor")]
        if not nexts and current.parent_id:
            nexts = [current.parent]
        frontier.extend(nexts)
    return sorted(result, key=lambda u: u.name)


def rollup_unit_ids(unit):
    """Ids of every unit, former or current, whose data counts under `unit`:
    the unit, its descendants, its predecessors (recursively) and theirs."""
    found = {unit.pk}
    frontier = {unit.pk}
    while frontier:
        children = set(
            AdminUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        predecessors = set(
            UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
        )
        frontier = (children | predecessors) - found
        found |= frontier
    return found


def rollup_units(unit):
    return AdminUnit.objects.filter(pk__in=rollup_unit_ids(unit))


def grassroots_unit_of(unit):
    """The ward or commune a unit belongs to (itself for a ward)."""
    current = unit
    while current is not None and current.level not in (Level.WARD, Level.COMMUNE):
        current = current.parent
    return current


def _province_of(parent):
    if parent is None:
        return None
    return parent if parent.level == Level.PROVINCE else parent.province


@transaction.atomic
def create_unit(
    *, actor, name, level, parent=None, code=None, valid_from=None, valid_to=None, source=""
):
    name = " ".join((name or "").split())
    if not name:
        raise AreaError(_("The unit name must not be empty."))
    if level != Level.PROVINCE and parent is None:
        raise AreaError(_("A unit below province level needs a parent unit."))
    if AdminUnit.objects.filter(name__iexact=name, level=level, parent=parent).exists():
        raise AreaError(
            _("There is already a unit “%(name)s” in %(parent)s.")
            % {"name": name, "parent": parent or "-"}
        )
    unit = AdminUnit.objects.create(
        name=name,
        level=level,
        parent=parent,
        province=_province_of(parent),
        code=code or None,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
    )
    record_create(unit, actor=actor)
    return unit


@transaction.atomic
def update_unit(unit, *, actor, **fields):
    # Records below a unit carry the ward that holds it (children.Child.ward,
    # which lists filter on): a unit never moves to another parent; a
    # reorganisation is a new unit and a succession.
    if "parent" in fields and getattr(fields["parent"], "pk", None) != unit.parent_id:
        raise AreaError(
            _("A unit keeps its parent unit: record a reorganisation as a succession instead.")
        )
    before = snapshot(unit)
    for key, value in fields.items():
        if key not in AdminUnit.AUDIT_FIELDS:
            raise AreaError(f"not an editable field: {key}")
        setattr(unit, key, value)
    if "name" in fields:
        unit.name = " ".join((unit.name or "").split())
        if not unit.name:
            raise AreaError(_("The unit name must not be empty."))
    unit.province = _province_of(unit.parent)
    unit.save()
    record_update(unit, before, actor=actor)
    return unit


@transaction.atomic
def add_succession(predecessor, successor, *, actor, effective_on, source=""):
    succession, created = UnitSuccession.objects.get_or_create(
        predecessor=predecessor,
        successor=successor,
        defaults={"effective_on": effective_on, "source": source},
    )
    if created:
        record_create(succession, actor=actor, unit=successor)
    elif source and succession.source != source:
        # Reloading the reference file brings its corrected source text.
        before = snapshot(succession)
        succession.source = source
        succession.save(update_fields=["source"])
        record_update(succession, before, actor=actor, unit=successor)
    return succession


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_areas(path=None, *, actor=None):
    """Load the units and successions of a CSV in the layout of
    areas-vinh.csv (name, level, valid_from, valid_to, successor, parent,
    source). Idempotent: existing units are matched by name, level and parent
    and updated only where the file differs. Returns (created, updated)."""
    path = Path(path or DATA_DIR / "areas-vinh.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_name = {}
    created = updated = 0
    pending = rows
    # Parents may come after their children in the file: loop until placed.
    while pending:
        progress, later = False, []
        for row in pending:
            parent_name = row["parent"].strip()
            if parent_name and parent_name not in by_name:
                later.append(row)
                continue
            parent = by_name.get(parent_name)
            values = {
                "valid_from": _date(row["valid_from"].strip()),
                "valid_to": _date(row["valid_to"].strip()),
                "source": row.get("source", "").strip(),
            }
            unit = AdminUnit.objects.filter(
                name=row["name"].strip(), level=row["level"].strip(), parent=parent
            ).first()
            if unit is None:
                unit = create_unit(
                    actor=actor,
                    name=row["name"],
                    level=row["level"].strip(),
                    parent=parent,
                    **values,
                )
                created += 1
            else:
                changed = {k: v for k, v in values.items() if getattr(unit, k) != v}
                if changed:
                    update_unit(unit, actor=actor, **changed)
                    updated += 1
            by_name[unit.name] = unit
            progress = True
        if not progress:
            missing = ", ".join(sorted({r["parent"] for r in later}))
            raise AreaError(_("Parent unit not found: %(names)s") % {"names": missing})
        pending = later
    for row in rows:
        successor_name = row["successor"].strip()
        if successor_name:
            if successor_name not in by_name:
                raise AreaError(_("Successor unit not found: %(name)s") % {"name": successor_name})
            predecessor = by_name[row["name"].strip()]
            effective = predecessor.valid_to + datetime.timedelta(days=1)
            add_succession(
                predecessor,
                by_name[successor_name],
                actor=actor,
                effective_on=effective,
                source=row.get("source", "").strip(),
            )
    return created, updated
