"""Refresh the analytics store after a registry import finishes, without the
registry knowing about indicators: the import is a background job, and its
job row turning "done" is the signal."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from treem.jobs.models import Job

logger = logging.getLogger(__name__)

REGISTRY_JOBS = ("children_import",)


def refresh_quietly():
    from .refresh import refresh_incremental

    try:
        refresh_incremental()
    except Exception:  # a failed refresh must not fail the import; the next run catches up
        logger.exception("incremental refresh of the indicators after an import failed")


@receiver(post_save, sender=Job, dispatch_uid="indicators_refresh_after_import")
def refresh_after_import(sender, instance, **kwargs):
    if instance.kind in REGISTRY_JOBS and instance.status == Job.Status.DONE:
        transaction.on_commit(refresh_quietly)
