"""What the province and ward dashboards show, as tables: the views draw
them (table + SVG chart) and the CSV downloads write them, from the same
figures. Every number comes from the analytics store or approved
submissions, with a fixed number of queries whatever the data."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.areas.models import GRASSROOTS_LEVELS, AdminUnit, Level
from treem.children.models import CodeKind, ReferenceCode

from . import case_measures, charts
from .models import Aggregate, RefreshState
from .query import SMALL_CELL, AreaGraph, Figures, check_unit, indicators

REORGANISED_ON = datetime.date(2025, 7, 1)
DEFAULT_CODE = "TE02"


def small(n):
    """A count as shown: hidden (None) when it could identify a child."""
    return None if n is not None and 0 < n < SMALL_CELL else n


def store_years():
    state = RefreshState.objects.first()
    today = timezone.localdate()
    if state is None:
        return [today.year]
    return list(range(state.first_year, max(state.last_year, state.first_year) + 1))


def wards_in_force(on=None):
    return list(AdminUnit.objects.in_force(on).filter(level__in=GRASSROOTS_LEVELS).order_by("name"))


class Dashboard:
    """`mode` "former": compare the units in force at the end of `year`
    (before 2025-07-01: the former units) instead of today's wards."""

    def __init__(self, *, user, unit, year, code=None, mode=""):
        check_unit(user, unit)
        self.user, self.unit, self.year = user, unit, year
        self.years = [y for y in store_years() if y <= year] or [year]
        self.mode = mode if mode == "former" and year < REORGANISED_ON.year + 1 else ""
        self.graph = AreaGraph()
        self.inds = indicators()
        by_code = {i.code: i for i in self.inds}
        self.selected = by_code.get(code) or by_code.get(DEFAULT_CODE) or (self.inds or [None])[0]
        self.compare_units = self._compare_units()
        units = {"u": self.graph.rollup(unit)}
        for u in self.compare_units:
            units[f"w{u.pk}"] = self.graph.rollup(u)
        self.units = units
        self.figures = Figures(self.inds, units, [str(y) for y in self.years])

    @property
    def is_province(self):
        return self.unit.level == Level.PROVINCE

    def _compare_units(self):
        year_end = datetime.date(self.year, 12, 31)
        if self.is_province:
            return wards_in_force(year_end if self.mode else None)
        if self.mode:
            ids = self.graph.rollup(self.unit) - {self.unit.pk}
            return [u for u in wards_in_force(year_end) if u.pk in ids]
        return []

    # --- tables ---------------------------------------------------------------

    def indicator_rows(self):
        return [self.figures.row(ind, "u", str(self.year)) for ind in self.inds]

    def trend(self):
        if self.selected is None:
            return []
        return [(y, self.figures.row(self.selected, "u", str(y))) for y in self.years]

    def comparison(self):
        if self.selected is None:
            return []
        return [
            (u, self.figures.row(self.selected, f"w{u.pk}", str(self.year)))
            for u in self.compare_units
        ]

    def _store_by_unit(self, measures, period, by_group=False):
        qs = Aggregate.objects.filter(period=period, measure__in=measures)
        ids = self.units["u"]
        if ids is not None:
            qs = qs.filter(unit_id__in=ids)
        fields = ["unit_id", "measure"] + (["group"] if by_group else [])
        return qs.values_list(*fields).annotate(n=Sum("value")).order_by()

    def groups(self):
        """Children in special circumstances by group (Art. 10)."""
        totals = {}
        for _unit, _m, group, n in self._store_by_unit(["sc_group"], str(self.year), True):
            totals[group] = totals.get(group, 0) + n
        names = dict(
            ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_GROUP).values_list(
                "code", "name"
            )
        )
        order = list(
            ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_GROUP)
            .order_by("order", "code")
            .values_list("code", flat=True)
        )
        return [(names.get(g, g), small(totals[g])) for g in order if totals.get(g)]

    def quality(self):
        """Children without a personal ID or with an invalid one, by unit, at
        the end of the year (today's state of the records)."""
        keys = [("u", self.unit)] + [(f"w{u.pk}", u) for u in self.compare_units]
        sums = {k: {"population": 0, "id_missing": 0, "id_invalid": 0} for k, _ in keys}
        owners = {}
        for unit_id, measure, n in self._store_by_unit(
            ["population", "id_missing", "id_invalid"], str(self.year)
        ):
            if unit_id not in owners:
                owners[unit_id] = [
                    k for k, _ in keys if self.units[k] is None or unit_id in self.units[k]
                ]
            for k in owners[unit_id]:
                sums[k][measure] += n
        rows = []
        for k, unit in keys[1:] + keys[:1]:
            s = sums[k]
            share = (
                round((s["id_missing"] + s["id_invalid"]) * 100 / s["population"], 1)
                if s["population"]
                else None
            )
            if any(0 < s[m] < SMALL_CELL for m in s):
                share = None
            rows.append(
                (
                    unit,
                    small(s["population"]),
                    small(s["id_missing"]),
                    small(s["id_invalid"]),
                    share,
                )
            )
        return rows

    def cases(self):
        return case_measures.dashboard_rows(self)

    # --- charts and CSV -----------------------------------------------------------

    def charts(self):
        """The SVG charts of the page, each drawn wide and narrow."""
        sel = self.selected
        result = {}
        if sel is not None:
            trend = self.trend()
            last = trend[-1][1] if trend else None
            targets = (
                [(2025, last.target_2025), (2030, last.target_2030)] if last is not None else []
            )
            common = {
                "unit": sel.unit_label,
                "kind": sel.kind,
                "targets": targets,
                "direction": last.direction if last is not None else "at_least",
            }
            result["trend"] = charts.responsive(
                charts.line_chart,
                "chart-trend",
                points=[charts.Point(str(y), r.value, r.suppressed) for y, r in trend],
                title=_("%(name)s, by year") % {"name": sel.name},
                **common,
            )
            if self.compare_units:
                result["wards"] = charts.responsive(
                    charts.bar_chart,
                    "chart-wards",
                    bars=[
                        charts.Bar(u.name, r.value, r.status, r.suppressed)
                        for u, r in self.comparison()
                    ],
                    title=_("%(name)s, by unit, %(year)s") % {"name": sel.name, "year": self.year},
                    **common,
                )
        groups = self.groups()
        if groups:
            result["groups"] = charts.responsive(
                charts.bar_chart,
                "chart-groups",
                bars=[charts.Bar(name, n, None, n is None) for name, n in groups],
                title=_("Children in special circumstances by group, %(year)s")
                % {"year": self.year},
                unit=_("children"),
                kind="count",
                lights=False,
                series=_("Number of children"),
            )
        return result

    def table(self, name):
        """(headers, rows) of a table, for CSV."""
        if name == "indicators":
            return (
                [
                    _("Code"),
                    _("Indicator"),
                    _("Unit"),
                    _("Value"),
                    _("Numerator"),
                    _("Denominator"),
                    _("Target 2025"),
                    _("Target 2030"),
                    _("Against the target"),
                ],
                [
                    [
                        r.code,
                        r.name,
                        r.unit_label,
                        r.value,
                        r.numerator,
                        r.denominator,
                        r.target_2025,
                        r.target_2030,
                        r.status or "",
                    ]
                    for r in self.indicator_rows()
                ],
            )
        if name == "trend":
            return (
                [_("Year"), _("Value"), _("Numerator"), _("Denominator")],
                [[y, r.value, r.numerator, r.denominator] for y, r in self.trend()],
            )
        if name == "wards":
            return (
                [_("Unit"), _("Value"), _("Numerator"), _("Denominator"), _("Against the target")],
                [
                    [u.name, r.value, r.numerator, r.denominator, r.status or ""]
                    for u, r in self.comparison()
                ],
            )
        if name == "groups":
            return ([_("Group"), _("Children")], [list(g) for g in self.groups()])
        if name == "quality":
            return (
                [
                    _("Unit"),
                    _("Children"),
                    _("No personal ID"),
                    _("Invalid personal ID"),
                    _("Share without a valid ID (%)"),
                ],
                [[u.name, *rest] for u, *rest in self.quality()],
            )
        if name == "cases":
            return case_measures.dashboard_table(self)
        raise KeyError(name)


TABLES = ("indicators", "trend", "wards", "groups", "quality", "cases")
