"""Personal identification number (mã định danh cá nhân): 12 digits, ``PPP C YY RRRRRR``.

* ``PPP``: code of the province where the birth was registered (Thông tư 07/2016/TT-BCA,
  appendix 1; ``data/provinces.csv``), or, for a birth registered abroad, the code of that
  country in its place (Nghị định 137/2015/NĐ-CP, Điều 13; ``data/countries.csv``, editable
  data: codes 101-295 as a secondary copy gives appendix II of Thông tư 07/2016/TT-BCA, marked
  unverified in every row; the file's header says what was searched). It says nothing about
  where the child lives now.
* ``C``: century and sex of birth — 0/1 for 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199, the
  even digit for a man, the odd one for a woman. No other digit is defined.
* ``YY``: last two digits of the year of birth; ``RRRRRR``: six random digits.

There is no check digit, so a typing error shows only where the first six digits disagree with
the date of birth and sex (``validate``) and can be corrected only there
(``plausible_corrections``). Messages are Vietnamese sentences shown to ward officers as they are.
The known province and country codes are data: callers pass the administrator's table as
``province_codes`` (which may hold country codes too) and ``country_codes``; without them the
bundled CSVs are read once.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Collection, Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from treem.children.text import fold

PROVINCES_CSV = Path(__file__).with_name("data") / "provinces.csv"
COUNTRIES_CSV = Path(__file__).with_name("data") / "countries.csv"
LENGTH = 12

# Fourth digit → (first year of the century, sex). Domain reference section 4 [v].
CENTURY_SEX: Mapping[int, tuple[int, str]] = MappingProxyType(
    {0: (1900, "M"), 1: (1900, "F"), 2: (2000, "M"), 3: (2000, "F"), 4: (2100, "M"), 5: (2100, "F")}
)
SEX_LABELS = MappingProxyType({"M": "Nam", "F": "Nữ"})
_SEX_WORDS = {"m": "M", "nam": "M", "male": "M", "f": "F", "nu": "F", "female": "F"}

# Separators people type inside a number ("040 2 15 123456", "040.215.123.456") and full-width
# digits from Asian input methods.
_COMPACT = str.maketrans(
    {
        **dict.fromkeys(" .-_/\t\u00a0\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2212"),
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)


class IdCode(StrEnum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    LENGTH = "length"
    PROVINCE = "province"
    CENTURY_SEX = "century_sex"  # fourth digit outside 0–5
    CENTURY_SEX_MISMATCH = "century_sex_mismatch"
    YEAR_MISMATCH = "year_mismatch"


class IdProblem(NamedTuple):
    code: IdCode
    message: str


# --- province codes ------------------------------------------------------------------------------
def _read_codes(path: Path) -> Mapping[str, str]:
    # Lines starting with "#" are notes for whoever edits the file.
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return MappingProxyType({row["code"]: row["name"] for row in rows})


@cache
def _bundled_provinces() -> Mapping[str, str]:
    return _read_codes(PROVINCES_CSV)


@cache
def _bundled_countries() -> Mapping[str, str]:
    return _read_codes(COUNTRIES_CSV)


@cache
def _bundled_sources() -> Mapping[str, str]:
    # Country codes (101-295) and province codes (001-096) do not overlap.
    sources = {}
    for path in (PROVINCES_CSV, COUNTRIES_CSV):
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.DictReader(line for line in f if not line.startswith("#"))
            sources.update({row["code"]: row.get("source") or "" for row in rows})
    return MappingProxyType(sources)


def province_names() -> Mapping[str, str]:
    """Bundled code → province name ("040" → "Nghệ An"), read once."""
    return _bundled_provinces()


@cache
def known_province_codes() -> frozenset[str]:
    """The bundled set of three-digit province codes."""
    return frozenset(_bundled_provinces())


def country_names() -> Mapping[str, str]:
    """Bundled code → country of a birth registered abroad (Decree 137/2015 Art. 13)."""
    return _bundled_countries()


def known_country_codes() -> frozenset[str]:
    """The bundled set of three-digit country codes (editable data, unverified)."""
    return frozenset(_bundled_countries())


def registration_code_source(code: str) -> str | None:
    """Where the bundled lists take a province or country code from, as the row says it
    ("Thông tư 07/2016/TT-BCA, Phụ lục II, … (chưa đối chiếu văn bản)"); None for a code in
    neither list. An administrator's table keeps its own source per code."""
    return _bundled_sources().get(str(code).zfill(3))


def _registration_codes(
    province_codes: Collection[str] | None, country_codes: Collection[str] | None
) -> frozenset[str]:
    """Codes accepted in the first three digits: a province, or a country for a birth
    registered abroad (Nghị định 137/2015/NĐ-CP, Điều 13)."""
    if province_codes is not None and country_codes is None:
        # The administrator's table (validation.Lookups) holds both lists: a country code
        # taken out of use there must be refused, not accepted again from the bundled file.
        return frozenset(province_codes)
    provinces = known_province_codes() if province_codes is None else province_codes
    countries = known_country_codes() if country_codes is None else country_codes
    return frozenset(provinces) | frozenset(countries)


