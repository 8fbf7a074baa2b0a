"""Case forms 01–06 (.docx and PDF) and the case dashboard.

A form is the case file itself: the case is fetched exactly as the case page
fetches it (sealed; not visible → 404) and every generation is audited. The
dashboard shows aggregates only, scoped to the wards the user handles."""

import csv
import time

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.models import Action
from treem.audit.services import record_event
from treem.jobs.services import start_job

from . import dashboard
from .documents import FORMS, filename, pdf_available, render_docx
from .documents.jobs import JOB_KIND
from .models import Case
from .services.access import get_case, in_ward

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def get_case_for_forms(user, pk):
    """The case exactly as the case page reads it: sealed (404 when not
    visible) and the view audited."""
    return get_case(user, pk, queryset=Case.objects.select_related("child__ward"))


def reporter_visible(user, case):
    """The reporter's identity is confidential: shown to the ward's case
    staff and the assigned officer, not to someone who broke the glass."""
    return in_ward(user, case)


def _cycle(request, case):
    try:
        cycle = int(request.GET.get("cycle", case.cycle))
    except ValueError:
        raise Http404 from None
    if not 1 <= cycle <= case.cycle:
        raise Http404
    return cycle


@login_required
def case_forms(request, pk):
    """The list of forms of one case, with a link to each file."""
    case = get_case_for_forms(request.user, pk)
    return render(
        request,
        "cases/documents/form_list.html",
        {
            "case": case,
            "forms": FORMS.values(),
            "cycles": range(1, case.cycle + 1),
            "pdf_available": pdf_available(),
        },
    )


@login_required
def case_form(request, pk, number, fmt):
    """GET the .docx at once (well under a second); POST for the PDF, which
    a background job converts (several seconds) and offers on its page."""
    case = get_case_for_forms(request.user, pk)
    number = int(number)
    if number not in FORMS or fmt not in CONTENT_TYPES:
        raise Http404
    cycle = _cycle(request, case)
    if fmt == "pdf":
        return _start_pdf(request, case, number, cycle)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    started = time.monotonic()
    content = render_docx(
        case, number, cycle, reporter_visible=reporter_visible(request.user, case)
    )
    record_event(
        Action.EXPORT,
        actor=request.user,
        subject=case,
        changes={
            "form": {"old": None, "new": FORMS[number].code},
            "format": {"old": None, "new": fmt},
            "cycle": {"old": None, "new": cycle},
        },
        note="generated in %.2f s" % (time.monotonic() - started),
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(case, number, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response


def _start_pdf(request, case, number, cycle):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not pdf_available():
        return render(request, "cases/documents/pdf_unavailable.html", {"case": case}, status=503)
    job = start_job(
        JOB_KIND,
        actor=request.user,
        # The title shows in job lists: the case number, never the child's name.
        title=_("Form %(code)s of case %(case)s (PDF)")
        % {"code": FORMS[number].code, "case": case.number},
        params={"case": case.pk, "number": number, "cycle": cycle},
        unit=case.unit,
        # Only the person who asked sees the job and its file.
        permission="",
    )
    return redirect(job)


def _require_dashboard(user):
    if not has_perm(user, Perm.MANAGE_CASES):
        raise Http404


@login_required
def case_dashboard(request):
    _require_dashboard(request.user)
    data = dashboard.build(request.user)
    return render(request, "cases/dashboard.html", {"data": data})


@login_required
def case_dashboard_csv(request):
    _require_dashboard(request.user)
    data = dashboard.build(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bang-dieu-khien-vu-viec.csv"'
    # A byte-order mark so spreadsheet programs read the Vietnamese letters.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in dashboard.csv_rows(data):
        writer.writerow(row)
    record_event(
        Action.EXPORT,
        actor=request.user,
        changes={"export": {"old": None, "new": "case-dashboard"}},
    )
    return response
