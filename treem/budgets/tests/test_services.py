import datetime
from decimal import Decimal

from treem.audit.models import Action, AuditEvent

from ..models import BudgetLine, Form, Spending
from ..money import vnd
from ..services import (
    BudgetError,
    BudgetPermissionError,
    activity_suggestions,
    add_allocation,
    add_mobilisation,
    add_spending,
    open_budget_line,
    remove_entry,
)
from ..summary import totals_by
from .base import YEAR, BudgetTestCase


class MoneyTests(BudgetTestCase):
    def test_amounts_read_the_vietnamese_way(self):
        self.assertEqual(vnd(Decimal("1234567")), "1.234.567 đ")
        self.assertEqual(vnd(0), "0 đ")


class LineTests(BudgetTestCase):
    def test_the_totals_add_allocated_mobilised_and_spent(self):
        line = self.funded_line(spent=6_000_000)
        add_mobilisation(
            line,
            actor=None,
            amount=2_000_000,
            donor="Công ty Hoàng Long",
            form=Form.IN_KIND,
            received_on=datetime.date(YEAR, 6, 1),
        )
        t = totals_by(BudgetLine.objects.all())[line.pk]
        self.assertEqual(t.allocated, 20_000_000)
        self.assertEqual((t.mobilised_cash, t.mobilised_in_kind), (5_000_000, 2_000_000))
        self.assertEqual(t.spent, 6_000_000)
        self.assertEqual(t.remaining, 21_000_000)
        self.assertEqual(t.percent_spent, "22,2")
        self.assertEqual(t.percent_of_allocated, "30,0")

    def test_opening_a_line_twice_gives_the_same_line(self):
        self.assertEqual(self.line(), self.line())
        self.assertEqual(BudgetLine.objects.count(), 1)
        self.assertEqual(self.line().unit, self.ward_a)

    def test_every_write_is_audited(self):
        line = self.funded_line(spent=1_000_000)
        created = AuditEvent.objects.filter(
            action=Action.CREATE, subject_type__startswith="budgets"
        )
        self.assertEqual(
            sorted(created.values_list("subject_type", flat=True)),
            [
                "budgets.allocation",
                "budgets.budgetline",
                "budgets.mobilisation",
                "budgets.spending",
            ],
        )
        self.assertTrue(all(e.unit_id == self.ward_a.pk for e in created))
        entry = Spending.objects.get(line=line)
        remove_entry(entry, actor=self.reporter_a)
        event = AuditEvent.objects.get(action=Action.DELETE, subject_type="budgets.spending")
        self.assertEqual(event.actor, self.reporter_a)
        self.assertEqual(event.changes["amount"]["old"], "1000000")

    def test_bad_input_is_refused_in_vietnamese_words(self):
        line = self.line()
        with self.assertRaises(BudgetError):
            add_allocation(line, actor=None, amount=0, source="QĐ 1")
        with self.assertRaises(BudgetError):
            add_allocation(line, actor=None, amount=Decimal("10.5"), source="QĐ 1")
        with self.assertRaises(BudgetError):
            add_allocation(line, actor=None, amount=1000, source=" ")
        with self.assertRaises(BudgetError):
            add_spending(
                line,
                actor=None,
                amount=1000,
                spent_on=datetime.date(YEAR + 1, 1, 2),
                purpose="Sai năm",
            )
        with self.assertRaises(BudgetError):
            add_mobilisation(
                line, actor=None, amount=1000, donor="", received_on=datetime.date(YEAR, 1, 2)
            )

    def test_an_agency_records_only_its_own_lines(self):
        line = self.line()
        with self.assertRaises(BudgetPermissionError):
            add_allocation(line, actor=self.officer_b, amount=1000, source="QĐ 1")
        with self.assertRaises(BudgetPermissionError):
            open_budget_line(
                actor=self.reporter_a, task=self.police_task, agency=self.police_b, year=YEAR
            )
        # The ward's officer and the province record for the ward's agencies.
        add_allocation(line, actor=self.officer_a, amount=1000, source="QĐ 1")
        add_allocation(line, actor=self.province_officer, amount=1000, source="QĐ 2")
        add_allocation(line, actor=self.reporter_a, amount=1000, source="QĐ 3")
        self.assertEqual(line.allocations.count(), 3)


class ActivityCostTests(BudgetTestCase):
    """An activity's cost is a suggestion: it counts once entered as
    spending, and an activity is paid from one entry only."""

    def test_the_cost_is_suggested_until_it_is_spent_and_then_never_again(self):
        line = self.line()
        activity = self.activity(day=datetime.date(YEAR, 8, 10))
        self.assertEqual(list(activity_suggestions(line)), [activity])
        self.assertEqual(totals_by(BudgetLine.objects.all()), {})  # not counted by itself
        add_spending(
            line,
            actor=self.reporter_a,
            amount=activity.cost,
            spent_on=activity.ends_on,
            purpose=activity.title,
            activity=activity,
        )
        self.assertEqual(list(activity_suggestions(line)), [])
        other = self.line(task=self.plan.tasks.exclude(pk=self.police_task.pk).first())
        activity.tasks.add(other.task)
        for target in (line, other):
            with self.assertRaises(BudgetError):
                add_spending(
                    target,
                    actor=None,
                    amount=1000,
                    spent_on=activity.ends_on,
                    purpose="Lần nữa",
                    activity=activity,
                )
        self.assertEqual(totals_by(BudgetLine.objects.all())[line.pk].spent, activity.cost)

    def test_an_activity_of_another_agency_or_task_is_refused(self):
        line = self.line()
        theirs = self.activity(self.police_b, day=datetime.date(YEAR, 8, 10))
        with self.assertRaises(BudgetError):
            add_spending(
                line,
                actor=None,
                amount=1000,
                spent_on=datetime.date(YEAR, 8, 10),
                purpose="x",
                activity=theirs,
            )
        other_task = self.line(task=self.plan.tasks.exclude(pk=self.police_task.pk).first())
        mine = self.activity(day=datetime.date(YEAR, 8, 11))
        with self.assertRaises(BudgetError):
            add_spending(
                other_task,
                actor=None,
                amount=1000,
                spent_on=datetime.date(YEAR, 8, 11),
                purpose="x",
                activity=mine,
            )
