import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from treem.areas.models import AdminUnit, Level
from treem.areas.services import current_successors
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from .models import Agency

DATA_DIR = Path(__file__).resolve().parent / "data"


class AgencyError(ValueError):
    pass


@transaction.atomic
def create_agency(*, actor, name, kind, unit, **fields):
    name = " ".join((name or "").split())
    if not name:
        raise AgencyError(_("The agency name must not be empty."))
    if Agency.objects.filter(name__iexact=name, unit=unit).exists():
        raise AgencyError(
            _("There is already an agency “%(name)s” in %(unit)s.") % {"name": name, "unit": unit}
        )
    agency = Agency.objects.create(name=name, kind=kind, unit=unit, **fields)
    record_create(agency, actor=actor)
    return agency


@transaction.atomic
def update_agency(agency, *, actor, **fields):
    before = snapshot(agency)
    for key, value in fields.items():
        if key not in Agency.AUDIT_FIELDS:
            raise AgencyError(f"not an editable field: {key}")
        setattr(agency, key, value)
    agency.save()
    record_update(agency, before, actor=actor)
    return agency


@transaction.atomic
def set_successors(agency, successors, *, actor):
    before = sorted(agency.successors.values_list("pk", flat=True))
    after = sorted(a.pk for a in successors)
    if before == after:
        return
    agency.successors.set(successors)
    record_event(
        Action.UPDATE,
        actor=actor,
        subject=agency,
        changes={"successors": {"old": before, "new": after}},
    )


def _date(value):
    return datetime.date.fromisoformat(value.strip()) if value and value.strip() else None


def _upsert(*, actor, name, kind, unit, values):
    agency = Agency.objects.filter(name=name, unit=unit).first()
    if agency is None:
        return create_agency(actor=actor, name=name, kind=kind, unit=unit, **values), True
    changed = {k: v for k, v in {"kind": kind, **values}.items() if getattr(agency, k) != v}
    if changed:
        update_agency(agency, actor=actor, **changed)
    return agency, False


def current_wards():
    return AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("name")


@transaction.atomic
def load_agencies(*, actor=None):
    """Load the starting set: the province's and the former city's bodies
    (agencies.csv) and, for every ward in force, the ward bodies
    (ward-agencies.csv). Idempotent. Returns the number created."""
    created = 0
    units = {u.name: u for u in AdminUnit.objects.filter(level__in=[Level.PROVINCE, Level.CITY])}
    for ward in current_wards():
        with (DATA_DIR / "ward-agencies.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                _, new = _upsert(
                    actor=actor,
                    name=f"{row['name']} {ward.name}",
                    kind=row["kind"],
                    unit=ward,
                    values={
                        "short_name": row["short_name"],
                        "source": row["source"],
                        "valid_from": ward.valid_from,
                    },
                )
                created += new
    with (DATA_DIR / "agencies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        unit = units.get(row["unit"])
        if unit is None:
            raise AgencyError(_("Unit not found: %(name)s") % {"name": row["unit"]})
        _, new = _upsert(
            actor=actor,
            name=row["name"],
            kind=row["kind"],
            unit=unit,
            values={
                "short_name": row["short_name"],
                "source": row["source"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
            },
        )
        created += new
    for row in rows:
        if not row["successors"].strip():
            continue
        agency = Agency.objects.get(name=row["name"], unit=units[row["unit"]])
        successors = []
        for item in row["successors"].split(";"):
            item = item.strip()
            if item.startswith("ward:"):
                # The same body in every ward that took over this unit's territory.
                wards = {
                    w.pk: w
                    for child in agency.unit.children.all()
                    for w in current_successors(child)
                    if w.level == Level.WARD
                }
                for ward in wards.values():
                    successors.append(Agency.objects.get(name=f"{item[5:]} {ward.name}", unit=ward))
            else:
                successors.append(Agency.objects.get(name=item))
        set_successors(agency, successors, actor=actor)
    return created
