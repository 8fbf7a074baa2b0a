"""Landing-page sections: an agency's reporter sees its budget lines of the
year, spent against allocated; ward officers and the province see the
totals of their area. A fixed number of queries."""

from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm

from .models import BudgetLine
from .summary import grand_total, totals_by

SHOWN = 8


def today():
    return timezone.localdate()


def budget_section(request):
    user = request.user
    own = agencies_for(user)
    manages = has_perm(user, Perm.MANAGE_PLANS)
    if not (own or manages):
        return None
    year = today().year
    lines = BudgetLine.objects.visible_to(user).filter(year=year)
    totals = totals_by(lines)
    section = {
        "template": "budgets/landing.html",
        "order": 35,
        "year": year,
        "total": grand_total(totals),
        "lines": None,
    }
    if own and not manages:
        rows = list(
            lines.select_related("task", "agency").order_by("task__order", "agency__name")[:SHOWN]
        )
        section["lines"] = [(line, totals.get(line.pk) or grand_total({})) for line in rows]
        section["more"] = len(totals) > len(rows)
    elif not totals:
        return None
    return section
