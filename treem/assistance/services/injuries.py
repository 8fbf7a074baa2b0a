"""The injury register and the swimming and water-safety classes."""

from django.db import transaction
from django.utils.translation import gettext as _

from treem.audit.services import record_create

from ..models import Injury, SafetyClass
from . import WRITE_INJURIES, AssistanceError, require, who


@transaction.atomic
def record_injury(child, *, actor, occurred_on, place_type, cause, severity, outcome, note=""):
    require(actor, child.unit, *WRITE_INJURIES)
    if occurred_on < child.date_of_birth:
        raise AssistanceError(_("The date is before the child's birth."))
    injury = Injury.objects.create(
        child=child,
        unit_id=child.unit_id,
        ward_id=child.ward_id,
        occurred_on=occurred_on,
        place_type=place_type,
        cause=cause,
        severity=severity,
        outcome=outcome,
        note=note,
        recorded_by=who(actor),
    )
    record_create(injury, actor=actor)
    return injury


@transaction.atomic
def record_class(unit, *, actor, **values):
    require(actor, unit, *WRITE_INJURIES)
    if values["ends_on"] < values["starts_on"]:
        raise AssistanceError(_("The end must not be before the start."))
    ward = unit.parent if unit.level == "residential_group" else unit
    safety_class = SafetyClass.objects.create(
        unit=unit, ward=ward, recorded_by=who(actor), **values
    )
    record_create(safety_class, actor=actor)
    return safety_class
