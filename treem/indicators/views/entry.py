"""Entering figures: the list of submissions, a submission's form with its
workflow buttons, and the .xlsx template and upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for

from .. import periods, xlsx
from ..access import can_approve, can_enter, can_see_submission, entry_agencies
from ..forms import OpenSubmissionForm, UploadForm
from ..models import EntryState, Submission
from ..services import IndicatorError
from ..services.entry import (
    EntryProblems,
    Figure,
    change_state,
    form_indicators,
    open_submission,
    save_figures,
)
from ..workflow import APPROVER_MOVES, TRANSITIONS

# The URL word for each move.
ACTIONS = {
    "nop": EntryState.SUBMITTED,
    "duyet": EntryState.LOCKED,
    "tra-lai": EntryState.RETURNED,
    "mo-lai": EntryState.REOPENED,
}


def _require_entry_or_approval(user):
    if not (has_perm(user, Perm.ENTER_INDICATORS) or has_perm(user, Perm.APPROVE_INDICATORS)):
        raise Http404


def visible_submissions(user):
    q = Q(agency__in=entry_agencies(user))
    approve = scope_for(user, Perm.APPROVE_INDICATORS)
    if not approve.empty:
        q |= approve.q("unit")
    return Submission.objects.filter(q)


def get_submission(user, pk):
    try:
        submission = Submission.objects.select_related("agency", "unit").get(pk=pk)
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_see_submission(user, submission) or not (
        can_enter(user, submission.agency) or can_approve(user, submission.unit)
    ):
        raise Http404
    return submission


@login_required
def entry_list(request, awaiting=False):
    _require_entry_or_approval(request.user)
    agencies = entry_agencies(request.user)
    form = None
    if has_perm(request.user, Perm.ENTER_INDICATORS):
        form = OpenSubmissionForm(request.POST or None, agencies=agencies)
        if request.method == "POST" and form.is_valid():
            try:
                submission = open_submission(
                    form.cleaned_data["agency"], form.cleaned_data["period"], actor=request.user
                )
            except IndicatorError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(submission)
    submissions = (
        visible_submissions(request.user)
        .select_related("agency", "unit")
        .order_by("-period", "unit__name", "agency__name")
    )
    state = request.GET.get("trang-thai", "submitted" if awaiting else "")
    if state in EntryState.values:
        submissions = submissions.filter(state=state)
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/entry_list.html",
        {"form": form, "page_obj": page, "state": state, "states": EntryState.choices},
    )


def _figures_from_post(post, inds):
    figures, bad = {}, {}
    for ind in inds:
        values = []
        for prefix in ("num", "den"):
            raw = (post.get(f"{prefix}-{ind.code}") or "").strip().replace(".", "")
            if raw == "":
                values.append(None)
            elif raw.isdigit():
                values.append(int(raw))
            else:
                values.append(None)
                bad.setdefault(ind.code, []).append(_("Enter whole numbers."))
        note = (post.get(f"note-{ind.code}") or "").strip()
        if values[0] is not None or values[1] is not None:
            figures[ind.code] = Figure(values[0], values[1], note)
    return figures, bad


def _page(request, submission, *, errors=None, posted=None, upload_errors=None, status=200):
    inds = form_indicators(submission.agency, submission.period_type)
    lines = {line.indicator_id: line for line in submission.lines.all()}
    prev = Submission.objects.filter(
        agency=submission.agency,
        unit=submission.unit,
        period=periods.previous(submission.period),
        state=EntryState.LOCKED,
    ).first()
    previous = {line.indicator_id: line for line in prev.lines.all()} if prev else {}
    rows = []
    for ind in inds:
        line = lines.get(ind.pk)
        if posted is not None:
            num = posted.get(f"num-{ind.code}", "")
            den = posted.get(f"den-{ind.code}", "")
            note = posted.get(f"note-{ind.code}", "")
        else:
            num = line.numerator if line and line.numerator is not None else ""
            den = line.denominator if line and line.denominator is not None else ""
            note = line.note if line else ""
        rows.append(
            {
                "ind": ind,
                "line": line,
                "num": num,
                "den": den,
                "note": note,
                "previous": previous.get(ind.pk),
                "errors": (errors or {}).get(ind.code, []),
            }
        )
    user = request.user
    moves = []
    for target in TRANSITIONS.get(EntryState(submission.state), ()):
        allowed = (
            can_approve(user, submission.unit)
            if target in APPROVER_MOVES
            else can_enter(user, submission.agency)
        )
        if allowed:
            slug = next(k for k, v in ACTIONS.items() if v == target)
            moves.append((slug, target))
    return render(
        request,
        "indicators/submission.html",
        {
            "submission": submission,
            "rows": rows,
            "can_edit": submission.editable and can_enter(user, submission.agency),
            "moves": sorted(moves),
            "general_errors": (errors or {}).get("", []),
            "upload_form": UploadForm(),
            "upload_errors": upload_errors or [],
            "period_label": periods.label(submission.period),
        },
        status=status,
    )


@login_required
def submission_detail(request, pk):
    submission = get_submission(request.user, pk)
    return _page(request, submission)


@login_required
@require_POST
def submission_save(request, pk):
    submission = get_submission(request.user, pk)
    if not can_enter(request.user, submission.agency):
        raise Http404
    inds = form_indicators(submission.agency, submission.period_type)
    figures, bad = _figures_from_post(request.POST, inds)
    if bad:
        return _page(request, submission, errors=bad, posted=request.POST, status=400)
    try:
        warned = save_figures(
            submission, figures, actor=request.user, expected_version=request.POST.get("version")
        )
    except EntryProblems as exc:
        return _page(request, submission, errors=exc.errors, posted=request.POST, status=400)
    except IndicatorError as exc:
        messages.error(request, str(exc))
        return redirect(submission)
    messages.success(request, _("The figures were saved."))
    for line in warned:
        messages.warning(request, f"{line.indicator.code}: {line.jump_flag}")
    return redirect(submission)


@login_required
@require_POST
def submission_move(request, pk, action):
    submission = get_submission(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        change_state(
            submission, ACTIONS[action], actor=request.user, note=request.POST.get("note", "")
        )
    except IndicatorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done: %(state)s.") % {"state": ACTIONS[action].label})
    return redirect(submission)


@login_required
def submission_template(request, pk):
    submission = get_submission(request.user, pk)
    response = HttpResponse(
        xlsx.template(submission),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="so-lieu-{submission.pk}-{submission.period}.xlsx"'
    )
    return response


@login_required
@require_POST
def submission_upload(request, pk):
    submission = get_submission(request.user, pk)
    if not can_enter(request.user, submission.agency):
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, submission, upload_errors=[_("Choose a file.")], status=400)
    if not submission.editable:
        messages.error(request, _("These figures can be changed only after reopening."))
        return redirect(submission)
    try:
        warned = xlsx.import_upload(submission, form.cleaned_data["file"], actor=request.user)
    except xlsx.UploadProblems as exc:
        return _page(request, submission, upload_errors=exc.errors, status=400)
    except IndicatorError as exc:
        return _page(request, submission, upload_errors=[str(exc)], status=400)
    messages.success(request, _("The figures of the file were saved."))
    for line in warned:
        messages.warning(request, f"{line.indicator.code}: {line.jump_flag}")
    return redirect(submission)
