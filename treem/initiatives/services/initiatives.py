"""Recording models and initiatives and changing their status. Every write
runs in one transaction with its audit event."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.areas.models import Level
from treem.audit.models import Action
from treem.audit.services import diff, jsonable, record_event, snapshot
from treem.plans.models import Task

from ..access import WARD_LEVELS, can_edit, can_record_for, lead_agencies
from ..models import Initiative, Status
from ..workflow import STATUS_TRANSITIONS, allowed
from . import InitiativeError, InitiativePermissionError

FIELDS = (
    "name",
    "kind",
    "description",
    "lead_agency",
    "unit",
    "place",
    "started_on",
    "people_reached",
)


def who(actor):
    return actor if getattr(actor, "pk", None) else None


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(initiative, last_evaluated=None):
    """The next evaluation of a running model: the kind's interval after its
    last evaluation, or after its start when it has none."""
    if initiative.status != Status.RUNNING:
        return None
    if last_evaluated is None and initiative.pk:
        last = initiative.evaluations.order_by("-evaluated_on").first()
        last_evaluated = last.evaluated_on if last else None
    base = last_evaluated or initiative.started_on
    return add_months(base, initiative.kind.evaluation_months)


def _check(initiative):
    if not initiative.name.strip():
        raise InitiativeError(_("Give the model a name."))
    if initiative.unit.level not in (Level.PROVINCE, *WARD_LEVELS):
        raise InitiativeError(_("A model belongs to a ward or to the province."))
    if initiative.started_on > timezone.localdate():
        raise InitiativeError(_("The start date is in the future."))
    if initiative.people_reached is None or initiative.people_reached < 0:
        raise InitiativeError(_("The number of people reached cannot be negative."))
    place = initiative.place
    if place is not None and not _inside(place.ward, initiative.unit):
        raise InitiativeError(_("The place is not in the model's ward."))


def _inside(area, unit):
    """`area` (a ward or residential group) lies within `unit`."""
    if area.pk == unit.pk or area.parent_id == unit.pk:
        return True
    return unit.level == Level.PROVINCE and area.province_id == unit.pk


def _check_areas(areas, unit):
    areas = list(areas)
    if not areas:
        raise InitiativeError(_("Choose at least one ward or residential group where it runs."))
    for area in areas:
        if area.level not in (*WARD_LEVELS, Level.RESIDENTIAL_GROUP) or not _inside(area, unit):
            raise InitiativeError(_("“%(area)s” is not in the model's ward.") % {"area": area.name})
    return areas


def _check_tasks(tasks, actor):
    tasks = list(tasks)
    if not tasks:
        raise InitiativeError(_("Choose at least one plan task the model serves."))
    if actor is not None:
        visible = set(
            Task.objects.visible_to(actor)
            .filter(pk__in=[t.pk for t in tasks])
            .values_list("pk", flat=True)
        )
        if len(visible) != len({t.pk for t in tasks}):
            raise InitiativePermissionError(_("A chosen task is not one of your plans."))
    return tasks


def _check_agency(agency, actor):
    if actor is not None and not lead_agencies(actor).filter(pk=agency.pk).exists():
        raise InitiativeError(_("Choose a lead agency of your area that is in force."))


def _ids(rows):
    return sorted(r.pk for r in rows)


@transaction.atomic
def record_initiative(*, actor, tasks, areas, **fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InitiativeError(_("Not an editable field: %(name)s") % {"name": ", ".join(unknown)})
    if not can_record_for(actor, fields["unit"], fields["lead_agency"]):
        raise InitiativePermissionError(_("You may not record models of this ward."))
    _check_agency(fields["lead_agency"], actor)
    initiative = Initiative(created_by=who(actor), status=Status.RUNNING, **fields)
    initiative.people_reached = initiative.people_reached or 0
    _check(initiative)
    areas = _check_areas(areas, initiative.unit)
    tasks = _check_tasks(tasks, actor)
    initiative.next_evaluation_due = due_date(initiative, None)
    initiative.save()
    initiative.tasks.set(tasks)
    initiative.areas.set(areas)
    changes = diff({}, snapshot(initiative))
    changes["tasks"] = {"old": None, "new": _ids(tasks)}
    changes["areas"] = {"old": None, "new": _ids(areas)}
    record_event(Action.CREATE, actor=actor, subject=initiative, changes=changes)
    return initiative


def _locked(initiative):
    return (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("kind", "unit", "lead_agency")
        .get(pk=initiative.pk)
    )


@transaction.atomic
def update_initiative(initiative, *, actor, tasks=None, areas=None, **fields):
    current = _locked(initiative)
    if not can_edit(actor, current):
        raise InitiativePermissionError(_("You may not change this model."))
    before = snapshot(current)
    old_tasks = _ids(current.tasks.all())
    old_areas = _ids(current.areas.all())
    for name, value in fields.items():
        if name not in FIELDS:
            raise InitiativeError(_("Not an editable field: %(name)s") % {"name": name})
        setattr(current, name, value)
    if ("unit" in fields or "lead_agency" in fields) and not can_record_for(
        actor, current.unit, current.lead_agency
    ):
        raise InitiativePermissionError(_("You may not record models of this ward."))
    if "lead_agency" in fields and current.lead_agency_id != before["lead_agency"]:
        _check_agency(current.lead_agency, actor)
    _check(current)
    if current.ended_on and current.ended_on < current.started_on:
        raise InitiativeError(_("The start date is after the end date."))
    extra = {}
    if areas is not None or "unit" in fields:
        new_areas = _check_areas(areas if areas is not None else current.areas.all(), current.unit)
        if _ids(new_areas) != old_areas:
            current.areas.set(new_areas)
            extra["areas"] = {"old": old_areas, "new": _ids(new_areas)}
    if tasks is not None:
        tasks = _check_tasks(tasks, actor)
        if _ids(tasks) != old_tasks:
            current.tasks.set(tasks)
            extra["tasks"] = {"old": old_tasks, "new": _ids(tasks)}
    current.next_evaluation_due = due_date(current)
    current.save()
    changes = {**diff(before, snapshot(current)), **extra}
    if changes:
        record_event(Action.UPDATE, actor=actor, subject=current, changes=changes)
    return current


@transaction.atomic
def change_status(initiative, target, *, actor, on=None, note=""):
    current = _locked(initiative)
    if not can_edit(actor, current):
        raise InitiativePermissionError(_("You may not change this model."))
    if not allowed(STATUS_TRANSITIONS, current.status, target):
        raise InitiativeError(
            _("A model that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(current.status).label, "target": Status(target).label}
        )
    on = on or timezone.localdate()
    before = snapshot(current)
    current.status = target
    if target == Status.ENDED:
        if on < current.started_on:
            raise InitiativeError(_("The end date is before the start date."))
        current.ended_on = on
    current.next_evaluation_due = due_date(current)
    current.save()
    record_event(
        Action.UPDATE,
        actor=actor,
        subject=current,
        changes=diff(before, snapshot(current)),
        note=note.strip(),
    )
    return current


def refresh_due(initiative, *, actor, note):
    """Store the recomputed due date, with its event (inside the caller's
    transaction)."""
    before = snapshot(initiative)
    initiative.next_evaluation_due = due_date(initiative)
    if jsonable(initiative.next_evaluation_due) == before["next_evaluation_due"]:
        return initiative
    Initiative.objects.filter(pk=initiative.pk).update(
        next_evaluation_due=initiative.next_evaluation_due
    )
    record_event(
        Action.UPDATE,
        actor=actor,
        subject=initiative,
        changes=diff(before, snapshot(initiative)),
        note=note,
    )
    return initiative
