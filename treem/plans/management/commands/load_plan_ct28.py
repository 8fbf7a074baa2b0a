from django.core.management.base import BaseCommand, CommandError

from treem.plans.services import PlanError
from treem.plans.services.loader import load_plan_ct28


class Command(BaseCommand):
    help = (
        "Load the plan of Thành ủy Vinh implementing Directive 28-CT/TW (documents, sections, "
        "tasks of section III) from treem/plans/data/ct28-plan.yaml. Idempotent; needs "
        "load_areas and load_agencies first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="another data file in the same layout")

    def handle(self, *args, **options):
        try:
            plan = load_plan_ct28(path=options.get("file"))
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{plan.title}: {plan.sections.count()} sections, {plan.tasks.count()} tasks"
        )
