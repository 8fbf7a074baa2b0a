"""The baseline of bench/indicators.py: the figures a dashboard shows,
computed live from the registry tables (no analytics store), the way a
dashboard without a store would: per year, aggregate queries over
children_child and the episodes with the same definitions (measures.py).
Only the queries are timed; no page is rendered."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from treem.areas.services import rollup_unit_ids
from treem.children.models import Child, CircumstanceEpisode, Support
from treem.indicators.measures import CHILD_MEASURES, measure_q
from treem.indicators.refresh import FIRST_YEAR


def _counted(year, prefix=""):
    p = prefix
    return Q(
        **{f"{p}date_of_birth__year__gte": year - 15, f"{p}date_of_birth__year__lte": year}
    ) & (
        Q(**{f"{p}status": "active"})
        | Q(
            **{f"{p}status__in": ("moved_out", "deceased"), f"{p}status_changed_on__year__gt": year}
        )
    )


def _children(ids, year, by_ward=False):
    qs = Child.objects.order_by().filter(_counted(year))
    if ids is not None:
        qs = qs.filter(ward_id__in=ids)
    counts = {
        name: Count("pk", filter=measure_q(name)) for name in CHILD_MEASURES if name != "population"
    }
    keys = ["ward_id"] if by_ward else []
    return list(
        qs.values(*keys, by=ExtractYear("date_of_birth")).annotate(population=Count("pk"), **counts)
    )


def _episodes(ids, year):
    qs = CircumstanceEpisode.objects.order_by().filter(
        Q(ended_on__isnull=True) | Q(ended_on__year__gte=year),
        _counted(year, "child__"),
        started_on__year__lte=year,
    )
    if ids is not None:
        qs = qs.filter(child__ward_id__in=ids)
    total = qs.aggregate(n=Count("child_id", distinct=True))
    by_group = list(qs.values("code__code").annotate(n=Count("child_id", distinct=True)))
    supported = qs.filter(
        child_id__in=Support.objects.filter(received_on__year=year).values("child_id")
    ).aggregate(n=Count("child_id", distinct=True))
    return total, by_group, supported


def _figures(ids, year, compare):
    years = range(FIRST_YEAR, year + 1)
    out = {"year": (_children(ids, year), _episodes(ids, year))}
    # The trend of the selected indicator (TE02: needs the child counts) by year.
    out["trend"] = [_children(ids, y) for y in years]
    if compare:
        out["compare"] = _children(ids, year, by_ward=True)
    return out


def province_figures(unit, year):
    return _figures(None, year, compare=True)


def ward_figures(unit, year):
    ids = rollup_unit_ids(unit)
    return _figures(ids, year, compare=False)
