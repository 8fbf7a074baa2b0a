"""The intake form (Mẫu 01) and the search that picks its child.

The child is picked among the children the reporter may see
(Child.objects.visible_to), by name typed with or without accents or by
personal ID; the picked id is checked again on submit. When the child is
registered in the same step, the registry's duplicate guard speaks: a record
the reporter may see is offered as a link and can be picked instead; a record
outside their area is named by nothing (issue 13 §2.3)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm, role_grants
from treem.accounts.scope import active_assignments
from treem.children.models import Child
from treem.children.queries import search
from treem.children.services.registry import DuplicateId, PossibleDuplicate
from treem.children.services.transfers import is_transfer_officer

from .. import forms as f
from ..services import CaseError, record_intake
from ..services.access import may_read
from .common import require

# Mẫu 01's further text fields, passed from the form to record_intake.
INTAKE_TEXT_DETAILS = (
    "receiving_body",
    "contact_mode",
    "child_age_estimate",
    "father_name",
    "father_occupation",
    "mother_name",
    "mother_occupation",
    "family_situation",
    "current_caregiver",
    "actions_taken",
    "likely_harm",
)
# Enough to recognise the child; a longer list means the query is too short.
PICK_LIMIT = 8


def _pickable(user):
    """The children the reporter may link a report to: those they may see."""
    return Child.objects.visible_to(user).select_related("unit")


@login_required
def intake(request):
    require(request.user, Perm.RECORD_CASE_REPORTS)
    user = request.user
    data = request.POST or None
    if data is not None and data.get("pick_child"):
        # A match of the duplicate warning picked instead of a new child.
        data = data.copy()
        data["child_id"] = data["pick_child"]
    form = f.IntakeForm(data, initial={"received_at": timezone.localtime()})
    context = {}
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        child = None
        if cd.get("child_id"):
            # Not visible reads as missing: the id may have been typed in.
            child = _pickable(user).filter(pk=cd["child_id"]).first()
            if child is None:
                form.add_error("child_id", _("Choose the child again from the search results."))
        if not form.errors:
            try:
                case = record_intake(
                    actor=user,
                    child=child,
                    new_child=form.new_child,
                    channel=cd["channel"],
                    received_at=cd["received_at"],
                    event_ward=cd["event_ward"],
                    event_place=cd["event_place"],
                    event_at=cd.get("event_at"),
                    description=cd["description"],
                    harm_kinds=cd["harm_kinds"],
                    perpetrator_relation=cd["perpetrator_relation"],
                    reporter_anonymous=cd["reporter_anonymous"],
                    reporter_name=cd["reporter_name"],
                    reporter_contact=cd["reporter_contact"],
                    reporter_relation=cd["reporter_relation"],
                    child_situation=cd["child_situation"],
                    received_by_unit=_own_ward(user),
                    **{name: cd.get(name) or "" for name in INTAKE_TEXT_DETAILS},
                    father_age=cd.get("father_age"),
                    mother_age=cd.get("mother_age"),
                    child_sex_reported=cd.get("child_sex_reported") or "unknown",
                )
            except DuplicateId as exc:
                # Before add_error, which drops the field from cleaned_data.
                context.update(_duplicate_id_context(user, exc, form))
                form.add_error("personal_id", exc.message_for(user))
            except PossibleDuplicate as exc:
                form.add_error("confirmed", str(exc))
                context.update(_candidates_context(user, exc.candidates))
            except CaseError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("The report is recorded as case %(n)s.") % {"n": case.number}
                )
                # The case page if the reporter may read the case (the ward's
                # officers, without a query), their own intake otherwise.
                if may_read(user, case):
                    return redirect(case.get_absolute_url())
                return redirect("cases:my-reports")
    context.update(
        form=form,
        can_pick=_pickable(user).exists(),
        picked=_picked(user, form),
    )
    return render(request, "cases/intake_form.html", context)


def _picked(user, form):
    """The child picked before a failed submit, shown again (if visible)."""
    raw = form.data.get("child_id") if form.is_bound else None
    if not raw or not str(raw).isdigit():
        return None
    return _pickable(user).filter(pk=int(raw)).first()


def _duplicate_id_context(user, exc, form):
    """The existing record is offered only to those who may see it; a ward
    officer may ask the area holding it for a transfer, with what they typed
    and nothing of the record."""
    if exc.visible_to(user):
        return {"candidates": [exc.existing]}
    context = {"id_elsewhere": True}
    unit = (form.new_child or {}).get("unit") or form.cleaned_data.get("unit")
    if unit is not None and is_transfer_officer(user):
        query = {"personal_id": form.cleaned_data.get("personal_id") or "", "unit": unit.pk}
        context["transfer_url"] = f"{reverse('children:transfer-create')}?{urlencode(query)}"
    return context


def _candidates_context(user, candidates):
    pks = [c.pk for c in candidates]
    shown = list(_pickable(user).filter(pk__in=pks))
    return {"candidates": shown, "hidden_candidates": len(pks) - len(shown)}


@login_required
def pick_child(request):
    """The intake's child search: an ARIA listbox of options (htmx)."""
    require(request.user, Perm.RECORD_CASE_REPORTS)
    q = request.GET.get("q", "").strip()
    children = []
    if len(q) >= 2:
        found = search(_pickable(request.user), q).order_by("name_sort", "pk")
        children = list(found[: PICK_LIMIT + 1])
    return render(
        request,
        "cases/_pick_results.html",
        {
            "q": q,
            "children": children[:PICK_LIMIT],
            "more": len(children) > PICK_LIMIT,
        },
    )


def _own_ward(user):
    """The ward of the user's assignment that lets them record reports."""
    for a in active_assignments(user):
        if role_grants(a.role, Perm.RECORD_CASE_REPORTS) and a.unit is not None:
            unit = a.unit
            while unit is not None and unit.level not in ("ward", "commune"):
                unit = unit.parent if unit.level == "residential_group" else None
            if unit is not None:
                return unit
    return None
