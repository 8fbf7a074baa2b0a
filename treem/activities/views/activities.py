from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.cases.services.files import download_response

from ..access import can_record_for, can_see_activities, recording_agencies
from ..forms import AUDIENCE_CELLS, ActivityForm, FileForm
from ..models import Activity, ActivityFile, ActivityKind, AgeBand, Audience, Sex
from ..services import ActivityError, ActivityPermissionError
from ..services.activities import (
    add_activity_file,
    record_activity,
    remove_activity_file,
    update_activity,
)
from .common import fail, get_activity, task_choices


def _require(user):
    if not can_see_activities(user):
        raise Http404


@login_required
def activity_list(request):
    _require(request.user)
    activities = (
        Activity.objects.visible_to(request.user)
        .select_related("kind", "agency")
        .prefetch_related("audience")
        .order_by("-starts_on", "-pk")
    )
    kind = request.GET.get("loai", "")
    if kind.isdigit():
        activities = activities.filter(kind_id=kind)
    year = request.GET.get("nam", "")
    if year.isdigit() and len(year) == 4:
        activities = activities.filter(starts_on__year=int(year))
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/list.html",
        {
            "page_obj": page,
            "kinds": ActivityKind.objects.all(),
            "kind": kind,
            "year": year,
            "can_record": recording_agencies(request.user).exists(),
        },
    )


def _form(request, activity=None):
    agencies = recording_agencies(request.user)
    keep = list(activity.tasks.values_list("pk", flat=True)) if activity else []
    initial, audience = None, None
    if activity is not None:
        initial = {
            "kind": activity.kind_id,
            "title": activity.title,
            "agency": activity.agency_id,
            "tasks": keep,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "place": activity.place,
            "description": activity.description,
            "cost": activity.cost,
        }
        audience = {(r.audience, r.sex, r.age_band): r.count for r in activity.audience.all()}
    return ActivityForm(
        request.POST or None,
        initial=initial,
        agencies=agencies,
        tasks=task_choices(request.user, keep),
        audience=audience,
    )


@login_required
def activity_new(request):
    _require(request.user)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            activity = record_activity(
                actor=request.user,
                tasks=form.cleaned_data["tasks"],
                audience=form.audience(),
                **form.service_fields(),
            )
        except ActivityPermissionError:
            raise Http404 from None
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "activity": None})


@login_required
def activity_edit(request, pk):
    activity = get_activity(request.user, pk)
    if not can_record_for(request.user, activity.agency):
        raise Http404
    form = _form(request, activity)
    if request.method == "POST" and form.is_valid():
        try:
            update_activity(
                activity,
                actor=request.user,
                tasks=form.cleaned_data["tasks"],
                audience=form.audience(),
                **form.service_fields(),
            )
        except ActivityPermissionError:
            raise Http404 from None
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


@login_required
def activity_detail(request, pk):
    activity = get_activity(request.user, pk)
    cells = {(r.audience, r.age_band, r.sex): r.count for r in activity.audience.all()}
    audience = []
    for group, sex, band in AUDIENCE_CELLS:
        if sex != Sex.FEMALE:
            continue
        girls, boys = cells.get((group, band, Sex.FEMALE), 0), cells.get((group, band, Sex.MALE), 0)
        if girls or boys:
            label = Audience(group).label
            if band != AgeBand.ADULT:
                label = f"{label} {AgeBand(band).label}"
            audience.append({"label": label, "F": girls, "M": boys})
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "tasks": activity.tasks.select_related("plan").order_by("plan_id", "order"),
            "audience": audience,
            "totals": activity.totals(),
            "files": activity.files.all(),
            "can_edit": can_record_for(request.user, activity.agency),
            "file_form": FileForm(),
        },
    )


@login_required
@require_POST
def file_upload(request, pk):
    activity = get_activity(request.user, pk)
    if not can_record_for(request.user, activity.agency):
        raise Http404
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(activity)
    try:
        add_activity_file(
            activity, form.cleaned_data["file"], actor=request.user, kind=form.cleaned_data["kind"]
        )
    except ActivityPermissionError:
        raise Http404 from None
    except ActivityError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The file was attached."))
    return redirect(activity)


def _get_file(user, pk):
    item = get_object_or_404(ActivityFile.objects.select_related("activity"), pk=pk)
    get_activity(user, item.activity_id)  # 404 unless the activity is visible
    return item


@login_required
def file_download(request, pk):
    item = _get_file(request.user, pk)
    return download_response(item.file, filename=item.original_name, content_type=item.content_type)


@login_required
@require_POST
def file_delete(request, pk):
    item = _get_file(request.user, pk)
    try:
        remove_activity_file(item, actor=request.user)
    except ActivityPermissionError:
        raise Http404 from None
    messages.success(request, _("The file was removed."))
    return redirect("activities:detail", pk=item.activity_id)
