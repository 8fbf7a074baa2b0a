"""Housekeeping beside the task worker: the heartbeat /healthz reads, and
the audit trail's seal every AUDIT_SEAL_INTERVAL seconds.

A thread of the worker process rather than a periodic task: a task is not
run while the worker is busy with a long import, and a heartbeat that stops
then would say the worker is dead when it is working."""

import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_seconds():
    return int(getattr(settings, "WORKER_HEARTBEAT_SECONDS", 15))


def seal_interval():
    return int(getattr(settings, "AUDIT_SEAL_INTERVAL", 300))


def beat(worker_id, *, started_at=None):
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "beat_at": now},
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "beat_at": now,
            "started_at": started_at or now,
        },
    )
    # Workers that stopped a day ago are gone, not late.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()


def housekeeping_once(worker_id, *, started_at, seal_due):
    """One round; returns whether the audit trail was sealed."""
    from treem.audit.chain import seal_pending

    beat(worker_id, started_at=started_at)
    if not seal_due:
        return False
    seals = seal_pending()
    if seals:
        logger.info("audit sealed: %s seals up to event %s", len(seals), seals[-1].last_event_id)
    return True


class Housekeeping(threading.Thread):
    def __init__(self, worker_id):
        super().__init__(name="treem-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self):
        started_at = timezone.now()
        next_seal = time.monotonic()
        while not self.stopping.is_set():
            try:
                if housekeeping_once(
                    self.worker_id, started_at=started_at, seal_due=time.monotonic() >= next_seal
                ):
                    next_seal = time.monotonic() + seal_interval()
            except Exception:
                # The next round tries again; the stale heartbeat shows on /healthz.
                logger.exception("worker housekeeping failed")
            finally:
                connections.close_all()
            self.stopping.wait(heartbeat_seconds())
