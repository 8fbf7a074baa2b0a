"""Issue 16's bench: a province of 800,000 children with 30,000 allowance
recipients, on PostgreSQL.

Loads, once, by SQL straight into the tables (a bench fixture, not the
registry's import path): 800,000 children across the province's wards, an
allowance decision for every 800,000/30,000-th of them, and per ward 200
places for children and 20 care facilities, each inspected twice with a
follow-up action (a third overdue). Then measures, beside a naive baseline:

  - a ward officer's places list (`places:list`) and the province officer's,
    p50/p95 over --page-runs GETs through Django's test client; baseline: the
    same page with `select_related` disabled (a query per row for its type,
    unit and ward: the page as written without the join);
  - the monthly payment list (`assistance:payments`) as a ward officer and
    the province officer; baseline: the same, `select_related` disabled;
  - `generate_payments` for the province's month; baseline: the per-decision
    loop of bench/assistance.py (--naive-n decisions, extrapolated).

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE treem_bench_places"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_places DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python bench/places.py --children 800000 --recipients 30000

Only the database named in --db is touched (default treem_bench_places).
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from registry_search import percentile, setup_django  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_places"
MONTH = datetime.date(2025, 3, 1)
CHUNK = 100_000


def load_children(n):
    """Children by INSERT … SELECT generate_series: names, birth dates
    (0–15 years before 2025), sex and ward vary with the row number."""
    from django.db import connection, transaction

    from treem.areas.models import AdminUnit, Level
    from treem.children.models import Child

    have = Child.objects.count()
    if have >= n:
        return
    wards = list(
        AdminUnit.objects.in_force()
        .filter(level=Level.WARD)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    started = time.perf_counter()
    for first in range(have, n, CHUNK):
        last = min(first + CHUNK, n)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO children_child (
                    id_status, family_name, middle_name, given_name, name_folded, name_sort,
                    date_of_birth, dob_precision, sex, nationality, birth_registration,
                    birth_registration_place, address_line, school_level, school_name, grade,
                    health_insurance_card, disability_level, nutrition_status, status,
                    created_at, updated_at, version, unit_id, ward_id, search_keys)
                SELECT 'missing', 'Nguyễn', 'Văn', 'Tên' || i,
                       'nguyen van ten' || i, 'ten' || i || ' nguyen van',
                       DATE '2010-01-01' + ((i::bigint * 7919) %% 5475)::int, 'day',
                       (ARRAY['M','F'])[i %% 2 + 1],
                       'Việt Nam', 'unknown', '', '', '', '', '', '', '', '', 'active',
                       now(), now(), 1, w, w,
                       to_tsvector('simple', 'nguyen van ten' || i)
                FROM generate_series(%s, %s - 1) AS i,
                     LATERAL (SELECT (%s::bigint[])[i %% %s + 1] AS w) AS ward
                """,
                [first, last, wards, len(wards)],
            )
        print(f"  children {last:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE children_child")


