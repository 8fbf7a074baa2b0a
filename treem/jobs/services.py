"""Starting background jobs and reporting their progress.

A job kind is a function `run(job, report)` registered with `@job_kind`;
`start_job` creates the Job row and enqueues one generic task after the
surrounding transaction commits, so the worker never sees a missing row.

A crash (any exception but JobError, which is the user's to fix) is retried
after a growing pause, up to settings.JOB_MAX_ATTEMPTS runs in all (3 by
default): a database that was restarting or a full disk often passes. A kind
whose work cannot safely run twice registers with `retry=False`. Failed jobs
are listed for the administrator (treem/ops).
"""

import datetime
import logging
import traceback

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from django_tasks import task

from treem.audit.models import Action
from treem.audit.services import record_event

from .models import Job

logger = logging.getLogger(__name__)

_KINDS = {}
_NO_RETRY = set()
# Seconds before the second run; doubled before each later one.
RETRY_DELAY = 30
# The error of a crash: generic, it quotes nothing of the data, so the
# operations page may show it to the administrator (who reads no personal
# data) where a JobError's message may name a file or quote a row.
CRASH_ERROR = gettext_noop(
    "A system error stopped the task. The error has been logged for the administrator."
)


def is_crash_error(text):
    """True for the generic crash message, in any of the site's languages."""
    if text == CRASH_ERROR:
        return True
    for code, _name in settings.LANGUAGES:
        with override(code):
            if text == _(CRASH_ERROR):
                return True
    return False


def max_attempts():
    return max(1, int(getattr(settings, "JOB_MAX_ATTEMPTS", 3)))


class JobError(Exception):
    """An expected failure, with a message for the user (in Vietnamese)."""


# The kinds and whether a crash is retried (checked December 2026; a new kind
# says so where it registers):
#   children_import     no:  rows commit in import_file, then the report is
#                            written to disk; a rerun would import twice.
#   population_link     no:  register rows and candidates commit, then
#                            apply_links and the purge run outside; a rerun
#                            would load the register into the run again.
#   children_export, audit_export, plan_review_report, case_form_pdf,
#   child_subject_export, official_report
#                       yes: they read, write a file named after the job or
#                            report (overwritten by a rerun), then one audit
#                            event / update as the last step.
#   population_dedupe   yes: propose_merge returns the open proposal for a
#                            pair already proposed, so a rerun adds none.
def job_kind(name, *, retry=True):
    def register(func):
        _KINDS[name] = func
        if not retry:
            _NO_RETRY.add(name)
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
    attempt = job.attempts + 1
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=attempt
    )
    job.attempts = attempt
    try:
        result = _KINDS[job.kind](job, ProgressReporter(job)) or {}
    except JobError as exc:
        _finish(job, Job.Status.FAILED, error=str(exc))
    except Exception:
        logger.exception(
            "job %s (%s) failed, run %s of %s", job.pk, job.kind, attempt, max_attempts()
        )
        if _may_retry(job, attempt):
            _retry(job, attempt)
            return
        _finish(
            job,
            Job.Status.FAILED,
            error=_(CRASH_ERROR),
            detail=traceback.format_exc(limit=5),
        )
    else:
        _finish(job, Job.Status.DONE, result=result)


def _may_retry(job, attempt):
    # A backend that cannot defer a task (the tests' immediate backend) would
    # retry at once, which rarely helps: the job fails on its first crash.
    return (
        attempt < max_attempts()
        and job.kind not in _NO_RETRY
        and run_job_task.get_backend().supports_defer
    )


def _retry(job, attempt):
    """Queue the job again after a pause that doubles with each run."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED,
        message=_(
            "A system error interrupted the task; it will run again (run %(next)s of %(max)s)."
        )
        % {"next": attempt + 1, "max": max_attempts()},
    )
    delay = datetime.timedelta(seconds=RETRY_DELAY * 2 ** (attempt - 1))
    task = run_job_task.using(run_after=timezone.now() + delay)
    transaction.on_commit(lambda: task.enqueue(str(job.pk)))


def _finish(job, status, *, result=None, error="", detail=""):
    job.refresh_from_db()
    job.status = status
    job.progress = 100 if status == Job.Status.DONE else job.progress
    job.result = result or job.result
    job.error = error
    # A failure after retries drops the "it will run again" message.
    job.message = "" if status == Job.Status.DONE or job.attempts > 1 else job.message
    job.finished_at = timezone.now()
    job.save()
    if detail:
        logger.error("job %s detail:\n%s", job.pk, detail)


def may_run_again(job):
    """Whether the administrator may start a failed job again (treem/ops)."""
    return job.status == Job.Status.FAILED and job.kind in _KINDS and job.kind not in _NO_RETRY


@transaction.atomic
def retry_failed_job(job, *, actor):
    """Queue a failed job once more, with a fresh count of runs. Refused for
    a kind whose work cannot safely run twice (job_kind(retry=False)): its
    first run may have committed part of what it wrote."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != Job.Status.FAILED:
        raise JobError(_("Only a failed job can be run again."))
    if job.kind in _NO_RETRY:
        raise JobError(
            _(
                "This job cannot be run again: part of what it wrote may already be saved, "
                "and a second run would write it twice. Ask the user who started it to check "
                "the result and start a new one."
            )
        )
    if job.kind not in _KINDS:
        raise JobError(_("This kind of job no longer exists."))
    record_event(
        Action.TASK,
        actor=actor,
        subject=job,
        unit=job.unit_id,
        changes={
            "status": {"old": job.status, "new": Job.Status.QUEUED},
            "attempts": {"old": job.attempts, "new": 0},
        },
        note=_("run again by the administrator"),
    )
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED,
        attempts=0,
        progress=0,
        error="",
        message=_("Queued again by the administrator."),
        started_at=None,
        finished_at=None,
    )
    transaction.on_commit(lambda: run_job_task.enqueue(str(job.pk)))
    job.refresh_from_db()
    return job


def attach_file(job, relative_path, filename):
    """Record the file a job produced (under MEDIA_ROOT)."""
    Job.objects.filter(pk=job.pk).update(result_file=relative_path, result_filename=filename)
    job.result_file, job.result_filename = relative_path, filename
