import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..access import can_manage_plan
from ..models import (
    ChecklistItem,
    Evaluation,
    FollowUpStatus,
    Inspection,
    InspectionKind,
    InspectionState,
    ProgressReport,
    RatingLevel,
    Recommendation,
    ReportState,
)
from ..periods import AgencyGraph
from ..workflow import FOLLOW_UP_TRANSITIONS, INSPECTION_TRANSITIONS, allowed
from . import PlanError, PlanPermissionError
from .common import record_create, record_update, set_fields, snapshot, transition_error


def _check(actor, plan):
    if actor is not None and not can_manage_plan(actor, plan):
        raise PlanPermissionError(_("You may not change this plan."))


def _check_open(inspection):
    # Read from the database: the caller's copy may predate a state change.
    if Inspection.objects.filter(pk=inspection.pk, state=InspectionState.COMPLETED).exists():
        raise PlanError(_("The inspection is completed; reopen it to change it."))


@transaction.atomic
def create_inspection(plan, *, actor, kind, year, title="", lead_agency=None, number_symbol=""):
    _check(actor, plan)
    kind = InspectionKind(kind)
    if Inspection.objects.filter(plan=plan, kind=kind, year=year).exists():
        raise PlanError(
            _("This plan already has a %(kind)s for %(year)s.") % {"kind": kind.label, "year": year}
        )
    inspection = Inspection.objects.create(
        plan=plan,
        kind=kind,
        year=year,
        title=(title or f"{kind.label} {year}").strip(),
        lead_agency=lead_agency,
        number_symbol=number_symbol,
        created_by=actor,
    )
    record_create(inspection, actor=actor, unit=plan.unit)
    return inspection


def _latest_accepted(plan, year):
    """{(task_id, agency_id): report} of the latest accepted report ending in `year`."""
    reports = (
        ProgressReport.objects.filter(
            task__plan=plan,
            state=ReportState.ACCEPTED,
            period_end__year=year,
        )
        .order_by("period_end", "pk")
        .only("task_id", "agency_id", "done_text", "figures", "status", "period_end")
    )
    return {(r.task_id, r.agency_id): r for r in reports}


@transaction.atomic
def build_checklist(inspection, *, actor, graph=None, agencies=None):
    """One evaluation per agency that owes tasks of the plan in the year,
    one checklist item per task, with what its accepted reports said.
    Run again, it adds what is missing and refreshes the reported results;
    ratings stay. Returns the number of items created."""
    plan = inspection.plan
    _check(actor, plan)
    _check_open(inspection)
    graph = graph or AgencyGraph()
    on = min(datetime.date(inspection.year, 12, 31), timezone.localdate())
    reported = _latest_accepted(plan, inspection.year)
    wanted = {a.pk for a in agencies} if agencies is not None else None
    evaluations = {e.agency_id: e for e in inspection.evaluations.all()}
    items = {
        (i.evaluation_id, i.task_id): i
        for i in ChecklistItem.objects.filter(evaluation__inspection=inspection)
    }
    created = 0
    for task in plan.tasks.order_by("order"):
        for agency in graph.owing(task.lead_agency_id, on):
            if wanted is not None and agency.pk not in wanted:
                continue
            evaluation = evaluations.get(agency.pk)
            if evaluation is None:
                evaluation = Evaluation.objects.create(inspection=inspection, agency=agency)
                record_create(evaluation, actor=actor, unit=agency.unit)
                evaluations[agency.pk] = evaluation
            report = reported.get((task.pk, agency.pk))
            values = {
                "reported_result": report.done_text if report else "",
                "reported_figures": report.figures if report else "",
                "reported_status": report.status if report else "",
            }
            item = items.get((evaluation.pk, task.pk))
            if item is None:
                item = ChecklistItem.objects.create(evaluation=evaluation, task=task, **values)
                record_create(item, actor=actor, unit=agency.unit)
                created += 1
            elif any(getattr(item, k) != v for k, v in values.items()):
                ChecklistItem.objects.filter(pk=item.pk).update(**values)
    return created


@transaction.atomic
def rate_item(item, *, actor, rating, comment=""):
    inspection = item.evaluation.inspection
    _check(actor, inspection.plan)
    _check_open(inspection)
    before = snapshot(item)
    item.rating = rating
    item.comment = (comment or "").strip()
    item.save()
    record_update(item, before, actor=actor, unit=item.evaluation.agency.unit)
    return item


@transaction.atomic
def rate_evaluation(evaluation, *, actor, overall_rating, findings=""):
    _check(actor, evaluation.inspection.plan)
    _check_open(evaluation.inspection)
    before = snapshot(evaluation)
    evaluation.overall_rating = overall_rating
    evaluation.findings = (findings or "").strip()
    evaluation.save()
    record_update(evaluation, before, actor=actor, unit=evaluation.agency.unit)
    return evaluation


@transaction.atomic
def add_recommendation(evaluation, *, actor, text, due_on=None):
    _check(actor, evaluation.inspection.plan)
    text = (text or "").strip()
    if not text:
        raise PlanError(_("The recommendation must not be empty."))
    rec = Recommendation.objects.create(evaluation=evaluation, text=text, due_on=due_on)
    record_create(rec, actor=actor, unit=evaluation.agency.unit)
    return rec


@transaction.atomic
def change_follow_up(rec, target, *, actor, note=""):
    _check(actor, rec.evaluation.inspection.plan)
    current, target = FollowUpStatus(rec.follow_up), FollowUpStatus(target)
    if current != target and not allowed(FOLLOW_UP_TRANSITIONS, current, target):
        raise transition_error(_("A recommendation"), current, target)
    before = snapshot(rec)
    rec.follow_up = target
    if note:
        rec.follow_up_note = note.strip()
    rec.save()
    record_update(rec, before, actor=actor, unit=rec.evaluation.agency.unit)
    return rec


@transaction.atomic
def change_inspection_state(inspection, target, *, actor):
    _check(actor, inspection.plan)
    current, target = InspectionState(inspection.state), InspectionState(target)
    if not allowed(INSPECTION_TRANSITIONS, current, target):
        raise transition_error(_("An inspection"), current, target)
    before = snapshot(inspection)
    inspection.state = target
    inspection.save()
    record_update(inspection, before, actor=actor, unit=inspection.plan.unit)
    return inspection


@transaction.atomic
def update_inspection(inspection, *, actor, **fields):
    _check(actor, inspection.plan)
    before = snapshot(inspection)
    set_fields(inspection, fields)
    inspection.save()
    record_update(inspection, before, actor=actor, unit=inspection.plan.unit)
    return inspection


@transaction.atomic
def save_rating_level(level=None, *, actor, **fields):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise PlanPermissionError(_("You may not change the rating scale."))
    if level is None:
        level = RatingLevel(**fields)
        level.save()
        record_create(level, actor=actor)
        return level
    before = snapshot(level)
    set_fields(level, fields)
    level.save()
    record_update(level, before, actor=actor)
    return level
