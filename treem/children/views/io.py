"""Pages of the registry's import and export. Both run as background jobs
(one code path for small and large files); these views start them and show
their outcome."""

import csv
import io
import uuid
from pathlib import Path

import openpyxl
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl.styles import Font

from treem.accounts.permissions import Perm, role_grants
from treem.accounts.scope import active_assignments, get_for_user, has_perm
from treem.areas.models import AdminUnit, Level
from treem.jobs.models import Job
from treem.jobs.services import start_job

from .. import exporter, importer, jobs_io

MAX_UPLOAD = 50 * 1024 * 1024
TEMPLATE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def example_row(user=None):
    """The template's example row: a fictitious child that imports as it is
    (issue 13 §3.4). Its ward and group are the downloading user's own, so
    that the officer of any ward can try the template before filling it."""
    values = {c.key: c.example for c in importer.COLUMNS}
    unit = _home_unit(user, Perm.EDIT_PERSONAL) if user is not None else None
    if unit is None or not unit.is_current:
        return values
    if unit.level == Level.RESIDENTIAL_GROUP:
        values["ward"], values["group"] = unit.parent.name, unit.name
    elif unit.level in (Level.WARD, Level.COMMUNE):
        group = (
            AdminUnit.objects.in_force()
            .filter(parent=unit, level=Level.RESIDENTIAL_GROUP)
            .order_by("sort_name", "name")
            .first()
        )
        values["ward"], values["group"] = unit.name, group.name if group else ""
    return values


