"""Columns the linkage compares, computed once per record from the typed values.

The registry's text module (``treem.children.text``) does the Vietnamese work (NFC, Ð → Đ, tone
placement, folding with đ → d); this module adds the forms the comparisons need: name parts,
the name without a dropped Thị/Văn, family + given only, sorted tokens, the ID's parts and what
the date of birth and sex say the ID's fourth to sixth digits should be.

Pure pandas and the standard library, no Django: the benchmark, the command and the background
job share it. Names repeat a lot (Nguyễn is 38 % of people), so every text function runs once per
distinct value and is mapped back, which keeps a million rows to seconds.
"""

from __future__ import annotations

import datetime

import pandas as pd

from treem.children import idnumber, text

# The input columns shared by the register extract and the children's records.
INPUT_COLUMNS = (
    "unique_id",
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "mother_name",
    "father_name",
    "ward",
)

FEATURE_COLUMNS = (
    "unique_id",
    "name_exact",
    "name_folded",
    "name_wmc",
    "name_fg",
    "name_ntok",
    "name_sorted",
    "given_folded",
    "family_folded",
    "pid",
    "pid_last6",
    "pid_cs",
    "id_expect",
    "dob",
    "dob_days",
    "dob_year",
    "dob_month",
    "dob_day",
    "dob_fortnight",
    "dob_fortnight_shifted",
    "sex",
    "mother_folded",
    "mother_wmc",
    "mother_given",
    "mother_fg",
    "mother_sorted",
    "father_folded",
    "father_wmc",
    "father_given",
    "father_fg",
    "father_sorted",
    "ward_key",
)


def name_forms(full: str) -> tuple:
    """(exact, folded, without Thị/Văn, family + given, word count, sorted, given, family)."""
    v = text.name_variants(full)
    tokens = v["folded"].split()
    family_given = f"{tokens[0]} {tokens[-1]}" if len(tokens) > 1 else v["folded"]
    return (
        v["exact"] or None,
        v["folded"] or None,
        v["without_middle_common"] or None,
        family_given or None,
        len(tokens),
        v["sorted_tokens"] or None,
        v["given_folded"] or None,
        v["family_folded"] or None,
    )


def caregiver_forms(full: str) -> tuple:
    """(folded, without Thị/Văn, given, family + given, sorted words) of a caregiver's name:
    folding only, no tone work, as caregivers are compared on folded forms and a register has a
    million of them."""
    tokens = text.fold(full).split()
    if not tokens:
        return (None, None, None, None, None)
    kept = tokens
    if len(tokens) > 2:
        kept = [tokens[0], *(t for t in tokens[1:-1] if t not in text.COMMON_MIDDLE), tokens[-1]]
    return (
        " ".join(tokens),
        " ".join(kept),
        tokens[-1],
        f"{tokens[0]} {tokens[-1]}",
        " ".join(sorted(tokens)),
    )


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (given names are a few letters: the plain algorithm is enough)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _per_distinct(values: list, func) -> list:
    table = {value: func(value) for value in set(values)}
    return [table[value] for value in values]


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    # Missing values (None, NaN) become "": every text function takes "" for empty.
    return ["" if v is None or v != v else str(v) for v in frame[name].tolist()]


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_pid(value) -> str | None:
    """A 12-digit ID or None: anything else (empty, letters, wrong length) cannot be compared."""
    if len(value) == idnumber.LENGTH and value.isdigit() and value.isascii():
        return value  # the common case, a million times in a register: no normalising
    digits = idnumber.normalise(value)
    return digits if len(digits) == idnumber.LENGTH and digits.isdigit() else None


def expected_id_digits(day: datetime.date | None, sex: str | None) -> str | None:
    """Digits 4–6 of the ID that this date of birth and sex give ("315" for a girl of 2015)."""
    if day is None or sex not in ("M", "F"):
        return None
    digit = idnumber.expected_century_digit(day.year, sex)
    return None if digit is None else f"{digit}{day.year % 100:02d}"


def features(frame: pd.DataFrame, ward_key=None) -> pd.DataFrame:
    """The comparison columns for records in ``INPUT_COLUMNS`` (missing ones count as empty).

    ``ward_key`` maps a typed ward name, former or current, to a key of its current ward (see
    ``wards.WardResolver``); without it the folded name is the key.
    """
    frame = frame.reindex(columns=list(INPUT_COLUMNS))
    cols: dict[str, list] = {"unique_id": _column(frame, "unique_id")}
    names = _per_distinct(_column(frame, "full_name"), name_forms)
    for i, column in enumerate(
        (
            "name_exact",
            "name_folded",
            "name_wmc",
            "name_fg",
            "name_ntok",
            "name_sorted",
            "given_folded",
            "family_folded",
        )
    ):
        cols[column] = [forms[i] for forms in names]
    for who in ("mother", "father"):
        forms = _per_distinct(_column(frame, f"{who}_name"), caregiver_forms)
        cols[f"{who}_folded"] = [f[0] for f in forms]
        cols[f"{who}_wmc"] = [f[1] for f in forms]
        cols[f"{who}_given"] = [f[2] for f in forms]
        cols[f"{who}_fg"] = [f[3] for f in forms]
        cols[f"{who}_sorted"] = [f[4] for f in forms]
    days = _per_distinct(_column(frame, "date_of_birth"), parse_date)
    cols["dob"] = [d.isoformat() if d else None for d in days]
    cols["dob_days"] = [d.toordinal() if d else None for d in days]
    cols["dob_year"] = [d.year if d else None for d in days]
    cols["dob_month"] = [d.month if d else None for d in days]
    cols["dob_day"] = [d.day if d else None for d in days]
    # Fortnights of the date, and the same shifted by a week: two dates at most 7 days apart
    # share at least one of the two, across a month's or a year's end too (blocking on a slip).
    cols["dob_fortnight"] = [d.toordinal() // 14 if d else None for d in days]
    cols["dob_fortnight_shifted"] = [(d.toordinal() + 7) // 14 if d else None for d in days]
    cols["sex"] = _per_distinct(_column(frame, "sex"), idnumber.parse_sex)
    pids = _per_distinct(_column(frame, "personal_id"), parse_pid)
    cols["pid"] = pids
    cols["pid_last6"] = [p[6:] if p else None for p in pids]
    cols["pid_cs"] = [p[3:6] if p else None for p in pids]
    expect: dict = {}
    cols["id_expect"] = [
        expect[key] if key in expect else expect.setdefault(key, expected_id_digits(*key))
        for key in zip(days, cols["sex"], strict=True)
    ]
    resolve = ward_key or text.fold
    cols["ward_key"] = _per_distinct(_column(frame, "ward"), lambda w: resolve(w) or None)
    ints = (
        "name_ntok",
        "dob_days",
        "dob_year",
        "dob_month",
        "dob_day",
        "dob_fortnight",
        "dob_fortnight_shifted",
    )
    return pd.DataFrame(
        {
            k: pd.array(v, dtype="Int64") if k in ints else pd.Series(v, dtype=object)
            for k, v in cols.items()
        }
    )


def raw_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The typed values as they are, for the generic baseline (no Vietnamese normalisation)."""
    frame = frame.reindex(columns=list(INPUT_COLUMNS))
    return pd.DataFrame(
        {
            name: pd.Series([v or None for v in _column(frame, name)], dtype=object)
            for name in INPUT_COLUMNS
        }
    )