# --- input parsing -------------------------------------------------------------------------------
def normalise(s: object) -> str:
    """Drop spaces, dots, dashes and NBSP typed inside a number: "040 2 15 123456" → "040215123456".

    Text that still holds anything but digits is returned as typed, only stripped, so the
    officer sees the error in what they wrote.
    """
    if s is None:
        return ""
    text = str(s).strip()
    compact = text.translate(_COMPACT)
    return compact if compact.isascii() and compact.isdigit() else text


def parse_sex(sex: object) -> str | None:
    """ "M"/"F", "Nam"/"Nữ" (any case, with or without accents) → "M"/"F"; anything else → None."""
    return _SEX_WORDS.get(fold(sex)) if isinstance(sex, str) else None


def birth_year(date_of_birth: object, year_known: bool = True) -> int | None:
    """Year from a date, a datetime, an int year or an ISO "YYYY-MM-DD" text; None if unknown."""
    if not year_known or date_of_birth is None or date_of_birth == "":
        return None
    if isinstance(date_of_birth, datetime.date):
        return date_of_birth.year
    if isinstance(date_of_birth, int):
        return date_of_birth
    if isinstance(date_of_birth, str) and date_of_birth[:4].isdigit():
        return int(date_of_birth[:4])
    raise TypeError(f"date of birth not understood: {date_of_birth!r}")


def expected_century_digit(year: int, sex: str) -> int | None:
    """The fourth digit for a birth year and "M"/"F"; None outside 1900–2199."""
    if not 1900 <= year <= 2199:
        return None
    return (year - 1900) // 100 * 2 + (sex == "F")


# --- validation ----------------------------------------------------------------------------------
def _century_sex_message(digit: str, year: int | None, sex: str | None) -> str:
    if year is not None and sex is not None:
        against = f"giới tính {SEX_LABELS[sex]} và năm sinh {year}"
    elif sex is not None:
        against = f"giới tính {SEX_LABELS[sex]}"
    else:
        against = f"năm sinh {year}"
    return f"Chữ số thứ 4 của mã định danh ({digit}) không khớp với {against}."


def _century_sex_fits(digit: int, year: int | None, sex: str | None) -> bool:
    century, id_sex = CENTURY_SEX[digit]
    return (year is None or century <= year < century + 100) and (sex is None or sex == id_sex)


def validate(
    id_number: object,
    *,
    date_of_birth: object = None,
    sex: object = None,
    province_codes: Collection[str] | None = None,
    country_codes: Collection[str] | None = None,
    year_known: bool = True,
) -> list[IdProblem]:
    """Problems with a typed ID, in Vietnamese; an empty list means valid.

    The ID is ``normalise``d first, so separators typed inside it are not an error (store the
    normalised form). ``date_of_birth`` may be a date, an int year or an ISO text; when only the
    year is known pass the year (or any date in it), and ``year_known=False`` when even the year is
    a guess: the checks that need an unknown date of birth or sex are skipped. ``province_codes``
    and ``country_codes`` hold three-digit strings; a code in either is accepted. Without either,
    the bundled provinces and countries are accepted; ``province_codes`` alone is taken as the
    administrator's whole table (provinces and countries).
    """
    value = normalise(id_number)
    if not value:
        return [IdProblem(IdCode.EMPTY, "Chưa nhập mã định danh.")]
    if not (value.isascii() and value.isdigit()):
        return [IdProblem(IdCode.NOT_DIGITS, "Mã định danh chỉ được chứa chữ số.")]
    if len(value) != LENGTH:
        return [
            IdProblem(
                IdCode.LENGTH,
                f"Mã định danh phải gồm đúng {LENGTH} chữ số (đang có {len(value)}).",
            )
        ]
    problems = []
    codes = _registration_codes(province_codes, country_codes)
    if value[:3] not in codes:
        problems.append(
            IdProblem(
                IdCode.PROVINCE,
                f"Ba chữ số đầu ({value[:3]}) không phải mã tỉnh, thành phố nơi đăng ký khai sinh, "
                "cũng không phải mã quốc gia nơi đăng ký khai sinh ở nước ngoài "
                "trong danh mục.",
            )
        )
    year = birth_year(date_of_birth, year_known)
    known_sex = parse_sex(sex)
    digit = int(value[3])
    if digit not in CENTURY_SEX:
        problems.append(
            IdProblem(
                IdCode.CENTURY_SEX,
                f"Chữ số thứ 4 của mã định danh ({digit}) "
                "không phải mã thế kỷ và giới tính hợp lệ.",
            )
        )
    elif not _century_sex_fits(digit, year, known_sex):
        problems.append(
            IdProblem(IdCode.CENTURY_SEX_MISMATCH, _century_sex_message(value[3], year, known_sex))
        )
    if year is not None and value[4:6] != f"{year % 100:02d}":
        problems.append(
            IdProblem(
                IdCode.YEAR_MISMATCH,
                f"Chữ số thứ 5 và 6 của mã định danh ({value[4:6]}) "
                f"không khớp với năm sinh {year}.",
            )
        )
    return problems


