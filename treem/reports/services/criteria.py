"""The criteria, items and thresholds of the child-friendly assessment:
loaded from the shipped CSV files, then edited by an administrator."""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.services import record_create, record_update, snapshot

from ..models import Criterion, CriterionItem, EvidenceSource, Threshold
from . import ReportsError, ReportsPermissionError

DATA = Path(__file__).resolve().parent.parent / "data"


def _read(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int(value):
    value = (value or "").strip()
    return int(value) if value else None


def _decimal(value):
    value = (value or "").strip()
    return Decimal(value) if value else None


# Notes the criteria file of earlier releases held in English: a reload
# replaces them with the file's Vietnamese text, unless an administrator has
# changed them since.
ENGLISH_NOTES = {
    "ward child-protection officer 50; residential-group collaborators 15; committee with "
    "regular meetings 15; budget (rest not verified)",
    "point table not verified",
    ">= 95% supported: 50; 100% of sexual abuse, abandonment and trafficking cases with a "
    "timely approved plan: 75",
    ">= 98%: 50",
}


def _check(actor):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise ReportsPermissionError(_("You may not change the assessment criteria."))


@transaction.atomic
def load_child_friendly_criteria(*, actor=None):
    """Creates the criteria, items and thresholds missing from the database;
    rows already there keep an administrator's corrections. Returns the
    number of rows created."""
    _check(actor)
    created = 0
    criteria = {c.number: c for c in Criterion.objects.all()}
    for row in _read("child-friendly-criteria.csv"):
        number = int(row["number"])
        if number in criteria:
            criterion = criteria[number]
            if criterion.notes in ENGLISH_NOTES and criterion.notes != row["notes"]:
                before = snapshot(criterion)
                criterion.notes = row["notes"]
                criterion.save(update_fields=["notes"])
                record_update(criterion, before, actor=actor)
            continue
        criterion = Criterion.objects.create(
            number=number,
            name=row["criterion_vi"],
            name_en=row["criterion_en"],
            max_points=_int(row["max_points"]),
            min_points=_int(row["min_points"]),
            notes=row["notes"],
            source=row["source"],
            verified=row["verified"] == "1",
        )
        record_create(criterion, actor=actor)
        criteria[number] = criterion
        created += 1
    existing = set(CriterionItem.objects.values_list("code", flat=True))
    for row in _read("child-friendly-items.csv"):
        if row["code"] in existing:
            continue
        item = CriterionItem.objects.create(
            criterion=criteria[int(row["criterion"])],
            code=row["code"],
            order=int(row["order"]),
            text=row["text"],
            max_points=_int(row["max_points"]),
            evidence_source=row["evidence_source"],
            indicator_code=row["indicator_code"],
            target_value=_decimal(row["target_value"]),
            lower_is_better=row["lower_is_better"] == "1",
            source=row["source"],
            verified=row["verified"] == "1",
        )
        record_create(item, actor=actor)
        created += 1
    existing = set(Threshold.objects.values_list("code", flat=True))
    for row in _read("child-friendly-thresholds.csv"):
        if row["code"] in existing:
            continue
        threshold = Threshold.objects.create(
            code=row["code"],
            order=int(row["order"]),
            name=row["name"],
            min_total=int(row["min_total"]),
            is_default=row["is_default"] == "1",
            source=row["source"],
            verified=row["verified"] == "1",
        )
        record_create(threshold, actor=actor)
        created += 1
    return created


def _save(model, obj, fields, actor, clean):
    _check(actor)
    clean(obj, fields)
    if obj is None:
        obj = model(**fields)
        obj.save()
        record_create(obj, actor=actor)
        return obj
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    record_update(obj, before, actor=actor)
    return obj


def _clean_criterion(criterion, fields):
    max_points, min_points = fields.get("max_points"), fields.get("min_points")
    if max_points is not None and min_points is not None and min_points > max_points:
        raise ReportsError(_("The points needed cannot exceed the maximum points."))


def _clean_item(item, fields):
    if fields.get("evidence_source") == EvidenceSource.INDICATOR and not fields.get(
        "indicator_code"
    ):
        raise ReportsError(_("Name the indicator whose value is the evidence."))
    criterion = fields.get("criterion") or (item.criterion if item else None)
    points = fields.get("max_points")
    if criterion is not None and criterion.max_points is not None and points is not None:
        others = CriterionItem.objects.filter(criterion=criterion).exclude(
            pk=getattr(item, "pk", None)
        )
        used = sum(i.max_points or 0 for i in others)
        if used + points > criterion.max_points:
            raise ReportsError(
                _("The items of criterion %(n)s would total %(sum)s points, above its %(max)s.")
                % {"n": criterion.number, "sum": used + points, "max": criterion.max_points}
            )


def _clean_threshold(threshold, fields):
    if fields.get("min_total") is not None and fields["min_total"] > 1000:
        raise ReportsError(_("A threshold cannot exceed 1,000 points."))


@transaction.atomic
def save_criterion(criterion, *, actor, **fields):
    return _save(Criterion, criterion, fields, actor, _clean_criterion)


@transaction.atomic
def save_criterion_item(item=None, *, actor, **fields):
    try:
        return _save(CriterionItem, item, fields, actor, _clean_item)
    except InvalidOperation as exc:
        raise ReportsError(_("Enter a valid number.")) from exc


@transaction.atomic
def save_threshold(threshold=None, *, actor, **fields):
    _check(actor)
    if fields.get("is_default"):
        # Exactly one default: the previous one stops being it, audited too.
        for other in Threshold.objects.filter(is_default=True).exclude(
            pk=getattr(threshold, "pk", None)
        ):
            before = snapshot(other)
            other.is_default = False
            other.save()
            record_update(other, before, actor=actor)
    return _save(Threshold, threshold, fields, actor, _clean_threshold)
