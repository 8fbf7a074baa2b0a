"""Demo data: the year's budget for the tasks and agencies of the demo plan
(the ward agencies that carry out its tasks): state allocations with their
decisions, two sponsors, and spending, some of it paying for the demo
activities. Written through the services; running it again adds nothing."""

import datetime
import random

from django.utils import timezone

from treem.activities.demo import _tasks_by_agency
from treem.activities.models import Activity
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.plans.periods import AgencyGraph

from .models import BudgetLine, Form
from .services import add_allocation, add_mobilisation, add_spending, open_budget_line

TASKS_PER_AGENCY = 2
SPONSORS = [
    ("Quỹ Bảo trợ trẻ em tỉnh Nghệ An", Form.CASH, "Hỗ trợ tổ chức hoạt động"),
    ("Công ty TNHH Thương mại Hoàng Long (minh họa)", Form.IN_KIND, "Sách vở, áo phao cho trẻ em"),
]


def _line(rng, agency, task, year, n):
    line = open_budget_line(actor=None, task=task, agency=agency, year=year)
    add_allocation(
        line,
        actor=None,
        amount=rng.choice([10, 15, 20, 30, 50]) * 1_000_000,
        source=f"Quyết định số {100 + n}/QĐ-UBND giao dự toán ngân sách năm {year}",
        decided_on=datetime.date(year - 1, 12, 20),
    )
    if n % 2 == 0:
        donor, form, note = SPONSORS[(n // 2) % len(SPONSORS)]
        add_mobilisation(
            line,
            actor=None,
            amount=rng.choice([2, 3, 5, 8]) * 1_000_000,
            donor=donor,
            form=form,
            received_on=datetime.date(year, 5, 25),
            note=note,
        )
    activities = Activity.objects.filter(
        agency=agency, tasks=task, starts_on__year=year, cost__gt=0
    ).order_by("starts_on", "pk")
    for activity in activities[:2]:
        try:
            add_spending(
                line,
                actor=None,
                amount=activity.cost,
                spent_on=activity.ends_on,
                purpose=activity.title,
                activity=activity,
            )
        except ValueError:
            continue  # already paid from another task's line
    today = timezone.localdate()
    add_spending(
        line,
        actor=None,
        amount=rng.choice([1, 2, 4]) * 500_000,
        spent_on=min(today, datetime.date(year, 3, 15)),
        purpose="In tờ rơi, pa nô tuyên truyền",
    )
    return line


def seed_budgets(people, options):
    rng = random.Random(options.get("seed", 1))
    year = timezone.localdate().year
    wards = AdminUnit.objects.in_force().filter(level=Level.WARD)
    agencies = list(
        Agency.objects.in_force()
        .filter(unit__in=wards)
        .exclude(pk__in=BudgetLine.objects.filter(year=year).values("agency_id"))
        .select_related("unit")
        .order_by("unit_id", "pk")
    )
    made = 0
    for agency, tasks in _tasks_by_agency(AgencyGraph(), agencies).items():
        for task in tasks[:TASKS_PER_AGENCY]:
            _line(rng, agency, task, year, made)
            made += 1
    return [f"budgets: {made} budget lines for {year}"]
