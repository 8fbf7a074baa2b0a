"""Indicator dashboards and the analytics store at 1,000,000 children on PostgreSQL.

Loads the children once with the registry benchmark's generator
(bench/registry_search_data.py: 6 wards × 40 residential groups, ~6 % in an Art. 10
group), gives them education, vaccination and nutrition facets with one UPDATE,
then measures:

  - the full refresh of the analytics store (`refresh_full`), several times;
  - the incremental refresh after 1,000 changed children (`refresh_incremental`);
  - the province and a ward dashboard page rendered by the Django test client
    (warm: after a few renders), p50/p95, side by side with
  - the baseline: the same figures computed live from the registry
    (bench/indicators_live.py: one aggregate query per year, unit set and
    measure family over children_child and the episodes, no rendering).

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE treem_bench_ind"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_ind DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python bench/indicators.py --n 1000000

Only the database named in --db is touched (default treem_bench_ind).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from registry_search import percentile, setup_django  # noqa: E402
from registry_search_data import (  # noqa: E402
    _drop_secondary_indexes,
    analyze,
    generate,
    reference_data,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_ind"


def enrich(url, seed=1):
    """Facets the registry generator leaves empty, set once by the database:
    school by age, vaccination of under-2s, nutrition of under-5s, some IDs
    invalid, some children moved out with a date, support for half of the
    children in special circumstances."""
    import psycopg

    with psycopg.connect(url, autocommit=False) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM children_child WHERE school_level <> ''")
        if cur.fetchone()[0]:
            return False
        started = time.perf_counter()
        # Rewriting every row would update the trigram indexes row by row:
        # dropping and rebuilding them is several times faster.
        index_defs = _drop_secondary_indexes(cur, ["children_child"])
        cur.execute(f"SELECT setseed({(seed % 100) / 100})")
        cur.execute(
            """
            UPDATE children_child SET
              school_level = CASE
                WHEN age < 3 THEN CASE WHEN r < 0.3 THEN 'nursery' ELSE '' END
                WHEN age < 6 THEN CASE WHEN r < 0.95 THEN 'kindergarten' ELSE '' END
                WHEN age < 11 THEN 'primary' ELSE 'lower_secondary' END,
              fully_vaccinated = CASE WHEN age < 2 THEN r < 0.96 ELSE NULL END,
              nutrition_status = CASE WHEN age < 5 THEN
                CASE WHEN r < 0.08 THEN 'underweight' WHEN r < 0.22 THEN 'stunting'
                     ELSE 'normal' END ELSE '' END,
              id_status = CASE WHEN id_status = 'ok' AND r < 0.01 THEN 'invalid' ELSE id_status END,
              status_changed_on = CASE WHEN status <> 'active'
                THEN date '2024-01-01' + (r * 600)::int ELSE NULL END
            FROM (SELECT id AS cid, random() AS r,
                         date_part('year', age(current_date, date_of_birth))::int AS age
                  FROM children_child) AS x
            WHERE x.cid = children_child.id
            """
        )
        cur.execute(
            """
            INSERT INTO children_support (child_id, support_type_id, provider_name, received_on,
                                          note, recorded_at)
            SELECT e.child_id, (SELECT id FROM children_referencecode
                                WHERE kind = 'support_type' ORDER BY id LIMIT 1),
                   'UBND phường', current_date - 30, '', now()
            FROM children_circumstanceepisode e WHERE e.id % 2 = 0
            """
        )
        for sql in index_defs:
            cur.execute(sql)
        conn.commit()
    print(f"facets set in {time.perf_counter() - started:.0f} s")
    return True


def users(wards):
    from treem.accounts.models import User
    from treem.accounts.permissions import Role
    from treem.accounts.services import assign_role, create_user
    from treem.areas.models import AdminUnit, Level

    province = AdminUnit.objects.get(level=Level.PROVINCE, name="Nghệ An")
    found = {}
    for name, role, unit in (
        ("bench_province", Role.PROVINCE_OFFICER, province),
        ("bench_ward", Role.WARD_OFFICER, wards[0]),
    ):
        user = User.objects.filter(username=name).first()
        if user is None:
            user = create_user(actor=None, username=name, password=None)
            assign_role(user, role, actor=None, unit=unit, check_permission=False)
        found[name] = user
    return province, found


def timed(fn, runs, warm=3):
    for _ in range(warm):
        fn()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return times


def line(label, times, base=None):
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    ratio = ""
    if base:
        ratio = f"{p50 / statistics.median(base):.3f}× / {p95 / percentile(base, 0.95):.3f}×"
    print(f"| {label} | {len(times)} | {p50:,.1f} | {p95:,.1f} | {ratio} |", flush=True)


def change_children(url, count, rng):
    """`count` random children changed the way officers change them, with
    updated_at moved forward as the services do."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT max(id) FROM children_child")
        top = cur.fetchone()[0]
        ids = rng.sample(range(1, top + 1), count)
        cur.execute(
            """
            UPDATE children_child SET
              id_status = CASE WHEN id_status = 'ok' THEN 'missing' ELSE 'ok' END,
              school_level = CASE WHEN school_level = 'kindergarten' THEN '' ELSE school_level END,
              ward_id = CASE WHEN id %% 7 = 0 THEN (SELECT min(ward_id) FROM children_child)
                        ELSE ward_id END,
              updated_at = now(), version = version + 1
            WHERE id = ANY(%s)
            """,
            [ids],
        )


