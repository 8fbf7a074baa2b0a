"""Registry search and list pages at 1,000,000 children on PostgreSQL.

Generates the children once (idempotent: skipped when the table already holds
enough rows), then measures p50/p95 over many queries of:

  (a) the system's way: `Child.objects.visible_to(officer)` + `ChildFilter`
      (search, filters, ordering) + the paginator's first page of 50 with the
      columns a list shows, as the list page and the API build it;
  (b) the floor: hand-written SQL for the same first page, on the search
      keys' GIN and walk indexes, run with psycopg directly;
  (c) the baseline: a naive unindexed ILIKE over the name columns, typed with
      accents (no folding, no caregivers);

    createdb -h 127.0.0.1 -U postgres treem_bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_search DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python bench/registry_search.py --n 1000000 --queries 200

Only the database named in --db is touched (default treem_bench_search).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_search"
PAGE = 50
SURNAMES = ["dang", "nguyen", "tran", "le", "ho", "phan", "bui", "dinh", "thai", "trinh"]
# What a list row shows: name, date of birth, sex, ID and its status, unit.
LIST_COLUMNS = (
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "personal_id",
    "id_status",
    "status",
    "unit__name",
)
SQL_COLUMNS = (
    "c.id, c.family_name, c.middle_name, c.given_name, c.date_of_birth, c.dob_precision, "
    "c.sex, c.personal_id, c.id_status, c.status, c.unit_id, u.name"
)


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


from registry_search_data import GROUP_WEIGHTS, analyze, generate, officers, reference_data  # noqa: E402

# --- measurement --------------------------------------------------------------


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


BUDGET = {"seconds": 30.0}


def timed(fn, args_list, warm=3, at_least=20):
    """Times of fn over args_list; a slow line stops after its time budget
    (but not before `at_least` queries), on a prefix of the shuffled queries."""
    for args in args_list[:warm]:
        fn(*args)
    times = []
    began_all = time.perf_counter()
    for args in args_list:
        began = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - began) * 1000)
        if len(times) >= at_least and time.perf_counter() - began_all > BUDGET["seconds"]:
            break
    return times


def draw_queries(cur, wards, count, seed):
    """Search terms drawn from the data, typed without accents (and with
    accents for the naive baseline), each with the ward it is searched in."""
    from treem.children import text

    rng = random.Random(seed)
    cur.execute(
        "SELECT family_name, middle_name, given_name, ward_id, personal_id FROM children_child "
        "TABLESAMPLE SYSTEM (1) REPEATABLE (%s) LIMIT %s",
        [seed, count * 3],
    )
    rows = cur.fetchall()
    rng.shuffle(rows)
    third = count // 3
    full, partial, surname = [], [], []
    for family, middle, given, ward_id, _pid in rows[:third]:
        typed = " ".join(p for p in (family, middle, given) if p)
        full.append((text.fold(typed), typed, ward_id))
    for _family, middle, given, ward_id, _pid in rows[third : 2 * third]:
        # "ngoc anh": the last middle word and the given name.
        typed = " ".join([*middle.split()[-1:], given])
        partial.append((text.fold(typed), typed, ward_id))
    accented = {"dang": "Đặng", "nguyen": "Nguyễn", "tran": "Trần", "le": "Lê", "ho": "Hồ"}
    accented |= {"phan": "Phan", "bui": "Bùi", "dinh": "Đinh", "thai": "Thái", "trinh": "Trịnh"}
    for i in range(count - 2 * third):
        name = SURNAMES[i % len(SURNAMES)]
        surname.append((name, accented[name], rng.choice(wards).pk))
    # The last six digits of an ID, as officers type them from a paper form.
    digits = [(pid[-6:], pid[-6:], w) for *_, w, pid in rows[2 * third :] if pid][:third]
    return {
        "full name": full,
        "partial (\u201cngoc anh\u201d)": partial,
        "surname": surname,
        "ID, last 6 digits": digits,
    }


class Runner:
    def __init__(self, url, wards, users):
        import psycopg

        from treem.accounts.permissions import Perm
        from treem.accounts.scope import scope_for
        from treem.areas.models import AdminUnit
        from treem.children.models import sixteenth_birthday_cutoff

        self.raw = psycopg.connect(url, autocommit=True)
        self.users = users
        self.scope_units = {}
        self.units = {}
        for ward in wards:
            scope = scope_for(users[ward.pk], Perm.VIEW_PERSONAL)
            self.scope_units[ward.pk] = sorted(scope.unit_ids)
            self.units[ward.pk] = AdminUnit.objects.filter(scope.q(""))
        self.cutoff = sixteenth_birthday_cutoff()

    def unit_list(self, ward_id):
        """The scope as a literal list, as the ORM writes it: the planner then
        knows how much of the table it covers (an array parameter hides it)."""
        return ", ".join(str(int(u)) for u in self.scope_units[ward_id])

    # (a) the system's way

    def orm_page(self, ward_id, params, *, count=True):
        """(a) as the list page: ChildFilter + RegistryPaginator (capped count,
        ids first)."""
        from treem.children.models import Child
        from treem.children.queries import SEARCH_CAP, ChildFilter, RegistryPaginator

        user = self.users[ward_id]
        data = dict(params)
        base = Child.objects.visible_to(user)
        qs = ChildFilter(
            data, queryset=base, user=user, sensitive=True, units=self.units[ward_id]
        ).qs
        qs = qs.select_related("unit").only(*LIST_COLUMNS)
        # As children.views.registry.child_list: a search counts to SEARCH_CAP.
        paginator = RegistryPaginator(qs, PAGE, cap=SEARCH_CAP if data.get("q") else None)
        if count:
            paginator.count  # noqa: B018 (shown on the page)
        return list(paginator.page(1).object_list)

    def client_page(self, client, ward_id, params, htmx=False):
        # htmx: the results part alone, as the page asks for while the officer types.
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.get("/tre-em/", params, headers=headers)
        assert response.status_code == 200, response.status_code

    # (b) the floor

    def floor_digits(self, ward_id, digits):
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            f"WHERE c.unit_id IN ({self.unit_list(ward_id)}) AND c.status = 'active' "
            "AND c.date_of_birth > %(cutoff)s AND c.id IN ("
            "  SELECT id FROM children_child WHERE personal_id IS NOT NULL "
            "  AND reverse(personal_id) LIKE %(rev)s "
            "  UNION "
            "  SELECT cc.child_id FROM children_childcaregiver cc "
            "  JOIN children_caregiver g ON g.id = cc.caregiver_id "
            "  WHERE g.phone <> '' AND reverse(g.phone) LIKE %(rev)s) "
            "ORDER BY c.name_sort, c.date_of_birth, c.id LIMIT 50"
        )
        return self.raw.execute(
            sql,
            {"units": self.scope_units[ward_id], "cutoff": self.cutoff, "rev": digits[::-1] + "%"},
        ).fetchall()

    def floor_search(self, ward_id, folded):
        from treem.children.keys import search_key

        if folded.isdigit():
            return self.floor_digits(ward_id, folded)
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            f"WHERE c.unit_id IN ({self.unit_list(ward_id)}) AND c.status = 'active' "
            "AND c.date_of_birth > %(cutoff)s AND c.search_keys @@ %(key)s::tsquery "
            "ORDER BY c.status, c.name_sort, c.date_of_birth, c.id LIMIT 50"
        )
        return self.raw.execute(
            sql,
            {
                "units": self.scope_units[ward_id],
                "cutoff": self.cutoff,
                "key": f"'{search_key(folded)}':*",
            },
        ).fetchall()

    def floor_list(self, ward_id, start, end, code_id):
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            f"WHERE c.unit_id IN ({self.unit_list(ward_id)}) AND c.ward_id = %(ward)s "
            "AND c.status = 'active' AND c.date_of_birth > %(cutoff)s "
            "AND c.date_of_birth BETWEEN %(start)s AND %(end)s "
        )
        if code_id:
            sql += (
                "AND EXISTS (SELECT 1 FROM children_circumstanceepisode e "
                "WHERE e.child_id = c.id AND e.code_id = %(code)s "
                "AND e.started_on <= %(today)s "
                "AND (e.ended_on IS NULL OR e.ended_on >= %(today)s)) "
            )
        sql += "ORDER BY c.name_sort, c.date_of_birth, c.id LIMIT 50"
        return self.raw.execute(
            sql,
            {
                "units": self.scope_units[ward_id],
                "ward": ward_id,
                "cutoff": self.cutoff,
                "start": start,
                "end": end,
                "code": code_id,
                "today": datetime.date.today(),
            },
        ).fetchall()

    # (c) the naive baseline

    def naive_search(self, ward_id, typed):
        sql = (
            f"SELECT {SQL_COLUMNS} FROM children_child c "
            "JOIN areas_adminunit u ON u.id = c.unit_id "
            f"WHERE c.unit_id IN ({self.unit_list(ward_id)}) AND c.status = 'active' "
            "AND c.date_of_birth > %(cutoff)s "
            "AND (c.family_name || ' ' || c.middle_name || ' ' || c.given_name) ILIKE %(p)s "
            "ORDER BY c.name_sort, c.date_of_birth, c.id LIMIT 50"
        )
        return self.raw.execute(
            sql, {"units": self.scope_units[ward_id], "cutoff": self.cutoff, "p": f"%{typed}%"}
        ).fetchall()

    def explain(self, ward_id, params):
        from django.db import connection

        from treem.children.models import Child
        from treem.children.queries import ChildFilter

        user = self.users[ward_id]
        data = dict(params)
        base = Child.objects.visible_to(user)
        qs = ChildFilter(data, queryset=base, user=user, sensitive=True, units=self.units[ward_id])
        qs = qs.qs.select_related("unit").only(*LIST_COLUMNS)[:PAGE]
        sql, sql_params = qs.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + sql, sql_params)
            return "\n".join(r[0] for r in cur.fetchall())


class Lines(list):
    """Table rows, printed as they come so a late failure loses nothing."""

    def __iadd__(self, rows):
        for row in rows:
            print(row, flush=True)
        return super().__iadd__(rows)


def summarize(label, times, floor=None):
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    ratio = ""
    if floor:
        # Against the floor over the same queries when a line stopped early.
        floor = floor[: len(times)]
        ratio = f"{p50 / statistics.median(floor):.1f}× / {p95 / percentile(floor, 0.95):.1f}×"
    return f"| {label} | {len(times)} | {p50:.1f} | {p95:.1f} | {ratio} |"


def measure(url, wards, users, args):
    from django.db import connection, reset_queries

    from treem.children.models import CodeKind, ReferenceCode
    from treem.children.queries import AGE_BANDS, birth_range_for_age

    runner = Runner(url, wards, users)
    cur = runner.raw.cursor()
    queries = draw_queries(cur, wards, args.queries, args.seed)
    print(f"children: {cur.execute('SELECT count(*) FROM children_child').fetchone()[0]:,}")
    print(f"load average at start: {os.getloadavg()}", flush=True)
    lines = Lines()
    lines += [
        "| query | n | p50 ms | p95 ms | ratio to floor (p50 / p95) |",
        "|---|---|---|---|---|",
    ]
    connection.force_debug_cursor = False
    all_orm, all_floor = [], []
    for kind, items in queries.items():
        searched = [(w, {"q": folded}) for folded, _, w in items]
        floor = timed(runner.floor_search, [(w, folded) for folded, _, w in items])
        orm = timed(runner.orm_page, searched)
        rows_only = timed(lambda w, p: runner.orm_page(w, p, count=False), searched)
        naive = timed(runner.naive_search, [(w, typed) for _, typed, w in items])
        reset_queries()
        all_orm += orm
        all_floor += floor
        lines += [
            summarize(f"search, {kind}: (a) system: capped count + page 1", orm, floor),
            summarize(f"search, {kind}: (a) system: page 1 without the count", rows_only, floor),
            summarize(f"search, {kind}: (b) floor: bare SQL, search keys", floor, floor),
            summarize(f"search, {kind}: (c) baseline: naive ILIKE with accents", naive, floor),
        ]
    lines += [
        summarize("search, all: (a) system", all_orm, all_floor),
        summarize("search, all: (b) floor", all_floor, all_floor),
    ]

    rng = random.Random(args.seed)
    groups = list(
        ReferenceCode.objects.filter(kind=CodeKind.CIRCUMSTANCE_GROUP, code__in=list(GROUP_WEIGHTS))
    )
    filtered, plain = [], []
    for _ in range(args.queries):
        ward = rng.choice(wards)
        band = rng.choice(list(AGE_BANDS))
        code = rng.choice(groups)
        filtered.append((ward.pk, band, code.pk))
        plain.append(ward.pk)

    def orm_filtered(ward_id, band, code_id, **kw):
        params = {"ward": ward_id, "age": band, "circumstance": code_id, "sort": "name"}
        return runner.orm_page(ward_id, params, **kw)

    def floor_filtered(ward_id, band, code_id):
        start, end = birth_range_for_age(*AGE_BANDS[band])
        return runner.floor_list(ward_id, start, end, code_id)

    orm = timed(orm_filtered, filtered)
    rows_only = timed(lambda *a: orm_filtered(*a, count=False), filtered)
    floor = timed(floor_filtered, filtered)
    lines += [
        summarize("list: ward + age band + group, (a) system: capped count + page 1", orm, floor),
        summarize("list: ward + age band + group, (a) page 1 without the count", rows_only, floor),
        summarize("list: ward + age band + group, (b) floor", floor, floor),
    ]
    far = (datetime.date(1900, 1, 1), datetime.date.today())
    wards_only = [(w,) for w in plain]
    orm = timed(lambda w: runner.orm_page(w, {"ward": w}), wards_only)
    rows_only = timed(lambda w: runner.orm_page(w, {"ward": w}, count=False), wards_only)
    floor = timed(lambda w: runner.floor_list(w, *far, None), wards_only)
    lines += [
        summarize("list: whole ward, (a) system: capped count + page 1", orm, floor),
        summarize("list: whole ward, (a) page 1 without the count", rows_only, floor),
        summarize("list: whole ward, (b) floor", floor, floor),
    ]
    print(f"load average after the queries: {os.getloadavg()}", flush=True)
    rendered = render_pages(runner, queries, plain, filtered)
    if rendered:
        lines += rendered
    if args.explain:
        ward = wards[0].pk
        for q in ("ngoc anh", "dang", "nguyen"):
            print(f"\n-- EXPLAIN ANALYZE, system's way, q={q!r}\n{runner.explain(ward, {'q': q})}")


def render_pages(runner, queries, plain, filtered):
    """The list page through the test client, if the page exists yet."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("children:list")
    except NoReverseMatch:
        print("(the list page is not wired yet: no rendered-page figures)")
        return []
    except Exception as exc:  # noqa: BLE001 (others' URLconf mid-change must not lose the figures)
        print(f"(the URLconf does not load: {exc}; no rendered-page figures)")
        return []
    out = []
    clients = {}
    for ward_id, user in runner.users.items():
        # A host the DEBUG settings allow; "testserver" is not among them.
        clients[ward_id] = Client(SERVER_NAME="localhost")
        clients[ward_id].force_login(user)
    for kind, items in queries.items():
        try:
            times = timed(
                lambda w, q: runner.client_page(clients[w], w, {"q": q}),
                [(w, folded) for folded, _, w in items],
            )
        except AssertionError as exc:
            print(f"(the list page answered {exc}: no rendered-page figures)")
            return out
        out.append(summarize(f"search, {kind}: rendered list page via Client", times))
        times = timed(
            lambda w, q: runner.client_page(clients[w], w, {"q": q}, htmx=True),
            [(w, folded) for folded, _, w in items],
        )
        out.append(summarize(f"search, {kind}: rendered results as typed (htmx)", times))
    times = timed(lambda w: runner.client_page(clients[w], w, {"ward": w}), [(w,) for w in plain])
    out.append(summarize("list: whole ward, rendered list page via Client", times))
    times = timed(
        lambda w, band, code: runner.client_page(
            clients[w], w, {"ward": w, "age": band, "circumstance": code, "sort": "name"}
        ),
        filtered,
    )
    out.append(summarize("list: ward + age band + group, rendered list page via Client", times))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per measured line (min 20 queries)"
    )
    args = parser.parse_args()
    setup_django(args.db)
    BUDGET["seconds"] = args.budget

    from treem.children.models import Child

    wards, groups = reference_data()
    users = officers(wards)
    have = Child.objects.count()
    if have < args.n:
        generate(args.db, args.n - have, wards, groups, seed=args.seed + have)
        analyze(args.db)
    else:
        print(f"{have:,} children already there: generation skipped")
    if not args.generate_only:
        measure(args.db, wards, users, args)


if __name__ == "__main__":
    main()
