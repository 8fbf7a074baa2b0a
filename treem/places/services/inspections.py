"""Safety inspections: the answers to the checklist, the findings, the
follow-up actions (what, who owes it, by when) and the place's safety status,
which takes the inspection's result."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.services import record_create, record_update, snapshot

from ..models import ChecklistItem, FollowUpAction, Inspection, InspectionCheck, SafetyStatus
from .common import PlaceError
from .places import _require_edit


def checklist_for(place):
    """The active items that apply to the place's register, in order."""
    return list(
        ChecklistItem.objects.filter(active=True).filter(
            Q(register="") | Q(register=place.register)
        )
    )


def _check_actions(actions, inspected_on, errors):
    for n, action in enumerate(actions, start=1):
        if not (action.get("description") or "").strip():
            errors.setdefault("actions", []).append(
                _("Action %(n)s: say what has to be done.") % {"n": n}
            )
        if not (action.get("owed_by") or "").strip():
            errors.setdefault("actions", []).append(_("Action %(n)s: say who does it.") % {"n": n})
        due = action.get("due_on")
        if not isinstance(due, datetime.date):
            errors.setdefault("actions", []).append(
                _("Action %(n)s: enter the due date.") % {"n": n}
            )
        elif due < inspected_on:
            errors.setdefault("actions", []).append(
                _("Action %(n)s: the due date is before the inspection.") % {"n": n}
            )


@transaction.atomic
def record_inspection(
    place, *, actor, inspected_on, inspectors, result, findings="", answers=None, actions=()
):
    """`answers`: {ChecklistItem or code: "yes" | "no" | "na"}; `actions`:
    [{"description", "owed_by", "due_on"}]. Returns the inspection."""
    _require_edit(actor, place.unit)
    errors = {}
    if not isinstance(inspected_on, datetime.date) or inspected_on > timezone.localdate():
        errors["inspected_on"] = [_("Enter a date that is not in the future.")]
    if not (inspectors or "").strip():
        errors["inspectors"] = [_("Say who inspected.")]
    allowed_results = {SafetyStatus.SAFE, SafetyStatus.ATTENTION, SafetyStatus.UNSAFE}
    if result not in allowed_results:
        errors["result"] = [_("Choose a result from the list.")]
    items = {item.code: item for item in checklist_for(place)}
    checks = []
    for key, answer in (answers or {}).items():
        code = getattr(key, "code", key)
        if code not in items:
            errors.setdefault("answers", []).append(
                _("“%(code)s” is not on this place's checklist.") % {"code": code}
            )
        elif answer not in ("yes", "no", "na"):
            errors.setdefault("answers", []).append(
                _("Answer “%(item)s” with yes, no or not applicable.") % {"item": items[code].text}
            )
        else:
            checks.append((items[code], answer))
    if isinstance(inspected_on, datetime.date):
        _check_actions(list(actions), inspected_on, errors)
    if result == SafetyStatus.SAFE and any(a == "no" for _item, a in checks) and not actions:
        # A "no" on the checklist is a finding: someone must owe its remedy.
        errors.setdefault("result", []).append(
            _("An item is answered “no”: choose “needs attention” or add a follow-up action.")
        )
    if errors:
        raise PlaceError(errors)
    inspection = Inspection.objects.create(
        place=place,
        unit=place.unit,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        result=result,
        findings=findings,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    InspectionCheck.objects.bulk_create(
        [InspectionCheck(inspection=inspection, item=item, answer=a) for item, a in checks]
    )
    record_create(inspection, actor=actor)
    for action in actions:
        created = FollowUpAction.objects.create(
            inspection=inspection,
            unit=place.unit,
            description=action["description"].strip(),
            owed_by=action["owed_by"].strip(),
            due_on=action["due_on"],
        )
        record_create(created, actor=actor)
    # The latest inspection sets the place's status; an older one recorded late does not.
    latest = place.inspections.order_by("-inspected_on", "-pk").first()
    if latest.pk == inspection.pk and place.safety_status != result:
        before = snapshot(place)
        place.safety_status = result
        place.save(update_fields=["safety_status", "updated_at"])
        record_update(place, before, actor=actor, note="inspection")
    return inspection


@transaction.atomic
def complete_action(action, *, actor, done_on, note=""):
    _require_edit(actor, action.inspection.place.unit)
    if action.done_on is not None:
        raise PlaceError(_("This action is already done."))
    if not isinstance(done_on, datetime.date) or done_on > timezone.localdate():
        raise PlaceError({"done_on": [_("Enter a date that is not in the future.")]})
    if done_on < action.inspection.inspected_on:
        raise PlaceError({"done_on": [_("The date is before the inspection.")]})
    before = snapshot(action)
    action.done_on = done_on
    action.done_note = note
    action.save()
    record_update(action, before, actor=actor)
    return action
