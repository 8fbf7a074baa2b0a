"""Reading indicator values for a unit and a period: the one way dashboards,
the API and the official reports reach them. Values come from the analytics
store (computed indicators) and from approved submissions (entered ones),
never from a scan of the registry.

A unit is a ward of today (its figures include the former units and the
residential groups that roll up into it), a former unit (its own figures,
for periods before the reorganisation) or the province (everything).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.http import Http404

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.areas.models import AdminUnit, Level, UnitSuccession

from . import periods
from .models import Aggregate, EntryState, Indicator, Kind, Source, SubmissionLine

# Counts below this (but above zero) are hidden so that no child can be
# recognised from a small cell.
SMALL_CELL = 5


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit_label: str
    kind: str
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    target_2025: Decimal | None
    target_2030: Decimal | None
    direction: str  # "at_least" / "below"
    status: str | None  # "green" / "amber" / "red" / None
    suppressed: bool  # True when a cell count < 5 was hidden


def check_unit(user, unit):
    """404 unless the user may see aggregates of `unit`."""
    if unit is None or not has_perm(user, Perm.VIEW_AGGREGATES, unit):
        raise Http404


class AreaGraph:
    """The units and successions held in memory (a few hundred rows), so that
    rolling up several units costs two queries instead of a few per unit."""

    def __init__(self):
        self.children = defaultdict(set)
        self.predecessors = defaultdict(set)
        for pk, parent_id in AdminUnit.objects.values_list("pk", "parent_id"):
            if parent_id:
                self.children[parent_id].add(pk)
        for pred, succ in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
            self.predecessors[succ].add(pred)

    def rollup(self, unit):
        """None for the province (everything); else the ids counted under `unit`."""
        if unit.level == Level.PROVINCE:
            return None
        found, frontier = {unit.pk}, {unit.pk}
        while frontier:
            nxt = set()
            for pk in frontier:
                nxt |= self.children[pk] | self.predecessors[pk]
            frontier = nxt - found
            found |= frontier
        return frozenset(found)


def _quantize(value, kind):
    if value is None:
        return None
    if kind == Kind.COUNT:
        return Decimal(value).quantize(Decimal(1))
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute_value(indicator, numerator, denominator):
    if numerator is None:
        return None
    if indicator.kind == Kind.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    return Decimal(numerator) * indicator.multiplier / Decimal(denominator)


def target_for(targets, year):
    """The target a value of `year` is judged against: the first target year
    at or after it, else the last one."""
    if not targets:
        return None
    later = [t for t in targets if t.year >= year]
    return min(later, key=lambda t: t.year) if later else max(targets, key=lambda t: t.year)


def indicators(codes=None):
    qs = Indicator.objects.filter(active=True).prefetch_related("targets")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return list(qs)


class Figures:
    """Numerators and denominators of many indicators for several units and
    periods, read with one query per source.

    `units`: {key: frozenset of unit ids or None (all)}; `period_keys`: year
    keys ("2025") or, for entered indicators, any period key."""

    def __init__(self, inds, units, period_keys):
        self.inds = inds
        self.units = units
        self.period_keys = list(period_keys)
        self.years = sorted({periods.year_of(p) for p in self.period_keys})
        self.store = defaultdict(int)  # (unitkey, year, measure, group, age) -> n
        self.entered = defaultdict(lambda: [0, 0, False])  # (unitkey, periodkey, code)
        self._load_store()
        self._load_entered()

    def _unit_filter(self):
        ids = set()
        for value in self.units.values():
            if value is None:
                return None
            ids |= value
        return ids

    def _owners(self, unit_id):
        return [k for k, ids in self.units.items() if ids is None or unit_id in ids]

    def _load_store(self):
        measures = set()
        for ind in self.inds:
            if ind.source != Source.ENTERED:
                measures |= {m for m in (ind.numerator_measure, ind.denominator_measure) if m}
        if not measures:
            return
        qs = Aggregate.objects.filter(period__in=[str(y) for y in self.years], measure__in=measures)
        ids = self._unit_filter()
        if ids is not None:
            qs = qs.filter(unit_id__in=ids)
        rows = qs.values_list("unit_id", "period", "measure", "group", "age").annotate(
            n=Sum("value")
        )
        owners = {}
        for unit_id, period, measure, group, age, n in rows.order_by():
            if unit_id not in owners:
                owners[unit_id] = self._owners(unit_id)
            year = int(period)
            for key in owners[unit_id]:
                # "*": every group together (abused children of every setting);
                # a measure without groups is stored under "*" only.
                self.store[(key, year, measure, "*", age)] += n
                if group:
                    self.store[(key, year, measure, group, age)] += n

    def _load_entered(self):
        codes = [i.code for i in self.inds if i.source == Source.ENTERED]
        if not codes:
            return
        qs = SubmissionLine.objects.filter(
            indicator__code__in=codes,
            submission__state=EntryState.LOCKED,
            submission__year__in=self.years,
        )
        ids = self._unit_filter()
        if ids is not None:
            qs = qs.filter(submission__unit_id__in=ids)
        rows = (
            qs.values_list("submission__unit_id", "submission__period", "indicator__code")
            .annotate(num=Sum("numerator"), den=Sum("denominator"))
            .order_by()
        )
        owners = {}
        for unit_id, period, code, num, den in rows:
            if unit_id not in owners:
                owners[unit_id] = self._owners(unit_id)
            for key in owners[unit_id]:
                cell = self.entered[(key, period, code)]
                cell[0] += num or 0
                cell[1] += den or 0
                cell[2] = True

    def _measure(self, key, year, measure, group, ind):
        total = 0
        for age in range(ind.age_min, ind.age_max + 1):
            total += self.store.get((key, year, measure, group, age), 0)
        # Case measures not broken down by age are stored with age -1.
        total += self.store.get((key, year, measure, group, -1), 0)
        return total

    def numbers(self, ind, key, period_key):
        """(numerator, denominator, has_data)."""
        if ind.source == Source.ENTERED:
            if periods.period_type_of(period_key) == "year" and ind.period_type != "year":
                year = periods.year_of(period_key)
                keys = periods.periods_of_year(ind.period_type, year)
            else:
                keys = [period_key]
            num = den = 0
            found = False
            for k in keys:
                cell = self.entered.get((key, k, ind.code))
                if cell:
                    num, den, found = num + cell[0], den + cell[1], True
            if not found:
                return None, None, False
            return num, (den if ind.has_denominator else None), True
        year = periods.year_of(period_key)
        num = self._measure(key, year, ind.numerator_measure, ind.measure_group or "*", ind)
        den = None
        if ind.denominator_measure:
            den = self._measure(key, year, ind.denominator_measure, "*", ind)
        return num, den, True

    def row(self, ind, key, period_key, *, suppress=True):
        num, den, found = self.numbers(ind, key, period_key)
        value = compute_value(ind, num, den) if found else None
        suppressed = False
        if (
            suppress
            and ind.counts_people
            and any(n is not None and 0 < n < SMALL_CELL for n in (num, den))
        ):
            value = num = den = None
            suppressed = True
        targets = list(ind.targets.all())
        by_year = {t.year: t.value for t in targets}
        target = target_for(targets, periods.year_of(period_key))
        value = _quantize(value, ind.kind)
        return IndicatorRow(
            code=ind.code,
            name=ind.name,
            unit_label=ind.unit_label,
            kind=ind.kind,
            value=value,
            numerator=num,
            denominator=den,
            target_2025=by_year.get(2025),
            target_2030=by_year.get(2030),
            direction=target.direction if target else ind.direction,
            status=target.light(value) if target and value is not None else None,
            suppressed=suppressed,
        )


def indicator_table(*, user, unit, year, codes=None, period=None, suppress=True):
    """One row per active indicator (or the `codes` asked for) for `unit` and
    `year` (or a `period` key within it, for entered indicators)."""
    check_unit(user, unit)
    inds = indicators(codes)
    period_key = period or str(year)
    figures = Figures(inds, {"u": AreaGraph().rollup(unit)}, [period_key])
    return [figures.row(ind, "u", period_key, suppress=suppress) for ind in inds]


def indicator_series(*, user, code, unit, years, suppress=True):
    check_unit(user, unit)
    inds = indicators([code])
    if not inds:
        raise Http404
    years = list(years)
    figures = Figures(inds, {"u": AreaGraph().rollup(unit)}, [str(y) for y in years])
    return [(y, figures.row(inds[0], "u", str(y), suppress=suppress).value) for y in years]
