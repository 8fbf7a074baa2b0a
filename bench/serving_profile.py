"""Where a page's time goes, in-process, on the bench/serving_data.py database:
per page, the SQL queries, the model instances built, the CPU time of the
Python process (time.process_time: steadier than wall time on a shared
machine) and the wall time; --cprofile prints the functions that cost most.

    .venv/bin/python bench/serving_profile.py                      # this checkout
    cd /tmp/serving-base && /work/main/.venv/bin/python /work/main/bench/serving_profile.py

Runs the checkout it is started from (the current directory), with
production settings (DEBUG off, cached templates) and the query log on.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/treem_bench_serving"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--officer", default="truongvinh.canbo")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    os.environ.update(
        DATABASE_URL=args.db,
        DEBUG="0",
        TREEM_DEMO="1",
        SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.db import connection
    from django.db.models.signals import post_init
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from treem.accounts.models import User
    from treem.children.models import Child

    user = User.objects.get(username=args.officer)
    ward = user.assignments.first().unit
    child = Child.objects.filter(ward=ward, status="active").order_by("pk").values("pk")[100]
    paths = args.paths or [
        "/tre-em/",
        "/tre-em/?q=nguyen+van",
        "/tre-em/?q=ngoc+anh",
        f"/tre-em/{child['pk']}/",
    ]
    client = Client()
    client.force_login(user)
    instances = [0]
    post_init.connect(lambda **kw: instances.__setitem__(0, instances[0] + 1), weak=False)
    print(f"{os.getcwd()}  officer {args.officer}  load {os.getloadavg()[0]:.1f}")
    for path in paths:
        cpu, wall, queries, built = [], [], [], []
        profile = cProfile.Profile() if args.cprofile else None
        for i in range(args.runs + 2):
            instances[0] = 0
            with CaptureQueriesContext(connection) as captured:
                c0, w0 = time.process_time(), time.perf_counter()
                if profile and i >= 2:
                    profile.enable()
                response = client.get(path)
                if profile:
                    profile.disable()
                c1, w1 = time.process_time(), time.perf_counter()
            assert response.status_code == 200, (path, response.status_code)
            if i >= 2:  # the first two warm the caches
                cpu.append((c1 - c0) * 1000)
                wall.append((w1 - w0) * 1000)
                queries.append(len(captured.captured_queries))
                built.append(instances[0])
        print(
            f"{path:28} queries {statistics.median(queries):4.0f}  instances "
            f"{statistics.median(built):5.0f}  CPU {statistics.median(cpu):6.1f} ms  "
            f"wall {statistics.median(wall):6.1f} ms  (median of {args.runs})"
        )
        if profile:
            stats = pstats.Stats(profile)
            stats.dump_stats(os.environ.get("PROFILE_OUT", "/tmp/page.prof"))
            stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
