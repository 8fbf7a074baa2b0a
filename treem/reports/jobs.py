"""Official reports, written in the background: .docx, .xlsx annex, PDF."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_event
from treem.core.documents import PdfUnavailable, pdf_available, to_pdf
from treem.jobs.services import JobError, attach_file, job_kind

from .access import can_report_on
from .models import OfficialReport, ReportKind
from .official.annex import build_annex
from .official.annual import build_annual_docx
from .official.data import gather
from .official.directive28 import build_directive28_docx

BUILDERS = {
    ReportKind.ANNUAL_CHILDREN: build_annual_docx,
    ReportKind.DIRECTIVE_28: build_directive28_docx,
}
FILE_STEM = {ReportKind.ANNUAL_CHILDREN: "bao-cao-tre-em", ReportKind.DIRECTIVE_28: "bao-cao-ct28"}


@job_kind("official_report")
def official_report(job, report):
    user = get_user_model().objects.get(pk=job.created_by_id)
    row = (
        OfficialReport.objects.visible_to(user)
        .select_related("unit__parent")
        .filter(pk=job.params.get("report"))
        .first()
    )
    # Checked again here: the user's roles may have changed since the click.
    if row is None or not can_report_on(user, row.unit):
        raise JobError(_("The report is not available to you."))
    report(0, 1, _("Gathering the figures…"))
    data = gather(row, user)
    folder_rel = Path("reports") / str(row.pk)
    folder = Path(settings.MEDIA_ROOT) / folder_rel
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{FILE_STEM[ReportKind(row.kind)]}-{row.year}"
    report(1, 4, _("Writing the report…"))
    document = BUILDERS[ReportKind(row.kind)](data, report)
    document.save(str(folder / f"{stem}.docx"))
    report(3, 4, _("Writing the annex…"))
    build_annex(data, report).save(str(folder / f"{stem}-phu-luc.xlsx"))
    pdf = ""
    if pdf_available():
        report(3, 4, _("Converting to PDF…"))
        try:
            to_pdf(folder / f"{stem}.docx")
            pdf = str(folder_rel / f"{stem}.pdf")
        except (PdfUnavailable, OSError, subprocess.SubprocessError) as exc:
            # The .docx is the official file; a missing PDF is said, not fatal.
            report(3, 4, _("The PDF could not be made: %(error)s") % {"error": exc})
    attach_file(job, str(folder_rel / f"{stem}.docx"), f"{stem}.docx")
    with transaction.atomic():
        OfficialReport.objects.filter(pk=row.pk).update(
            docx_file=str(folder_rel / f"{stem}.docx"),
            xlsx_file=str(folder_rel / f"{stem}-phu-luc.xlsx"),
            pdf_file=pdf,
            generated_at=timezone.now(),
        )
        record_event(
            Action.EXPORT,
            actor=user,
            subject=row,
            unit=row.unit,
            changes={"files": {"old": None, "new": ["docx", "xlsx"] + (["pdf"] if pdf else [])}},
            note=f"{row.kind} {row.year}",
        )
    return {"url": row.get_absolute_url(), "pdf": bool(pdf)}
