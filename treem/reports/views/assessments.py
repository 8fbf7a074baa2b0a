from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user
from treem.areas.models import AdminUnit

from ..access import assessable_wards, can_assess, can_confirm, require
from ..forms import AssessmentHeaderForm, NewAssessmentForm
from ..models import Assessment, AssessmentStatus, Criterion
from ..services import ReportsError
from ..services.assessments import (
    change_assessment_status,
    create_assessment,
    refresh_evidence,
    save_assessment,
)
from ..workflow import ACTOR_OF_MOVE, ASSESSMENT_TRANSITIONS, MOVE_LABELS


def _get_assessment(user, pk):
    return get_for_user(
        Assessment.objects.select_related("unit__parent", "threshold", "confirmed_by"), user, pk
    )


def _get_ward(user, unit_id):
    # Wards in force only: a former unit's data counts under its successor.
    wards = AdminUnit.objects.in_force().grassroots().select_related("parent")
    unit = wards.filter(pk=unit_id).first()
    if unit is None or not can_assess(user, unit):
        raise Http404
    return unit


@login_required
def assessment_list(request):
    """Every ward the user may assess, with its assessments across the years."""
    require(request.user, Perm.ASSESS_WARDS)
    wards = assessable_wards(request.user)
    by_ward = {}
    for a in (
        Assessment.objects.visible_to(request.user).select_related("threshold").order_by("-year")
    ):
        by_ward.setdefault(a.unit_id, []).append(a)
    rows = [(ward, by_ward.get(ward.pk, [])) for ward in wards]
    return render(request, "reports/assessment_list.html", {"rows": rows})


@login_required
def ward_history(request, unit_id):
    ward = _get_ward(request.user, unit_id)
    form = NewAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = create_assessment(
                ward,
                form.cleaned_data["year"],
                actor=request.user,
                threshold=form.cleaned_data["threshold"],
            )
        except ReportsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Assessment created; the computable items are pre-filled."))
            return redirect(assessment)
    history = list(
        Assessment.objects.visible_to(request.user)
        .filter(unit=ward)
        .select_related("threshold")
        .order_by("year")
    )
    return render(
        request,
        "reports/ward_history.html",
        {"ward": ward, "history": history, "form": form, "chart": _chart(history)},
    )


def _chart(history):
    """A bar per year, the threshold as a line: server-side SVG geometry."""
    if not history:
        return None
    width, height, top = 60 * len(history) + 40, 180, 1000
    bars = []
    for n, a in enumerate(history):
        h = float(a.total_points) / top * 140
        bars.append(
            {
                "x": 30 + n * 60,
                "y": 160 - h,
                "h": h,
                "year": a.year,
                "total": a.total_points,
                "passed": a.passed,
                "line_y": 160 - a.threshold.min_total / top * 140,
            }
        )
    return {"width": width, "height": height, "bars": bars}


def _moves(user, assessment):
    current = AssessmentStatus(assessment.status)
    moves = []
    for target in sorted(ASSESSMENT_TRANSITIONS[current]):
        who = ACTOR_OF_MOVE[(current, target)]
        ok = can_assess(user, assessment.unit) if who == "assess" else can_confirm(user, assessment)
        if ok:
            moves.append((target, MOVE_LABELS[(current, target)]))
    return moves


def _groups(assessment, posted=None):
    """[(criterion, points, [score])] in the decision's order."""
    scores = {}
    for score in assessment.scores.select_related("item"):
        if posted is not None:
            score.entered_points = posted.get(f"points-{score.item_id}", "")
            score.entered_note = posted.get(f"note-{score.item_id}", "")
        else:
            score.entered_points = "" if score.points is None else score.points.normalize()
            score.entered_note = score.note
        scores.setdefault(score.item.criterion_id, []).append(score)
    groups = []
    for criterion in Criterion.objects.all():
        rows = scores.get(criterion.pk, [])
        points = sum((s.points or 0) for s in rows)
        groups.append((criterion, points, rows))
    return groups


@login_required
def assessment_detail(request, pk):
    assessment = _get_assessment(request.user, pk)
    may_edit = assessment.editable and can_assess(request.user, assessment.unit)
    posted = None
    header = AssessmentHeaderForm(
        request.POST or None,
        initial={"threshold": assessment.threshold_id, "note": assessment.note},
    )
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if header.is_valid():
            scores = {
                key.split("-", 1)[1]: {
                    "points": request.POST.get(key, ""),
                    "note": request.POST.get(f"note-{key.split('-', 1)[1]}", ""),
                }
                for key in request.POST
                if key.startswith("points-")
            }
            try:
                save_assessment(
                    assessment,
                    actor=request.user,
                    scores=scores,
                    expected_version=request.POST.get("version"),
                    **header.cleaned_data,
                )
            except (ReportsError, ValueError) as exc:
                messages.error(request, str(exc))
                posted = request.POST
            else:
                messages.success(request, _("Assessment saved."))
                return redirect(assessment)
        else:
            posted = request.POST
    return render(
        request,
        "reports/assessment_detail.html",
        {
            "assessment": assessment,
            "groups": _groups(assessment, posted),
            "header": header,
            "may_edit": may_edit,
            "moves": _moves(request.user, assessment),
        },
    )


@login_required
@require_POST
def assessment_refresh(request, pk):
    assessment = _get_assessment(request.user, pk)
    if not can_assess(request.user, assessment.unit):
        raise Http404
    try:
        refresh_evidence(
            assessment, actor=request.user, expected_version=request.POST.get("version")
        )
    except ReportsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Evidence computed again from the current data."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_status(request, pk):
    assessment = _get_assessment(request.user, pk)
    try:
        change_assessment_status(
            assessment,
            request.POST.get("status", ""),
            actor=request.user,
            expected_version=request.POST.get("version"),
        )
    except ReportsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status changed."))
    return redirect(assessment)
