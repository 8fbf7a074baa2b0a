"""Read-side sums: allocated, mobilised and spent per line, per task or in
total, in three grouped queries whatever the number of lines. Each kind of
entry is summed on its own: a join of the three would multiply the rows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import Allocation, BudgetLine, Form, Mobilisation, Spending
from .money import percent

ZERO = Decimal(0)


@dataclass
class Totals:
    allocated: Decimal = ZERO
    mobilised_cash: Decimal = ZERO
    mobilised_in_kind: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def mobilised(self):
        return self.mobilised_cash + self.mobilised_in_kind

    @property
    def available(self):
        """Allocated and mobilised together: what the line may spend."""
        return self.allocated + self.mobilised

    @property
    def remaining(self):
        return self.available - self.spent

    @property
    def percent_spent(self):
        """Spent as a share of what was allocated and mobilised, "61,5"."""
        return percent(self.spent, self.available)

    @property
    def percent_of_allocated(self):
        return percent(self.spent, self.allocated)

    @property
    def overspent(self):
        return self.spent > self.available

    def add(self, other):
        for name in ("allocated", "mobilised_cash", "mobilised_in_kind", "spent"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def totals_by(lines, key="id"):
    """{value of `key` on the line: Totals} for a queryset of lines."""
    result = {}

    def bucket(value):
        return result.setdefault(value, Totals())

    line_key = f"line__{key}" if key != "id" else "line_id"
    ids = lines.values("pk")
    for row in (
        Allocation.objects.filter(line__in=ids)
        .values(line_key)
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        bucket(row[line_key]).allocated += row["total"]
    for row in (
        Mobilisation.objects.filter(line__in=ids)
        .values(line_key, "form")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        if row["form"] == Form.IN_KIND:
            bucket(row[line_key]).mobilised_in_kind += row["total"]
        else:
            bucket(row[line_key]).mobilised_cash += row["total"]
    for row in (
        Spending.objects.filter(line__in=ids)
        .values(line_key)
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        bucket(row[line_key]).spent += row["total"]
    return result


def grand_total(totals):
    out = Totals()
    for t in totals.values():
        out.add(t)
    return out


def task_totals(user, task_ids, year):
    """{task id: Totals} of the lines the user sees, for the plan matrix."""
    lines = BudgetLine.objects.visible_to(user).filter(task_id__in=task_ids, year=year)
    return totals_by(lines, "task_id")
