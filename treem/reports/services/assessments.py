"""Assessments against a criteria set — a ward against QĐ 06, a school or a
family of the ward against theirs: creation with pre-filled evidence,
scores, the total and the workflow."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from ..access import can_assess, can_confirm
from ..evidence import EvidenceFinder, suggested_points
from ..models import (
    Assessment,
    AssessmentScore,
    AssessmentStatus,
    Criterion,
    CriterionItem,
    SetKind,
)
from ..workflow import ACTOR_OF_MOVE, allowed
from . import EditConflict, ReportsError, ReportsPermissionError
from .criteria import ward_set


def summarise(criteria, points_by_item):
    """(total, criteria scoring 0, criteria not met) from the items' points.

    `criteria` are Criterion objects with their items prefetched;
    `points_by_item` maps an item id to its points (None: not scored,
    counted as 0). A criterion scoring 0 is also not met; one below its
    `min_points` is not met."""
    total = Decimal(0)
    zero, failed = [], []
    for criterion in criteria:
        points = sum(
            (points_by_item.get(item.pk) or Decimal(0) for item in criterion.items.all()),
            Decimal(0),
        )
        total += points
        if points == 0:
            zero.append(criterion.number)
        elif criterion.min_points is not None and points < criterion.min_points:
            failed.append(criterion.number)
    return total, zero, failed


def _criteria(criteria_set_id):
    return list(Criterion.objects.filter(criteria_set_id=criteria_set_id).prefetch_related("items"))


def _recompute(assessment):
    points = dict(assessment.scores.values_list("item_id", "points"))
    total, zero, failed = summarise(_criteria(assessment.criteria_set_id), points)
    assessment.total_points, assessment.zero_criteria, assessment.failed_criteria = (
        total,
        zero,
        failed,
    )


def _lock(assessment, expected_version):
    current = Assessment.objects.select_for_update(of=("self",)).select_related(
        "unit__parent", "threshold", "criteria_set"
    )
    current = current.get(pk=assessment.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise EditConflict(
            _(
                "Someone else changed this assessment while you were editing it; your changes "
                "were not saved. Reload the page and enter them again."
            )
        )
    return current


def _prefill(assessment, *, actor, keep_entered):
    """Writes the evidence of every computed item; returns the items changed.
    With `keep_entered`, points the ward changed by hand stay."""
    finder = EvidenceFinder(assessment.unit, assessment.year, user=actor)
    scores = assessment.scores.select_related("item").filter(item__evidence_source__gt="")
    codes = [s.item.indicator_code for s in scores if s.item.indicator_code]
    changed = 0
    for score in scores:
        found = finder.find(score.item, all_codes=codes)
        if found is None:
            continue
        suggestion = suggested_points(score.item, found.value)
        untouched = score.points is None or score.points == score.suggested_points
        score.evidence, score.evidence_value = found.text, found.value
        if suggestion is not None and (untouched or not keep_entered):
            score.points = suggestion
        score.suggested_points = suggestion
        score.save()
        changed += 1
    assessment.prefilled_at = timezone.now()
    return changed


def _check_subject(criteria_set, unit, year, subject):
    """Refuses a subject that is not of the set's kind or not in the ward, and
    a second assessment of the same subject, set and year."""
    kind = criteria_set.kind
    taken = Assessment.objects.filter(kind=kind, year=year)
    if kind == SetKind.WARD:
        if subject["school"] or subject["household_name"]:
            raise ReportsError(_("A ward's assessment names no school or household."))
        taken = taken.filter(unit=unit)
        label = unit
    elif kind == SetKind.SCHOOL:
        school = subject["school"]
        if school is None:
            raise ReportsError(_("Choose the school to assess."))
        if school.kind != "school" or school.unit_id != unit.pk or not school.is_current:
            raise ReportsError(_("Choose a school of this ward that is in operation."))
        taken = taken.filter(criteria_set=criteria_set, school=school)
        label = school
    else:
        name = (subject["household_name"] or "").strip()
        if not name:
            raise ReportsError(_("Name the household (the head of the household)."))
        group = subject["household_group"]
        if group is not None and group.parent_id != unit.pk:
            raise ReportsError(_("The residential group is not in this ward."))
        subject["household_name"] = name
        taken = taken.filter(
            criteria_set=criteria_set,
            unit=unit,
            household_name__iexact=name,
            household_group=group,
            household_address__iexact=(subject["household_address"] or "").strip(),
        )
        label = name
    if taken.exists():
        raise ReportsError(
            _("%(unit)s already has an assessment for %(year)s.") % {"unit": label, "year": year}
        )
    return label


@transaction.atomic
def create_assessment(
    unit,
    year,
    *,
    actor,
    threshold=None,
    criteria_set=None,
    school=None,
    household_name="",
    household_address="",
    household_group=None,
):
    """A draft assessment for `year` against `criteria_set` (QĐ 06 when not
    given) with one score row per item, the computable ones pre-filled with
    their evidence. `unit` is the ward assessed, or the ward the school or
    the household is in."""
    if actor is not None and not can_assess(actor, unit):
        raise ReportsPermissionError(_("You may not assess this ward."))
    if not unit.is_current:
        raise ReportsError(_("Only a ward in force today can be assessed."))
    criteria_set = criteria_set or ward_set()
    if not criteria_set.in_force(year):
        raise ReportsError(
            _("The criteria set “%(set)s” is not in force in %(year)s.")
            % {"set": criteria_set, "year": year}
        )
    threshold = threshold or criteria_set.thresholds.filter(is_default=True).first()
    if threshold is None:
        raise ReportsError(_("No pass threshold is defined: load the criteria first."))
    if threshold.criteria_set_id != criteria_set.pk:
        raise ReportsError(_("The threshold belongs to another criteria set."))
    items = list(CriterionItem.objects.filter(criteria_set=criteria_set))
    if not items:
        raise ReportsError(_("No criteria are loaded: load the criteria first."))
    subject = {
        "school": school,
        "household_name": household_name,
        "household_address": (household_address or "").strip(),
        "household_group": household_group,
    }
    label = _check_subject(criteria_set, unit, year, subject)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                criteria_set=criteria_set,
                kind=criteria_set.kind,
                unit=unit,
                year=year,
                threshold=threshold,
                created_by=actor if getattr(actor, "pk", None) else None,
                **subject,
            )
    except IntegrityError as exc:
        raise ReportsError(
            _("%(unit)s already has an assessment for %(year)s.") % {"unit": label, "year": year}
        ) from exc
    AssessmentScore.objects.bulk_create(
        [AssessmentScore(assessment=assessment, item=item) for item in items]
    )
    _prefill(assessment, actor=actor, keep_entered=True)
    _recompute(assessment)
    assessment.save()
    record_create(assessment, actor=actor)
    return assessment


@transaction.atomic
def refresh_evidence(assessment, *, actor, expected_version=None):
    """Computes the evidence again (the registry changed); points the ward
    entered by hand are kept."""
    assessment = _lock(assessment, expected_version)
    if actor is not None and not can_assess(actor, assessment.unit):
        raise ReportsPermissionError(_("You may not assess this ward."))
    if not assessment.editable:
        raise ReportsError(_("Only a draft assessment can be changed."))
    before = snapshot(assessment)
    changed = _prefill(assessment, actor=actor, keep_entered=True)
    _recompute(assessment)
    assessment.version += 1
    assessment.save()
    if not record_update(assessment, before, actor=actor, note="evidence refreshed"):
        record_event(
            Action.UPDATE,
            actor=actor,
            subject=assessment,
            changes={"evidence": {"old": None, "new": changed}},
            note="evidence refreshed",
        )
    return assessment


def _points(value, item):
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ReportsError(
            _("Item %(code)s: enter a number of points.") % {"code": item.code}
        ) from None
    if points < 0:
        raise ReportsError(_("Item %(code)s: points cannot be negative.") % {"code": item.code})
    if item.max_points is not None and points > item.max_points:
        raise ReportsError(
            _("Item %(code)s: at most %(max)s points.")
            % {"code": item.code, "max": item.max_points}
        )
    return points


@transaction.atomic
def save_assessment(assessment, *, actor, scores, expected_version=None, **fields):
    """Saves the points and notes the ward entered (`scores`: {item id:
    {"points": …, "note": …}}) and the general fields (`note`,
    `threshold`). All or nothing: one bad value refuses the whole save."""
    assessment = _lock(assessment, expected_version)
    if actor is not None and not can_assess(actor, assessment.unit):
        raise ReportsPermissionError(_("You may not assess this ward."))
    if not assessment.editable:
        raise ReportsError(_("Only a draft assessment can be changed."))
    before = snapshot(assessment)
    rows = {s.item_id: s for s in assessment.scores.select_related("item")}
    for item_id, entered in scores.items():
        score = rows.get(int(item_id))
        if score is None:
            raise ReportsError(_("An item does not belong to this assessment."))
        score_before = snapshot(score)
        score.points = _points(entered.get("points"), score.item)
        score.note = (entered.get("note") or "").strip()
        if snapshot(score) != score_before:
            score.save()
            record_update(score, score_before, actor=actor, unit=assessment.unit)
    threshold = fields.get("threshold")
    if threshold is not None and threshold.criteria_set_id != assessment.criteria_set_id:
        raise ReportsError(_("The threshold belongs to another criteria set."))
    for name in ("note", "threshold"):
        if name in fields:
            setattr(assessment, name, fields[name])
    _recompute(assessment)
    assessment.version += 1
    assessment.save()
    record_update(assessment, before, actor=actor)
    return assessment


@transaction.atomic
def change_assessment_status(assessment, target, *, actor, expected_version=None):
    assessment = _lock(assessment, expected_version)
    current = AssessmentStatus(assessment.status)
    try:
        target = AssessmentStatus(target)
    except ValueError:
        raise ReportsError(_("Unknown status.")) from None
    if not allowed(current, target):
        raise ReportsError(
            _("An assessment cannot go from “%(old)s” to “%(new)s”.")
            % {"old": current.label, "new": target.label}
        )
    who = ACTOR_OF_MOVE[(current, target)]
    if actor is not None:
        permitted = (
            can_assess(actor, assessment.unit)
            if who == "assess"
            else can_confirm(actor, assessment)
        )
        if not permitted:
            if who != "confirm":
                message = _("You may not assess this ward.")
            elif assessment.kind == SetKind.WARD:
                message = _("Only the province may return or confirm an assessment.")
            else:
                message = _("Only the ward's leaders may return or confirm this assessment.")
            raise ReportsPermissionError(message)
    before = snapshot(assessment)
    now = timezone.now()
    if target == AssessmentStatus.SUBMITTED:
        _recompute(assessment)
        unscored = assessment.scores.filter(points__isnull=True).count()
        if unscored:
            raise ReportsError(
                _("%(n)s items have no points yet: score every item (0 if not met) first.")
                % {"n": unscored}
            )
        assessment.submitted_at = now
    if target == AssessmentStatus.CONFIRMED:
        assessment.confirmed_at = now
        assessment.confirmed_by = actor if getattr(actor, "pk", None) else None
    assessment.status = target
    assessment.version += 1
    assessment.save()
    record_update(assessment, before, actor=actor)
    return assessment
