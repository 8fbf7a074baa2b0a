"""Entering figures: a submission per agency, unit and period; its lines
validated all together (nothing half-saved); its state moved only along the
transition table (workflow.py)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.services import record_create, record_update, snapshot

from .. import periods
from ..access import can_approve, can_enter
from ..models import EntryState, Indicator, Kind, Source, Submission, SubmissionLine
from ..query import compute_value
from ..workflow import APPROVER_MOVES, allowed
from . import IndicatorError, IndicatorPermissionError


class EntryProblems(IndicatorError):
    """Several figures are wrong; `errors` maps an indicator code (or "") to messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {m}" if k else m for k, ms in errors.items() for m in ms))


@dataclass
class Figure:
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""


def form_indicators(agency, period_type):
    """The indicators an agency of this kind reports for periods of this type."""
    return [
        ind
        for ind in Indicator.objects.filter(
            active=True, source=Source.ENTERED, period_type=period_type
        )
        if agency.kind in ind.agency_kinds
    ]


@transaction.atomic
def open_submission(agency, period, *, actor):
    """The submission of `agency` for `period`, created if missing."""
    if actor is not None and not can_enter(actor, agency):
        raise IndicatorPermissionError(_("You may not enter figures for this agency."))
    period_type = periods.period_type_of(period)
    if periods.bounds(period)[0] > timezone.localdate():
        raise IndicatorError(_("The period has not started yet."))
    if not form_indicators(agency, period_type):
        raise IndicatorError(
            _("No indicator is reported by this kind of agency for periods of this type.")
        )
    submission, created = Submission.objects.get_or_create(
        agency=agency,
        unit=agency.unit,
        period=period,
        defaults={
            "period_type": period_type,
            "year": periods.year_of(period),
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if created:
        record_create(submission, actor=actor, unit=submission.unit)
    return submission


def _previous_values(submission, indicators):
    prev = periods.previous(submission.period)
    return {
        line.indicator_id: line.value
        for line in SubmissionLine.objects.filter(
            submission__agency=submission.agency,
            submission__unit=submission.unit,
            submission__period=prev,
            submission__state=EntryState.LOCKED,
            indicator__in=indicators,
        )
    }


def check_figure(ind, figure):
    """Messages for one figure (empty when it is acceptable)."""
    errors = []
    num, den = figure.numerator, figure.denominator
    for n in (num, den):
        if n is not None and n < 0:
            errors.append(_("Figures must not be negative."))
            return errors
    if ind.kind == Kind.COUNT:
        if den is not None:
            errors.append(_("A count has no denominator."))
        return errors
    if (num is None) != (den is None):
        errors.append(_("Enter both the numerator and the denominator."))
        return errors
    if den == 0 and num is not None:
        errors.append(_("The denominator must be greater than zero."))
        return errors
    if num is not None and num > den:
        errors.append(
            _("The numerator (%(num)s) is greater than the denominator (%(den)s).")
            % {"num": num, "den": den}
        )
        return errors
    value = compute_value(ind, num, den)
    if ind.kind == Kind.PERCENTAGE and value is not None and not (0 <= value <= 100):
        errors.append(_("A share must lie between 0 and 100 %."))
    return errors


def jump_warning(ind, value, previous):
    if value is None or previous in (None, Decimal(0)):
        return ""
    change = abs(value - previous) * 100 / abs(previous)
    if change > ind.jump_threshold:
        return _(
            "Changed by %(change)s %% from the previous period (%(prev)s); check the figure."
        ) % {"change": round(change, 1), "prev": previous}
    return ""


@transaction.atomic
def save_figures(submission, figures, *, actor, expected_version=None):
    """`figures`: {indicator code: Figure}. All are checked before anything is
    written; returns the lines that carry a warning."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if actor is not None and not can_enter(actor, submission.agency):
        raise IndicatorPermissionError(_("You may not enter figures for this agency."))
    if not submission.editable:
        raise IndicatorError(
            _("These figures are %(state)s: they can be changed only after reopening.")
            % {"state": EntryState(submission.state).label.lower()}
        )
    if expected_version is not None and int(expected_version) != submission.version:
        raise IndicatorError(
            _("Someone else changed these figures meanwhile: reload the page and enter them again.")
        )
    inds = {i.code: i for i in form_indicators(submission.agency, submission.period_type)}
    errors = {}
    for code in figures:
        if code not in inds:
            errors.setdefault("", []).append(_("“%(code)s” is not on this form.") % {"code": code})
    for code, figure in figures.items():
        if code in inds:
            problems = check_figure(inds[code], figure)
            if problems:
                errors[code] = problems
    if errors:
        raise EntryProblems(errors)
    previous = _previous_values(submission, list(inds.values()))
    existing = {line.indicator.code: line for line in submission.lines.select_related("indicator")}
    warned = []
    for code, figure in figures.items():
        ind = inds[code]
        value = compute_value(ind, figure.numerator, figure.denominator)
        fields = {
            "numerator": figure.numerator,
            "denominator": figure.denominator if ind.has_denominator else None,
            "value": value.quantize(Decimal("0.01")) if value is not None else None,
            "note": (figure.note or "")[:300],
            "jump_flag": jump_warning(ind, value, previous.get(ind.pk)),
        }
        line = existing.get(code)
        if line is None:
            if figure.numerator is None:
                continue
            line = SubmissionLine.objects.create(submission=submission, indicator=ind, **fields)
            record_create(line, actor=actor, unit=submission.unit)
        else:
            before = snapshot(line)
            for key, val in fields.items():
                setattr(line, key, val)
            line.save()
            record_update(line, before, actor=actor, unit=submission.unit)
        if line.jump_flag:
            warned.append(line)
    submission.version += 1
    submission.save(update_fields=["version"])
    return warned


@transaction.atomic
def change_state(submission, target, *, actor, note=""):
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    target = EntryState(target)
    current = EntryState(submission.state)
    if not allowed(current, target):
        raise IndicatorError(
            _("Figures cannot go from “%(current)s” to “%(target)s”.")
            % {"current": current.label, "target": target.label}
        )
    if target in APPROVER_MOVES:
        if actor is not None and not can_approve(actor, submission.unit):
            raise IndicatorPermissionError(_("You may not approve figures of this unit."))
    elif actor is not None and not can_enter(actor, submission.agency):
        raise IndicatorPermissionError(_("You may not enter figures for this agency."))
    if target == EntryState.SUBMITTED and not submission.lines.exists():
        raise IndicatorError(_("Enter at least one figure before submitting."))
    if target == EntryState.RETURNED and not note.strip():
        raise IndicatorError(_("Say what must be corrected."))
    if target == EntryState.REOPENED and not note.strip():
        raise IndicatorError(_("Say why the approved figures are reopened."))
    before = snapshot(submission)
    submission.state = target
    now = timezone.now()
    who = actor if getattr(actor, "is_authenticated", False) else None
    if target == EntryState.SUBMITTED:
        submission.submitted_by, submission.submitted_at = who, now
    if target == EntryState.LOCKED:
        submission.approved_by, submission.approved_at = who, now
    submission.version += 1
    submission.save()
    record_update(submission, before, actor=actor, unit=submission.unit, note=note)
    return submission
