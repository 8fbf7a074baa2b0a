"""What the user sees of a background task: progress, result or error.

The task framework keeps its own rows for the queue; a Job is the
user-facing record, scoped like the data it touches."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import ScopedQuerySet, scope_for


class JobQuerySet(ScopedQuerySet, models.QuerySet):
    def visible_to(self, user, perm=None):
        """A user sees the jobs they started; an area's jobs are also visible
        to whoever holds the job's permission over that area."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        own = models.Q(created_by=user)
        q = own
        for permission in Perm:
            area = scope_for(user, permission)
            if not area.empty:
                q |= models.Q(permission=permission.value) & area.q("unit")
        return self.filter(q)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Runs started so far: a crash is retried up to JOB_MAX_ATTEMPTS (services.py).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The file a job produced, stored under MEDIA_ROOT and served only
    # through the scoped download view.
    result_file = models.CharField(max_length=300, blank=True)
    result_filename = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The permission that lets others over the same area see this job.
    permission = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    AUDIT_FIELDS = ("kind", "title", "status", "unit")

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="jobs_progress_max_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def writes_records(self):
        """A job whose result says how many records it wrote (an import)."""
        return isinstance(self.result, dict) and "written" in self.result

    @property
    def status_label(self):
        """The status as the user reads it: a finished import that wrote
        nothing never reads "done"."""
        if self.status == self.Status.DONE and self.writes_records:
            count = self.result.get("imported") or 0
            if count:
                return ngettext("%(count)s record written", "%(count)s records written", count) % {
                    "count": count
                }
            return gettext("Nothing written")
        return self.get_status_display()
