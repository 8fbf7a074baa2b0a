"""Writes on the register: places and facilities, and the children in a
facility's care. Each function checks the actor's reach, runs in one
transaction and writes its audit event in it."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.scope import has_perm
from treem.areas.models import Level
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from ..access import EDIT, EDIT_PERSONAL, PERSONAL
from ..models import (
    FacilityChild,
    FollowUpAction,
    Inspection,
    Place,
    PlaceType,
    Register,
    SafetyStatus,
)
from .common import PlaceError

WARD_LEVELS = (Level.WARD, Level.COMMUNE)
# The fields a caller may set; `ward` and `register` follow from unit and type.
FIELDS = tuple(f for f in Place.AUDIT_FIELDS if f not in ("register", "ward"))
# Vinh and the province around it, with room: a point far outside is a typo
# (latitude and longitude swapped, a missing digit).
LAT_RANGE = (Decimal(8), Decimal(24))
LON_RANGE = (Decimal(102), Decimal(110))


def ward_of(unit):
    if unit.level in WARD_LEVELS:
        return unit
    if unit.level == Level.RESIDENTIAL_GROUP and unit.parent_id:
        return unit.parent
    return None


def _check(values, errors):
    if not (values.get("name") or "").strip():
        errors.setdefault("name", []).append(_("Enter the name."))
    place_type = values.get("type")
    if not isinstance(place_type, PlaceType) or not place_type.active:
        errors.setdefault("type", []).append(_("Choose a type from the list."))
    unit = values.get("unit")
    if unit is None or ward_of(unit) is None:
        errors.setdefault("unit", []).append(_("Choose a ward or a residential group."))
    elif not unit.is_current:
        errors.setdefault("unit", []).append(_("This unit is no longer in force."))
    lat, lon = values.get("latitude"), values.get("longitude")
    if (lat is None) != (lon is None):
        errors.setdefault("latitude", []).append(
            _("Enter both the latitude and the longitude, or neither.")
        )
    elif lat is not None and not (
        LAT_RANGE[0] <= Decimal(lat) <= LAT_RANGE[1]
        and LON_RANGE[0] <= Decimal(lon) <= LON_RANGE[1]
    ):
        errors.setdefault("latitude", []).append(
            _("The point lies outside Vietnam's central region: check the coordinates.")
        )
    opened, closed = values.get("opened_on"), values.get("closed_on")
    if opened and closed and closed < opened:
        errors.setdefault("closed_on", []).append(_("The closing date is before the opening date."))
    low, high = values.get("age_min"), values.get("age_max")
    if low is not None and high is not None and high < low:
        errors.setdefault("age_max", []).append(_("The last age is below the first."))
    for key in ("age_min", "age_max"):
        if values.get(key) is not None and values[key] > 17:
            errors.setdefault(key, []).append(_("Children are under 16: enter an age up to 17."))
    capacity = values.get("capacity")
    if capacity is not None and capacity < 0:
        errors.setdefault("capacity", []).append(_("Enter a whole number of at least 0."))
    if values.get("safety_status", SafetyStatus.UNKNOWN) not in SafetyStatus.values:
        errors.setdefault("safety_status", []).append(_("Choose a status from the list."))


def _require_edit(actor, unit):
    if actor is not None and not has_perm(actor, EDIT, unit):
        raise PlaceError(_("You may not keep the register of this area."))


def _require_edit_personal(actor, unit):
    # Who is in a facility's care is personal data: writing it needs the
    # registry's edit permission, not only the register's (an approver
    # assesses wards but does not edit children's records).
    if actor is not None and not has_perm(actor, EDIT_PERSONAL, unit):
        raise PlaceError(_("You may not change the children in this facility's care."))


def check_place(values):
    """Field messages for `values` (the import checks rows with it before writing)."""
    errors = {}
    _check(values, errors)
    return errors


@transaction.atomic
def create_place(*, actor, **values):
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values.setdefault("safety_status", SafetyStatus.UNKNOWN)
    errors = check_place(values)
    if errors:
        raise PlaceError(errors)
    _require_edit(actor, values["unit"])
    place = Place(**values)
    place.register = place.type.register
    place.ward = ward_of(place.unit)
    place.save()
    record_create(place, actor=actor)
    return place


@transaction.atomic
def update_place(place, *, actor, **values):
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _require_edit(actor, place.unit)
    merged = {name: getattr(place, name) for name in FIELDS}
    merged.update(values)
    errors = check_place(merged)
    if errors:
        raise PlaceError(errors)
    _require_edit(actor, merged["unit"])
    before = snapshot(place)
    old_unit_id = place.unit_id
    for name, value in values.items():
        setattr(place, name, value)
    place.register = place.type.register
    place.ward = ward_of(place.unit)
    place.save()
    record_update(place, before, actor=actor)
    if place.unit_id != old_unit_id:
        # Inspections, actions and stays copy the place's unit (their scope):
        # moved with it, or the old ward would keep listing them and the new
        # one would never see them.
        moved = {
            "inspections": Inspection.objects.filter(place=place).update(unit=place.unit),
            "actions": FollowUpAction.objects.filter(inspection__place=place).update(
                unit=place.unit
            ),
            "children": FacilityChild.objects.filter(facility=place).update(unit=place.unit),
        }
        record_event(
            Action.UPDATE,
            actor=actor,
            subject=place,
            note=_("records moved with the place"),
            changes={"moved": {"old": None, "new": moved}},
        )
    return place


@transaction.atomic
def add_child_in_care(facility, child, *, actor, since, note=""):
    """`child` must be visible to the actor (the caller fetched it through
    the registry's scope); the actor keeps the facility's register."""
    if facility.register != Register.FACILITY:
        raise PlaceError(_("Only a care facility or programme has children in its care."))
    _require_edit(actor, facility.unit)
    if actor is not None and not has_perm(actor, PERSONAL, child.unit):
        raise PlaceError(_("No child with this number in your area."))
    _require_edit_personal(actor, facility.unit)
    if since > timezone.localdate() or since < child.date_of_birth:
        raise PlaceError({"since": [_("The date lies before the child's birth or in the future.")]})
    if FacilityChild.objects.filter(facility=facility, child=child, until__isnull=True).exists():
        raise PlaceError(_("The child is already in this facility's care."))
    stay = FacilityChild.objects.create(
        facility=facility, child=child, unit=facility.unit, since=since, note=note
    )
    record_create(stay, actor=actor)
    return stay


@transaction.atomic
def end_child_in_care(stay, *, actor, until):
    _require_edit(actor, stay.facility.unit)
    _require_edit_personal(actor, stay.facility.unit)
    if until < stay.since:
        raise PlaceError({"until": [_("The end is before the start.")]})
    before = snapshot(stay)
    stay.until = until
    stay.save()
    record_update(stay, before, actor=actor)
    return stay
