"""The plan's activities and budgets in the official reports: the year's
activities of the unit's agencies by task (kind, date, organiser, audience
counts) and the budget per task (allocated, mobilised, spent), gathered once
and written in the .docx and the annex.

An activity serving two tasks is listed under each (the list is by task);
budgets count spending entries only, never the activities' recorded cost
(treem/budgets/models.py), so no cost is counted twice."""

from dataclasses import dataclass, field

from docx.shared import Pt

from treem.areas.services import rollup_unit_ids
from treem.core.documents import add_heading, add_table, add_text

from .common import number, set_widths

SHOWN_PER_TASK = 15


@dataclass
class TaskActivities:
    task: object
    activities: list = field(default_factory=list)  # [(activity, totals dict)]


@dataclass
class PlanWork:
    activities: list = field(default_factory=list)  # [TaskActivities] in plan order
    activity_count: int = 0
    budget: list = field(default_factory=list)  # [(task, Totals)] in plan order
    budget_total: object = None


def gather_plan_work(unit, year):
    from treem.activities.models import Activity
    from treem.budgets.models import BudgetLine
    from treem.budgets.summary import grand_total, totals_by
    from treem.plans.models import Task

    units = rollup_unit_ids(unit)
    work = PlanWork()
    activities = list(
        Activity.objects.filter(unit_id__in=units, starts_on__year=year)
        .select_related("kind", "agency")
        .prefetch_related("audience", "tasks")
        .order_by("starts_on", "pk")
    )
    work.activity_count = len(activities)
    by_task = {}
    for activity in activities:
        totals = activity.totals()
        for task in activity.tasks.all():
            by_task.setdefault(task.pk, []).append((activity, totals))
    lines = BudgetLine.objects.filter(unit_id__in=units, year=year)
    budget = totals_by(lines, "task_id")
    tasks = Task.objects.filter(pk__in=set(by_task) | set(budget)).order_by("plan_id", "order")
    for task in tasks:
        if task.pk in by_task:
            work.activities.append(TaskActivities(task, by_task[task.pk]))
        if task.pk in budget:
            work.budget.append((task, budget[task.pk]))
    work.budget_total = grand_total(budget)
    return work


def audience_text(totals):
    parts = [
        f"{number(totals[key])} {label}"
        for key, label in (
            ("children", "trẻ em"),
            ("parents", "cha mẹ, người chăm sóc"),
            ("officials", "cán bộ, cộng tác viên"),
        )
        if totals.get(key)
    ]
    return ", ".join(parts) or "—"


def add_activities(document, data):
    work = data.plan_work
    add_heading(document, "Các hoạt động đã triển khai", level=2)
    if not work.activity_count:
        add_text(document, f"Chưa có hoạt động nào năm {data.report.year} trong hệ thống.")
        return
    add_text(
        document,
        f"Năm {data.report.year}, các cơ quan, đơn vị đã tổ chức {number(work.activity_count)} "
        "hoạt động thực hiện các nhiệm vụ của kế hoạch, cụ thể:",
    )
    for group in work.activities:
        add_text(document, f"Nhiệm vụ {group.task.number}: {group.task.content[:200]}", bold=True)
        rows = [
            [
                a.kind.name,
                a.starts_on.strftime("%d/%m/%Y"),
                a.title,
                a.agency.name,
                audience_text(totals),
            ]
            for a, totals in group.activities[:SHOWN_PER_TASK]
        ]
        table = add_table(
            document, ["Loại", "Ngày", "Hoạt động", "Đơn vị tổ chức", "Người tham gia"], rows
        )
        set_widths(table, (24, 20, 50, 35, 36))
        more = len(group.activities) - SHOWN_PER_TASK
        if more > 0:
            add_text(document, f"Và {more} hoạt động khác (chi tiết tại Phụ lục).", italic=True)


def add_budget(document, data):
    work = data.plan_work
    add_heading(document, "Kinh phí thực hiện", level=2)
    if not work.budget:
        add_text(document, f"Chưa có số liệu kinh phí năm {data.report.year} trong hệ thống.")
        return
    t = work.budget_total
    add_text(
        document,
        f"Năm {data.report.year}, kinh phí được giao {number(t.allocated)} đồng, huy động "
        f"{number(t.mobilised)} đồng từ nhà tài trợ, đã chi {number(t.spent)} đồng"
        + (f" ({t.percent_spent}% tổng nguồn)." if t.percent_spent else "."),
    )
    rows = [
        [
            task.number,
            task.content[:120],
            number(b.allocated),
            number(b.mobilised),
            number(b.spent),
            number(b.remaining),
        ]
        for task, b in work.budget
    ]
    rows.append(
        [
            "",
            "Tổng cộng",
            number(t.allocated),
            number(t.mobilised),
            number(t.spent),
            number(t.remaining),
        ]
    )
    table = add_table(
        document,
        ["Nhiệm vụ", "Nội dung", "Được giao", "Huy động", "Đã chi", "Còn lại"],
        rows,
        size=Pt(11),
    )
    set_widths(table, (18, 55, 24, 22, 24, 22))
    add_text(document, "Đơn vị tính: đồng.", italic=True)


ACTIVITY_HEADINGS = [
    "STT",
    "Hoạt động",
    "Nhiệm vụ",
    "Loại",
    "Từ ngày",
    "Đến ngày",
    "Đơn vị tổ chức",
    "Trẻ em",
    "Cha mẹ, người chăm sóc",
    "Cán bộ, cộng tác viên",
]
BUDGET_HEADINGS = [
    "STT",
    "Nội dung nhiệm vụ",
    "Số hiệu",
    "Được giao",
    "Huy động",
    "Đã chi",
    "Còn lại",
    "Tỷ lệ đã chi (%)",
]


def activity_rows(work):
    rows = []
    for group in work.activities:
        for a, totals in group.activities:
            rows.append(
                [
                    len(rows) + 1,
                    a.title,
                    group.task.number,
                    a.kind.name,
                    a.starts_on.strftime("%d/%m/%Y"),
                    a.ends_on.strftime("%d/%m/%Y"),
                    a.agency.name,
                    totals.get("children", 0),
                    totals.get("parents", 0),
                    totals.get("officials", 0),
                ]
            )
    return rows


def budget_rows(work):
    rows = [
        [
            n,
            task.content,
            task.number,
            int(b.allocated),
            int(b.mobilised),
            int(b.spent),
            int(b.remaining),
            b.percent_spent or "",
        ]
        for n, (task, b) in enumerate(work.budget, start=1)
    ]
    t = work.budget_total
    rows.append(
        [
            "",
            "Tổng cộng",
            "",
            int(t.allocated),
            int(t.mobilised),
            int(t.spent),
            int(t.remaining),
            t.percent_spent or "",
        ]
    )
    return rows
