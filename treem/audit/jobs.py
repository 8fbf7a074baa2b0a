"""Export of the audit trail as CSV, run in the background."""

import csv
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from treem.jobs.services import attach_file, job_kind

from .filters import AuditEventFilter
from .models import Action, AuditEvent
from .services import record_event

COLUMNS = [
    "occurred_at",
    "actor_label",
    "action",
    "subject_type",
    "subject_id",
    "unit_id",
    "ip",
    "request_id",
    "changes",
    "note",
]


@job_kind("audit_export")
def export_audit(job, report):
    user = get_user_model().objects.get(pk=job.created_by_id)
    events = AuditEventFilter(job.params, queryset=AuditEvent.objects.visible_to(user)).qs
    total = events.count()
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job.pk}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i, event in enumerate(events.order_by("occurred_at", "id").iterator(chunk_size=2000)):
            row = [getattr(event, c) for c in COLUMNS]
            row[0] = timezone.localtime(event.occurred_at).isoformat()
            # Cells starting with = + - @ would run as formulas in a spreadsheet.
            writer.writerow([f"'{v}" if str(v)[:1] in "=+-@" else v for v in row])
            if i % 500 == 0:
                report(i, total)
    attach_file(job, f"jobs/{job.pk}.csv", f"nhat-ky-{timezone.localdate():%Y%m%d}.csv")
    with transaction.atomic():
        record_event(
            Action.EXPORT,
            actor=user,
            subject=job,
            unit=job.unit,
            changes={
                "rows": {"old": None, "new": total},
                "filters": {"old": None, "new": job.params},
            },
        )
    return {"rows": total}
