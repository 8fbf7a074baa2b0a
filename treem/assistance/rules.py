"""The allowance rules of data/allowance-rules.yaml: groups, coefficients and
base levels, each dated and with its source. An amount is the base level in
force on the first day of the payment month times the coefficient of the
decision's group for the child's age on that day (Decree 20/2021/NĐ-CP
Art. 6(1); base level Art. 4(2), raised by Decree 76/2024/NĐ-CP)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "allowance-rules.yaml"


@dataclass(frozen=True)
class Coefficient:
    starts_on: datetime.date
    under_age: int
    value: Decimal
    source: str


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    source: str
    circumstances: tuple
    disability_levels: tuple
    coefficients: tuple


@dataclass(frozen=True)
class Rules:
    base_levels: tuple  # ((starts_on, amount, source), …) oldest first
    groups: dict


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def parse(data):
    levels = sorted(
        (_date(row["from"]), int(row["amount"]), row["source"].strip())
        for row in data["base_levels"]
    )
    groups = {}
    for row in data["groups"]:
        coefficients = tuple(
            sorted(
                (
                    Coefficient(
                        _date(c["from"]), int(c["under_age"]), Decimal(str(c["value"])), c["source"]
                    )
                    for c in row["coefficients"]
                ),
                key=lambda c: (c.under_age, c.starts_on),
            )
        )
        groups[row["code"]] = Group(
            code=row["code"],
            name=row["name"],
            source=row["source"].strip(),
            circumstances=tuple(str(c) for c in row.get("circumstances") or ()),
            disability_levels=tuple(row.get("disability_levels") or ()),
            coefficients=coefficients,
        )
    return Rules(tuple(levels), groups)


@cache
def rules():
    with DATA_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def group_choices():
    return [(g.code, g.name) for g in rules().groups.values()]


def base_level(on, data=None):
    """(amount, source) of the base level in force on `on`, or (0, "") before the first."""
    found = (0, "")
    for starts_on, amount, source in (data or rules()).base_levels:
        if starts_on <= on:
            found = (amount, source)
    return found


def age_on(date_of_birth, on):
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def coefficient(group_code, date_of_birth, on, data=None):
    """The coefficient in force on `on` for a child born on `date_of_birth`;
    None when the group has none for that age (16 or over: no child allowance).
    Age is counted on the first day of the month: the month a child turns 4
    is still paid at the under-4 coefficient [?: the decree's rule for the
    month of a birthday was not found]."""
    group = (data or rules()).groups.get(group_code)
    if group is None:
        return None
    age = age_on(date_of_birth, on)
    # The narrowest age band that holds the child, and in it the newest rule.
    candidates = [c for c in group.coefficients if age < c.under_age and c.starts_on <= on]
    return min(candidates, key=lambda c: (c.under_age, -c.starts_on.toordinal()), default=None)


def monthly_amount(group_code, date_of_birth, month, data=None):
    """(amount in VND, coefficient, base level) for the month starting `month`."""
    month = month.replace(day=1)
    c = coefficient(group_code, date_of_birth, month, data)
    level, _source = base_level(month, data)
    if c is None or not level:
        return 0, Decimal(0), level
    return int(c.value * level), c.value, level
