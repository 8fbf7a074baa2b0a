"""What the operator needs to know that the domain apps do not record: the
background worker's heartbeat."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per worker process, rewritten every WORKER_HEARTBEAT_SECONDS
    (treem/ops/worker.py); /healthz reports the age of the newest."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    beat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self):
        return f"{self.hostname}:{self.pid} {self.beat_at:%Y-%m-%d %H:%M:%S}"
