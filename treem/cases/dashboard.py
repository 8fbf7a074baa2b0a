"""Aggregates of the case procedure for the case dashboard: open cases by
stage and ward, overdue steps, time spent in each step, plans approved within
the legal limit and closure outcomes.

Counts only: no child's name, no case number, nothing that points at one
child. The figures cover the wards where the user handles cases
(MANAGE_CASES): a ward officer's ward, every ward for a province officer.
A fixed number of queries whatever the number of cases (one per block).
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for

from .models import (
    FINAL_STATUSES,
    Case,
    CaseStatus,
    ClosureOutcome,
    CountedFrom,
    DecisionOutcome,
    LimitUnit,
    PlanDecision,
    StatusChange,
    StepLimit,
)

S = CaseStatus
# A report goes straight to the initial assessment (Decree 56/2017 Art. 26(1)):
# "received" is a moment, not a stage, and "verification" a former stage.
OPEN_STAGES = [
    s
    for s in CaseStatus
    if s not in FINAL_STATUSES and s not in (CaseStatus.RECEIVED, CaseStatus.VERIFICATION)
]
# The approval limit used when no StepLimit row exists: the whole approval
# procedure of Decree 56/2017 Art. 28 [s], counted from the report.
DEFAULT_APPROVAL_LIMIT = (7, LimitUnit.WORKING_DAYS, CountedFrom.RECEIVED)
SECONDS_PER_DAY = 86400


@dataclass
class Dashboard:
    wards: list = field(default_factory=list)  # [(unit_id, name)]
    stages: list = field(default_factory=list)  # [(status, label)]
    open_by_ward: dict = field(default_factory=dict)  # {unit_id: {status: n}}
    open_by_stage: dict = field(default_factory=dict)  # {status: n}
    overdue_by_stage: dict = field(default_factory=dict)
    overdue_by_ward: dict = field(default_factory=dict)
    open_total: int = 0
    overdue_total: int = 0
    step_times: list = field(default_factory=list)  # [(status, label, n, median days)]
    approvals_total: int = 0
    approvals_on_time: int = 0
    approval_limit: str = ""
    drafted_total: int = 0
    drafted_on_time: int = 0
    closures: list = field(default_factory=list)  # [(label, n)]
    closed_total: int = 0

    @property
    def approvals_share(self):
        return _share(self.approvals_on_time, self.approvals_total)

    @property
    def drafted_share(self):
        return _share(self.drafted_on_time, self.drafted_total)

    @property
    def chart_height(self):
        return len(self.stages) * 28 + 8

    def bars(self, width=300):
        """Bar lengths (px) of open and overdue cases per stage for the SVG."""
        top = max(self.open_by_stage.values(), default=0) or 1
        return [
            {
                "status": status,
                "label": label,
                "open": self.open_by_stage.get(status, 0),
                "overdue": self.overdue_by_stage.get(status, 0),
                "open_px": round(width * self.open_by_stage.get(status, 0) / top),
                "overdue_px": round(width * self.overdue_by_stage.get(status, 0) / top),
                "y": i * 28,
            }
            for i, (status, label) in enumerate(self.stages)
        ]

    def ward_rows(self):
        return [
            {
                "name": name,
                "cells": [self.open_by_ward.get(uid, {}).get(s, 0) for s, _label in self.stages],
                "total": sum(self.open_by_ward.get(uid, {}).values()),
                "overdue": self.overdue_by_ward.get(uid, 0),
            }
            for uid, name in self.wards
        ]


def _share(part, whole):
    return round(100 * part / whole) if whole else None


def _cases_for(user):
    return Case.objects.filter(scope_for(user, Perm.MANAGE_CASES).q("unit"))


def build(user, now=None):
    now = now or timezone.now()
    cases = _cases_for(user)
    data = Dashboard(stages=[(s.value, s.label) for s in OPEN_STAGES])
    _open_and_overdue(data, cases, now)
    changes = _changes(user)
    _step_times(data, changes)
    _approvals(data, cases, changes)
    _closures(data, cases)
    return data


def _open_and_overdue(data, cases, now):
    rows = (
        cases.exclude(status__in=FINAL_STATUSES)
        .values("unit_id", "unit__name", "status")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
        .order_by("unit__name", "unit_id")
    )
    wards = {}
    for row in rows:
        wards[row["unit_id"]] = row["unit__name"]
        by_status = data.open_by_ward.setdefault(row["unit_id"], {})
        by_status[row["status"]] = row["n"]
        data.open_by_stage[row["status"]] = data.open_by_stage.get(row["status"], 0) + row["n"]
        data.overdue_by_stage[row["status"]] = (
            data.overdue_by_stage.get(row["status"], 0) + row["overdue"]
        )
        data.overdue_by_ward[row["unit_id"]] = (
            data.overdue_by_ward.get(row["unit_id"], 0) + row["overdue"]
        )
        data.open_total += row["n"]
        data.overdue_total += row["overdue"]
    data.wards = list(wards.items())


def _changes(user):
    """{case_id: [(to_status, cycle, at), …]} in time order, one query."""
    rows = (
        StatusChange.objects.filter(scope_for(user, Perm.MANAGE_CASES).q("case__unit"))
        .order_by("case_id", "at", "id")
        .values_list("case_id", "to_status", "cycle", "at")
    )
    changes = defaultdict(list)
    for case_id, status, cycle, at in rows:
        changes[case_id].append((status, cycle, at))
    return changes


def _step_times(data, changes):
    """Median calendar days a case stayed in each step it has left."""
    spent = defaultdict(list)
    for history in changes.values():
        for (status, _cycle, start), (_next, _c, end) in zip(history, history[1:], strict=False):
            spent[status].append((end - start).total_seconds() / SECONDS_PER_DAY)
    for status in OPEN_STAGES:
        values = spent.get(status.value)
        if values:
            median = round(statistics.median(values), 1)
            data.step_times.append((status.value, status.label, len(values), median))


def _first_entry(history, status, cycle):
    for to_status, c, at in history:
        if to_status == status and c == cycle:
            return at
    return None


def _approvals(data, cases, changes):
    """Plans approved within the approval limit (the editable StepLimit of
    "plan awaiting approval", 7 working days from the report by default), and
    first plans submitted before the stored 5-working-day plan deadline."""
    from .services.deadlines import add_limit

    limit = StepLimit.objects.filter(step=S.PLAN_SUBMITTED).first()
    amount, unit, counted_from = (
        (limit.amount, limit.unit, limit.counted_from) if limit else DEFAULT_APPROVAL_LIMIT
    )
    data.approval_limit = f"{amount} {LimitUnit(unit).label}"
    case_rows = {row[0]: row[1:] for row in cases.values_list("id", "received_at", "plan_due_at")}
    approvals = (
        PlanDecision.objects.filter(plan__case__in=cases, outcome=DecisionOutcome.APPROVED)
        .values("plan__case_id", "plan__cycle")
        .annotate(first=Min("decided_at"))
        .order_by()
    )
    for row in approvals:
        case_id, cycle = row["plan__case_id"], row["plan__cycle"]
        received_at, _plan_due = case_rows[case_id]
        history = changes.get(case_id, [])
        if counted_from == CountedFrom.RECEIVED and cycle == 1:
            start = received_at
        else:
            start = _first_entry(history, S.PLAN_DRAFTING, cycle) or received_at
        data.approvals_total += 1
        if row["first"] <= add_limit(start, amount, unit):
            data.approvals_on_time += 1
    for case_id, (_received, plan_due) in case_rows.items():
        submitted = _first_entry(changes.get(case_id, []), S.PLAN_SUBMITTED, 1)
        if submitted is not None and plan_due is not None:
            data.drafted_total += 1
            data.drafted_on_time += submitted <= plan_due


def _closures(data, cases):
    rows = (
        cases.filter(status__in=FINAL_STATUSES)
        .values("status", "closure_outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = Counter()
    for row in rows:
        if row["status"] == S.TRANSFERRED:
            label = CaseStatus.TRANSFERRED.label
        else:
            fallback = (
                ClosureOutcome.UNSUBSTANTIATED
                if row["status"] == S.CLOSED_UNSUBSTANTIATED
                else ClosureOutcome.OTHER
            )
            label = ClosureOutcome(row["closure_outcome"] or fallback).label
        counts[str(label)] += row["n"]
        data.closed_total += row["n"]
    data.closures = sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def csv_rows(data):
    """The dashboard as rows for the CSV download: (block, item, ward, value)."""
    yield [_("Block"), _("Item"), _("Ward"), _("Value")]
    names = dict(data.wards)
    for uid, by_status in data.open_by_ward.items():
        for status, label in data.stages:
            if by_status.get(status):
                yield [_("Open cases"), str(label), names[uid], by_status[status]]
    for uid, n in data.overdue_by_ward.items():
        yield [_("Overdue steps"), "", names[uid], n]
    for _status, label, n, median in data.step_times:
        yield [_("Median days in step"), str(label), "", str(median).replace(".", ",")]
        yield [_("Cases that left the step"), str(label), "", n]
    yield [_("Plans approved within the limit"), data.approval_limit, "", data.approvals_on_time]
    yield [_("Plans approved"), "", "", data.approvals_total]
    yield [_("First plans drafted within 5 working days"), "", "", data.drafted_on_time]
    yield [_("First plans submitted"), "", "", data.drafted_total]
    for label, n in data.closures:
        yield [_("Closure outcomes"), label, "", n]
