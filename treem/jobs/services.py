"""Starting background jobs and reporting their progress.

A job kind is a function `run(job, report)` registered with `@job_kind`;
`start_job` creates the Job row and enqueues one generic task after the
surrounding transaction commits, so the worker never sees a missing row.
"""

import logging
import traceback

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from treem.audit.models import Action
from treem.audit.services import record_event

from .models import Job

logger = logging.getLogger(__name__)

_KINDS = {}


class JobError(Exception):
    """An expected failure, with a message for the user (in Vietnamese)."""


def job_kind(name):
    def register(func):
        _KINDS[name] = func
        return func

    return register


@transaction.atomic
def start_job(kind, *, actor, title, params=None, unit=None, permission=""):
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind: {kind}")
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params or {},
        created_by=actor,
        unit=unit,
        permission=permission,
    )
    record_event(
        Action.TASK,
        actor=actor,
        subject=job,
        unit=unit,
        changes={"kind": {"old": None, "new": kind}},
    )
    transaction.on_commit(lambda: run_job_task.enqueue(str(job.pk)))
    return job


class ProgressReporter:
    """Writes progress at most every 1 % so a long loop does not hammer the database."""

    def __init__(self, job):
        self.job = job
        self._last = -1

    def __call__(self, done, total, message=""):
        percent = 100 if total <= 0 else min(99, int(done * 100 / total))
        if percent == self._last and not message:
            return
        self._last = percent
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message[:500])


@task()
def run_job_task(job_id):
    run_job(job_id)


def run_job(job_id):
    job = Job.objects.get(pk=job_id)
    if job.finished:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = _KINDS[job.kind](job, ProgressReporter(job)) or {}
    except JobError as exc:
        _finish(job, Job.Status.FAILED, error=str(exc))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            Job.Status.FAILED,
            error=_(
                "A system error stopped the task. The error has been logged for the administrator."
            ),
            detail=traceback.format_exc(limit=5),
        )
    else:
        _finish(job, Job.Status.DONE, result=result)


def _finish(job, status, *, result=None, error="", detail=""):
    job.refresh_from_db()
    job.status = status
    job.progress = 100 if status == Job.Status.DONE else job.progress
    job.result = result or job.result
    job.error = error
    job.message = "" if status == Job.Status.DONE else job.message
    job.finished_at = timezone.now()
    job.save()
    if detail:
        logger.error("job %s detail:\n%s", job.pk, detail)


def attach_file(job, relative_path, filename):
    """Record the file a job produced (under MEDIA_ROOT)."""
    Job.objects.filter(pk=job.pk).update(result_file=relative_path, result_filename=filename)
    job.result_file, job.result_filename = relative_path, filename
