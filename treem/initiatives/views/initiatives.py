from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import (
    can_commend,
    can_edit,
    can_replicate,
    can_replicate_to,
    lead_agencies,
    recording_units,
)
from ..forms import InitiativeForm, StatusForm
from ..models import Initiative, InitiativeKind, Status
from ..services import InitiativeError, InitiativePermissionError
from ..services.initiatives import change_status, record_initiative, update_initiative
from ..workflow import STATUS_TRANSITIONS
from .common import (
    area_choices,
    fail,
    get_initiative,
    place_choices,
    require_visible,
    task_choices,
)


@login_required
def initiative_list(request):
    require_visible(request.user)
    rows = (
        Initiative.objects.visible_to(request.user)
        .select_related("kind", "unit", "lead_agency")
        .annotate(n_replications=Count("replications", distinct=True))
        .order_by("unit__name", "name", "pk")
    )
    kind = request.GET.get("loai", "")
    if kind.isdigit():
        rows = rows.filter(kind_id=kind)
    status = request.GET.get("trang-thai", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    ward = request.GET.get("phuong", "")
    if ward.isdigit():
        rows = rows.filter(unit_id=ward)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(name__icontains=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    wards = (
        Initiative.objects.visible_to(request.user)
        .order_by("unit__name")
        .values_list("unit_id", "unit__name")
        .distinct()
    )
    active = sum(1 for v in (kind, status, ward, query) if v)
    return render(
        request,
        "initiatives/list.html",
        {
            "page_obj": page,
            "kinds": InitiativeKind.objects.all(),
            "statuses": Status.choices,
            "wards": list(wards),
            "kind": kind,
            "status": status,
            "ward": ward,
            "q": query,
            "active_filters": active,
            "can_record": recording_units(request.user).exists(),
            "today": timezone.localdate(),
        },
    )


def _form(request, initiative=None):
    user = request.user
    keep = list(initiative.tasks.values_list("pk", flat=True)) if initiative else []
    initial = None
    if initiative is not None:
        initial = {
            "name": initiative.name,
            "kind": initiative.kind_id,
            "unit": initiative.unit_id,
            "lead_agency": initiative.lead_agency_id,
            "areas": list(initiative.areas.values_list("pk", flat=True)),
            "place": initiative.place_id,
            "tasks": keep,
            "started_on": initiative.started_on,
            "people_reached": initiative.people_reached,
            "description": initiative.description,
        }
    kinds = InitiativeKind.objects.filter(active=True)
    if initiative is not None:
        kinds = InitiativeKind.objects.filter(active=True) | InitiativeKind.objects.filter(
            pk=initiative.kind_id
        )
    return InitiativeForm(
        request.POST or None,
        initial=initial,
        units=recording_units(user),
        agencies=lead_agencies(user),
        areas=area_choices(user),
        places=place_choices(user),
        tasks=task_choices(user, keep),
        kinds=kinds,
    )


@login_required
def initiative_new(request):
    require_visible(request.user)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = record_initiative(
                actor=request.user,
                tasks=form.cleaned_data["tasks"],
                areas=form.cleaned_data["areas"],
                **form.service_fields(),
            )
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The model was recorded."))
            return redirect(initiative)
    return render(request, "initiatives/form.html", {"form": form, "initiative": None})


@login_required
def initiative_edit(request, pk):
    initiative = get_initiative(request.user, pk)
    if not can_edit(request.user, initiative):
        raise Http404
    form = _form(request, initiative)
    if request.method == "POST" and form.is_valid():
        try:
            update_initiative(
                initiative,
                actor=request.user,
                tasks=form.cleaned_data["tasks"],
                areas=form.cleaned_data["areas"],
                **form.service_fields(),
            )
        except InitiativePermissionError:
            raise Http404 from None
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The model was saved."))
            return redirect(initiative)
    return render(request, "initiatives/form.html", {"form": form, "initiative": initiative})


def _status_form(initiative, data=None):
    targets = sorted(STATUS_TRANSITIONS[Status(initiative.status)])
    if not targets:
        return None
    return StatusForm(data, targets=targets, initial={"on": timezone.localdate()})


@login_required
def initiative_detail(request, pk):
    initiative = get_initiative(request.user, pk)
    editable = can_edit(request.user, initiative)
    today = timezone.localdate()
    origin = getattr(initiative, "replicated_from", None)
    origin_visible = (
        origin is not None
        and Initiative.objects.visible_to(request.user).filter(pk=origin.source_id).exists()
    )
    replications = initiative.replications.select_related("ward", "replica").order_by(
        "started_on", "pk"
    )
    # A replica in a ward out of the user's reach is named, not linked (it would be a 404).
    visible_replicas = set(
        Initiative.objects.visible_to(request.user)
        .filter(pk__in=[r.replica_id for r in replications if r.replica_id])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "areas": initiative.areas.select_related("parent").order_by("sort_name"),
            "tasks": initiative.tasks.select_related("plan").order_by("plan_id", "order"),
            "evaluations": initiative.evaluations.all(),
            "commendations": initiative.commendations.select_related("recipient_agency"),
            "replications": [
                (r, can_replicate_to(request.user, r.ward), r.replica_id in visible_replicas)
                for r in replications
            ],
            "origin": origin,
            "origin_visible": origin_visible,
            "can_edit": editable,
            "can_commend": can_commend(request.user, initiative),
            "can_replicate": can_replicate(request.user, initiative),
            "status_form": _status_form(initiative) if editable else None,
            "today": today,
        },
    )


@login_required
@require_POST
def initiative_status(request, pk):
    initiative = get_initiative(request.user, pk)
    if not can_edit(request.user, initiative):
        raise Http404
    form = _status_form(initiative, request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Choose the new status and its date."))
        return redirect(initiative)
    try:
        change_status(
            initiative,
            form.cleaned_data["status"],
            actor=request.user,
            on=form.cleaned_data["on"],
            note=form.cleaned_data.get("note", ""),
        )
    except InitiativePermissionError:
        raise Http404 from None
    except InitiativeError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The status was changed."))
    return redirect(initiative)
