"""Import throughput of the children's registry on PostgreSQL, beside COPY.

Generates a valid CSV in the import template (realistic names from
treem/demo/people.py, IDs from idnumber.make_id), then for each run empties
the registry tables and imports the file through the real importer (read,
validate, duplicate checks, bulk write, audit events), and COPYs the same
file into a plain table of text columns: the floor. Reports medians and the
peak resident memory of the process.

    createdb -h 127.0.0.1 -U postgres treem_bench   # or --create
    .venv/bin/python bench/registry_import.py --create --n 100000 --runs 3

The database is named by --db (default treem_bench) on
postgres://postgres@127.0.0.1:5432/. --profile writes a cProfile of one
import to bench/registry_import.prof.
"""

import argparse
import csv
import datetime
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARDS = ("Trường Vinh", "Thành Vinh", "Vinh Hưng", "Vinh Phú", "Vinh Lộc", "Cửa Lò")
GROUPS_PER_WARD = 12
REGISTRY_TABLES = (
    "children_childcaregiver",
    "children_circumstanceepisode",
    "children_riskepisode",
    "children_residence",
    "children_support",
    "children_consent",
    "children_mergeproposal",
    "children_child",
    "children_caregiver",
    "audit_auditevent",
)


def setup_django(db, create):
    url = f"postgres://postgres@127.0.0.1:5432/{db}"
    if create:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
            if not exists:
                c.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every SQL statement in memory: off, as in production.
    settings.DEBUG = False
    if create:
        from django.core.management import call_command

        from treem.areas.models import AdminUnit, Level
        from treem.areas.services import create_unit, load_areas
        from treem.children.services.reference import load_reference_codes

        call_command("migrate", verbosity=0)
        load_areas()
        load_reference_codes()
        for name in WARDS:
            ward = AdminUnit.objects.get(name=name, level=Level.WARD, valid_to__isnull=True)
            for i in range(1, GROUPS_PER_WARD + 1):
                if not AdminUnit.objects.filter(parent=ward, name=f"Khối {i}").exists():
                    create_unit(
                        actor=None, name=f"Khối {i}", level=Level.RESIDENTIAL_GROUP, parent=ward
                    )


def generate(path, n, seed=1):
    from treem.children.idnumber import make_id
    from treem.children.importer import COLUMNS
    from treem.demo.people import PeopleGenerator, years_before

    today = datetime.date.today()
    gen = PeopleGenerator(seed, today=today)
    rng = gen._random
    # Under 16 on any day of the next month, so the file stays valid a while.
    born = (years_before(today, 16) + datetime.timedelta(days=31), today)
    keys = [c.key for c in COLUMNS]
    circumstances = "abcdhn"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in COLUMNS])
        for i, child in enumerate(gen.people(n, born_between=born)):
            mother = gen.adult("F")
            row = {
                "family_name": child.family_name,
                "middle_name": child.middle_name,
                "given_name": child.given_name,
                "date_of_birth": child.date_of_birth.strftime("%d/%m/%Y"),
                "sex": "Nam" if child.sex == "M" else "Nữ",
                "personal_id": make_id("040", child.date_of_birth, child.sex, i),
                "ethnicity": "Kinh",
                "ward": WARDS[i % len(WARDS)],
                "group": f"Khối {i // len(WARDS) % GROUPS_PER_WARD + 1}",
                "address_line": f"{rng.randrange(1, 300)} đường {rng.randrange(1, 40)}",
                "mother_name": mother.full_name,
                "mother_phone": gen.phone(),
                "school_name": "Trường Tiểu học Lê Lợi" if i % 3 else "",
                "grade": f"{rng.randrange(1, 10)}A" if i % 3 else "",
            }
            if i % 2:
                father = gen.adult("M")
                row["father_name"] = father.full_name
                row["father_phone"] = gen.phone()
            # About 6 % of children are in a special circumstance.
            if rng.random() < 0.06:
                row["circumstance"] = rng.choice(circumstances)
                row["circumstance_from"] = "01/01/2025"
            writer.writerow([row.get(k, "") for k in keys])


