"""Allowance decisions, suspensions, ends, the monthly payments and other
support items."""

import calendar
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.scope import scope_for
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot
from treem.children.models import Status

from ..models import (
    AllowanceDecision,
    AllowancePayment,
    AllowanceSuspension,
    DecisionStatus,
    SupportItem,
)
from ..rules import base_level, rules
from . import WRITE_ALLOWANCES, AssistanceError, require, who


def month_bounds(month):
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


@transaction.atomic
def record_decision(
    child, *, actor, group, number, decided_on, signer, starts_on, ends_on=None, note=""
):
    require(actor, child.unit, *WRITE_ALLOWANCES)
    if group not in rules().groups:
        raise AssistanceError(_("Unknown eligible group."))
    if ends_on and ends_on < starts_on:
        raise AssistanceError(_("The end of payment must not be before its start."))
    overlapping = AllowanceDecision.objects.filter(child=child).exclude(
        Q(ends_on__lt=starts_on) | (Q(starts_on__gt=ends_on) if ends_on else Q(pk__in=[]))
    )
    if overlapping.exists():
        raise AssistanceError(
            _("This child already has an allowance decision for these months: end it first.")
        )
    decision = AllowanceDecision.objects.create(
        child=child,
        unit_id=child.unit_id,
        ward_id=child.ward_id,
        group=group,
        number=number.strip(),
        decided_on=decided_on,
        signer=signer.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        recorded_by=who(actor),
    )
    record_create(decision, actor=actor)
    return decision


@transaction.atomic
def suspend_decision(decision, *, actor, starts_on, ends_on=None, reason):
    require(actor, decision.unit, *WRITE_ALLOWANCES)
    if decision.status == DecisionStatus.ENDED:
        raise AssistanceError(_("This decision has ended."))
    if ends_on and ends_on < starts_on:
        raise AssistanceError(_("The end of the suspension must not be before its start."))
    suspension = AllowanceSuspension.objects.create(
        decision=decision, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    record_create(suspension, actor=actor, unit=decision.unit_id)
    if ends_on is None:
        before = snapshot(decision)
        decision.status = DecisionStatus.SUSPENDED
        decision.save(update_fields=["status"])
        record_update(decision, before, actor=actor)
    return suspension


@transaction.atomic
def end_decision(decision, *, actor, ends_on, reason):
    require(actor, decision.unit, *WRITE_ALLOWANCES)
    if ends_on < decision.starts_on:
        raise AssistanceError(_("The end of payment must not be before its start."))
    before = snapshot(decision)
    decision.ends_on = ends_on
    decision.end_reason = reason
    decision.status = DecisionStatus.ENDED
    decision.save(update_fields=["ends_on", "end_reason", "status"])
    record_update(decision, before, actor=actor)
    return decision


def payable(month, decisions=None):
    """The decisions payable in `month` and not yet paid for it: the decision
    covers the month (paid from the month it starts to the month it ends), no
    suspension covers the month's first day, the child is active."""
    first, last = month_bounds(month)
    decisions = AllowanceDecision.objects.all() if decisions is None else decisions
    # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join; NOT IN
    # over a subquery it could not hash ran once per decision (3 minutes for
    # 30,000 decisions after a month's payments were deleted, bench/assistance.py).
    suspended = AllowanceSuspension.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=first),
        decision_id=OuterRef("pk"),
        starts_on__lte=first,
    )
    paid = AllowancePayment.objects.filter(decision_id=OuterRef("pk"), month=first)
    return (
        decisions.order_by()
        .filter(starts_on__lte=last, child__status=Status.ACTIVE)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .filter(~Exists(suspended), ~Exists(paid))
    )


def _years_before(day, years):
    return day.replace(year=day.year - years)  # day is a 1st: never 29 February