def set_updated_index(url, present):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        if present:
            conn.execute(
                "CREATE INDEX IF NOT EXISTS bench_child_updated_idx ON children_child (updated_at)"
            )
        else:
            conn.execute("DROP INDEX IF EXISTS bench_child_updated_idx")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--full-runs", type=int, default=3)
    parser.add_argument("--incremental-runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    setup_django(args.db)

    import indicators_live
    from django.test import Client
    from django.urls import reverse

    from treem.children.models import Child
    from treem.indicators.models import RefreshState
    from treem.indicators.refresh import refresh_full, refresh_incremental
    from treem.indicators.services.catalogue import load_indicators

    wards, groups = reference_data()
    load_indicators()
    have = Child.objects.count()
    if have < args.n:
        generate(args.db, args.n - have, wards, groups, seed=args.seed + have)
        enrich(args.db, args.seed)
        analyze(args.db)
    else:
        print(f"{have:,} children already there: generation skipped")
        if enrich(args.db, args.seed):
            analyze(args.db)
    if args.generate_only:
        return
    province, people = users(wards)
    print(f"load: {os.getloadavg()}")

    print("\n| step | n | p50 ms | p95 ms | ratio to baseline (p50 / p95) |")
    print("|---|---|---|---|---|")
    full = []
    for _ in range(args.full_runs):
        state = refresh_full()
        full.append(state.seconds * 1000)
    if full:
        line("full refresh of the store", full)
    elif not RefreshState.objects.exists():
        refresh_full()

    rng = random.Random(args.seed)
    # Without and with the index on children_child.updated_at proposed for
    # the registry (finding the changed children is otherwise a full scan).
    for with_index in (False, True):
        set_updated_index(args.db, with_index)
        incremental = []
        for _ in range(args.incremental_runs):
            change_children(args.db, 1000, rng)
            state = refresh_incremental()
            assert state.children_changed >= 1000, state.children_changed
            incremental.append(state.seconds * 1000)
        if incremental:
            label = "with" if with_index else "without"
            line(
                f"incremental refresh after 1,000 changed children ({label} an index on "
                "children_child.updated_at)",
                incremental,
            )

    # The development settings allow localhost, not the test client's default host.
    client = Client(SERVER_NAME="localhost")
    year = RefreshState.objects.get().last_year
    pages = (
        ("province", people["bench_province"], province, indicators_live.province_figures),
        ("ward", people["bench_ward"], wards[0], indicators_live.ward_figures),
    )
    for label, user, unit, live in pages:
        client.force_login(user)
        url = reverse("indicators:dashboard", args=[unit.pk]) + f"?nam={year}"

        def render(url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        base = timed(lambda unit=unit, live=live: live(unit, year), args.baseline_runs, warm=1)
        page = timed(render, args.renders)
        line(f"{label} dashboard: baseline, live from the registry", base)
        line(f"{label} dashboard: **page from the store**", page, base)
    print(f"load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
