from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..access import can_manage_plan, can_own_plan_for
from ..models import Plan, PlanSection, PlanStatus, Task, Timing
from ..workflow import PLAN_TRANSITIONS, allowed
from . import PlanError, PlanPermissionError
from .common import (
    Action,
    record_create,
    record_event,
    record_update,
    set_fields,
    snapshot,
    transition_error,
)


def _check_manage(actor, plan):
    if actor is not None and not can_manage_plan(actor, plan):
        raise PlanPermissionError(_("You may not change this plan."))


def _check_period(start, end):
    if end is not None and start is not None and end < start:
        raise PlanError(_("The end of the period must not be before its start."))


@transaction.atomic
def create_plan(*, actor, title, owner_agency, unit=None, period_start, **fields):
    title = " ".join((title or "").split())
    if not title:
        raise PlanError(_("The plan title must not be empty."))
    _check_period(period_start, fields.get("period_end"))
    parent_task = fields.get("parent_task")
    if actor is not None and parent_task is not None and not can_own_plan_for(actor, owner_agency):
        raise PlanPermissionError(_("You may not make plans for this agency."))
    plan = Plan(
        title=title,
        owner_agency=owner_agency,
        unit=unit or owner_agency.unit,
        period_start=period_start,
        created_by=actor,
        **fields,
    )
    if actor is not None and parent_task is None and not can_manage_plan(actor, plan):
        raise PlanPermissionError(_("You may not make plans for this area."))
    plan.save()
    record_create(plan, actor=actor)
    return plan


@transaction.atomic
def create_sub_plan(task, *, actor, owner_agency, title, period_start, period_end=None):
    """A ward's or agency's own plan implementing `task` of a parent plan;
    it inherits the parent's reporting settings and opens with one section
    for its tasks."""
    parent = task.plan
    plan = create_plan(
        actor=actor,
        title=title,
        owner_agency=owner_agency,
        period_start=period_start,
        period_end=period_end,
        parent_task=task,
        document=parent.document,
        continuous_frequency=parent.continuous_frequency,
        report_due_days=parent.report_due_days,
        reminder_days=parent.reminder_days,
        reporting_from=period_start,
    )
    add_section(plan, actor=actor, number="I", title=_("Tasks"))
    return plan


@transaction.atomic
def update_plan(plan, *, actor, **fields):
    _check_manage(actor, plan)
    before = snapshot(plan)
    set_fields(plan, fields)
    _check_period(plan.period_start, plan.period_end)
    plan.save()
    record_update(plan, before, actor=actor)
    return plan


@transaction.atomic
def change_plan_status(plan, status, *, actor):
    _check_manage(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    target = PlanStatus(status)
    if not allowed(PLAN_TRANSITIONS, PlanStatus(plan.status), target):
        raise transition_error(_("A plan"), PlanStatus(plan.status), target)
    before = snapshot(plan)
    plan.status = target
    plan.save(update_fields=["status", "updated_at"])
    record_update(plan, before, actor=actor)
    return plan


@transaction.atomic
def add_section(plan, *, actor, number, title, body="", parent=None, order=None):
    _check_manage(actor, plan)
    if plan.sections.filter(number=number).exists():
        raise PlanError(_("The plan already has a section %(number)s.") % {"number": number})
    if order is None:
        order = (plan.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = PlanSection.objects.create(
        plan=plan, number=number, title=title, body=body, parent=parent, order=order
    )
    record_create(section, actor=actor, unit=plan.unit)
    return section


@transaction.atomic
def update_section(section, *, actor, **fields):
    _check_manage(actor, section.plan)
    before = snapshot(section)
    set_fields(section, fields)
    section.save()
    record_update(section, before, actor=actor, unit=section.plan.unit)
    return section


def _check_task(fields):
    if fields.get("timing") == Timing.ONE_OFF and not fields.get("deadline"):
        raise PlanError(_("A one-off task needs a deadline."))
    if "content" in fields and not (fields["content"] or "").strip():
        raise PlanError(_("The task content must not be empty."))


@transaction.atomic
def add_task(
    section, *, actor, content, lead_agency, timing, coordinating=(), number=None, **fields
):
    plan = section.plan
    _check_manage(actor, plan)
    _check_task({"content": content, "timing": timing, **fields})
    if number is None:
        number = f"{section.number}.{section.tasks.count() + 1}"
    if plan.tasks.filter(number=number).exists():
        raise PlanError(_("The plan already has a task %(number)s.") % {"number": number})
    order = fields.pop("order", None)
    if order is None:
        order = (plan.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    task = Task.objects.create(
        plan=plan,
        section=section,
        number=number,
        content=content.strip(),
        lead_agency=lead_agency,
        timing=timing,
        order=order,
        **fields,
    )
    if coordinating:
        task.coordinating_agencies.set(coordinating)
    record_create(task, actor=actor, unit=plan.unit)
    if coordinating:
        record_event(
            Action.UPDATE,
            actor=actor,
            subject=task,
            unit=plan.unit,
            changes={
                "coordinating_agencies": {"old": [], "new": sorted(a.pk for a in coordinating)}
            },
        )
    return task


@transaction.atomic
def update_task(task, *, actor, coordinating=None, **fields):
    _check_manage(actor, task.plan)
    _check_task({"timing": task.timing, "deadline": task.deadline, **fields})
    before = snapshot(task)
    set_fields(task, fields)
    task.save()
    record_update(task, before, actor=actor, unit=task.plan.unit)
    if coordinating is not None:
        old = sorted(task.coordinating_agencies.values_list("pk", flat=True))
        new = sorted(a.pk for a in coordinating)
        if old != new:
            task.coordinating_agencies.set(coordinating)
            record_event(
                Action.UPDATE,
                actor=actor,
                subject=task,
                unit=task.plan.unit,
                changes={"coordinating_agencies": {"old": old, "new": new}},
            )
    return task
