from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from . import services
from .forms import AreaFilterForm, ResidentialGroupForm
from .models import AdminUnit, Level

# Administrative units are public reference data: every signed-in user may
# read them. Changing them needs MANAGE_AREAS over the unit.


@login_required
def area_list(request):
    form = AreaFilterForm(request.GET or None)
    on = timezone.localdate()
    show = "current"
    if form.is_valid():
        on = form.cleaned_data.get("on") or on
        show = form.cleaned_data.get("show") or show
    units = AdminUnit.objects.exclude(level=Level.RESIDENTIAL_GROUP).select_related("parent")
    if show == "current":
        units = units.in_force(on)
    elif show == "former":
        units = units.exclude(pk__in=AdminUnit.objects.in_force(on).values("pk"))
    units = units.annotate(
        group_count=Count("children", filter=Q(children__level=Level.RESIDENTIAL_GROUP)),
    ).prefetch_related("successions_out__successor", "successions_in__predecessor")
    order = {Level.PROVINCE: 0, Level.CITY: 1, Level.WARD: 2, Level.COMMUNE: 2}
    units = sorted(units, key=lambda u: (order.get(u.level, 3), u.name))
    return render(
        request, "areas/area_list.html", {"units": units, "form": form, "on": on, "show": show}
    )


@login_required
def area_detail(request, pk):
    unit = get_object_or_404(AdminUnit.objects.select_related("parent"), pk=pk)
    children = unit.children.order_by("level", "sort_name", "name")
    staff = (
        RoleAssignment.objects.active().filter(unit=unit).select_related("user")
        if has_perm(request.user, Perm.VIEW_STAFF, unit)
        else None
    )
    return render(
        request,
        "areas/area_detail.html",
        {
            "unit": unit,
            "children": children,
            "successors": services.current_successors(unit) if not unit.is_current else [],
            "predecessors": AdminUnit.objects.filter(successions_out__successor=unit),
            "agencies": unit.agencies.order_by("name"),
            "staff": staff,
            "can_manage": has_perm(request.user, Perm.MANAGE_AREAS, unit)
            and unit.level in (Level.WARD, Level.COMMUNE)
            and unit.is_current,
        },
    )


def _manageable_ward(user, pk):
    ward = get_object_or_404(AdminUnit, pk=pk, level__in=[Level.WARD, Level.COMMUNE])
    if not has_perm(user, Perm.MANAGE_AREAS, ward):
        raise Http404
    return ward


@login_required
def group_create(request, pk):
    ward = _manageable_ward(request.user, pk)
    form = ResidentialGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_unit(
                actor=request.user, level=Level.RESIDENTIAL_GROUP, parent=ward, **form.cleaned_data
            )
        except services.AreaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Residential group “%(name)s” added.") % {"name": group.name}
            )
            return redirect(ward)
    return render(request, "areas/group_form.html", {"form": form, "ward": ward})


@login_required
def group_edit(request, pk):
    group = get_object_or_404(AdminUnit, pk=pk, level=Level.RESIDENTIAL_GROUP)
    ward = _manageable_ward(request.user, group.parent_id)
    initial = {f: getattr(group, f) for f in ("name", "code", "valid_from", "valid_to")}
    form = ResidentialGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data["code"] = data["code"] or None
        try:
            services.update_unit(group, actor=request.user, **data)
        except services.AreaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(ward)
    return render(request, "areas/group_form.html", {"form": form, "ward": ward, "group": group})