def _passes(value: str, codes: Collection[str], year: int | None, sex: str | None) -> bool:
    """``validate(...) == []`` for a 12-digit string, without building messages."""
    digit = int(value[3])
    return (
        value[:3] in codes
        and digit in CENTURY_SEX
        and _century_sex_fits(digit, year, sex)
        and (year is None or value[4:6] == f"{year % 100:02d}")
    )


def is_valid(id_number: object, **kwargs: object) -> bool:
    """True when ``validate`` finds no problem; same keyword arguments."""
    return not validate(id_number, **kwargs)


def describe(
    id_number: object,
    *,
    names: Mapping[str, str] | None = None,
    countries: Mapping[str, str] | None = None,
) -> dict[str, object] | None:
    """What a well-formed ID says; None when it is not 12 digits with a defined fourth digit.

    ``province_name`` comes from ``names`` (default: the bundled list) and is None for a code it
    does not hold. A code in ``countries`` (default: the bundled list) is a birth registered
    abroad: ``registered_abroad`` is True and ``country_name`` names the country.
    ``registration_place`` says in Vietnamese where the birth was registered.
    """
    value = normalise(id_number)
    if len(value) != LENGTH or not (value.isascii() and value.isdigit()):
        return None
    digit = int(value[3])
    if digit not in CENTURY_SEX:
        return None
    century, sex = CENTURY_SEX[digit]
    province = (province_names() if names is None else names).get(value[:3])
    country = (country_names() if countries is None else countries).get(value[:3])
    abroad = province is None and country is not None
    if abroad:
        place = f"Đăng ký khai sinh ở nước ngoài: {country} (mã quốc gia {value[:3]})"
    elif province is not None:
        place = f"Đăng ký khai sinh tại {province} (mã tỉnh {value[:3]})"
    else:
        place = f"Mã nơi đăng ký khai sinh {value[:3]} không có trong danh mục"
    return {
        "province_code": value[:3],
        "province_name": province,
        "registered_abroad": abroad,
        "country_name": country if abroad else None,
        "registration_place": place,
        "century": century,
        "sex": sex,
        "year": century + int(value[4:6]),
    }


def plausible_corrections(
    id_number: object,
    date_of_birth: object = None,
    sex: object = None,
    *,
    province_codes: Collection[str] | None = None,
    country_codes: Collection[str] | None = None,
    year_known: bool = True,
) -> list[str]:
    """IDs one typing error away from ``id_number`` that pass ``validate``.

    Rule: only a 12-digit ID that fails the checks for this date of birth and sex gets
    candidates (an ID that passes has nothing to correct, and the six random digits cannot be
    checked). A candidate is either one of the first six digits (province, century/sex, year)
    replaced by another digit, or two adjacent different digits swapped anywhere; it is kept
    only if it passes every check. Substitutions come first, in digit order, then swaps. With a
    known date of birth and sex the list is short: a wrong C or YY digit has exactly one fix,
    an unknown province code a few known codes at one digit's distance.
    """
    value = normalise(id_number)
    if len(value) != LENGTH or not (value.isascii() and value.isdigit()):
        return []
    codes = _registration_codes(province_codes, country_codes)
    year = birth_year(date_of_birth, year_known)
    known_sex = parse_sex(sex)
    if _passes(value, codes, year, known_sex):
        return []
    found: list[str] = []
    for i in range(6):
        for d in "0123456789":
            if d != value[i]:
                candidate = value[:i] + d + value[i + 1 :]
                if _passes(candidate, codes, year, known_sex):
                    found.append(candidate)
    for i in range(LENGTH - 1):
        if value[i] != value[i + 1]:
            candidate = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
            if candidate not in found and _passes(candidate, codes, year, known_sex):
                found.append(candidate)
    return found


def make_id(province_code: str | int, date_of_birth: object, sex: object, serial: int) -> str:
    """Build an ID for demo data and tests: make_id("040", date(2015, 3, 2), "F", 7)."""
    province = str(province_code).zfill(3)
    year = birth_year(date_of_birth)
    known_sex = parse_sex(sex)
    if not (len(province) == 3 and province.isdigit()):
        raise ValueError(f"province code must be three digits: {province_code!r}")
    if year is None or known_sex is None:
        raise ValueError("make_id needs a date of birth and a sex")
    digit = expected_century_digit(year, known_sex)
    if digit is None:
        raise ValueError(f"no century digit is defined for {year}")
    if not 0 <= serial <= 999_999:
        raise ValueError(f"serial must be 0–999999: {serial}")
    return f"{province}{digit}{year % 100:02d}{serial:06d}"
