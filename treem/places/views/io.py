"""The import of places from .xlsx, its template, and the ward map."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..access import EDIT, VIEW
from ..forms import ImportForm
from ..importer import FileProblem, import_places, template_workbook
from ..models import Place
from .common import require
from .places import visible_wards

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_page(request):
    require(request.user, EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = problem = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_places(form.cleaned_data["file"], actor=request.user)
        except FileProblem as exc:
            problem = str(exc)
    return render(
        request, "places/import.html", {"form": form, "report": report, "problem": problem}
    )


@login_required
def import_template(request):
    require(request.user, EDIT)
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-dia-diem.xlsx"'
    return response


@login_required
def ward_map(request):
    """The places of one ward (or all the user sees) on a map when a tile
    server is configured; without one (a closed intranet) the same places
    as a list and a sentence saying why there is no map."""
    require(request.user, VIEW)
    wards = list(visible_wards(request.user))
    ward = None
    if request.GET.get("phuong"):
        ward = next((w for w in wards if str(w.pk) == request.GET["phuong"]), None)
    elif len(wards) == 1:
        ward = wards[0]
    places = Place.objects.visible_to(request.user).open_on().select_related("type", "ward")
    if ward is not None:
        places = places.filter(ward=ward)
    places = list(places.order_by("ward__sort_name", "name")[:1000])
    tiles = getattr(settings, "TREEM_MAP_TILES_URL", "")
    points = [
        {
            "name": p.name,
            "type": p.type.name,
            "lat": float(p.latitude),
            "lon": float(p.longitude),
            "url": p.get_absolute_url(),
            "status": p.get_safety_status_display(),
        }
        for p in places
        if p.has_point
    ]
    return render(
        request,
        "places/map.html",
        {
            "wards": wards,
            "ward": ward,
            "places": places,
            "points": points,
            "tiles": tiles,
            "attribution": getattr(settings, "TREEM_MAP_TILES_ATTRIBUTION", ""),
            "without_point": sum(1 for p in places if not p.has_point),
            "title": _("Map of places for children"),
        },
    )
