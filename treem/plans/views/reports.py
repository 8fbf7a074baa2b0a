from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for
from treem.agencies.models import Agency

from ..access import can_review, can_see_reports, can_submit, report_filter
from ..forms import EvidenceForm, ReportForm, ReviewForm
from ..models import EvidenceFile, Plan, ProgressReport, ReportState
from ..services import PlanError
from ..services.reports import (
    add_evidence,
    change_report_state,
    open_report,
    remove_evidence,
    save_report,
)
from ..workflow import REPORT_TRANSITIONS
from .common import area_agency_filter, fail, get_report, get_task, require, today

# The URL word for each move (Vietnamese slugs, like the rest of the app).
ACTIONS = {
    "nop": ReportState.SUBMITTED,
    "tra-lai": ReportState.RETURNED,
    "chap-nhan": ReportState.ACCEPTED,
}


@login_required
def report_list(request):
    """The reports the user works on: an agency's own, or those to review."""
    if not can_see_reports(request.user):
        raise Http404
    reports = (
        ProgressReport.objects.visible_to(request.user)
        .select_related("task__plan", "agency__unit")
        .order_by("due_on", "task__order", "agency__name")
    )
    state = request.GET.get("trang-thai", "")
    if state in ReportState.values:
        reports = reports.filter(state=state)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/report_list.html",
        {"page_obj": page, "state": state, "states": ReportState.choices, "today": today()},
    )


@login_required
def report_detail(request, pk):
    report = get_report(request.user, pk)
    versions = report.versions.select_related("submitted_by", "reviewed_by").prefetch_related(
        "evidence"
    )
    state = ReportState(report.state)
    mine = can_submit(request.user, report)
    reviewer = can_review(request.user, report)
    moves = [
        (slug, target)
        for slug, target in ACTIONS.items()
        if target in REPORT_TRANSITIONS[state]
        and (
            (target == ReportState.SUBMITTED and mine)
            or (target != ReportState.SUBMITTED and reviewer)
        )
    ]
    context = {
        "report": report,
        "task": report.task,
        "versions": versions,
        "pending_files": report.evidence.filter(version__isnull=True),
        "can_edit": mine and report.open,
        "moves": moves,
        "review_form": ReviewForm(),
        "today": today(),
    }
    return render(request, "plans/report_detail.html", context)


@login_required
def report_edit(request, pk):
    report = get_report(request.user, pk)
    if not can_submit(request.user, report):
        raise Http404
    if not report.open:
        messages.error(request, _("The report can no longer be edited."))
        return redirect(report)
    # A report starts as a draft listing the activities recorded for its task
    # and period (issue 17); the reporter edits it and submits as before.
    from treem.activities.services.drafting import report_form_initial

    form = ReportForm(
        request.POST or None, instance=report, initial=report_form_initial(request, report)
    )
    evidence_form = EvidenceForm()
    if request.method == "POST" and form.is_valid():
        try:
            save_report(
                report,
                actor=request.user,
                **{f: form.cleaned_data[f] for f in ReportForm.Meta.fields},
            )
        except PlanError as exc:
            fail(request, exc)
        else:
            if request.POST.get("then") == "submit":
                try:
                    change_report_state(report, ReportState.SUBMITTED, actor=request.user)
                except PlanError as exc:
                    fail(request, exc)
                    return redirect("plans:report-edit", pk=report.pk)
                messages.success(request, _("The report was submitted."))
            else:
                messages.success(request, _("The report was saved."))
            return redirect(report)
    return render(
        request,
        "plans/report_form.html",
        {
            "report": report,
            "form": form,
            "evidence_form": evidence_form,
            "pending_files": report.evidence.filter(version__isnull=True),
        },
    )


@login_required
@require_POST
def report_evidence(request, pk):
    report = get_report(request.user, pk)
    if not can_submit(request.user, report):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_evidence(report, form.cleaned_data["file"], actor=request.user)
        except PlanError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("plans:report-edit", pk=report.pk)


def _get_evidence(user, pk):
    evidence = get_object_or_404(EvidenceFile.objects.select_related("report"), pk=pk)
    get_report(user, evidence.report_id)  # 404 unless the report is visible
    return evidence


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = _get_evidence(request.user, pk)
    try:
        remove_evidence(evidence, actor=request.user)
    except PlanError as exc:
        fail(request, exc)
    return redirect("plans:report-edit", pk=evidence.report_id)


@login_required
def evidence_download(request, pk):
    evidence = _get_evidence(request.user, pk)
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / evidence.file.name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type="application/octet-stream",
    )


@login_required
@require_POST
def report_transition(request, pk, action):
    report = get_report(request.user, pk)
    target = ACTIONS.get(action)
    if target is None:
        raise Http404
    allowed = (
        can_submit(request.user, report)
        if target == ReportState.SUBMITTED
        else can_review(request.user, report)
    )
    if not allowed:
        raise Http404
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        change_report_state(
            report, target, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except PlanError as exc:
        fail(request, exc)
    else:
        messages.success(
            request,
            _("The report is now “%(state)s”.") % {"state": ReportState(target).label},
        )
    if request.htmx:
        return render(request, "plans/_report_state.html", {"report": get_report(request.user, pk)})
    return redirect(report)


@login_required
@require_POST
def report_open(request, pk):
    """Open (or find) the report an agency of the user owes on a task for
    the current period, and go to its form."""
    task = get_task(request.user, pk)
    agency_id = request.POST.get("agency", "")
    if not agency_id.isdigit() or int(agency_id) not in agencies_for(request.user):
        raise Http404
    agency = get_object_or_404(Agency, pk=agency_id)
    from ..periods import task_periods

    periods = task_periods(task, task.plan, today(), today())
    if not periods:
        messages.error(request, _("The task has no report period now."))
        return redirect(task)
    try:
        report = open_report(task, agency, periods[0], actor=request.user)
    except PlanError:
        raise Http404 from None
    return redirect("plans:report-edit", pk=report.pk)


@login_required
def overdue_list(request):
    """Reports past their due date and not submitted, in the user's area."""
    require(request.user, Perm.VIEW_PLANS)
    on = today()
    reports = (
        ProgressReport.objects.filter(
            state__in=[ReportState.DRAFT, ReportState.RETURNED],
            due_on__lt=on,
            task__plan__in=Plan.objects.visible_to(request.user).values("pk"),
        )
        .filter(area_agency_filter(request.user))
        .select_related("task__plan", "agency__unit")
        .order_by("due_on", "agency__name", "task__order")
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    shown = set(
        ProgressReport.objects.filter(pk__in=[r.pk for r in page])
        .filter(report_filter(request.user))
        .values_list("pk", flat=True)
    )
    rows = [(r, r.pk in shown, (on - r.due_on).days) for r in page]
    return render(request, "plans/overdue_list.html", {"page_obj": page, "rows": rows, "today": on})
