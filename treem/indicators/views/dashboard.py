"""The province and ward dashboards (aggregates only) and their CSV files."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.areas.models import GRASSROOTS_LEVELS, AdminUnit, Level

from ..dashboard import TABLES, Dashboard, store_years
from ..models import RefreshState


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def index(request):
    """The province dashboard for those who see the province, else the
    dashboard of the user's ward."""
    scope = scope_for(request.user, Perm.VIEW_AGGREGATES)
    if scope.empty:
        raise Http404
    if scope.unlimited or scope.province_ids:
        qs = AdminUnit.objects.filter(level=Level.PROVINCE)
        if not scope.unlimited:
            qs = qs.filter(pk__in=scope.province_ids)
    else:
        qs = AdminUnit.objects.in_force().filter(level__in=GRASSROOTS_LEVELS, pk__in=scope.unit_ids)
    unit = qs.order_by("name").first()
    if unit is None:
        raise Http404
    return redirect("indicators:dashboard", pk=unit.pk)


def _dashboard(request, pk):
    unit = get_object_or_404(AdminUnit, pk=pk)
    years = store_years()
    year = _int(request.GET.get("nam"), years[-1])
    if year not in years:
        year = years[-1]
    mode = "former" if request.GET.get("don-vi-cu") else ""
    return Dashboard(
        user=request.user, unit=unit, year=year, code=request.GET.get("chi-tieu"), mode=mode
    ), years


@login_required
def dashboard(request, pk):
    board, years = _dashboard(request, pk)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "board": board,
            "unit": board.unit,
            "years": years,
            "rows": board.indicator_rows(),
            "trend": board.trend(),
            "comparison": board.comparison(),
            "groups": board.groups(),
            "quality": board.quality(),
            "cases": board.cases(),
            "charts": board.charts(),
            "refresh": RefreshState.objects.first(),
            "query": request.GET.urlencode(),
            "former_possible": board.year < 2026,
        },
    )


@login_required
def table_csv(request, pk, name):
    if name not in TABLES:
        raise Http404
    board, _years = _dashboard(request, pk)
    headers, rows = board.table(name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="chi-tieu-{name}-{board.unit.pk}-{board.year}-{stamp}.csv"'
    )
    # A byte-order mark so that spreadsheet programs read UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return response
