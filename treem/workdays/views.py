"""The administrator's page of the working-day calendar: per year, the
statutory holidays from the library and the entered adjustments, which only
MANAGE_REFERENCE may see and change (others get 404, as for any page they
cannot use)."""

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from . import services
from .forms import AdjustmentForm
from .models import CalendarAdjustment

YEARS_SHOWN = 3


def _require_manager(user):
    if not has_perm(user, Perm.MANAGE_REFERENCE):
        raise Http404


def _year_url(year):
    return f"{reverse('workdays:calendar')}?year={year}"


def _parse_year(value):
    today = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today
    return year if 2000 <= year <= 2100 else today


@login_required
def calendar(request):
    _require_manager(request.user)
    year = _parse_year(request.GET.get("year"))
    rows = services.year_overview(year)
    this_year = timezone.localdate().year
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "rows": rows,
            "years": range(this_year - 1, this_year + YEARS_SHOWN),
            "missing": sum(1 for r in rows if r["missing_makeup"]),
            "unverified": sum(
                1 for r in rows if r["adjustment"] and r["adjustment"].certainty != "verified"
            ),
        },
    )


def _save(request, form, adjustment=None):
    data = form.cleaned_data
    try:
        if adjustment is None:
            adjustment = services.create_adjustment(actor=request.user, **data)
        else:
            adjustment = services.update_adjustment(adjustment, actor=request.user, **data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, _("Changes saved."))
    return redirect(_year_url(adjustment.date.year))


@login_required
def adjustment_create(request):
    _require_manager(request.user)
    initial = {}
    if request.GET.get("date"):
        with contextlib.suppress(ValueError):
            initial["date"] = datetime.date.fromisoformat(request.GET["date"])
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = AdjustmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form)
        if response is not None:
            return response
    return render(request, "workdays/adjustment_form.html", {"form": form, "adjustment": None})


@login_required
def adjustment_edit(request, pk):
    _require_manager(request.user)
    adjustment = get_object_or_404(CalendarAdjustment, pk=pk)
    initial = {f: getattr(adjustment, f) for f in services.EDITABLE_FIELDS}
    form = AdjustmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, adjustment)
        if response is not None:
            return response
    return render(
        request, "workdays/adjustment_form.html", {"form": form, "adjustment": adjustment}
    )


@login_required
@require_POST
def adjustment_delete(request, pk):
    _require_manager(request.user)
    adjustment = get_object_or_404(CalendarAdjustment, pk=pk)
    year = adjustment.date.year
    services.delete_adjustment(adjustment, actor=request.user)
    messages.success(request, _("Entry deleted."))
    return redirect(_year_url(year))
