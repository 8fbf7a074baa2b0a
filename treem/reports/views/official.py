from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user
from treem.core.documents import pdf_available

from ..access import reportable_units, require
from ..forms import ReportRequestForm
from ..models import OfficialReport, ReportKind
from ..services import ReportsError
from ..services.official import default_header, request_report


@login_required
def report_list(request):
    require(request.user, Perm.GENERATE_REPORTS)
    reports = OfficialReport.objects.visible_to(request.user).select_related(
        "unit", "job", "created_by"
    )
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(request, "reports/report_list.html", {"page_obj": page})


@login_required
def report_request(request):
    require(request.user, Perm.GENERATE_REPORTS)
    units = reportable_units(request.user)
    if not units:
        raise Http404
    # ?unit= picks the unit whose usual header the form proposes.
    chosen = request.GET.get("unit", "")
    first = next((u for u in units if str(u.pk) == chosen), units[0])
    initial = {
        "kind": ReportKind.ANNUAL_CHILDREN,
        "unit": first.pk,
        "year": timezone.localdate().year - (1 if timezone.localdate().month < 7 else 0),
        **default_header(first, ReportKind.ANNUAL_CHILDREN),
    }
    form = ReportRequestForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = form.units[data.pop("unit")]
        kind = data.pop("kind")
        year = data.pop("year")
        try:
            report = request_report(actor=request.user, kind=kind, unit=unit, year=year, **data)
        except ReportsError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(report.job)
    return render(
        request,
        "reports/report_request.html",
        {"form": form, "units": units, "chosen": first, "pdf": pdf_available()},
    )


@login_required
def report_detail(request, pk):
    report = get_for_user(
        OfficialReport.objects.select_related("unit", "job", "created_by"), request.user, pk
    )
    return render(request, "reports/report_detail.html", {"report": report})


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def report_download(request, pk, fmt):
    report = get_for_user(OfficialReport.objects, request.user, pk)
    relative = report.file_for(fmt)
    if not relative:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    # Always a download: never rendered by the browser.
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=CONTENT_TYPES[fmt]
    )
