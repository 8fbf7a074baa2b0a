"""The register's pages: the lists of places and of facilities, a place's
page, and the forms that add and edit them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from treem.accounts.scope import scope_for
from treem.areas.models import AdminUnit, Level
from treem.children.models import Child

from ..access import EDIT, VIEW, can_edit, can_edit_children, can_see_children, get_place
from ..forms import ChildInCareForm, FilterForm, PlaceForm
from ..models import FacilityChild, FollowUpAction, Place, Register
from ..services import PlaceError, add_child_in_care, create_place, end_child_in_care, update_place
from .common import put_errors, require

PAGE_SIZE = 50
TITLES = {
    Register.VENUE: _lazy("Places for children"),
    Register.FACILITY: _lazy("Care facilities and charity activities"),
}


def visible_wards(user):
    return (
        AdminUnit.objects.in_force()
        .filter(level__in=[Level.WARD, Level.COMMUNE])
        .filter(scope_for(user, VIEW).q(""))
        .order_by("sort_name", "name")
    )


def _list(request, register):
    require(request.user, VIEW)
    wards = visible_wards(request.user)
    form = FilterForm(request.GET or None, register=register, wards=wards)
    places = (
        Place.objects.visible_to(request.user)
        .filter(register=register)
        .select_related("type", "unit", "ward")
        .order_by("ward__sort_name", "name", "pk")
    )
    active = 0
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            places = places.filter(Q(name__icontains=data["q"]) | Q(address__icontains=data["q"]))
        if data["type"]:
            places = places.filter(type=data["type"])
        if data["ward"]:
            places = places.filter(ward=data["ward"])
        if data["safety"]:
            places = places.filter(safety_status=data["safety"])
        active = sum(1 for v in data.values() if v)
    page = Paginator(places, PAGE_SIZE).get_page(request.GET.get("page"))
    # Overdue actions of the page's places only: one grouped query, not a
    # GROUP BY over every column of every place.
    overdue = dict(
        FollowUpAction.objects.overdue()
        .filter(inspection__place__in=[p.pk for p in page])
        .values_list("inspection__place_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for place in page:
        place.overdue = overdue.get(place.pk, 0)
    return render(
        request,
        "places/list.html",
        {
            "title": TITLES[register],
            "register": register,
            "form": form,
            "active_filters": active,
            "page": page,
            "can_add": not scope_for(request.user, EDIT).empty,
        },
    )


@login_required
def place_list(request):
    return _list(request, Register.VENUE)


@login_required
def facility_list(request):
    return _list(request, Register.FACILITY)


@login_required
def place_detail(request, pk):
    place = get_place(request.user, pk)
    inspections = list(
        place.inspections.select_related("recorded_by").prefetch_related("actions")[:20]
    )
    children = None
    if place.is_facility and can_see_children(request.user, place):
        visible = Child.objects.visible_to(request.user).values("pk")
        children = list(
            FacilityChild.objects.filter(facility=place, child__in=visible).select_related("child")
        )
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "inspections": inspections,
            "children": children,
            "child_form": ChildInCareForm() if children is not None else None,
            "can_edit": can_edit(request.user, place),
            "can_edit_children": children is not None and can_edit_children(request.user, place),
            "today": timezone.localdate(),
        },
    )


def _form_page(request, register, place=None):
    require(request.user, EDIT)
    form = PlaceForm(
        request.POST or None, user=request.user, register=register, initial=_initial(place)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if place is None:
                place = create_place(actor=request.user, **form.cleaned_data)
                messages.success(request, _("The place was added."))
            else:
                update_place(place, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The changes were saved."))
            return redirect(place)
        except PlaceError as exc:
            put_errors(form, exc)
    title = (
        _("New care facility or programme")
        if register == Register.FACILITY
        else _("New place for children")
    )
    if place is not None:
        title = _("Edit: %(name)s") % {"name": place.name}
    return render(request, "places/form.html", {"form": form, "place": place, "title": title})


def _initial(place):
    if place is None:
        return None
    return {name: getattr(place, name) for name in PlaceForm.base_fields if hasattr(place, name)}


@login_required
def place_create(request):
    register = request.GET.get("loai") or Register.VENUE
    if register not in Register.values:
        raise Http404
    return _form_page(request, register)


@login_required
def place_edit(request, pk):
    place = get_place(request.user, pk)
    if not can_edit(request.user, place):
        raise Http404
    return _form_page(request, place.register, place)


@login_required
def child_add(request, pk):
    place = get_place(request.user, pk)
    if (
        request.method != "POST"
        or not place.is_facility
        or not can_see_children(request.user, place)
        or not can_edit_children(request.user, place)
    ):
        raise Http404
    form = ChildInCareForm(request.POST)
    if form.is_valid():
        child = (
            Child.objects.visible_to(request.user).filter(pk=form.cleaned_data["number"]).first()
        )
        if child is None:
            messages.error(request, _("No child with this number in your area."))
        else:
            try:
                add_child_in_care(
                    place,
                    child,
                    actor=request.user,
                    since=form.cleaned_data["since"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("The child was added to the facility's list."))
            except PlaceError as exc:
                for message in exc.messages:
                    messages.error(request, message)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(place)


@login_required
def child_end(request, pk, stay_pk):
    place = get_place(request.user, pk)
    if request.method != "POST" or not can_edit_children(request.user, place):
        raise Http404
    visible = Child.objects.visible_to(request.user).values("pk")
    stay = FacilityChild.objects.filter(facility=place, pk=stay_pk, child__in=visible).first()
    if stay is None or stay.until is not None:
        raise Http404
    try:
        end_child_in_care(stay, actor=request.user, until=timezone.localdate())
        messages.success(request, _("The child's stay in care was ended today."))
    except PlaceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(place)


@login_required
def overdue_actions(request):
    require(request.user, VIEW)
    actions = (
        FollowUpAction.objects.visible_to(request.user)
        .pending()
        .select_related("inspection__place__ward")
        .order_by("due_on", "pk")
    )
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "places/actions.html", {"page": page, "today": timezone.localdate()})
