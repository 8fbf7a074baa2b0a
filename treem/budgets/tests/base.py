"""The personas, the Directive 28 plan, the activities' helpers, and a
budget line of ward A's police for task III.4.1 in 2026, written through
the services."""

import datetime

from treem.activities.tests.base import ActivityTestCase

from ..models import Form
from ..services import add_allocation, add_mobilisation, add_spending, open_budget_line

YEAR = 2026


class BudgetTestCase(ActivityTestCase):
    def line(self, agency=None, task=None, year=YEAR):
        return open_budget_line(
            actor=None, task=task or self.police_task, agency=agency or self.police_a, year=year
        )

    def funded_line(self, agency=None, *, allocated=20_000_000, mobilised=5_000_000, spent=0):
        line = self.line(agency)
        add_allocation(line, actor=None, amount=allocated, source="Quyết định số 125/QĐ-UBND")
        if mobilised:
            add_mobilisation(
                line,
                actor=None,
                amount=mobilised,
                donor="Quỹ Bảo trợ trẻ em tỉnh",
                form=Form.CASH,
                received_on=datetime.date(YEAR, 5, 20),
            )
        if spent:
            add_spending(
                line,
                actor=None,
                amount=spent,
                spent_on=datetime.date(YEAR, 6, 2),
                purpose="In tờ rơi",
            )
        return line