def empty_registry():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(REGISTRY_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE children_child")


def run_import(path, write=True):
    from treem.children.importer import import_file

    began = time.perf_counter()
    report = import_file(path, write=write)
    elapsed = time.perf_counter() - began
    if report.errors:
        sys.exit(f"the generated file has errors: {report.errors[:5]}")
    return report.rows / elapsed, report


def record_writes(path):
    """Imports the file once through the real importer, keeping every
    statement and COPY the write sent to PostgreSQL (bulk_copy._Copier)."""
    from treem.children.services import bulk_copy

    ops = []
    sql, copy = bulk_copy._Copier.sql, bulk_copy._Copier.copy

    def recording_sql(self, statement, params=()):
        ops.append(("sql", statement, params))
        return sql(self, statement, params)

    def recording_copy(self, model, columns, rows):
        rows = [tuple(row) for row in rows]
        ops.append(("copy", (model, columns), rows))
        return copy(self, model, columns, rows)

    bulk_copy._Copier.sql, bulk_copy._Copier.copy = recording_sql, recording_copy
    try:
        empty_registry()
        run_import(path)
    finally:
        bulk_copy._Copier.sql, bulk_copy._Copier.copy = sql, copy
    return ops


def run_replay(ops, n):
    """PostgreSQL's share of the write: the recorded statements sent again in
    one transaction on an emptied registry (sequences restarted, so the same
    ids), with no Python work between them. Index entries, foreign-key checks
    at commit, the audit rows PostgreSQL builds, and the WAL."""
    from django.db import connection, transaction

    from treem.children.services import bulk_copy

    empty_registry()
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        out = bulk_copy._Copier(cursor)
        for kind, what, payload in ops:
            if kind == "sql":
                out.sql(what, payload)
            else:
                out.copy(*what, payload)
    return n / (time.perf_counter() - began)


def run_copy(path, columns):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        quoted = ", ".join(f'"{c}" text' for c in columns)
        cursor.execute(f"CREATE TABLE bench_copy ({quoted})")
    raw = connection.connection
    began = time.perf_counter()
    sql = "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
    with raw.cursor() as cur, path.open("rb") as fh, cur.copy(sql) as copy:
        while block := fh.read(1 << 20):
            copy.write(block)
    raw.commit()
    elapsed = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy")
        rows = cursor.fetchone()[0]
    return rows / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", default="treem_bench")
    parser.add_argument("--create", action="store_true", help="create and migrate the database")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--paths",
        default="copy",
        help="comma-separated write paths to time per run: copy (the system's way on "
        "PostgreSQL) and/or orm (the former Django bulk_create path, the baseline)",
    )
    parser.add_argument(
        "--replay",
        action="store_true",
        help="also time the write's statements alone (recorded once, replayed each run)",
    )
    parser.add_argument(
        "--gin-default",
        action="store_true",
        help="keep the server's gin_pending_list_limit (trigram entries merged row by row)",
    )
    args = parser.parse_args()
    setup_django(args.db, args.create)
    from treem.children.services import bulk, bulk_copy

    if args.gin_default:
        bulk_copy.GIN_PENDING_FROM = float("inf")
    from treem.children.importer import COLUMNS

    path = ROOT / "var" / f"bench-import-{args.n}.csv"
    if not path.exists():
        began = time.perf_counter()
        generate(path, args.n)
        print(f"generated {path} in {time.perf_counter() - began:.1f} s", file=sys.stderr)

    if args.profile:
        import cProfile

        empty_registry()
        cProfile.runctx(
            "run_import(path)",
            globals(),
            {"path": path, "run_import": run_import},
            str(ROOT / "bench" / "registry_import.prof"),
        )
        print("profile written to bench/registry_import.prof")
        return

    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    checks, copies, loads, replays = [], [], [], []
    imports = {p: [] for p in paths}
    for _ in range(args.runs):
        empty_registry()
        checks.append(run_import(path, write=False)[0])
        for name in paths:
            empty_registry()
            bulk.COPY_ON_POSTGRESQL = name == "copy"
            imports[name].append(run_import(path)[0])
        copies.append(run_copy(path, [c.key for c in COLUMNS]))
        loads.append(os.getloadavg()[0])
        done = "  ".join(f"import[{p}] {imports[p][-1]:,.0f}" for p in paths)
        print(
            f"run {len(copies)}: check {checks[-1]:,.0f}  {done}  COPY {copies[-1]:,.0f} rows/s"
            f"  (load {loads[-1]:.2f})",
            flush=True,
        )
    bulk.COPY_ON_POSTGRESQL = True
    from treem.children.models import Child

    # Before the replay, whose recording holds every row in memory.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.replay:
        ops = record_writes(path)
        for n in range(args.runs):
            replays.append(run_replay(ops, args.n))
            print(f"replay {n + 1}: {replays[-1]:,.0f} rows/s", flush=True)
    check_m, copy_m = statistics.median(checks), statistics.median(copies)
    print(f"rows: {args.n:,}  runs: {args.runs}  children now: {Child.objects.count():,}")
    print(f"check only (read, validate, duplicates)  median {check_m:>10,.0f} rows/s")
    for name in paths:
        m = statistics.median(imports[name])
        print(
            f"import[{name}] (check + write + audit)  median {m:>10,.0f} rows/s"
            f"   COPY / import {copy_m / m:.1f}x"
        )
    if len(paths) > 1:
        ratio = statistics.median(imports[paths[0]]) / statistics.median(imports[paths[1]])
        print(f"import[{paths[0]}] / import[{paths[1]}] {ratio:.1f}x")
    if replays:
        replay_m = statistics.median(replays)
        # Were Python's own work in the write free, an import would still
        # check the file, then wait for PostgreSQL.
        ceiling = 1 / (1 / check_m + 1 / replay_m)
        print(
            f"write replayed (PostgreSQL's share)      median {replay_m:>10,.0f} rows/s"
            f"   check + replayed write {ceiling:,.0f} rows/s"
        )
    print(f"COPY into a plain table (floor)          median {copy_m:>10,.0f} rows/s")
    print(f"COPY / check {copy_m / check_m:.1f}x   load (1 min) {statistics.median(loads):.2f}")
    print(f"peak memory (maxrss) {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
