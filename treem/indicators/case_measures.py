"""Measures read from child-protection cases (treem.cases), recounted whole
at every refresh (cases are few):

- abused: children of cases received in the year (indicator 0101), by the
  child's sex and age that year and by setting, except cases closed at intake
  as not substantiated and cases handed over to another ward (counted there);
- cases_open / cases_overdue: open cases now, by stage (status), and those
  whose current step is past its time limit, stored under this year.

The setting comes from the intake's perpetrator relation (Mẫu 01 records no
place category): family, school, community, online, other.
"""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from .measures import CASE_MEASURES

MEASURES = CASE_MEASURES

SETTINGS = {
    "parent": "family",
    "step_parent": "family",
    "relative": "family",
    "caregiver": "family",
    "teacher": "school",
    "peer": "school",
    "neighbour": "community",
    "stranger": "community",
    "online": "online",
}


def setting_labels():
    return {
        "family": _("Family"),
        "school": _("School"),
        "community": _("Community"),
        "online": _("Online"),
        "other": _("Other or unknown"),
    }


def _cases_available():
    try:
        from treem.cases.models import Case  # noqa: F401
    except ImportError:
        return False
    return True


def contributions(years):
    """Counter keyed like Aggregate."""
    out = Counter()
    if not _cases_available():
        return out
    from treem.cases.models import FINAL_STATUSES, Case, CaseStatus

    first, last = min(years), max(years)
    rows = (
        Case.objects.order_by()
        .filter(received_at__year__gte=first, received_at__year__lte=last)
        .exclude(status__in=(CaseStatus.CLOSED_UNSUBSTANTIATED, CaseStatus.TRANSFERRED))
        .values_list(
            "unit_id",
            "received_at",
            "child_id",
            "child__sex",
            "child__date_of_birth",
            "intake__perpetrator_relation",
        )
    )
    seen = set()
    for unit_id, received_at, child_id, sex, dob, relation in rows:
        year = timezone.localtime(received_at).year
        # A child harmed twice in a year is one abused child that year.
        if (child_id, year) in seen:
            continue
        seen.add((child_id, year))
        setting = SETTINGS.get(relation or "", "other")
        out[(str(year), unit_id, "abused", sex, year - dob.year, setting)] += 1
    now = timezone.now()
    period = str(last)
    open_cases = Case.objects.order_by().exclude(status__in=FINAL_STATUSES)
    for unit_id, status, due_at in open_cases.values_list("unit_id", "status", "due_at"):
        out[(period, unit_id, "cases_open", "", -1, status)] += 1
        if due_at is not None and due_at < now:
            out[(period, unit_id, "cases_overdue", "", -1, status)] += 1
    return out


def _stage_rows(dashboard):
    from treem.cases.models import CaseStatus

    from .dashboard import small, store_years

    # Open and overdue cases are counted as of the last refresh, under its year.
    period = str(store_years()[-1])
    counts = Counter()
    for _unit, measure, group, n in dashboard._store_by_unit(
        ["cases_open", "cases_overdue"], period, by_group=True
    ):
        counts[(measure, group)] += n
    rows = []
    for value, label in CaseStatus.choices:
        opened = counts[("cases_open", value)]
        if opened:
            rows.append((label, small(opened), small(counts[("cases_overdue", value)])))
    return rows


def _setting_rows(dashboard):
    from .dashboard import small

    counts = Counter()
    for _unit, _m, group, n in dashboard._store_by_unit(["abused"], str(dashboard.year), True):
        counts[group] += n
    return [(label, small(counts[key])) for key, label in setting_labels().items() if counts[key]]


AGE_BANDS = ((0, 5), (6, 10), (11, 15))


def _sex_age_rows(dashboard):
    """Abused children by age band (rows) and sex (columns)."""
    from django.db.models import Sum

    from .dashboard import small
    from .models import Aggregate

    qs = Aggregate.objects.filter(period=str(dashboard.year), measure="abused")
    ids = dashboard.units["u"]
    if ids is not None:
        qs = qs.filter(unit_id__in=ids)
    counts = Counter()
    for sex, age, n in qs.values_list("sex", "age").annotate(n=Sum("value")).order_by():
        band = next((b for b in AGE_BANDS if b[0] <= age <= b[1]), None)
        if band:
            counts[(band, sex)] += n
    rows = []
    for band in AGE_BANDS:
        girls, boys = counts[(band, "F")], counts[(band, "M")]
        if girls or boys:
            rows.append((f"{band[0]}–{band[1]}", small(girls), small(boys)))
    return rows


def dashboard_rows(dashboard):
    """{"stages": [(stage, open, overdue)], "settings": [(setting, abused)]} or {}."""
    if not _cases_available():
        return {}
    stages, settings = _stage_rows(dashboard), _setting_rows(dashboard)
    by_age = _sex_age_rows(dashboard)
    if not stages and not settings and not by_age:
        return {}
    return {"stages": stages, "settings": settings, "by_age": by_age}


def dashboard_table(dashboard):
    rows = dashboard_rows(dashboard)
    table = [
        [_("Open cases by stage"), label, opened, overdue]
        for label, opened, overdue in rows.get("stages", [])
    ]
    table += [
        [_("Abused children by age (girls / boys)"), band, girls, boys]
        for band, girls, boys in rows.get("by_age", [])
    ]
    table += [
        [_("Abused children by setting"), label, n, ""] for label, n in rows.get("settings", [])
    ]
    headers = [_("Table"), _("Row"), _("Number (or girls)"), _("Overdue (or boys)")]
    return (headers, table)
