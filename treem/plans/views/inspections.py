from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.jobs.services import start_job

from ..access import can_manage_plan
from ..forms import (
    EvaluationForm,
    FollowUpForm,
    InspectionForm,
    RatingLevelForm,
    RecommendationForm,
)
from ..models import Evaluation, Inspection, InspectionState, RatingLevel, Recommendation
from ..services import PlanError
from ..services.inspections import (
    add_recommendation,
    build_checklist,
    change_follow_up,
    change_inspection_state,
    create_inspection,
    rate_evaluation,
    rate_item,
    save_rating_level,
)
from ..workflow import INSPECTION_TRANSITIONS
from .common import fail, get_plan, require, today


def _get_inspection(user, pk):
    try:
        return (
            Inspection.objects.visible_to(user)
            .select_related("plan__unit", "plan__owner_agency")
            .get(pk=pk)
        )
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _managed(user, inspection):
    if not can_manage_plan(user, inspection.plan):
        raise Http404
    return inspection


@login_required
def inspection_list(request, pk):
    plan = get_plan(request.user, pk)
    can_manage = can_manage_plan(request.user, plan)
    form = InspectionForm(request.POST or None, initial={"year": today().year})
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                inspection = create_inspection(plan, actor=request.user, **form.cleaned_data)
            except PlanError as exc:
                fail(request, exc)
            else:
                return redirect(inspection)
    inspections = plan.inspections.annotate(n=Count("evaluations"))
    return render(
        request,
        "plans/inspection_list.html",
        {"plan": plan, "inspections": inspections, "form": form, "can_manage": can_manage},
    )


@login_required
def inspection_detail(request, pk):
    inspection = _get_inspection(request.user, pk)
    evaluations = inspection.evaluations.select_related("agency__unit", "overall_rating").annotate(
        items_n=Count("items", distinct=True),
        rated=Count("items", filter=Q(items__rating__isnull=False), distinct=True),
        recs=Count("recommendations", distinct=True),
    )
    context = {
        "inspection": inspection,
        "plan": inspection.plan,
        "evaluations": evaluations,
        "can_manage": can_manage_plan(request.user, inspection.plan),
        "next_states": [
            InspectionState(s) for s in INSPECTION_TRANSITIONS[InspectionState(inspection.state)]
        ],
        "jobs": [],
    }
    return render(request, "plans/inspection_detail.html", context)


@login_required
@require_POST
def inspection_build(request, pk):
    inspection = _managed(request.user, _get_inspection(request.user, pk))
    try:
        n = build_checklist(inspection, actor=request.user)
    except PlanError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Checklist built: %(n)s new items.") % {"n": n})
    return redirect(inspection)


@login_required
@require_POST
def inspection_state(request, pk):
    inspection = _managed(request.user, _get_inspection(request.user, pk))
    try:
        change_inspection_state(inspection, request.POST.get("state", ""), actor=request.user)
    except (PlanError, ValueError) as exc:
        fail(request, exc)
    return redirect(inspection)


@login_required
@require_POST
def inspection_report(request, pk):
    """Start the background job that writes the review report (.docx) or its
    annex (.xlsx); the job page shows the progress and offers the file."""
    inspection = _managed(request.user, _get_inspection(request.user, pk))
    fmt = request.POST.get("format")
    if fmt not in ("docx", "xlsx"):
        raise Http404
    title = (
        _("Review report: %(title)s") if fmt == "docx" else _("Review report annex: %(title)s")
    ) % {"title": inspection.title}
    job = start_job(
        "plan_review_report",
        actor=request.user,
        title=title,
        params={"inspection": inspection.pk, "format": fmt},
        unit=inspection.plan.unit,
        permission=Perm.MANAGE_PLANS,
    )
    return redirect(job)


@login_required
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("agency__unit", "overall_rating"), pk=pk
    )
    inspection = _get_inspection(request.user, evaluation.inspection_id)
    can_manage = can_manage_plan(request.user, inspection.plan)
    editable = can_manage and inspection.state != InspectionState.COMPLETED
    items = list(
        evaluation.items.select_related("task__lead_agency", "rating").order_by("task__order")
    )
    levels = list(RatingLevel.objects.filter(is_active=True))
    form = EvaluationForm(
        request.POST or None,
        initial={"overall_rating": evaluation.overall_rating, "findings": evaluation.findings},
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            by_pk = {lv.pk: lv for lv in levels}
            try:
                for item in items:
                    raw = request.POST.get(f"rating-{item.pk}", "")
                    rating = by_pk.get(int(raw)) if raw.isdigit() else None
                    comment = request.POST.get(f"comment-{item.pk}", "").strip()
                    if rating != item.rating or comment != item.comment:
                        rate_item(item, actor=request.user, rating=rating, comment=comment)
                rate_evaluation(
                    evaluation,
                    actor=request.user,
                    overall_rating=form.cleaned_data["overall_rating"],
                    findings=form.cleaned_data["findings"],
                )
            except PlanError as exc:
                fail(request, exc)
            else:
                messages.success(request, _("The evaluation was saved."))
                return redirect("plans:evaluation-detail", pk=evaluation.pk)
    context = {
        "evaluation": evaluation,
        "inspection": inspection,
        "items": items,
        "levels": levels,
        "form": form,
        "editable": editable,
        "can_manage": can_manage,
        "recommendations": evaluation.recommendations.all(),
        "recommendation_form": RecommendationForm(),
        "follow_up_form": FollowUpForm(),
    }
    return render(request, "plans/evaluation_detail.html", context)


@login_required
@require_POST
def recommendation_add(request, pk):
    evaluation = get_object_or_404(Evaluation, pk=pk)
    _managed(request.user, _get_inspection(request.user, evaluation.inspection_id))
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            add_recommendation(evaluation, actor=request.user, **form.cleaned_data)
        except PlanError as exc:
            fail(request, exc)
    else:
        messages.error(request, _("Write the recommendation."))
    return redirect("plans:evaluation-detail", pk=evaluation.pk)


@login_required
@require_POST
def recommendation_follow_up(request, pk):
    rec = get_object_or_404(Recommendation.objects.select_related("evaluation"), pk=pk)
    _managed(request.user, _get_inspection(request.user, rec.evaluation.inspection_id))
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            change_follow_up(
                rec,
                form.cleaned_data["follow_up"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except PlanError as exc:
            fail(request, exc)
    return redirect("plans:evaluation-detail", pk=rec.evaluation_id)


@login_required
def rating_levels(request, pk=None):
    """The rating scale, editable by whoever keeps the reference data."""
    require(request.user, Perm.VIEW_PLANS)
    can_edit = has_perm(request.user, Perm.MANAGE_REFERENCE)
    level = get_object_or_404(RatingLevel, pk=pk) if pk else None
    if (pk or request.method == "POST") and not can_edit:
        raise Http404
    form = RatingLevelForm(request.POST or None, instance=level) if can_edit else None
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in RatingLevelForm.Meta.fields}
        try:
            save_rating_level(
                RatingLevel.objects.get(pk=level.pk) if level else None,
                actor=request.user,
                **fields,
            )
        except PlanError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The rating scale was saved."))
            return redirect("plans:rating-levels")
    return render(
        request,
        "plans/rating_levels.html",
        {"levels": RatingLevel.objects.all(), "form": form, "level": level, "can_edit": can_edit},
    )
