"""Background jobs of the registry: import and export of children.

Uploads live under MEDIA_ROOT/imports/ and produced files under
MEDIA_ROOT/jobs/, outside the web root: they are served only through the
scoped job download view.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.jobs.services import JobError, attach_file, job_kind

from . import exporter, importer

IMPORT_FOLDER = "imports"
# Issues kept in Job.result for the result page; the full list is in the
# downloadable report.
RESULT_LIMIT = 500


def media_path(relative):
    """An absolute path under MEDIA_ROOT; refuses anything that escapes it."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise JobError(_("The uploaded file is missing."))
    return path


def _neutral(value):
    value = str(value)
    return f"'{value}" if value[:1] in exporter.FORMULA_STARTS else value


def _write_report(job, report):
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{job.pk}-bao-cao.csv"
    with (folder / name).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Dòng", "Cột", "Mã cột", "Loại", "Nội dung"])
        issues = [(e, "Lỗi") for e in report.errors] + [(w, "Cảnh báo") for w in report.warnings]
        issues.sort(key=lambda pair: pair[0].row)
        for issue, kind in issues:
            # The messages echo what was typed in the file.
            writer.writerow([issue.row, issue.column, issue.key, kind, _neutral(issue.message)])
    attach_file(job, f"jobs/{name}", f"bao-cao-nhap-{timezone.localdate():%Y%m%d}.csv")


# Not retried: the rows commit inside import_file, then the report is written
# to disk; a crash in between retried would import the file a second time.
@job_kind("children_import", retry=False)
def run_import(job, report):
    """params: path (under MEDIA_ROOT), filename, write (bool), valid_only
    (bool), ward (default ward name)."""
    params = job.params
    user = get_user_model().objects.get(pk=job.created_by_id)
    path = media_path(params["path"])
    if not path.is_file():
        raise JobError(_("The uploaded file is missing."))
    try:
        outcome = importer.import_file(
            path,
            actor=user,
            filename=params.get("filename"),
            write=params.get("write", False),
            valid_only=params.get("valid_only", False),
            default_ward=params.get("ward", ""),
            progress=report,
            note=_("Import of %(file)s") % {"file": params.get("filename", path.name)},
        )
    except importer.FileProblem as exc:
        raise JobError(str(exc)) from None
    if outcome.errors or outcome.warnings:
        _write_report(job, outcome)
    if outcome.written:
        # Personal data is not kept longer than the import needs it.
        path.unlink(missing_ok=True)
    result = outcome.summary(RESULT_LIMIT)
    result["url"] = reverse("children:import-result", args=[job.pk])
    return result


@job_kind("children_export")
def run_export(job, report):
    """params: query (the list's query string), format ("xlsx" or "csv")."""
    user = get_user_model().objects.get(pk=job.created_by_id)
    fmt = job.params.get("format", "xlsx")
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{job.pk}.{fmt}"
    try:
        outcome = exporter.export_children(
            user, job.params.get("query", ""), fmt, folder / name, progress=report, job=job
        )
    except exporter.ExportProblem as exc:
        raise JobError(str(exc)) from None
    attach_file(job, f"jobs/{name}", f"tre-em-{timezone.localdate():%Y%m%d}.{fmt}")
    return outcome
