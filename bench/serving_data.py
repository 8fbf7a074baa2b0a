"""The database of bench/serving.py: the demo seed (its six wards, their
officers and demo cases) plus children up to --n loaded with COPY.

    .venv/bin/python bench/serving_data.py --n 1000000          # creates treem_bench_serving
    .venv/bin/python bench/serving_data.py --n 1000000 --reuse  # keeps what is there

Only the database named in --db is touched (default treem_bench_serving). The
demo accounts get the demo's published password: a throw-away database only.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_serving"
# The bulk children's personal IDs carry another province's code than the
# demo's (040): their serials (the row id) would otherwise meet the demo's.
BULK_PROVINCE = "042"


def ensure_database(url, reuse):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--n", type=int, default=1_000_000, help="children in all")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists")
    args = parser.parse_args()
    ensure_database(args.db, args.reuse)
    env = {**os.environ, "DATABASE_URL": args.db, "DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)

    os.environ.update(DATABASE_URL=args.db, DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()
    from registry_search_data import analyze, generate

    from treem.accounts.models import User
    from treem.areas.models import AdminUnit, Level
    from treem.children import idnumber
    from treem.children.models import Child
    from treem.demo.seed import seed

    if not User.objects.filter(username="quantri").exists():
        started = time.perf_counter()
        logins, _ = seed(seed=1)
        print(f"demo seed: {time.perf_counter() - started:.0f} s")
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    groups = {
        w.pk: list(AdminUnit.objects.in_force().filter(parent=w, level=Level.RESIDENTIAL_GROUP))
        for w in wards
    }
    have = Child.objects.count()
    if have < args.n:
        make_id = idnumber.make_id
        idnumber.make_id = lambda _p, dob, sex, serial: make_id(BULK_PROVINCE, dob, sex, serial)
        try:
            generate(args.db, args.n - have, wards, groups, seed=1 + have)
        finally:
            idnumber.make_id = make_id
        analyze(args.db)
    print(f"{Child.objects.count():,} children in {len(wards)} wards")
    for ward in wards:
        officer = User.objects.filter(
            assignments__unit=ward, assignments__role="ward_officer", username__endswith=".canbo"
        ).first()
        print(f"  {ward.name}: {officer.username if officer else '-'}")


if __name__ == "__main__":
    main()
