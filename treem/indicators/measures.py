"""What the analytics store counts. A measure is a count of children (or of
cases) at the end of a year, by recorded unit, sex and age, sometimes by a
group. Each child measure is a condition on the child's counted attributes,
written once and read both as a database filter (full refresh) and in Python
(incremental refresh), so that both refreshes count the same thing."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A child is counted at the end of year Y when 0 <= Y - birth year <= 15 (under
# 16 at the year's end) and still in the registry then (ChildSnapshot.last_year).
MAX_AGE = 15
STILL_COUNTED = 9999

NUTRITION_MEASURED = ("normal", "underweight", "stunting", "wasting", "overweight")

CHILD_MEASURES = {
    "population": {},
    "id_ok": {"id_status": ("ok",)},
    "id_missing": {"id_status": ("missing",)},
    "id_invalid": {"id_status": ("invalid",)},
    "birth_registered": {"birth_registration": ("registered",)},
    "nursery": {"school_level": ("nursery",)},
    "kindergarten": {"school_level": ("kindergarten",)},
    "vaccinated": {"fully_vaccinated": (True,)},
    "nutrition_measured": {"nutrition_status": NUTRITION_MEASURED},
    "underweight": {"nutrition_status": ("underweight",)},
    "stunting": {"nutrition_status": ("stunting",)},
}

# Children with a special-circumstance episode overlapping the year: all of
# them (a child in two groups once), by group, and those who received support
# that year.
EPISODE_MEASURES = ("sc", "sc_group", "sc_supported")

# Child-protection cases (treem.cases), counted by the year the harm was reported.
CASE_MEASURES = ("abused", "cases_open", "cases_overdue")

MEASURE_LABELS = {
    "population": _("Children (under 16)"),
    "id_ok": _("Children with a valid personal ID"),
    "id_missing": _("Children without a personal ID"),
    "id_invalid": _("Children with an invalid personal ID"),
    "birth_registered": _("Children with a registered birth"),
    "nursery": _("Children at nursery"),
    "kindergarten": _("Children at kindergarten"),
    "vaccinated": _("Children fully vaccinated for their age"),
    "nutrition_measured": _("Children whose nutrition was measured"),
    "underweight": _("Underweight children"),
    "stunting": _("Stunted children"),
    "sc": _("Children in special circumstances"),
    "sc_group": _("Children in special circumstances, by group"),
    "sc_supported": _("Children in special circumstances who received support"),
    "abused": _("Abused children (cases)"),
    "cases_open": _("Open child-protection cases, by stage"),
    "cases_overdue": _("Overdue child-protection cases"),
}


def measure_q(name):
    q = Q()
    for field, values in CHILD_MEASURES[name].items():
        if values == (True,):
            q &= Q(**{field: True})
        else:
            q &= Q(**{f"{field}__in": values})
    return q


def matches(name, row):
    return all(row[field] in values for field, values in CHILD_MEASURES[name].items())


def counted(birth_year, last_year, year):
    return 0 <= year - birth_year <= MAX_AGE and last_year >= year


# Measures other apps count (treem.assistance: injuries, child labour): each
# source is a module with MEASURES, MEASURE_LABELS and contributions(years)
# keyed like Aggregate, registered from its app's ready() and recounted whole
# at every refresh, as the case measures are.
SOURCES = []


def register_source(source):
    if source not in SOURCES:
        SOURCES.append(source)
        MEASURE_LABELS.update(source.MEASURE_LABELS)
    return source


def source_measures():
    return {m for source in SOURCES for m in source.MEASURES}
