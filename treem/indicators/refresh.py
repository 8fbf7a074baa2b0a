"""Refreshing the analytics store.

Full: rebuild the mirror of every child's counted attributes with one
INSERT … SELECT, count the children with one GROUP BY over the mirror, the
special circumstances in Python (a few per cent of the children), and replace
the store. Incremental: find the children changed since the last refresh,
subtract what their mirror rows contributed, add what their records
contribute now, and update the mirror. Both use the same conditions
(measures.py), and a test checks that they agree.
"""

import logging
import time
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.children.models import Child, CircumstanceEpisode, Support

from . import case_measures
from .measures import CHILD_MEASURES, SOURCES, STILL_COUNTED, counted, matches, measure_q
from .models import Aggregate, ChildSnapshot, EpisodeSnapshot, RefreshState, SupportSnapshot

logger = logging.getLogger(__name__)

FIRST_YEAR = 2020
CHILD_COLUMNS = (
    "child_id",
    "ward_id",
    "sex",
    "birth_year",
    "last_year",
    "id_status",
    "birth_registration",
    "school_level",
    "fully_vaccinated",
    "nutrition_status",
)


def _children_select(ids=None):
    """The mirror rows, computed by the database from the registry."""
    qs = Child.objects.order_by()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    last = Case(
        When(status="active", then=Value(STILL_COUNTED)),
        When(
            status__in=("moved_out", "deceased"),
            status_changed_on__isnull=False,
            then=ExtractYear("status_changed_on") - 1,
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    # Every column an annotation, in table order, so the SELECT list can feed
    # an INSERT as it stands.
    return qs.annotate(
        s_child_id=models_f("id"),
        s_ward_id=models_f("ward_id"),
        s_sex=models_f("sex"),
        s_birth_year=ExtractYear("date_of_birth"),
        s_last_year=last,
        s_id_status=models_f("id_status"),
        s_birth_registration=models_f("birth_registration"),
        s_school_level=models_f("school_level"),
        s_fully_vaccinated=models_f("fully_vaccinated"),
        s_nutrition_status=models_f("nutrition_status"),
    ).values_list(*(f"s_{c}" for c in CHILD_COLUMNS))


def models_f(name):
    from django.db.models import F

    return F(name)


def _episodes_select(child_ids=None):
    qs = CircumstanceEpisode.objects.order_by()
    if child_ids is not None:
        qs = qs.filter(child_id__in=child_ids)
    return qs.annotate(
        s_episode_id=models_f("id"),
        s_child_id=models_f("child_id"),
        s_group=models_f("code__code"),
        s_start_year=ExtractYear("started_on"),
        s_end_year=Coalesce(ExtractYear("ended_on"), Value(STILL_COUNTED)),
    ).values_list("s_episode_id", "s_child_id", "s_group", "s_start_year", "s_end_year")


def _supports_select(child_ids=None):
    qs = Support.objects.order_by()
    if child_ids is not None:
        qs = qs.filter(child_id__in=child_ids)
    return (
        qs.annotate(s_child_id=models_f("child_id"), s_year=ExtractYear("received_on"))
        .values_list("s_child_id", "s_year")
        .distinct()
    )


def _insert_select(model, columns, queryset):
    sql, params = queryset.query.sql_with_params()
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # Table and column names come from the models, values are parameters.
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sql}", params)  # noqa: S608


def _truncate(*models):
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {table}")
            else:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (name from the model)


def _years(state, today):
    return list(range(state.first_year, today.year + 1))


# --- contributions -------------------------------------------------------------


def child_contributions(rows, years, out):
    """Add each mirror row's counts to `out` (Counter keyed like Aggregate)."""
    for row in rows:
        for year in years:
            if not counted(row["birth_year"], row["last_year"], year):
                continue
            age = year - row["birth_year"]
            for name in CHILD_MEASURES:
                if matches(name, row):
                    out[(str(year), row["ward_id"], name, row["sex"], age, "")] += 1
    return out


def episode_contributions(children, episodes, supports, years, out):
    """`children`: {child_id: row}; `episodes`: [(child_id, group, start, end)];
    `supports`: {(child_id, year)}."""
    by_child = defaultdict(list)
    for child_id, group, start, end in episodes:
        by_child[child_id].append((group, start, end))
    for child_id, spells in by_child.items():
        row = children.get(child_id)
        if row is None:
            continue
        for year in years:
            if not counted(row["birth_year"], row["last_year"], year):
                continue
            groups = {g for g, start, end in spells if start <= year <= end}
            if not groups:
                continue
            key = (str(year), row["ward_id"])
            age = year - row["birth_year"]
            out[(*key, "sc", row["sex"], age, "")] += 1
            for group in groups:
                out[(*key, "sc_group", row["sex"], age, group)] += 1
            if (child_id, year) in supports:
                out[(*key, "sc_supported", row["sex"], age, "")] += 1
    return out


def _rows(values_list_qs):
    return [dict(zip(CHILD_COLUMNS, r, strict=True)) for r in values_list_qs]


# --- full refresh -----------------------------------------------------------------


def _children_counts_sql(years):
    """The children measures for every year, from one GROUP BY over the mirror."""
    sums = {
        name: Sum(Case(When(measure_q(name), then=Value(1)), default=Value(0)))
        for name in CHILD_MEASURES
        if name != "population"
    }
    grouped = (
        ChildSnapshot.objects.order_by()
        .values("ward_id", "sex", "birth_year", "last_year")
        .annotate(population=Count("pk"), **sums)
    )
    out = Counter()
    for row in grouped:
        for year in years:
            if not counted(row["birth_year"], row["last_year"], year):
                continue
            age = year - row["birth_year"]
            for name in CHILD_MEASURES:
                if row[name]:
                    out[(str(year), row["ward_id"], name, row["sex"], age, "")] += row[name]
    return out


def _episode_counts(years, child_ids=None):
    episodes = EpisodeSnapshot.objects.order_by()
    supports = SupportSnapshot.objects.order_by()
    children = ChildSnapshot.objects.order_by()
    if child_ids is None:
        with_episodes = EpisodeSnapshot.objects.values("child_id")
        children = children.filter(child_id__in=with_episodes)
        supports = supports.filter(child_id__in=with_episodes)
    else:
        episodes = episodes.filter(child_id__in=child_ids)
        supports = supports.filter(child_id__in=child_ids)
        children = children.filter(child_id__in=child_ids)
    child_rows = {r["child_id"]: r for r in _rows(children.values_list(*CHILD_COLUMNS))}
    return episode_contributions(
        child_rows,
        list(episodes.values_list("child_id", "group", "start_year", "end_year")),
        set(supports.values_list("child_id", "year")),
        years,
        Counter(),
    )


def _write(counter):
    Aggregate.objects.bulk_create(
        (
            Aggregate(period=p, unit_id=u, measure=m, sex=s, age=a, group=g, value=v)
            for (p, u, m, s, a, g), v in counter.items()
            if v
        ),
        batch_size=5000,
    )


@transaction.atomic
def refresh_full(*, first_year=None, today=None):
    started = time.perf_counter()
    now = timezone.now()
    today = today or timezone.localdate()
    state = RefreshState.objects.select_for_update().first() or RefreshState()
    state.first_year = first_year or state.first_year or FIRST_YEAR
    years = _years(state, today)
    _truncate(ChildSnapshot, EpisodeSnapshot, SupportSnapshot, Aggregate)
    _insert_select(ChildSnapshot, CHILD_COLUMNS, _children_select())
    _insert_select(
        EpisodeSnapshot,
        ("episode_id", "child_id", '"group"', "start_year", "end_year"),
        _episodes_select(),
    )
    _insert_select(SupportSnapshot, ("child_id", "year"), _supports_select())
    counts = _children_counts_sql(years)
    counts.update(_episode_counts(years))
    counts.update(case_measures.contributions(years))
    for source in SOURCES:
        counts.update(source.contributions(years))
    _write(counts)
    state.refreshed_at = state.full_at = now
    state.last_year = today.year
    state.children_changed = ChildSnapshot.objects.count()
    state.seconds = time.perf_counter() - started
    state.save()
    return state


# --- incremental refresh -------------------------------------------------------------


def changed_children(since):
    """Ids of children whose counted attributes may have changed since `since`."""
    ids = set(Child.objects.filter(updated_at__gt=since).values_list("pk", flat=True))
    ids |= set(
        CircumstanceEpisode.objects.filter(recorded_at__gt=since).values_list("child_id", flat=True)
    )
    ids |= set(Support.objects.filter(recorded_at__gt=since).values_list("child_id", flat=True))
    # Ended or corrected episodes keep their recorded_at: the audit trail says
    # which ones changed.
    edited = [
        int(pk)
        for pk in AuditEvent.objects.filter(
            occurred_at__gt=since, subject_type="children.circumstanceepisode"
        ).values_list("subject_id", flat=True)
        if pk.isdigit()
    ]
    for chunk in _chunks(edited):
        ids |= set(
            CircumstanceEpisode.objects.filter(pk__in=chunk).values_list("child_id", flat=True)
        )
        ids |= set(
            EpisodeSnapshot.objects.filter(episode_id__in=chunk).values_list("child_id", flat=True)
        )
    return ids


def _chunks(items, size=None):
    # As many ids per query as the database takes (SQLite: 999 in old builds).
    size = size or min(5000, (connection.features.max_query_params or 5000) - 50)
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _contributions_of(ids, years, *, live):
    """What the children `ids` contribute: as the mirror holds them (old) or
    as the registry holds them now (live)."""
    out = Counter()
    for chunk in _chunks(ids):
        if live:
            children = {r["child_id"]: r for r in _rows(_children_select(chunk))}
            episodes = [(c, g, s, e) for _, c, g, s, e in _episodes_select(chunk)]
            supports = set(_supports_select(chunk))
        else:
            children = {
                r["child_id"]: r
                for r in _rows(
                    ChildSnapshot.objects.filter(child_id__in=chunk).values_list(*CHILD_COLUMNS)
                )
            }
            episodes = list(
                EpisodeSnapshot.objects.filter(child_id__in=chunk).values_list(
                    "child_id", "group", "start_year", "end_year"
                )
            )
            supports = set(
                SupportSnapshot.objects.filter(child_id__in=chunk).values_list("child_id", "year")
            )
        child_contributions(children.values(), years, out)
        episode_contributions(children, episodes, supports, years, out)
    return out


def _apply(delta):
    """Add each change to its row, creating the rows that do not exist yet:
    one INSERT … ON CONFLICT DO UPDATE per batch (PostgreSQL and SQLite)."""
    rows = [(*key, change) for key, change in delta.items() if change]
    table = Aggregate._meta.db_table
    columns = 'period, unit_id, measure, sex, age, "group", value'
    batch = max(1, min(1000, (connection.features.max_query_params or 7000) // 7))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            # Only placeholders are formatted in; the values are parameters.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
                'ON CONFLICT (period, unit_id, measure, sex, age, "group") '
                f"DO UPDATE SET value = {table}.value + excluded.value",
                [v for row in chunk for v in row],
            )


def _replace_mirror(ids):
    for chunk in _chunks(ids):
        ChildSnapshot.objects.filter(child_id__in=chunk).delete()
        EpisodeSnapshot.objects.filter(child_id__in=chunk).delete()
        SupportSnapshot.objects.filter(child_id__in=chunk).delete()
        _insert_select(ChildSnapshot, CHILD_COLUMNS, _children_select(chunk))
        _insert_select(
            EpisodeSnapshot,
            ("episode_id", "child_id", '"group"', "start_year", "end_year"),
            _episodes_select(chunk),
        )
        _insert_select(SupportSnapshot, ("child_id", "year"), _supports_select(chunk))


@transaction.atomic
def refresh_incremental(*, today=None):
    """Returns the state; falls back to a full refresh when the store is empty
    or a new year has begun since the last refresh."""
    started = time.perf_counter()
    now = timezone.now()
    today = today or timezone.localdate()
    state = RefreshState.objects.select_for_update().first()
    if state is None or state.refreshed_at is None or state.last_year != today.year:
        return refresh_full(today=today)
    years = _years(state, today)
    ids = changed_children(state.refreshed_at)
    delta = _contributions_of(ids, years, live=True)
    delta.subtract(_contributions_of(ids, years, live=False))
    _apply(delta)
    _replace_mirror(ids)
    # Cases are few: their measures are recounted whole every time.
    Aggregate.objects.filter(measure__in=case_measures.MEASURES).delete()
    _write(case_measures.contributions(years))
    for source in SOURCES:
        Aggregate.objects.filter(measure__in=source.MEASURES).delete()
        _write(source.contributions(years))
    state.refreshed_at = now
    state.children_changed = len(ids)
    state.seconds = time.perf_counter() - started
    state.save()
    return state


def last_refresh():
    return RefreshState.objects.first()
