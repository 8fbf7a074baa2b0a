"""The system's state as /healthz and the operations page show it: counts
and ages only, never a person's data."""

import datetime

from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from treem.audit.models import AuditSeal
from treem.jobs.models import Job

from .models import WorkerHeartbeat
from .worker import heartbeat_seconds, seal_interval


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        return False


def _age(moment, now):
    return None if moment is None else round((now - moment).total_seconds())


def status(now=None):
    """A dict for JSON; status "ok", "degraded" (the worker or the seal is
    late) or "error" (the database does not answer)."""
    now = now or timezone.now()
    if not database_ok():
        return {"status": "error", "database": "error"}
    last_beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
    beat_age = _age(last_beat.first(), now)
    seal_at = AuditSeal.objects.order_by("-id").values_list("sealed_at", flat=True).first()
    seal_age = _age(seal_at, now)
    worker_ok = beat_age is not None and beat_age <= 4 * heartbeat_seconds()
    # A seal is due every interval, once there are events to seal.
    seal_ok = seal_age is None or seal_age <= 3 * seal_interval() or not worker_ok
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    return {
        "status": "ok" if worker_ok and seal_ok else "degraded",
        "database": "ok",
        "worker": {
            "ok": worker_ok,
            "heartbeat_age_seconds": beat_age,
            "workers": WorkerHeartbeat.objects.filter(
                beat_at__gte=now - datetime.timedelta(seconds=4 * heartbeat_seconds())
            ).count(),
        },
        "queue": {
            "ready": ready.filter(run_after__isnull=True).count()
            + ready.filter(run_after__lte=now).count(),
            "scheduled": ready.filter(run_after__gt=now).count(),
            "failed_jobs_24h": Job.objects.filter(
                status=Job.Status.FAILED, finished_at__gte=now - datetime.timedelta(days=1)
            ).count(),
        },
        "audit": {"ok": seal_ok, "last_seal_age_seconds": seal_age},
    }
