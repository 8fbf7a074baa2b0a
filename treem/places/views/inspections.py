"""Recording a safety inspection, its page, and marking a follow-up action done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.scope import get_for_user

from ..access import VIEW, can_edit, get_place
from ..forms import ActionDoneForm, InspectionForm
from ..models import FollowUpAction, Inspection
from ..services import PlaceError, checklist_for, complete_action, record_inspection
from .common import put_errors


@login_required
def inspection_create(request, pk):
    place = get_place(request.user, pk)
    if not can_edit(request.user, place):
        raise Http404
    items = checklist_for(place)
    form = InspectionForm(
        request.POST or None, items=items, initial={"inspected_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = record_inspection(
                place,
                actor=request.user,
                inspected_on=data["inspected_on"],
                inspectors=data["inspectors"],
                result=data["result"],
                findings=data["findings"],
                answers=form.answers(),
                actions=form.actions(),
            )
            messages.success(request, _("The inspection was recorded."))
            return redirect(inspection)
        except PlaceError as exc:
            put_errors(form, exc)
    return render(request, "places/inspection_form.html", {"form": form, "place": place})


def _inspection(user, pk):
    qs = Inspection.objects.select_related("place__type", "place__ward", "recorded_by")
    return get_for_user(qs, user, pk, VIEW)


@login_required
def inspection_detail(request, pk):
    inspection = _inspection(request.user, pk)
    return render(
        request,
        "places/inspection_detail.html",
        {
            "inspection": inspection,
            "place": inspection.place,
            "checks": inspection.checks.select_related("item"),
            "actions": inspection.actions.all(),
            "can_edit": can_edit(request.user, inspection.place),
            "done_form": ActionDoneForm(initial={"done_on": timezone.localdate()}),
        },
    )


@login_required
def action_done(request, pk):
    if request.method != "POST":
        raise Http404
    qs = FollowUpAction.objects.select_related("inspection__place")
    action = get_for_user(qs, request.user, pk, VIEW)
    if not can_edit(request.user, action.inspection.place):
        raise Http404
    form = ActionDoneForm(request.POST)
    if form.is_valid():
        try:
            complete_action(
                action,
                actor=request.user,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The action was marked done."))
        except PlaceError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(action.inspection)