def template_csv(user=None):
    """The import template as CSV: UTF-8 with a BOM so Excel reads the accents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([c.header for c in importer.COLUMNS])
    example = example_row(user)
    writer.writerow([example[c.key] for c in importer.COLUMNS])
    return out.getvalue().encode("utf-8")


def template_xlsx(user=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách trẻ em"
    sheet.append([c.header for c in importer.COLUMNS])
    example = example_row(user)
    sheet.append([example[c.key] for c in importer.COLUMNS])
    for i, column in enumerate(importer.COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.header) + 4)
        # Text cells keep the leading zeros of IDs and phones.
        for row in range(2, 1002):
            sheet.cell(row=row, column=i).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Hướng dẫn")
    notes.append(["Cột", "Mã cột", "Bắt buộc", "Cách ghi"])
    for column in importer.COLUMNS:
        notes.append([column.header, column.key, "Có" if column.required else "", column.note])
    notes.append([])
    notes.append(
        [
            "Ghi chú",
            "",
            "",
            "Mỗi dòng là một trẻ em. Dòng 2 của trang đầu là ví dụ hợp lệ về một trẻ em hư cấu "
            "(nhập được ngay để thử mẫu): hãy thay bằng dữ liệu thật hoặc xóa trước khi nhập. "
            "Tệp chỉ được nhập khi mọi dòng hợp lệ, hoặc khi người nhập chọn chỉ nhập các "
            "dòng hợp lệ sau khi xem báo cáo lỗi.",
        ]
    )
    for letter, width in zip("ABCD", (24, 28, 10, 100), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy("Made from the import template."),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            ("check", gettext_lazy("Check only")),
            ("import", gettext_lazy("Check, and import if every row is valid")),
        ],
        initial="check",
        widget=forms.RadioSelect,
    )
    ward = forms.CharField(
        label=gettext_lazy("Ward for rows that name none"),
        required=False,
        max_length=200,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Upload a .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB: split it."))
        return upload


def _require(user, perm):
    if not has_perm(user, perm):
        raise Http404


def _home_unit(user, perm):
    """The unit of the user's first assignment granting `perm`, so that the
    audit events of their imports and exports are filed under their area."""
    for assignment in active_assignments(user):
        if assignment.unit_id and role_grants(assignment.role, perm):
            return assignment.unit
    return None


def _save_upload(upload):
    folder = Path(settings.MEDIA_ROOT) / jobs_io.IMPORT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # A random name: the user's file name never reaches the file system.
    name = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with (folder / name).open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return f"{jobs_io.IMPORT_FOLDER}/{name}"


def _import_job(user, job_id):
    jobs = Job.objects.filter(kind="children_import", created_by=user)
    return get_for_user(jobs, user, job_id)


@login_required
def import_upload(request):
    _require(request.user, Perm.EDIT_PERSONAL)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        write = form.cleaned_data["mode"] == "import"
        filename = Path(upload.name).name[:150]
        title = _("Import of %(file)s") if write else _("Check of %(file)s")
        job = start_job(
            "children_import",
            actor=request.user,
            title=title % {"file": filename},
            params={
                "path": _save_upload(upload),
                "filename": filename,
                "write": write,
                "valid_only": False,
                "ward": form.cleaned_data["ward"],
            },
            unit=_home_unit(request.user, Perm.EDIT_PERSONAL),
        )
        return redirect("children:import-result", job_id=job.pk)
    return render(
        request,
        "children/io/import_upload.html",
        {"form": form, "columns": importer.COLUMNS},
    )


@login_required
def import_template(request, fmt):
    _require(request.user, Perm.EDIT_PERSONAL)
    if fmt not in TEMPLATE_TYPES:
        raise Http404
    body = template_xlsx(request.user) if fmt == "xlsx" else template_csv(request.user)
    response = HttpResponse(body, content_type=TEMPLATE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-tre-em.{fmt}"'
    return response


@login_required
def import_result(request, job_id):
    _require(request.user, Perm.EDIT_PERSONAL)
    job = _import_job(request.user, job_id)
    if request.htmx:
        if job.finished:
            # The report replaces the progress bar: reload the whole page.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "children/io/_import_progress.html", {"job": job})
    return render(request, "children/io/import_result.html", {"job": job, "r": job.result})


@login_required
@require_POST
def import_valid_rows(request, job_id):
    _require(request.user, Perm.EDIT_PERSONAL)
    job = _import_job(request.user, job_id)
    result = job.result or {}
    if job.status != Job.Status.DONE or result.get("written") or not result.get("valid"):
        messages.error(request, _("There is nothing left to import from this file."))
        return redirect("children:import-result", job_id=job.pk)
    if not jobs_io.media_path(job.params["path"]).is_file():
        raise Http404
    params = {**job.params, "write": True, "valid_only": True}
    second = start_job(
        "children_import",
        actor=request.user,
        title=_("Import of the valid rows of %(file)s") % {"file": job.params.get("filename")},
        params=params,
        unit=job.unit,
    )
    return redirect("children:import-result", job_id=second.pk)


@login_required
def export(request):
    """GET shows what will be exported; POST starts the export job."""
    _require(request.user, Perm.EXPORT_PERSONAL)
    source = request.POST if request.method == "POST" else request.GET
    fmt = source.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        fmt = "xlsx"
    query = request.GET.copy()
    for name in exporter.NOT_FILTERS:
        query.pop(name, None)
    query = query.urlencode()
    filterset, sensitive = exporter.filtered(request.user, query)
    if not filterset.is_valid():
        messages.error(request, _("Please correct the filters before exporting."))
        return render(
            request,
            "children/io/export.html",
            {"filter": filterset, "invalid": True, "format": fmt, "query": query},
            status=400,
        )
    if request.method == "POST":
        job = start_job(
            "children_export",
            actor=request.user,
            title=_("Export of the children's list (.%(format)s)") % {"format": fmt},
            params={"query": query, "format": fmt},
            unit=_home_unit(request.user, Perm.EXPORT_PERSONAL),
        )
        return redirect(job)
    return render(
        request,
        "children/io/export.html",
        {
            "filter": filterset,
            "count": filterset.qs.count(),
            "sensitive": sensitive,
            "format": fmt,
            "query": query,
            "action": f"{reverse('children:export')}?{query}",
        },
    )
