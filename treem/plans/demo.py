"""Demo data for the plan: the Directive 28 plan and the reports its bodies owe."""

from .models import Plan, PlanStatus
from .periods import AgencyGraph
from .services.loader import load_plan_ct28
from .services.reports import open_reports


def seed_plan(people, options):
    load_plan_ct28()
    graph = AgencyGraph()
    opened = sum(
        open_reports(plan, graph=graph) for plan in Plan.objects.filter(status=PlanStatus.ACTIVE)
    )
    return [f"plan: Directive 28 plan loaded; reports opened: {opened}"]
