"""Monthly allowance payments for a province of 30,000 recipients, on PostgreSQL.

Loads, once, 30,000 children with an allowance decision each (6 wards, a
quarter of them under 4, decisions from 2024), then measures:

  - generating a month's payments for the province (`generate_payments`,
    the system's way: one query for the payable decisions, amounts computed
    once per group and birth date, bulk inserts, one audit event per ward),
    side by side with
  - the naive baseline: per decision, an existence check, the amount, a
    create() and its audit event (on --naive-n decisions, extrapolated);
  - the monthly payment list page (/tro-giup/chi-tra/?thang=…) rendered by the
    Django test client for a ward officer and a province officer, p50/p95.

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE treem_bench_assist"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_assist DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python bench/assistance.py --n 30000

Only the database named in --db is touched (default treem_bench_assist).
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
sys.path.insert(0, str(ROOT / "bench"))

from registry_search import percentile, setup_django  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_assist"
MONTH = datetime.date(2025, 3, 1)


def load(n, seed=1):
    from django.db import transaction

    from treem.agencies.services import load_agencies
    from treem.areas.models import AdminUnit, Level
    from treem.areas.services import load_areas
    from treem.assistance.models import AllowanceDecision
    from treem.children.models import Child

    if AllowanceDecision.objects.count() >= n:
        return False
    load_areas()
    load_agencies()
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        children = []
        for i in range(n):
            ward = wards[i % len(wards)]
            born = datetime.date(
                2010 + rng.randrange(15), 1 + rng.randrange(12), 1 + rng.randrange(28)
            )
            given = f"Tên{i:05d}"
            children.append(
                Child(
                    family_name="Nguyễn",
                    middle_name="Văn",
                    given_name=given,
                    name_folded=f"nguyen van ten{i:05d}",
                    name_sort=f"ten{i:05d} nguyen van",
                    date_of_birth=born,
                    sex="MF"[i % 2],
                    unit=ward,
                    ward=ward,
                )
            )
        Child.objects.bulk_create(children, batch_size=5000)
        AllowanceDecision.objects.bulk_create(
            (
                AllowanceDecision(
                    child=child,
                    unit_id=child.unit_id,
                    ward_id=child.ward_id,
                    group="no_caregiver" if i % 10 else "disability_severe",
                    number=f"{i}/QĐ-UBND",
                    decided_on=datetime.date(2024, 1, 1),
                    signer="Chủ tịch UBND phường",
                    starts_on=datetime.date(2024, 1, 1),
                )
                for i, child in enumerate(children)
            ),
            batch_size=5000,
        )
    print(f"loaded {n} children and decisions in {time.perf_counter() - started:.1f} s")
    return True


def analyze():
    """What autovacuum does after a month's payments: the runs above deleted
    and inserted the month several times."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE assistance_allowancepayment")


def clear(month):
    from treem.assistance.models import AllowancePayment

    AllowancePayment.objects.filter(month=month).delete()


def system_way(month):
    from treem.assistance.services import generate_payments

    started = time.perf_counter()
    made = generate_payments(month, actor=None)
    return time.perf_counter() - started, made


def naive(month, limit):
    """Per decision: does a payment exist, compute, create, audit."""
    from django.db import transaction

    from treem.assistance.models import AllowanceDecision, AllowancePayment
    from treem.assistance.rules import monthly_amount
    from treem.audit.services import record_create

    started = time.perf_counter()
    made = 0
    with transaction.atomic():
        for decision in AllowanceDecision.objects.select_related("child").order_by("pk")[:limit]:
            if AllowancePayment.objects.filter(decision=decision, month=month).exists():
                continue
            amount, coefficient, level = monthly_amount(
                decision.group, decision.child.date_of_birth, month
            )
            if not amount:
                continue
            payment = AllowancePayment.objects.create(
                decision=decision,
                child=decision.child,
                unit_id=decision.unit_id,
                ward_id=decision.ward_id,
                month=month,
                coefficient=coefficient,
                base_level=level,
                amount=amount,
            )
            record_create(payment, actor=None, unit=decision.unit_id)
            made += 1
    return time.perf_counter() - started, made


def page_times(runs):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from treem.accounts.permissions import Role
    from treem.areas.models import AdminUnit, Level
    from treem.core.testing import make_user

    User = get_user_model()
    ward = AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk").first()
    province = AdminUnit.objects.get(level=Level.PROVINCE, name="Nghệ An")
    users = {}
    for name, role, unit in (
        ("bench.phuong", Role.WARD_OFFICER, ward),
        ("bench.tinh", Role.PROVINCE_OFFICER, province),
    ):
        users[name] = User.objects.filter(username=name).first() or make_user(name, role, unit)
    # The floor: a page of the same shell (menu, landing links) listing nothing
    # of the month: the swimming classes, empty here.
    urls = {"payments": f"/tro-giup/chi-tra/?thang={MONTH:%m/%Y}", "floor": "/tro-giup/lop-boi/"}
    results = {}
    for name, user in users.items():
        # A host the DEBUG settings allow; "testserver" is not among them.
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        for kind, url in urls.items():
            for _ in range(3):
                assert client.get(url).status_code == 200
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            results[f"{name} {kind}"] = (statistics.median(times), percentile(times, 0.95))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--n", type=int, default=30000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-n", type=int, default=3000)
    parser.add_argument("--page-runs", type=int, default=20)
    parser.add_argument("--pages-only", action="store_true", help="only the payment list page")
    args = parser.parse_args()
    setup_django(args.db)
    load(args.n)
    print(f"load average {os.getloadavg()[0]:.1f}")
    if args.pages_only:
        clear(MONTH)
        system_way(MONTH)
        analyze()
        for name, (p50, p95) in page_times(args.page_runs).items():
            print(
                f"| payment list {MONTH:%m/%Y}, {name}: p50 / p95 | {p50:.0f} ms / {p95:.0f} ms |"
            )
        return
    times = []
    for run in range(args.runs):
        clear(MONTH)
        seconds, made = system_way(MONTH)
        again, made_again = system_way(MONTH)  # idempotent: adds nothing
        times.append(seconds)
        print(
            f"run {run + 1}: generate_payments {made} payments in {seconds:.2f} s; "
            f"again: {made_again} in {again:.2f} s (load {os.getloadavg()[0]:.1f})"
        )
    system = statistics.median(times)
    clear(MONTH)
    naive_seconds, naive_made = naive(MONTH, args.naive_n)
    per_row = naive_seconds / max(naive_made, 1)
    clear(MONTH)
    system_way(MONTH)
    analyze()
    print()
    print("| what | median | per payment | ratio |")
    print("|---|---|---|---|")
    per = system / max(made, 1) * 1000
    print(f"| `generate_payments`, {made} payments | {system:.2f} s | {per:.3f} ms | 1.00× |")
    print(
        f"| naive per-row create + audit, {naive_made} payments (×{made / max(naive_made, 1):.0f} "
        f"extrapolated: {per_row * made:.1f} s) | {naive_seconds:.2f} s | {per_row * 1000:.3f} ms "
        f"| {per_row * made / system:.1f}× slower |"
    )
    for name, (p50, p95) in page_times(args.page_runs).items():
        print(
            f"| payment list {MONTH:%m/%Y}, {name}: p50 / p95 | {p50:.0f} ms / {p95:.0f} ms | | |"
        )


if __name__ == "__main__":
    main()
