from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from treem.areas.models import AdminUnit

from .models import Agency, Kind

# Agencies are public reference data, readable by every signed-in user.


@login_required
def agency_list(request):
    agencies = Agency.objects.select_related("unit").prefetch_related("successors")
    show = request.GET.get("show", "current")
    if show == "current":
        agencies = agencies.in_force()
    elif show == "former":
        agencies = agencies.exclude(pk__in=Agency.objects.in_force().values("pk"))
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        agencies = agencies.filter(unit_id=unit_id)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        agencies = agencies.filter(kind=kind)
    page = Paginator(agencies.order_by("unit__name", "name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "agencies/agency_list.html",
        {
            "page_obj": page,
            "show": show,
            "kind": kind,
            "unit_id": unit_id,
            "kinds": Kind.choices,
            "units": AdminUnit.objects.filter(agencies__isnull=False).distinct().order_by("name"),
            "today": timezone.localdate(),
        },
    )


@login_required
def agency_detail(request, pk):
    agency = get_object_or_404(Agency.objects.select_related("unit"), pk=pk)
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "successors": agency.successors.select_related("unit"),
            "predecessors": agency.predecessors.select_related("unit"),
        },
    )
