"""The criteria sets, their criteria, items and thresholds: loaded from the
shipped CSV files (data/criteria-sets.csv names each set's files), then
edited by an administrator."""

import csv
import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.services import record_create, record_update, snapshot

from ..models import CriteriaSet, Criterion, CriterionItem, EvidenceSource, SetKind, Threshold
from . import ReportsError, ReportsPermissionError

DATA = Path(__file__).resolve().parent.parent / "data"
# The set of QĐ 06/QĐ-TTg: the ward assessment of the pages and the API.
WARD_SET = "qd06-xa-phuong-phu-hop-voi-tre-em"


def _read(name):
    """The rows of a shipped CSV file; lines starting with # are comments
    (the files record there what was searched for their sources)."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _date(value):
    value = (value or "").strip()
    return datetime.date.fromisoformat(value) if value else None


def ward_set():
    """The QĐ 06 set (created by migration 0003, or by the loader)."""
    found = CriteriaSet.objects.filter(code=WARD_SET).first()
    return found or _ensure_set(_set_rows()[WARD_SET], actor=None)[0]


def _set_rows():
    return {row["code"]: row for row in _read("criteria-sets.csv")}


def _ensure_set(row, *, actor):
    found = CriteriaSet.objects.filter(code=row["code"]).first()
    if found is not None:
        return found, 0
    created = CriteriaSet.objects.create(
        code=row["code"],
        kind=row["kind"],
        name=row["name"],
        order=int(row["order"]),
        valid_from=_date(row["valid_from"]),
        valid_to=_date(row["valid_to"]),
        verified=row["verified"] == "1",
        local_practice=row["local_practice"] == "1",
        source=row["source"],
        legal_basis=row["legal_basis"],
    )
    record_create(created, actor=actor)
    return created, 1


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
    """Creates the QĐ 06 criteria, items and thresholds missing from the
    database; rows already there keep an administrator's corrections.
    Returns the number of rows created."""
    return load_criteria_set(WARD_SET, actor=actor)


@transaction.atomic
def load_criteria_sets(*, actor=None):
    """Every shipped set (wards, schools, families), as
    load_child_friendly_criteria does for QĐ 06."""
    return sum(load_criteria_set(code, actor=actor) for code in _set_rows())


@transaction.atomic
def load_criteria_set(code, *, actor=None):
    _check(actor)
    row = _set_rows()[code]
    criteria_set, created = _ensure_set(row, actor=actor)
    files = row["files"]
    criteria = {c.number: c for c in Criterion.objects.filter(criteria_set=criteria_set)}
    for row in _read(f"{files}-criteria.csv"):
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
            criteria_set=criteria_set,
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
    existing = set(
        CriterionItem.objects.filter(criteria_set=criteria_set).values_list("code", flat=True)
    )
    for row in _read(f"{files}-items.csv"):
        if row["code"] in existing:
            continue
        item = CriterionItem.objects.create(
            criteria_set=criteria_set,
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
    existing = set(
        Threshold.objects.filter(criteria_set=criteria_set).values_list("code", flat=True)
    )
    for row in _read(f"{files}-thresholds.csv"):
        if row["code"] in existing:
            continue
        threshold = Threshold.objects.create(
            criteria_set=criteria_set,
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
    if criterion is not None:
        fields["criteria_set"] = criterion.criteria_set
        code = fields.get("code", getattr(item, "code", None))
        taken = CriterionItem.objects.filter(criteria_set=criterion.criteria_set, code=code)
        if taken.exclude(pk=getattr(item, "pk", None)).exists():
            raise ReportsError(
                _("Item %(code)s already exists in this criteria set.") % {"code": code}
            )
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
    criteria_set = fields.get("criteria_set") or threshold.criteria_set
    code = fields.get("code", getattr(threshold, "code", None))
    taken = Threshold.objects.filter(criteria_set=criteria_set, code=code)
    if taken.exclude(pk=getattr(threshold, "pk", None)).exists():
        raise ReportsError(_("This code is already used in this criteria set."))


def _clean_criterion_new(criterion, fields):
    _clean_criterion(criterion, fields)
    criteria_set = fields.get("criteria_set") or criterion.criteria_set
    number = fields.get("number", getattr(criterion, "number", None))
    taken = Criterion.objects.filter(criteria_set=criteria_set, number=number)
    if taken.exclude(pk=getattr(criterion, "pk", None)).exists():
        raise ReportsError(
            _("Criterion %(n)s already exists in this criteria set.") % {"n": number}
        )


def _clean_set(criteria_set, fields):
    start, end = fields.get("valid_from"), fields.get("valid_to")
    if start and end and end < start:
        raise ReportsError(_("The end of validity cannot come before its start."))
    code = fields.get("code", getattr(criteria_set, "code", None))
    taken = CriteriaSet.objects.filter(code=code).exclude(pk=getattr(criteria_set, "pk", None))
    if taken.exists():
        raise ReportsError(_("This code is already used by another criteria set."))
    changes_kind = (
        criteria_set is not None and "kind" in fields and fields["kind"] != criteria_set.kind
    )
    if changes_kind and criteria_set.assessments.exists():
        raise ReportsError(_("The set already has assessments: what it assesses cannot change."))
    if fields.get("kind") not in (None, *SetKind.values):
        raise ReportsError(_("Unknown kind of criteria set."))


@transaction.atomic
def save_criteria_set(criteria_set=None, *, actor, **fields):
    return _save(CriteriaSet, criteria_set, fields, actor, _clean_set)


@transaction.atomic
def save_criterion(criterion=None, *, actor, **fields):
    return _save(Criterion, criterion, fields, actor, _clean_criterion_new)


@transaction.atomic
def save_criterion_item(item=None, *, actor, **fields):
    try:
        return _save(CriterionItem, item, fields, actor, _clean_item)
    except InvalidOperation as exc:
        raise ReportsError(_("Enter a valid number.")) from exc


@transaction.atomic
def save_threshold(threshold=None, *, actor, **fields):
    _check(actor)
    criteria_set = fields.get("criteria_set") or threshold.criteria_set
    if fields.get("is_default"):
        # Exactly one default per set: the previous one stops being it, audited too.
        for other in Threshold.objects.filter(criteria_set=criteria_set, is_default=True).exclude(
            pk=getattr(threshold, "pk", None)
        ):
            before = snapshot(other)
            other.is_default = False
            other.save()
            record_update(other, before, actor=actor)
    return _save(Threshold, threshold, fields, actor, _clean_threshold)
