"""The working-day calendar of Vietnamese public offices.

A day is a working day unless it is a Saturday, a Sunday or a public holiday.
Public holidays, Tết by the lunar calendar and the compensatory days the law
itself defines come from the maintained `holidays` library; the swaps and
extra days the Government announces each year are `CalendarAdjustment` rows an
administrator enters with their source. An adjustment wins over both the
weekend and the library (a make-up Saturday is a working day; an announced
extra day off is not).

Deadlines are computed often (every case step, every `check_deadlines` run),
so each year's calendar is cached in the process: the library's holidays for
good, the entered adjustments for `ADJUSTMENT_TTL` seconds and dropped at
once when this process writes one. Another process sees an edit at the
latest after the TTL.
"""

import datetime
import functools
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from .models import AdjustmentKind, CalendarAdjustment, Certainty

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_DAY = datetime.time(23, 59, 59)
ADJUSTMENT_TTL = 300
# Far enough for any step limit; stops a runaway loop on absurd input.
MAX_SPAN_DAYS = 3660


# The contract used by the cases app ---------------------------------------------


def is_working_day(d: datetime.date) -> bool:
    return _year(d.year).is_working(d)


def add_working_days(d: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `d` (before it when n is negative); `d`
    itself when n is 0. `d` need not be a working day: counting starts on the
    next day."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    for _i in range(MAX_SPAN_DAYS * 2):
        if remaining == 0:
            return current
        current += datetime.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    raise ValueError(f"add_working_days: span too long ({n} days)")


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`, so that
    `working_days_between(d, add_working_days(d, n)) == n`. Negative when
    `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    if (end - start).days > MAX_SPAN_DAYS * 10:
        raise ValueError("working_days_between: span too long")
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def working_day_deadline(start: datetime.datetime, days: int) -> datetime.datetime:
    """End (23:59:59, Asia/Ho_Chi_Minh) of the `days`-th working day counted
    from the working day after the local date of `start`. A report received on
    a Friday evening with 5 working days is due at the end of the next
    Friday; one received just before Tết is due 5 working days after Tết."""
    if start.tzinfo is None:
        raise ValueError("working_day_deadline needs an aware datetime")
    if days < 0:
        raise ValueError("working_day_deadline needs a non-negative number of days")
    local_day = start.astimezone(VN_TZ).date()
    return datetime.datetime.combine(add_working_days(local_day, days), END_OF_DAY, tzinfo=VN_TZ)


# The year calendar and its cache ------------------------------------------------


@dataclass(frozen=True)
class YearCalendar:
    year: int
    holidays: dict  # date -> name, from the library
    days_off: frozenset  # entered extra days off
    working_days: frozenset  # entered make-up working days

    def is_working(self, d):
        if d in self.working_days:
            return True
        if d in self.days_off or d.weekday() >= 5:
            return False
        return d not in self.holidays


@functools.lru_cache(maxsize=64)
def library_holidays(year: int) -> dict:
    """{date: Vietnamese name} of the statutory holidays of `year`, including
    Tết by the lunar calendar and the days the library knows were swapped."""
    return dict(sorted(holidays.country_holidays("VN", years=year, language="vi").items()))


def library_makeup_days(year: int) -> dict:
    """{make-up working day: day off it pays for} for the swaps the library
    records. The library marks the day off but keeps the make-up Saturday an
    ordinary weekend day, so the page asks the administrator to enter it.
    Reads a data table of the library; an empty answer if its layout changes."""
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays

        entries = VietnamStaticHolidays.special_public_holidays.get(year, ())
    except (ImportError, AttributeError):
        return {}
    if entries and isinstance(entries[0], int):
        entries = (entries,)
    makeup = {}
    for entry in entries:
        try:
            off_month, off_day, work_month, work_day, *rest = entry
            work_year = rest[0] if rest else year
            makeup[datetime.date(work_year, work_month, work_day)] = datetime.date(
                year, off_month, off_day
            )
        except (TypeError, ValueError):
            continue
    return makeup


_years: dict[int, tuple[float, YearCalendar]] = {}


def _year(year: int) -> YearCalendar:
    now = time.monotonic()
    cached = _years.get(year)
    if cached is not None and now - cached[0] < ADJUSTMENT_TTL:
        return cached[1]
    rows = CalendarAdjustment.objects.filter(date__year=year).values_list("date", "kind")
    days_off, working = set(), set()
    for d, kind in rows:
        (working if kind == AdjustmentKind.WORKING_DAY else days_off).add(d)
    calendar = YearCalendar(year, library_holidays(year), frozenset(days_off), frozenset(working))
    _years[year] = (now, calendar)
    return calendar


def clear_cache():
    _years.clear()


# Entered adjustments: audited writes ---------------------------------------------

EDITABLE_FIELDS = ("date", "kind", "name", "source", "certainty")


def _check_actor(actor):
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE):
        raise PermissionError("managing the calendar needs MANAGE_REFERENCE")


