"""The review report of an inspection, built in the background."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_event
from treem.jobs.services import JobError, attach_file, job_kind

from .access import can_manage_plan
from .models import Inspection
from .review import build_docx, build_xlsx

FORMATS = {"docx": build_docx, "xlsx": build_xlsx}


@job_kind("plan_review_report")
def review_report(job, report):
    user = get_user_model().objects.get(pk=job.created_by_id)
    fmt = job.params.get("format")
    inspection = (
        Inspection.objects.visible_to(user)
        .select_related("plan__owner_agency", "plan__document", "lead_agency")
        .filter(pk=job.params.get("inspection"))
        .first()
    )
    # Checked again here: the user's roles may have changed since the click.
    if inspection is None or fmt not in FORMATS or not can_manage_plan(user, inspection.plan):
        raise JobError(_("The inspection is not available to you."))
    report(0, 1, _("Compiling the report…"))
    document = FORMATS[fmt](inspection, report)
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job.pk}.{fmt}"
    document.save(str(path))
    name = "bao-cao" if fmt == "docx" else "phu-luc"
    attach_file(job, f"jobs/{job.pk}.{fmt}", f"{name}-{inspection.kind}-{inspection.year}.{fmt}")
    with transaction.atomic():
        record_event(
            Action.EXPORT,
            actor=user,
            subject=inspection,
            unit=inspection.plan.unit,
            changes={"format": {"old": None, "new": fmt}},
        )
    return {"format": fmt}
