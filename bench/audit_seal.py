"""Sealing and verifying the audit chain at 100,000 events (issue 19 §3).

Inserts N audit events shaped like an import's (a CREATE with a dozen changed
fields each), then times: the first seal of all of them (in seals of 50,000),
an incremental seal of 1,000 new events on top, and a full `verify`.

    # SQLite, a scratch file
    DATABASE_URL=sqlite:////tmp/seal.sqlite3 DEBUG=1 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/seal.sqlite3 DEBUG=1 .venv/bin/python bench/audit_seal.py
    # PostgreSQL
    createdb -h 127.0.0.1 -U postgres treem_bench_seal
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_seal DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/treem_bench_seal DEBUG=1 \\
        .venv/bin/python bench/audit_seal.py

Only the database in DATABASE_URL is touched; refuses one that already has seals.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from treem.audit import chain  # noqa: E402
from treem.audit.models import Action, AuditEvent, AuditSeal  # noqa: E402


def insert(n):
    changes = {f"field_{i}": {"old": None, "new": f"giá trị {i} Nguyễn Văn"} for i in range(12)}
    batch = 5000
    for start in range(0, n, batch):
        with transaction.atomic():
            AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        action=Action.CREATE,
                        actor_label="bench",
                        subject_type="children.child",
                        subject_id=str(start + i),
                        request_id="bench-request-0001",
                        changes=changes,
                    )
                    for i in range(min(batch, n - start))
                ],
                batch_size=batch,
            )


def timed(label, func):
    started = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    if AuditSeal.objects.exists():
        sys.exit("this database already has seals: use a scratch database")
    timed(f"insert {args.n} events", lambda: insert(args.n))
    seals = timed(f"seal {args.n} events", chain.seal_pending)
    print(f"  {len(seals)} seals, last event {seals[-1].last_event_id}")
    insert(1000)
    timed("seal 1,000 more (incremental)", chain.seal_pending)
    timed("seal with nothing new", chain.seal_pending)
    report = timed("verify the whole chain", chain.verify)
    print(f"  ok={report.ok} seals={report.seals} events={report.events}")


if __name__ == "__main__":
    main()