def _validate(obj):
    errors = {}
    if not (obj.source or "").strip():
        errors["source"] = _("Enter the announcement this day comes from.")
    if not (obj.name or "").strip():
        errors["name"] = _("Describe the day.")
    ordinary_weekday = obj.date.weekday() < 5 and obj.date not in library_holidays(obj.date.year)
    if obj.kind == AdjustmentKind.WORKING_DAY and ordinary_weekday:
        errors["date"] = _("This day is already a working day.")
    if obj.kind == AdjustmentKind.DAY_OFF and obj.date.weekday() >= 5:
        errors["date"] = _("A Saturday or Sunday is already a day off.")
    clash = CalendarAdjustment.objects.filter(date=obj.date).exclude(pk=obj.pk)
    if obj.date and clash.exists():
        errors["date"] = _("This day already has an entry; edit it instead.")
    if errors:
        raise ValidationError(errors)


def _after_write():
    clear_cache()
    # Another transaction may have filled the cache with the old rows meanwhile.
    transaction.on_commit(clear_cache)


@transaction.atomic
def create_adjustment(*, actor, date, kind, name, source, certainty=Certainty.UNVERIFIED):
    _check_actor(actor)
    obj = CalendarAdjustment(
        date=date,
        kind=kind,
        name=name.strip(),
        source=source.strip(),
        certainty=certainty,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate(obj)
    obj.save()
    record_create(obj, actor=actor)
    _after_write()
    return obj


@transaction.atomic
def update_adjustment(obj, *, actor, **fields):
    _check_actor(actor)
    obj = CalendarAdjustment.objects.select_for_update().get(pk=obj.pk)
    before = snapshot(obj)
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise ValueError(f"not an editable field: {key}")
        setattr(obj, key, value.strip() if isinstance(value, str) else value)
    _validate(obj)
    obj.save()
    record_update(obj, before, actor=actor)
    _after_write()
    return obj


@transaction.atomic
def delete_adjustment(obj, *, actor):
    _check_actor(actor)
    record_event(Action.DELETE, actor=actor, subject=obj, changes={"before": snapshot(obj)})
    obj.delete()
    _after_write()


def year_overview(year: int) -> list[dict]:
    """Every non-ordinary day of `year` for the administrator's page: library
    holidays, entered adjustments and the make-up days the library knows of
    but nobody has entered yet, in date order."""
    adjustments = {a.date: a for a in CalendarAdjustment.objects.filter(date__year=year)}
    rows = {}
    for d, name in library_holidays(year).items():
        rows[d] = {"date": d, "holiday": name, "adjustment": None, "missing_makeup": False}
    for d, adj in adjustments.items():
        rows.setdefault(d, {"date": d, "holiday": "", "missing_makeup": False})
        rows[d]["adjustment"] = adj
    for d, day_off in library_makeup_days(year).items():
        if d.year == year and d not in adjustments:
            rows[d] = {
                "date": d,
                "holiday": "",
                "adjustment": None,
                "missing_makeup": True,
                "pays_for": day_off,
            }
    calendar = _year(year)
    for row in rows.values():
        row["working"] = calendar.is_working(row["date"]) if row["date"].year == year else None
    return [rows[d] for d in sorted(rows)]
