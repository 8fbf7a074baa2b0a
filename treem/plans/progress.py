"""Read-side figures: how far tasks and plans have got, in a fixed number of
queries whatever the number of rows."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from .models import ProgressReport, ProgressStatus, ReportState


@dataclass
class Progress:
    owed: int = 0  # report rows opened
    due: int = 0  # of which due by today
    accepted: int = 0
    submitted: int = 0
    returned: int = 0
    overdue: int = 0
    # Latest accepted progress status, counted per (task, agency).
    statuses: dict = field(default_factory=dict)

    @property
    def percent(self):
        """Share of the reports due so far that were accepted."""
        return round(100 * self.accepted / self.due) if self.due else 0

    def add(self, other):
        for name in ("owed", "due", "accepted", "submitted", "returned", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, n in other.statuses.items():
            self.statuses[key] = self.statuses.get(key, 0) + n

    def status_rows(self):
        return [(s, s.label, self.statuses.get(s.value, 0)) for s in ProgressStatus]


def progress_by(reports, key, on=None):
    """{key value: Progress} for a queryset of reports, grouped by `key`
    (e.g. "task_id" or "task__plan_id"). Two queries."""
    on = on or timezone.localdate()
    open_states = [ReportState.DRAFT, ReportState.RETURNED]
    rows = reports.values(key).annotate(
        owed=Count("pk"),
        due=Count("pk", filter=Q(due_on__lte=on) | Q(state=ReportState.ACCEPTED)),
        accepted=Count("pk", filter=Q(state=ReportState.ACCEPTED)),
        submitted=Count("pk", filter=Q(state=ReportState.SUBMITTED)),
        returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
        overdue=Count("pk", filter=Q(state__in=open_states, due_on__lt=on)),
    )
    result = {}
    for row in rows.order_by():
        group = row.pop(key)
        result[group] = Progress(**row)
    latest = {}
    accepted = (
        reports.filter(state=ReportState.ACCEPTED)
        .order_by("period_end", "pk")
        .values_list(key, "task_id", "agency_id", "status")
    )
    for group, task_id, agency_id, status in accepted:
        latest[(group, task_id, agency_id)] = status
    for (group, _task, _agency), status in latest.items():
        stats = result.setdefault(group, Progress()).statuses
        stats[status] = stats.get(status, 0) + 1
    return result


def task_progress(task_ids, on=None):
    return progress_by(ProgressReport.objects.filter(task_id__in=task_ids), "task_id", on)


def plan_progress(plan_ids, on=None):
    return progress_by(
        ProgressReport.objects.filter(task__plan_id__in=plan_ids), "task__plan_id", on
    )


def sub_plan_rollup(parent_task_ids, on=None):
    """{parent task id: Progress of all its sub-plans together}."""
    reports = ProgressReport.objects.filter(task__plan__parent_task_id__in=parent_task_ids)
    return progress_by(reports, "task__plan__parent_task_id", on)
