"""Report periods and who owes a task's report on a given day."""

import datetime

from treem.agencies.models import Agency

from .models.choices import Timing

MONTHS = {Timing.MONTHLY: 1, Timing.QUARTERLY: 3, Timing.SIX_MONTHLY: 6, Timing.YEARLY: 12}


def _month_end(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def period_containing(frequency, day):
    """The calendar period of `frequency` (month, quarter, half, year) that
    contains `day`, as (first day, last day)."""
    months = MONTHS[frequency]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return datetime.date(day.year, first_month, 1), _month_end(day.year, last_month)


def periods_between(frequency, start, end):
    """Every period of `frequency` that overlaps [start, end], in order."""
    periods = []
    current = period_containing(frequency, start)
    while current[0] <= end:
        periods.append(current)
        current = period_containing(frequency, current[1] + datetime.timedelta(days=1))
    return periods


def task_frequency(task, plan):
    if task.timing == Timing.CONTINUOUS:
        return plan.continuous_frequency
    return task.timing


def task_periods(task, plan, start, end):
    """The report periods of `task` that overlap [start, end]."""
    if task.timing == Timing.ONE_OFF:
        if task.deadline is None or task.deadline < start or plan.period_start > end:
            return []
        return [(min(plan.period_start, task.deadline), task.deadline)]
    return periods_between(task_frequency(task, plan), start, end)


def due_date(plan, period_end):
    return period_end + datetime.timedelta(days=plan.report_due_days)


class AgencyGraph:
    """The agencies and their successors, read once (two queries), to
    resolve which bodies carry on a body that no longer exists."""

    def __init__(self):
        self.agencies = {a.pk: a for a in Agency.objects.select_related("unit")}
        self.successors = {}
        for row in Agency.successors.through.objects.values("from_agency_id", "to_agency_id"):
            self.successors.setdefault(row["from_agency_id"], []).append(row["to_agency_id"])
        self.predecessors = {}
        for source, targets in self.successors.items():
            for target in targets:
                self.predecessors.setdefault(target, []).append(source)

    def owing(self, agency_id, on):
        """The agencies in force on `on` that owe the duties of `agency_id`:
        itself while it exists, else its successors (and theirs). A body
        with no successor in force owes nothing any more."""
        result, seen, frontier = [], set(), [agency_id]
        while frontier:
            current = frontier.pop(0)
            if current in seen or current not in self.agencies:
                continue
            seen.add(current)
            agency = self.agencies[current]
            if agency.in_force_on(on):
                result.append(agency)
            elif agency.valid_to is not None and agency.valid_to < on:
                frontier.extend(self.successors.get(current, []))
        return sorted(result, key=lambda a: (a.unit.name, a.name))

    def current_successors(self, agency_id, on):
        agency = self.agencies.get(agency_id)
        if agency is None or agency.in_force_on(on):
            return []
        return self.owing(agency_id, on)

    def forerunners(self, agency_id):
        """The agency and every body whose duties passed to it."""
        found, frontier = {agency_id}, [agency_id]
        while frontier:
            current = frontier.pop()
            for previous in self.predecessors.get(current, []):
                if previous not in found:
                    found.add(previous)
                    frontier.append(previous)
        return found
