"""Writing budget lines and their entries. Every write runs in one
transaction with its audit event; a mistaken entry is removed (audited) and
entered again, so the trail shows both."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_create, record_event, snapshot

from .access import can_record_for
from .models import Allocation, BudgetLine, Form, Mobilisation, Spending

# Far enough for any real budget of a ward or the province (under a thousand
# billion đồng), and inside the column's 15 digits.
MAX_AMOUNT = 10**14


class BudgetError(ValueError):
    """A Vietnamese message for the user: the write was refused."""


class BudgetPermissionError(BudgetError):
    """The user may not do this; views and the API answer 404."""


def _who(actor):
    return actor if getattr(actor, "pk", None) else None


def _check_amount(amount):
    if amount is None or amount <= 0:
        raise BudgetError(_("The amount must be more than 0 đồng."))
    if amount != int(amount):
        raise BudgetError(_("Amounts are whole đồng, without decimals."))
    if amount >= MAX_AMOUNT:
        raise BudgetError(_("The amount is too large."))


def _check_year(line, day, message):
    if day is None:
        raise BudgetError(_("Give the date."))
    if day.year != line.year:
        raise BudgetError(message % {"year": line.year})


def _check_line_access(line, actor):
    if not can_record_for(actor, line.agency):
        raise BudgetPermissionError(_("You may not record the budget of this agency."))


@transaction.atomic
def open_budget_line(*, actor, task, agency, year, note=""):
    """The line of (task, agency, year), created if it does not exist yet."""
    if not can_record_for(actor, agency):
        raise BudgetPermissionError(_("You may not record the budget of this agency."))
    if actor is not None and not type(task).objects.visible_to(actor).filter(pk=task.pk).exists():
        raise BudgetPermissionError(_("The task is not one of your plans."))
    if not 2000 <= int(year) <= 2100:
        raise BudgetError(_("Give a year between 2000 and 2100."))
    existing = BudgetLine.objects.filter(task=task, agency=agency, year=year).first()
    if existing is not None:
        return existing
    line = BudgetLine(
        task=task, agency=agency, unit=agency.unit, year=year, note=note, created_by=_who(actor)
    )
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError:
        # Opened by someone else a moment ago: theirs is the line.
        return BudgetLine.objects.get(task=task, agency=agency, year=year)
    record_create(line, actor=actor, unit=line.unit)
    return line


def _save_entry(entry, actor):
    entry.created_by = _who(actor)
    entry.save()
    record_create(entry, actor=actor, unit=entry.line.unit)
    return entry


@transaction.atomic
def add_allocation(line, *, actor, amount, source, decided_on=None, note=""):
    _check_line_access(line, actor)
    _check_amount(amount)
    if not (source or "").strip():
        raise BudgetError(_("Give the number of the decision or estimate that allocated it."))
    entry = Allocation(
        line=line, amount=amount, source=source.strip(), decided_on=decided_on, note=note
    )
    return _save_entry(entry, actor)


@transaction.atomic
def add_mobilisation(line, *, actor, amount, donor, received_on, form=Form.CASH, note=""):
    _check_line_access(line, actor)
    _check_amount(amount)
    if not (donor or "").strip():
        raise BudgetError(_("Name the donor or sponsor."))
    if form not in Form.values:
        raise BudgetError(_("Choose in cash or in kind."))
    _check_year(
        line, received_on, _("The date received must fall in %(year)s, the year of the line.")
    )
    entry = Mobilisation(
        line=line, amount=amount, donor=donor.strip(), form=form, received_on=received_on, note=note
    )
    return _save_entry(entry, actor)


def _check_activity(line, activity):
    if activity.agency_id != line.agency_id:
        raise BudgetError(_("The activity was organised by another agency."))
    if not activity.tasks.filter(pk=line.task_id).exists():
        raise BudgetError(_("The activity does not carry out this task."))
    taken = Spending.objects.filter(activity=activity).select_related("line__task").first()
    if taken is not None:
        raise BudgetError(
            _("The activity's spending is already recorded (task %(task)s, %(year)s).")
            % {"task": taken.line.task.number, "year": taken.line.year}
        )


@transaction.atomic
def add_spending(line, *, actor, amount, spent_on, purpose, activity=None, note=""):
    _check_line_access(line, actor)
    _check_amount(amount)
    if not (purpose or "").strip():
        raise BudgetError(_("Say what the money was spent on."))
    _check_year(line, spent_on, _("The date spent must fall in %(year)s, the year of the line."))
    if activity is not None:
        _check_activity(line, activity)
    entry = Spending(
        line=line,
        amount=amount,
        spent_on=spent_on,
        purpose=purpose.strip(),
        activity=activity,
        note=note,
    )
    try:
        with transaction.atomic():
            return _save_entry(entry, actor)
    except IntegrityError:
        raise BudgetError(_("The activity's spending is already recorded.")) from None


@transaction.atomic
def remove_entry(entry, *, actor):
    line = entry.line
    _check_line_access(line, actor)
    before = snapshot(entry)
    record_event(
        Action.DELETE,
        actor=actor,
        subject=entry,
        unit=line.unit,
        changes={name: {"old": value, "new": None} for name, value in before.items()},
    )
    entry.delete()


def activity_suggestions(line):
    """Activities of the line's agency carrying out its task in its year whose
    cost is not yet recorded as spending: their cost is offered as the amount."""
    from treem.activities.models import Activity

    return (
        Activity.objects.filter(agency_id=line.agency_id, tasks=line.task_id)
        .filter(starts_on__year=line.year, cost__gt=0)
        .exclude(pk__in=Spending.objects.filter(activity__isnull=False).values("activity_id"))
        .select_related("kind")
        .order_by("starts_on", "pk")
    )