def amount_expressions(first):
    """(amount, coefficient, base level): CASE expressions over the decision's
    group and the child's date of birth, the rule of rules.monthly_amount: in
    each group the narrowest age band that holds the child on the month's
    first day (age < N ⟺ born after that day N years earlier), with the
    newest coefficient in force then. Amount 0 where none applies (16 and over)."""
    level, _source = base_level(first)
    amounts, coefficients = [], []
    for group in rules().groups.values():
        bands = {}
        for c in group.coefficients:
            if c.starts_on <= first and (
                c.under_age not in bands or c.starts_on > bands[c.under_age].starts_on
            ):
                bands[c.under_age] = c
        for under_age in sorted(bands):
            c = bands[under_age]
            condition = {
                "group": group.code,
                "child__date_of_birth__gt": _years_before(first, under_age),
            }
            amounts.append(When(**condition, then=Value(int(c.value * level))))
            coefficients.append(When(**condition, then=Value(c.value)))
    decimal = DecimalField(max_digits=4, decimal_places=2)
    amount = Case(*amounts, default=Value(0), output_field=IntegerField())
    coefficient = Case(*coefficients, default=Value(Decimal(0)), output_field=decimal)
    return amount, coefficient, level


@transaction.atomic
def generate_payments(month, *, actor, perm_scope=True):
    """Creates the month's payments for every payable decision in the actor's
    reach (all for the system) and returns how many were created: one
    INSERT … SELECT that computes the amounts in the database, so a
    province's month is one statement. Running it again creates only what is
    missing: the unique (decision, month) makes it idempotent even when two
    officers press the button at once. One audit event per ward says how many
    payments and how much."""
    first, _last = month_bounds(month)
    if first > this_month():
        # A month not yet begun: a child may die, move or end the allowance
        # before it, and its payments would stand as made.
        raise AssistanceError(
            _("Payments cannot be generated for %(m)s, a month after the current one.")
            % {"m": first.strftime("%m/%Y")}
        )
    decisions = AllowanceDecision.objects.all()
    if actor is not None and perm_scope:
        scope = scope_for(actor, WRITE_ALLOWANCES[0])
        sensitive = scope_for(actor, WRITE_ALLOWANCES[1])
        if scope.empty or sensitive.empty:
            raise AssistanceError(_("You may not record this for this area."))
        decisions = decisions.filter(scope.q("unit")).filter(sensitive.q("unit"))
    amount, coefficient, level = amount_expressions(first)
    if not level:
        return 0
    # Every column an annotation, in the INSERT's order: Django puts a
    # values_list's plain fields before its annotations in the SELECT.
    columns = {
        "decision_id": F("pk"),
        "child_id": F("child_id"),
        "unit_id": F("unit_id"),
        "ward_id": F("ward_id"),
        "month": Value(first, output_field=DateField()),
        "coefficient": coefficient,
        "base_level": Value(level, output_field=IntegerField()),
        "amount": amount,
        "created_at": Value(timezone.now(), output_field=DateTimeField()),
    }
    rows = (
        payable(first, decisions)
        .annotate(**{f"p_{name}": value for name, value in columns.items()})
        .filter(p_amount__gt=0)
        .values_list(*(f"p_{name}" for name in columns))
    )
    sql, params = rows.query.sql_with_params()
    table = AllowancePayment._meta.db_table
    with connection.cursor() as cursor:
        # Names come from the model; values are parameters.
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) {sql} "  # noqa: S608
            "ON CONFLICT (decision_id, month) DO NOTHING RETURNING ward_id, amount",
            params,
        )
        created = cursor.fetchall()
    totals = defaultdict(lambda: [0, 0])
    for ward_id, paid in created:
        totals[ward_id][0] += 1
        totals[ward_id][1] += paid
    for ward_id, (count, total) in sorted(totals.items()):
        record_event(
            Action.CREATE,
            actor=actor,
            unit=ward_id,
            changes={"month": first.isoformat(), "payments": count, "total": total},
            note=_("Monthly allowance payments generated"),
        )
    return len(created)


def this_month(today=None):
    # The local date (Asia/Ho_Chi_Minh): the server's clock is UTC.
    return (today or timezone.localdate()).replace(day=1)


@transaction.atomic
def record_support_item(child, *, actor, **values):
    require(actor, child.unit, *WRITE_ALLOWANCES)
    ends_on, received_on = values.get("ends_on"), values["received_on"]
    if ends_on and ends_on < received_on:
        raise AssistanceError(_("The end must not be before the start."))
    item = SupportItem.objects.create(
        child=child, unit_id=child.unit_id, ward_id=child.ward_id, recorded_by=who(actor), **values
    )
    record_create(item, actor=actor)
    return item
