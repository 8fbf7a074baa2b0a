"""Period keys: "2026" (year), "2026-H1", "2026-Q2", "2026-05" (month).
Sortable as strings within a type; each knows its first and last day."""

import datetime
import re

from django.utils.translation import gettext as _

from .models.catalogue import PeriodType

_PATTERNS = {
    PeriodType.YEAR: re.compile(r"^(\d{4})$"),
    PeriodType.HALF_YEAR: re.compile(r"^(\d{4})-H([12])$"),
    PeriodType.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    PeriodType.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
_MONTHS = {PeriodType.YEAR: 12, PeriodType.HALF_YEAR: 6, PeriodType.QUARTER: 3, PeriodType.MONTH: 1}


class PeriodError(ValueError):
    pass


def period_type_of(key):
    for kind, pattern in _PATTERNS.items():
        if pattern.match(key or ""):
            return kind
    raise PeriodError(
        _("“%(period)s” is not a period (e.g. 2026, 2026-H1, 2026-Q2, 2026-05).") % {"period": key}
    )


def _parts(key):
    kind = period_type_of(key)
    match = _PATTERNS[kind].match(key)
    year = int(match.group(1))
    index = int(match.group(2)) if kind != PeriodType.YEAR else 1
    return kind, year, index


def bounds(key):
    """(first day, last day) of the period."""
    kind, year, index = _parts(key)
    months = _MONTHS[kind]
    first_month = (index - 1) * months + 1
    start = datetime.date(year, first_month, 1)
    last_month = first_month + months - 1
    if last_month == 12:
        end = datetime.date(year, 12, 31)
    else:
        end = datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
    return start, end


def year_of(key):
    return _parts(key)[1]


def make(kind, year, index=1):
    if kind == PeriodType.YEAR:
        return f"{year}"
    if kind == PeriodType.HALF_YEAR:
        return f"{year}-H{index}"
    if kind == PeriodType.QUARTER:
        return f"{year}-Q{index}"
    return f"{year}-{index:02d}"


def previous(key):
    kind, year, index = _parts(key)
    if index > 1:
        return make(kind, year, index - 1)
    return make(kind, year - 1, 12 // _MONTHS[kind])


def periods_of_year(kind, year):
    return [make(kind, year, i) for i in range(1, 12 // _MONTHS[kind] + 1)]


def label(key):
    kind, year, index = _parts(key)
    if kind == PeriodType.YEAR:
        return _("Year %(year)s") % {"year": year}
    if kind == PeriodType.HALF_YEAR:
        return _("%(n)s half of %(year)s") % {
            "n": _("First") if index == 1 else _("Second"),
            "year": year,
        }
    if kind == PeriodType.QUARTER:
        return _("Quarter %(n)s/%(year)s") % {"n": index, "year": year}
    return _("Month %(n)s/%(year)s") % {"n": f"{index:02d}", "year": year}


def current(kind, on):
    if kind == PeriodType.YEAR:
        return make(kind, on.year)
    months = _MONTHS[kind]
    return make(kind, on.year, (on.month - 1) // months + 1)