def load_decisions(n_children, n):
    """An allowance decision for every (children / recipients)-th child of
    each ward."""
    from django.db import connection

    from treem.assistance.models import AllowanceDecision

    if AllowanceDecision.objects.count() >= n:
        return
    from treem.areas.models import AdminUnit, Level

    wards = AdminUnit.objects.in_force().filter(level=Level.WARD).count()
    # The same share of every ward's children: numbered within the ward.
    per_ward = n // wards
    step = n_children // wards // per_ward
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assistance_allowancedecision (
                child_id, unit_id, ward_id, "group", number, decided_on, signer, starts_on,
                status, end_reason, note, recorded_at)
            SELECT id, unit_id, ward_id,
                   CASE WHEN rn %% 10 = 0 THEN 'disability_severe' ELSE 'no_caregiver' END,
                   rn || '/QĐ-UBND', DATE '2024-01-01', 'Chủ tịch UBND phường', DATE '2024-01-01',
                   'active', '', '', now()
            FROM (SELECT id, unit_id, ward_id,
                         row_number() OVER (PARTITION BY ward_id ORDER BY id) AS rn
                  FROM children_child) c
            WHERE rn %% %s = 0 AND rn / %s <= %s
            """,
            [step, step, per_ward],
        )
        cursor.execute("VACUUM ANALYZE assistance_allowancedecision")


def load_places(per_ward=200, facilities=20):
    from django.db import transaction
    from django.utils import timezone

    from treem.areas.models import AdminUnit, Level
    from treem.places.models import FollowUpAction, Inspection, Place, PlaceType, Register
    from treem.places.services import load_place_data

    load_place_data()
    if Place.objects.exists():
        return
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    venue_types = list(PlaceType.objects.filter(register=Register.VENUE))
    facility_types = list(PlaceType.objects.filter(register=Register.FACILITY))
    today = timezone.localdate()
    with transaction.atomic():
        places = []
        for ward in wards:
            for i in range(per_ward + facilities):
                venue = i < per_ward
                types = venue_types if venue else facility_types
                places.append(
                    Place(
                        register=Register.VENUE if venue else Register.FACILITY,
                        type=types[i % len(types)],
                        name=f"{'Sân chơi' if venue else 'Cơ sở'} {ward.name} {i:03d}",
                        unit=ward,
                        ward=ward,
                        address=f"Khối {i % 12 + 1}",
                        opened_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i * 5),
                    )
                )
        Place.objects.bulk_create(places, batch_size=2000)
        inspections = [
            Inspection(
                place=place,
                unit_id=place.unit_id,
                inspected_on=today - datetime.timedelta(days=30 + 180 * k),
                inspectors="Công chức VHXH",
                result="attention",
            )
            for place in places
            for k in range(2)
        ]
        Inspection.objects.bulk_create(inspections, batch_size=2000)
        FollowUpAction.objects.bulk_create(
            (
                FollowUpAction(
                    inspection=inspection,
                    unit_id=inspection.unit_id,
                    description="Sửa rào chắn",
                    owed_by="Tổ dân phố",
                    due_on=today + datetime.timedelta(days=-10 if i % 3 == 0 else 20),
                )
                for i, inspection in enumerate(inspections)
            ),
            batch_size=2000,
        )


@contextmanager
def without_select_related():
    """The baseline: every page as if written without joins."""
    from django.db.models import QuerySet

    with mock.patch.object(QuerySet, "select_related", lambda self, *fields: self):
        yield


def users():
    from django.contrib.auth import get_user_model

    from treem.accounts.permissions import Role
    from treem.areas.models import AdminUnit, Level
    from treem.core.testing import make_user

    User = get_user_model()
    ward = AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk").first()
    province = AdminUnit.objects.get(level=Level.PROVINCE, name="Nghệ An")
    found = {}
    for name, role, unit in (
        ("bench.phuong", Role.WARD_OFFICER, ward),
        ("bench.tinh", Role.PROVINCE_OFFICER, province),
    ):
        found[name] = User.objects.filter(username=name).first() or make_user(name, role, unit)
    return found


def time_page(user, url, runs):
    from django.db import connection, reset_queries
    from django.test import Client

    client = Client(SERVER_NAME="localhost")  # a host the DEBUG settings allow
    client.force_login(user)
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(runs):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    queries = connection.queries
    db_ms = sum(float(q["time"]) for q in queries) * 1000
    return statistics.median(times), percentile(times, 0.95), len(queries), db_ms


def pages(runs, baseline_runs):
    from django.urls import reverse

    urls = {
        "places list": reverse("places:list"),
        f"payment list {MONTH:%m/%Y}": reverse("assistance:payments") + f"?thang={MONTH:%m/%Y}",
    }
    print("| page | user | n | p50 | p95 | queries (DB ms) | load avg |")
    print("|---|---|---|---|---|---|---|")
    for label, url in urls.items():
        for name, user in users().items():
            for kind, n in (("baseline: no select_related", baseline_runs), ("system", runs)):
                if kind == "system":
                    p50, p95, q, db = time_page(user, url, n)
                else:
                    with without_select_related():
                        p50, p95, q, db = time_page(user, url, n)
                print(
                    f"| {label}, {kind} | {name} | {n} | {p50:.0f} ms | {p95:.0f} ms "
                    f"| {q} ({db:.0f}) | {os.getloadavg()[0]:.1f} |",
                    flush=True,
                )


def payments(naive_n):
    import assistance

    assistance.clear(MONTH)
    seconds, made = assistance.system_way(MONTH)
    load = os.getloadavg()[0]
    again, _ = assistance.system_way(MONTH)
    assistance.clear(MONTH)
    naive_seconds, naive_made = assistance.naive(MONTH, naive_n)
    naive_load = os.getloadavg()[0]
    assistance.clear(MONTH)
    assistance.system_way(MONTH)
    assistance.analyze()
    per_row = naive_seconds / max(naive_made, 1)
    print(
        f"| `generate_payments`, {made:,} payments | {seconds:.2f} s | again (adds nothing) "
        f"{again:.2f} s | load {load:.1f} |"
    )
    print(
        f"| naive per-decision loop, {naive_made:,} payments | {naive_seconds:.2f} s "
        f"| extrapolated to {made:,}: {per_row * made:.1f} s "
        f"({per_row * made / seconds:.0f}× slower) | load {naive_load:.1f} |",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--children", type=int, default=800_000)
    parser.add_argument("--recipients", type=int, default=30_000)
    parser.add_argument("--naive-n", type=int, default=1000)
    parser.add_argument("--page-runs", type=int, default=30)
    parser.add_argument("--baseline-runs", type=int, default=10)
    parser.add_argument("--pages-only", action="store_true")
    args = parser.parse_args()
    setup_django(args.db)
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per login otherwise
    from treem.agencies.services import load_agencies
    from treem.areas.services import load_areas
    from treem.children.models import Child

    load_areas()
    load_agencies()
    started = time.perf_counter()
    load_children(args.children)
    load_decisions(args.children, args.recipients)
    load_places()
    print(f"loaded in {time.perf_counter() - started:.0f} s; children {Child.objects.count():,}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    if not args.pages_only:
        payments(args.naive_n)
    pages(args.page_runs, args.baseline_runs)


if __name__ == "__main__":
    main()
