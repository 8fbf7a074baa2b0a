"""The catalogue: loading the bundled indicators and an administrator's edits."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from ..measures import CASE_MEASURES, CHILD_MEASURES, EPISODE_MEASURES, source_measures
from ..models import Direction, Indicator, Kind, PeriodType, Source, Target
from . import IndicatorError, IndicatorPermissionError

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators.yaml"
KNOWN_MEASURES = set(CHILD_MEASURES) | set(EPISODE_MEASURES) | set(CASE_MEASURES)


def _require_admin(actor):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise IndicatorPermissionError(_("You may not change the indicator catalogue."))


def _decimal(value, label):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise IndicatorError(_("%(field)s must be a number.") % {"field": label}) from None


def validate_indicator(ind):
    if ind.source != Source.ENTERED:
        known = KNOWN_MEASURES | source_measures()
        if ind.numerator_measure not in known:
            raise IndicatorError(
                _("“%(m)s” is not a measure of the analytics store.") % {"m": ind.numerator_measure}
            )
        if ind.kind != Kind.COUNT and ind.denominator_measure not in known:
            raise IndicatorError(_("A share or a rate needs a denominator measure."))
    if ind.age_min > ind.age_max:
        raise IndicatorError(_("The first age must not be above the last."))


def _indicator_values(row, defaults):
    targets = row.get("targets") or []
    direction = targets[0]["direction"] if targets else Direction.AT_LEAST
    return {
        "name": row["name"],
        "definition": row.get("definition", ""),
        "unit_label": row["unit"],
        "kind": Kind(row["kind"]),
        "numerator_definition": row.get("numerator", ""),
        "denominator_definition": row.get("denominator", ""),
        "disaggregations": list(row.get("disaggregations") or []),
        "period_type": PeriodType(row.get("period", "year")),
        "source": Source(row["source"]),
        "legal_source": row.get("legal", defaults.get("legal", "")),
        "direction": Direction(direction),
        "numerator_measure": row.get("numerator_measure", ""),
        "denominator_measure": row.get("denominator_measure", ""),
        "measure_group": row.get("measure_group", ""),
        "age_min": int(row.get("age_min", 0)),
        "age_max": int(row.get("age_max", 15)),
        "agency_kinds": list(row.get("agency_kinds") or []),
        "counts_people": bool(row.get("counts_people", True)),
    }


def _apply_renames(renames, actor):
    """Give the row loaded under an old code its new code, once: entered
    values, targets and history follow the row, not the code. Applied only
    while the new code is free, so loading again changes nothing."""
    for entry in renames:
        old = Indicator.objects.filter(code=entry["from"]).first()
        if old is None or Indicator.objects.filter(code=entry["to"]).exists():
            continue
        before = snapshot(old)
        old.code = entry["to"]
        old.save()
        record_update(old, before, actor=actor, note="load_indicators")
        if entry.get("drop_targets"):
            # The targets belong to the indicator now loaded under the old code.
            for target in Target.objects.filter(indicator=old):
                record_event(
                    Action.DELETE,
                    actor=actor,
                    subject=target,
                    changes={"year": {"old": target.year, "new": None}},
                )
                target.delete()


@transaction.atomic
def load_indicators(path=None, *, actor=None):
    """Create or update the indicators and targets of the data file (matched
    by code and year), after applying its `renamed` entries. Returns
    (created, updated)."""
    with Path(path or DATA_FILE).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    defaults = data.get("defaults", {})
    _apply_renames(data.get("renamed") or [], actor)
    created = updated = 0
    for order, row in enumerate(data["indicators"], start=1):
        values = _indicator_values(row, defaults)
        values["order"] = order * 10
        ind = Indicator.objects.filter(code=row["code"]).first()
        if ind is None:
            ind = Indicator(code=row["code"], **values)
            validate_indicator(ind)
            ind.save()
            record_create(ind, actor=actor)
            created += 1
        else:
            before = snapshot(ind)
            for key, value in values.items():
                setattr(ind, key, value)
            validate_indicator(ind)
            ind.save()
            if record_update(ind, before, actor=actor):
                updated += 1
        for t in row.get("targets") or []:
            target_values = {
                "value": _decimal(t["value"], "value"),
                "direction": Direction(t["direction"]),
                "amber_margin": _decimal(t.get("amber", 5), "amber"),
                "source": t.get("source", defaults.get("npa", "")),
            }
            target = Target.objects.filter(indicator=ind, year=t["year"]).first()
            if target is None:
                target = Target.objects.create(indicator=ind, year=t["year"], **target_values)
                record_create(target, actor=actor)
            else:
                # Compared as values: 40 and 40.00 are the same target, so loading
                # again writes nothing.
                changed = {k: v for k, v in target_values.items() if getattr(target, k) != v}
                if changed:
                    before = snapshot(target)
                    for key, value in changed.items():
                        setattr(target, key, value)
                    target.save()
                    record_update(target, before, actor=actor)
    return created, updated


@transaction.atomic
def update_indicator(ind, *, actor, **fields):
    _require_admin(actor)
    before = snapshot(ind)
    for key, value in fields.items():
        if key not in Indicator.AUDIT_FIELDS:
            raise IndicatorError(_("Not an editable field: %(name)s") % {"name": key})
        setattr(ind, key, value)
    validate_indicator(ind)
    ind.save()
    record_update(ind, before, actor=actor)
    return ind


@transaction.atomic
def save_target(ind, *, actor, year, value, direction, amber_margin, source=""):
    _require_admin(actor)
    if direction not in Direction.values:
        raise IndicatorError(_("Choose whether the value should be at least or below the target."))
    value = _decimal(value, _("Target value"))
    amber_margin = _decimal(amber_margin, _("Amber band"))
    if amber_margin < 0:
        raise IndicatorError(_("The amber band must not be negative."))
    target = Target.objects.filter(indicator=ind, year=year).first()
    if target is None:
        target = Target.objects.create(
            indicator=ind,
            year=year,
            value=value,
            direction=direction,
            amber_margin=amber_margin,
            source=source,
        )
        record_create(target, actor=actor)
        return target
    before = snapshot(target)
    target.value, target.direction = value, direction
    target.amber_margin, target.source = amber_margin, source
    target.save()
    record_update(target, before, actor=actor)
    return target


@transaction.atomic
def delete_target(target, *, actor):
    _require_admin(actor)
    record_event(
        Action.DELETE,
        actor=actor,
        subject=target,
        changes={"value": {"old": str(target.value), "new": None}},
    )
    target.delete()
