"""Everything one report needs, gathered once before the documents are
written: the registry's counts, the indicator rows, the assessments, the
plan's progress."""

from dataclasses import dataclass, field

from treem.accounts.permissions import Perm
from treem.areas.models import Level
from treem.plans.models import Inspection, Task

from ..figures import ChildFigures, child_figures, indicator_rows, plan_progress
from ..models import Assessment, ReportKind
from ..models.criteria_set import SetKind
from .plan_work import gather_plan_work


@dataclass
class ReportData:
    report: object
    children: ChildFigures
    indicators: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    progress: object = None
    task_progress: list = field(default_factory=list)  # [(task, Progress)]
    inspections: list = field(default_factory=list)
    difficulties: list = field(default_factory=list)  # from accepted reports
    plan_work: object = None  # activities and budgets of the year (plan_work.py)

    @property
    def is_province(self):
        return self.report.unit.level == Level.PROVINCE


def gather(report, user):
    unit, year = report.unit, report.year
    data = ReportData(
        report=report,
        children=child_figures(unit, year, user=user, perm=Perm.GENERATE_REPORTS),
        indicators=indicator_rows(user=user, unit=unit, year=year),
    )
    # The report's table is of child-friendly wards (QĐ 06), not of schools or families.
    assessments = Assessment.objects.filter(year=year, kind=SetKind.WARD).select_related(
        "unit", "threshold"
    )
    if unit.level == Level.PROVINCE:
        assessments = assessments.filter(unit__province_id=unit.pk)
    else:
        assessments = assessments.filter(unit=unit)
    data.assessments = list(assessments.order_by("unit__name"))
    data.plan_work = gather_plan_work(unit, year)
    if report.kind == ReportKind.DIRECTIVE_28:
        overall, by_task = plan_progress(unit, year)
        data.progress = overall
        tasks = Task.objects.filter(pk__in=by_task).select_related("section", "lead_agency")
        data.task_progress = [(t, by_task[t.pk]) for t in tasks.order_by("plan", "order")]
        plan_ids = {t.plan_id for t, _p in data.task_progress}
        data.inspections = list(
            Inspection.objects.filter(plan_id__in=plan_ids, year=year).order_by("kind")
        )
        data.difficulties = _accepted_texts(unit, year)
    return data


def _accepted_texts(unit, year):
    """Difficulties and proposals the unit's agencies wrote in their accepted
    reports of the year: the raw material of the report's last section."""
    from treem.areas.services import rollup_unit_ids
    from treem.plans.models import ProgressReport, ReportState

    reports = ProgressReport.objects.filter(period_end__year=year, state=ReportState.ACCEPTED)
    if unit.level == Level.PROVINCE:
        reports = reports.filter(agency__unit__province_id=unit.pk)
    else:
        reports = reports.filter(agency__unit_id__in=rollup_unit_ids(unit))
    rows = reports.exclude(difficulties="", proposals="").select_related("agency")
    return [
        (r.agency.name, r.difficulties.strip(), r.proposals.strip())
        for r in rows.order_by("agency__name", "period_end")[:50]
    ]
