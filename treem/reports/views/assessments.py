from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user
from treem.areas.models import AdminUnit
from treem.audit.display import describe
from treem.audit.models import AuditEvent

from ..access import assessable_wards, can_assess, can_confirm, require
from ..forms import AssessmentHeaderForm, LocalAssessmentForm, NewAssessmentForm
from ..models import Assessment, AssessmentStatus, Criterion, SetKind
from ..services import ReportsError
from ..services.assessments import (
    change_assessment_status,
    create_assessment,
    refresh_evidence,
    save_assessment,
)
from ..workflow import ACTOR_OF_MOVE, ASSESSMENT_TRANSITIONS, move_label

KIND_PARAM = "loai"


def _get_assessment(user, pk):
    return get_for_user(
        Assessment.objects.select_related(
            "unit__parent",
            "threshold",
            "confirmed_by",
            "criteria_set",
            "school",
            "household_group",
        ),
        user,
        pk,
    )


def _get_ward(user, unit_id):
    # Wards in force only: a former unit's data counts under its successor.
    wards = AdminUnit.objects.in_force().grassroots().select_related("parent")
    unit = wards.filter(pk=unit_id).first()
    if unit is None or not can_assess(user, unit):
        raise Http404
    return unit


def _kind(request):
    kind = request.GET.get(KIND_PARAM, SetKind.WARD)
    return kind if kind in SetKind.values else SetKind.WARD


def _tabs(kind):
    return [(k, label, k == kind) for k, label in SetKind.choices]


@login_required
def assessment_list(request):
    """The ward assessments (every ward the user may assess, with its
    assessments across the years), or the assessments of schools or families
    of those wards (`?loai=school|family`)."""
    require(request.user, Perm.ASSESS_WARDS)
    kind = _kind(request)
    if kind != SetKind.WARD:
        return _local_list(request, kind)
    wards = assessable_wards(request.user)
    by_ward = {}
    for a in (
        Assessment.objects.visible_to(request.user)
        .filter(kind=SetKind.WARD)
        .select_related("threshold")
        .order_by("-year")
    ):
        by_ward.setdefault(a.unit_id, []).append(a)
    rows = [(ward, by_ward.get(ward.pk, [])) for ward in wards]
    return render(
        request, "reports/assessment_list.html", {"rows": rows, "tabs": _tabs(SetKind.WARD)}
    )


def _local_list(request, kind):
    year = request.GET.get("nam", "")
    assessments = (
        Assessment.objects.visible_to(request.user)
        .filter(kind=kind)
        .select_related("unit", "school", "household_group", "threshold", "criteria_set")
        .order_by("-year", "unit__name", "school__name", "household_name", "pk")
    )
    years = sorted(set(assessments.values_list("year", flat=True)), reverse=True)
    if year.isdigit():
        assessments = assessments.filter(year=int(year))
    rows = list(assessments)
    return render(
        request,
        "reports/local_assessment_list.html",
        {
            "kind": kind,
            "kind_label": SetKind(kind).label,
            "rows": rows,
            "year": year,
            "years": years,
            "tabs": _tabs(kind),
        },
    )


@login_required
def local_assessment_new(request, kind):
    """A ward's officer starts the assessment of a school or a family."""
    require(request.user, Perm.ASSESS_WARDS)
    if kind not in (SetKind.SCHOOL, SetKind.FAMILY):
        raise Http404
    wards = assessable_wards(request.user)
    if not wards:
        raise Http404
    form = LocalAssessmentForm(request.POST or None, kind=kind, wards=wards)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = create_assessment(
                data["unit"],
                data["year"],
                actor=request.user,
                criteria_set=data["criteria_set"],
                school=data.get("school"),
                household_name=data.get("household_name", ""),
                household_address=data.get("household_address", ""),
                household_group=data.get("household_group"),
            )
        except ReportsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Assessment created: score every item."))
            return redirect(assessment)
    return render(
        request,
        "reports/local_assessment_new.html",
        {"form": form, "kind": kind, "kind_label": SetKind(kind).label},
    )


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
        .filter(unit=ward, kind=SetKind.WARD)
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
            moves.append((target, move_label(assessment.kind, (current, target))))
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
    for criterion in Criterion.objects.filter(criteria_set_id=assessment.criteria_set_id):
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
        criteria_set=assessment.criteria_set,
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
            "history": _history(assessment),
            # A set whose items all take the ward's own points has nothing to compute.
            "computable": assessment.scores.filter(item__evidence_source__gt="").exists(),
        },
    )


def _history(assessment):
    """The assessment's audit events, oldest first: who created, scored,
    submitted, returned and confirmed it."""
    events = list(
        AuditEvent.objects.filter(
            subject_type="reports.assessment", subject_id=str(assessment.pk)
        ).order_by("occurred_at", "pk")
    )
    return describe(events)


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
