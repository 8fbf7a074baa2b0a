from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level

from ..access import can_answer, can_manage_forums, can_see_recommendations
from ..forms import AssignForm, ForumForm, RecommendationForm, TextForm
from ..models import Forum, Recommendation, RecommendationStatus
from ..services import ActivityError, ActivityPermissionError
from ..services.forums import (
    change_recommendation,
    raise_recommendation,
    record_forum,
    update_forum,
)
from ..workflow import RECOMMENDATION_TRANSITIONS
from .common import fail, get_forum, get_recommendation

S = RecommendationStatus
# The URL word for each move (Vietnamese slugs, like the rest of the site).
MOVES = {
    "gui": S.ASSIGNED,
    "tra-loi": S.ANSWERED,
    "theo-doi": S.FOLLOWED_UP,
    "dong": S.CLOSED,
}


def _require_manager(user):
    if not can_manage_forums(user):
        raise Http404


def _units(user):
    """The wards and the province whose forums the user records."""
    return (
        AdminUnit.objects.in_force()
        .filter(level__in=(Level.PROVINCE, Level.WARD, Level.COMMUNE))
        .filter(scope_for(user, Perm.MANAGE_PLANS).q(""))
        .order_by("level", "name")
    )


def _agencies(user):
    return Agency.objects.in_force().filter(scope_for(user, Perm.MANAGE_PLANS).q("unit"))


@login_required
def forum_list(request):
    _require_manager(request.user)
    forums = Forum.objects.visible_to(request.user).select_related("unit").order_by("-held_on")
    page = Paginator(forums, 50).get_page(request.GET.get("page"))
    return render(request, "activities/forum_list.html", {"page_obj": page})


def _participants(forum):
    return {(p.group, p.sex, p.age_band): p.count for p in forum.participants.all()}


@login_required
def forum_new(request):
    _require_manager(request.user)
    units = _units(request.user)
    form = ForumForm(request.POST or None, units=units, agencies=_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            forum = record_forum(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                participants=form.participants(),
                **form.service_fields(),
            )
        except ActivityPermissionError:
            raise Http404 from None
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The forum was recorded."))
            return redirect(forum)
    return render(request, "activities/forum_form.html", {"form": form, "forum": None})


@login_required
def forum_edit(request, pk):
    forum = get_forum(request.user, pk)
    initial = {
        "title": forum.title,
        "held_on": forum.held_on,
        "place": forum.place,
        "organiser": forum.organiser_id,
        "summary": forum.summary,
    }
    form = ForumForm(
        request.POST or None,
        initial=initial,
        units=None,
        agencies=_agencies(request.user),
        participants=_participants(forum),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_forum(
                forum,
                actor=request.user,
                participants=form.participants(),
                **form.service_fields(),
            )
        except ActivityPermissionError:
            raise Http404 from None
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The forum was saved."))
            return redirect(forum)
    return render(request, "activities/forum_form.html", {"form": form, "forum": forum})


@login_required
def forum_detail(request, pk):
    forum = get_forum(request.user, pk)
    parts = _participants(forum)
    total = sum(parts.values())
    special = sum(n for (g, _s, _b), n in parts.items() if g == "special")
    girls = sum(n for (_g, s, _b), n in parts.items() if s == "F")
    rows = {}
    for p in forum.participants.all().order_by("group", "age_band", "sex"):
        key = (p.get_group_display(), p.get_age_band_display())
        rows.setdefault(key, {"F": 0, "M": 0})[p.sex] = p.count
    return render(
        request,
        "activities/forum_detail.html",
        {
            "forum": forum,
            "rows": [(g, b, c["F"], c["M"]) for (g, b), c in rows.items()],
            "total": total,
            "special": special,
            "girls": girls,
            "recommendations": forum.recommendations.select_related("addressee").order_by("pk"),
            "rec_form": RecommendationForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def recommendation_new(request, pk):
    forum = get_forum(request.user, pk)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the recommendation the children raised."))
        return redirect(forum)
    try:
        raise_recommendation(forum, actor=request.user, text=form.cleaned_data["text"])
    except ActivityPermissionError:
        raise Http404 from None
    except ActivityError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The recommendation was recorded."))
    return redirect(forum)


@login_required
def recommendation_list(request):
    if not can_see_recommendations(request.user):
        raise Http404
    recs = (
        Recommendation.objects.visible_to(request.user)
        .select_related("forum", "addressee")
        .order_by("deadline", "pk")
    )
    status = request.GET.get("trang-thai", "")
    if status in S.values:
        recs = recs.filter(status=status)
    page = Paginator(recs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/recommendation_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": S.choices,
            "today": timezone.localdate(),
        },
    )


def _moves(user, rec):
    found = []
    for slug, target in MOVES.items():
        if target not in RECOMMENDATION_TRANSITIONS[S(rec.status)]:
            continue
        may = (
            can_answer(user, rec)
            if target == S.ANSWERED
            else can_manage_forums(user, rec.forum.unit)
        )
        if may:
            form = AssignForm() if target == S.ASSIGNED else TextForm()
            found.append({"slug": slug, "target": target, "label": target.label, "form": form})
    return found


@login_required
def recommendation_detail(request, pk):
    rec = get_recommendation(request.user, pk)
    return render(
        request,
        "activities/recommendation_detail.html",
        {
            "rec": rec,
            "moves": _moves(request.user, rec),
            "today": timezone.localdate(),
            "is_manager": can_manage_forums(request.user, rec.forum.unit),
        },
    )


@login_required
@require_POST
def recommendation_move(request, pk, move):
    rec = get_recommendation(request.user, pk)
    target = MOVES.get(move)
    if target is None or not any(m["target"] == target for m in _moves(request.user, rec)):
        raise Http404
    form = AssignForm(request.POST) if target == S.ASSIGNED else TextForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(rec)
    data = form.cleaned_data
    try:
        change_recommendation(
            rec,
            target,
            actor=request.user,
            addressee=data.get("addressee"),
            deadline=data.get("deadline"),
            text=data.get("text", ""),
        )
    except ActivityPermissionError:
        raise Http404 from None
    except ActivityError as exc:
        fail(request, exc)
    else:
        messages.success(
            request, _("The recommendation is now “%(status)s”.") % {"status": target.label}
        )
    return redirect(rec)
