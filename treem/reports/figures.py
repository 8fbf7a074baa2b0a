"""The figures assessments and reports are built from: counts over the
registry and the plan for one unit (a ward, or the province) and one year.

Only counts leave this module, never a child's record. Callers check the
user's right over the unit first; the registry queries are further limited
to the user's scope for `perm`, so a figure can never include children the
user could not reach."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_filter
from treem.areas.models import Level
from treem.areas.services import rollup_unit_ids
from treem.children.models import Child, CircumstanceEpisode, IdStatus, Sex, Support
from treem.children.models.child import BirthRegistration, Status
from treem.plans.models import ProgressReport
from treem.plans.progress import Progress, progress_by

# Age bands of the statistical forms (Thông tư 13/2021), in completed years.
AGE_BANDS = ((0, 2), (3, 5), (6, 10), (11, 15))


def share(numerator, denominator):
    """A percentage with one decimal, or None when there is nothing to divide."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_end(year):
    return datetime.date(year, 12, 31)


def _children(unit, user, perm):
    children = Child.objects.all()
    if user is not None:
        children = scope_filter(children, user, perm)
    if unit.level == Level.PROVINCE:
        return children.filter(ward__province_id=unit.pk)
    return children.filter(ward=unit)


def _birthday_years_ago(on, years):
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


@dataclass
class ChildFigures:
    total: int = 0
    male: int = 0
    female: int = 0
    with_id: int = 0
    birth_registered: int = 0
    # [(label, male, female)] per age band.
    bands: list = field(default_factory=list)
    special: int = 0
    supported: int = 0
    # [(group name, children)] for groups with any child.
    by_group: list = field(default_factory=list)

    @property
    def id_share(self):
        return share(self.with_id, self.total)

    @property
    def birth_share(self):
        return share(self.birth_registered, self.total)

    @property
    def supported_share(self):
        return share(self.supported, self.special)

    @property
    def special_share(self):
        return share(self.special, self.total)


def child_figures(unit, year, *, user=None, perm=Perm.ASSESS_WARDS):
    """The children under 16 living in `unit` at the end of `year` (or today
    if earlier), counted as the registry knows them now."""
    on = min(year_end(year), timezone.localdate())
    start = datetime.date(year, 1, 1)
    children = _children(unit, user, perm).filter(
        status=Status.ACTIVE, date_of_birth__lte=on, date_of_birth__gt=_birthday_years_ago(on, 16)
    )
    bands = {}
    for low, high in AGE_BANDS:
        # Born after the (high+1)th birthday cut-off and on or before the low one.
        younger = _birthday_years_ago(on, low)
        older = _birthday_years_ago(on, high + 1)
        band = Q(date_of_birth__lte=younger, date_of_birth__gt=older)
        bands[f"m{low}"] = Count("pk", filter=band & Q(sex=Sex.MALE))
        bands[f"f{low}"] = Count("pk", filter=band & Q(sex=Sex.FEMALE))
    in_group = CircumstanceEpisode.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start), child=OuterRef("pk"), started_on__lte=on
    )
    helped = Support.objects.filter(child=OuterRef("pk"), received_on__range=(start, on))
    row = children.aggregate(
        total=Count("pk"),
        male=Count("pk", filter=Q(sex=Sex.MALE)),
        female=Count("pk", filter=Q(sex=Sex.FEMALE)),
        with_id=Count("pk", filter=Q(id_status=IdStatus.OK)),
        birth_registered=Count("pk", filter=Q(birth_registration=BirthRegistration.REGISTERED)),
        special=Count("pk", filter=Q(Exists(in_group))),
        supported=Count("pk", filter=Q(Exists(in_group)) & Q(Exists(helped))),
        **bands,
    )
    figures = ChildFigures(
        **{k: row[k] or 0 for k in ChildFigures.__dataclass_fields__ if k in row}
    )
    figures.bands = [
        (f"{low}–{high}", row[f"m{low}"] or 0, row[f"f{low}"] or 0) for low, high in AGE_BANDS
    ]
    groups = (
        CircumstanceEpisode.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start),
            started_on__lte=on,
            child__in=children,
        )
        .values("code__code", "code__name")
        .annotate(n=Count("child", distinct=True))
        .order_by("code__code")
    )
    figures.by_group = [(g["code__name"], g["n"]) for g in groups]
    return figures


def plan_progress(unit, year):
    """How the reports owed for `year` by the agencies of `unit` stand:
    (overall Progress, {task_id: Progress}), reusing the plan's own counts."""
    reports = ProgressReport.objects.filter(period_end__year=year)
    if unit.level == Level.PROVINCE:
        reports = reports.filter(agency__unit__province_id=unit.pk)
    else:
        reports = reports.filter(agency__unit_id__in=rollup_unit_ids(unit))
    by_task = progress_by(reports, "task_id", on=min(year_end(year), timezone.localdate()))
    overall = Progress()
    for progress in by_task.values():
        overall.add(progress)
    return overall, by_task


def indicator_rows(*, user, unit, year, codes=None):
    """Rows of the indicator catalogue (treem.indicators.query), or [] where
    the catalogue is not installed or the user may not see the unit's
    aggregates."""
    if user is None:
        return []
    try:
        from treem.indicators.query import indicator_table
    except ModuleNotFoundError as exc:
        if exc.name != "treem.indicators.query":
            raise
        return []
    # Officers who may open the children's records get the exact small
    # counts an official report must state; everyone else the suppressed ones.
    suppress = not has_perm(user, Perm.VIEW_PERSONAL, unit)
    try:
        return indicator_table(user=user, unit=unit, year=year, codes=codes, suppress=suppress)
    except Http404:
        return []
