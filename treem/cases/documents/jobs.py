"""The PDF of a case form, converted in the background: LibreOffice takes
several seconds on a busy server (4–8 s measured), too long for a request.

The worker must import this module: `CasesConfig.ready()` imports
`treem.cases.documents`, which imports it."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_event
from treem.core.documents import PdfUnavailable
from treem.jobs.services import JobError, attach_file, job_kind

JOB_KIND = "case_form_pdf"


@job_kind(JOB_KIND)
def case_form_pdf(job, report):
    from ..models import Case
    from ..services.access import in_ward
    from . import FORMS, filename, render_pdf

    user = get_user_model().objects.get(pk=job.created_by_id)
    number, cycle = job.params.get("number"), job.params.get("cycle")
    # Checked again here: the user's roles or grant may have ended since the click.
    case = (
        Case.objects.visible_to(user)
        .select_related("unit", "child__ward", "assigned_officer")
        .filter(pk=job.params.get("case"))
        .first()
    )
    if case is None or number not in FORMS:
        raise JobError(_("The case is not available to you."))
    report(0, 1, _("Converting the form to PDF…"))
    try:
        content = render_pdf(case, number, cycle, reporter_visible=in_ward(user, case))
    except PdfUnavailable:
        raise JobError(_("This server cannot convert documents to PDF.")) from None
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{job.pk}.pdf").write_bytes(content)
    attach_file(job, f"jobs/{job.pk}.pdf", filename(case, number, "pdf"))
    record_event(
        Action.EXPORT,
        actor=user,
        subject=case,
        changes={
            "form": {"old": None, "new": FORMS[number].code},
            "format": {"old": None, "new": "pdf"},
            "cycle": {"old": None, "new": cycle},
        },
    )
    return {"form": FORMS[number].code, "case": case.number}
