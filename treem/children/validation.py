"""Validation of a child's data, shared by the forms and the importer.

Fast on purpose (the importer checks tens of thousands of rows a second):
plain functions over dicts, code lists and units looked up in dicts built
once per request or import.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from treem.areas.models import Level

from . import idnumber, text
from .models import CodeKind, DobPrecision, ReferenceCode, Sex, sixteenth_birthday_cutoff

_SEX = {
    "m": Sex.MALE,
    "nam": Sex.MALE,
    "male": Sex.MALE,
    "f": Sex.FEMALE,
    "nữ": Sex.FEMALE,
    "nu": Sex.FEMALE,
    "female": Sex.FEMALE,
}
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_PHONE = re.compile(r"^(0|\+84)\d{9,10}$")
# Django's enum `.values` builds a new list on every access; imports call this per row.
_PRECISIONS = frozenset(DobPrecision.values)


class Lookups:
    """Code lists, units and province codes, loaded once."""

    def __init__(self, units=None):
        self.codes = {}
        for code in ReferenceCode.objects.filter(active=True):
            self.codes[(code.kind, code.code.lower())] = code
            self.codes[(code.kind, text.fold(code.name))] = code
        # A birth registered abroad carries a country code in place of the
        # province code (Decree 137/2015/NĐ-CP Art. 13): both are accepted.
        self.province_codes = {
            c.code
            for c in ReferenceCode.objects.filter(
                kind__in=(CodeKind.PROVINCE, CodeKind.BIRTH_COUNTRY), active=True
            )
        } or None
        self.units = {}
        for unit in units or ():
            self.units[unit.pk] = unit

    def code(self, kind, value):
        if value in (None, ""):
            return None
        if isinstance(value, ReferenceCode):
            return value
        return self.codes.get((kind, str(value).strip().lower())) or self.codes.get(
            (kind, text.fold(str(value)))
        )


@dataclass
class Result:
    data: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def error(self, name, message):
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self):
        return not self.errors


def parse_date(value):
    """A date and how precisely it is known: dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy."""
    if isinstance(value, datetime.datetime):
        return value.date(), DobPrecision.DAY
    if isinstance(value, datetime.date):
        return value, DobPrecision.DAY
    s = str(value or "").strip()
    if not s:
        return None, None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(s, fmt).date(), DobPrecision.DAY
        except ValueError:
            pass
    if _YEAR.match(s):
        return datetime.date(int(s), 7, 1), DobPrecision.YEAR
    m = _MONTH.match(s)
    if m and 1 <= int(m.group(1)) <= 12:
        return datetime.date(int(m.group(2)), int(m.group(1)), 15), DobPrecision.MONTH
    raise ValueError(s)


def parse_sex(value):
    if value in (Sex.MALE, Sex.FEMALE):
        return value
    # NFC first: "Nữ" typed with a separate tone mark is still "Nữ".
    return _SEX.get(text.nfc(str(value or "")).lower())


def clean_phone(value):
    digits = re.sub(r"[\s.()-]", "", str(value or ""))
    return digits


def validate_child(raw, lookups, *, today=None):
    """Checks and normalises one child's fields. `raw` holds strings (import)
    or Python values (forms); returns Result(data, errors) with Vietnamese
    messages keyed by field name."""
    today = today or datetime.date.today()
    r = Result()
    d = r.data
    for part in ("family_name", "middle_name", "given_name"):
        d[part] = text.clean_name(raw.get(part))
    if not d["family_name"]:
        r.error("family_name", _("The family name is required."))
    if not d["given_name"]:
        r.error("given_name", _("The given name is required."))

    dob, precision = None, None
    try:
        dob, precision = parse_date(raw.get("date_of_birth"))
    except ValueError:
        r.error(
            "date_of_birth",
            _("“%(value)s” is not a date: write dd/mm/yyyy, mm/yyyy or yyyy.")
            % {"value": raw.get("date_of_birth")},
        )
    if raw.get("dob_precision") in _PRECISIONS and dob:
        precision = raw["dob_precision"]
    if dob is None and "date_of_birth" not in r.errors:
        r.error("date_of_birth", _("The date of birth is required."))
    elif dob is not None:
        if dob > today:
            r.error("date_of_birth", _("The date of birth is in the future."))
        elif dob <= sixteenth_birthday_cutoff(today) and not raw.get("allow_aged_out"):
            r.error(
                "date_of_birth",
                _("A child is under 16: this date of birth is %(age)s years ago.")
                % {"age": today.year - dob.year},
            )
    d["date_of_birth"], d["dob_precision"] = dob, precision or DobPrecision.DAY

    sex = parse_sex(raw.get("sex"))
    if sex is None:
        r.error("sex", _("Sex must be “Nam” or “Nữ”."))
    d["sex"] = sex

    pid = idnumber.normalise(raw.get("personal_id") or "")
    d["personal_id"] = pid or None
    if pid:
        problems = idnumber.validate(
            pid,
            date_of_birth=dob,
            sex=sex,
            province_codes=lookups.province_codes,
            year_known=precision is not None,
        )
        for problem in problems:
            r.error("personal_id", problem.message)
        d["personal_id_missing_reason"] = None
    else:
        reason = lookups.code(CodeKind.ID_MISSING_REASON, raw.get("personal_id_missing_reason"))
        if raw.get("personal_id_missing_reason") and reason is None:
            r.error(
                "personal_id_missing_reason",
                _("Unknown reason: “%(value)s”.")
                % {"value": raw.get("personal_id_missing_reason")},
            )
        d["personal_id_missing_reason"] = reason

    for name, kind in (
        ("ethnicity", CodeKind.ETHNICITY),
        ("dropout_reason", CodeKind.DROPOUT_REASON),
        ("disability_type", CodeKind.DISABILITY_TYPE),
    ):
        value = raw.get(name)
        code = lookups.code(kind, value)
        if value not in (None, "") and code is None:
            r.error(
                name,
                _("Unknown value “%(value)s” for %(field)s.")
                % {"value": value, "field": CodeKind(kind).label},
            )
        d[name] = code
    return r


def ward_id_of(unit):
    """The id of the ward that holds `unit`: a residential group's parent, a
    ward or commune itself; None above a ward. Children carry it (`ward`)."""
    if unit.level == Level.RESIDENTIAL_GROUP:
        return unit.parent_id
    if unit.level in (Level.WARD, Level.COMMUNE):
        return unit.pk
    return None


def validate_unit(unit, ward=None):
    """The child's unit is a residential group or a ward in force; returns
    (unit, ward) or raises ValueError with a Vietnamese message."""
    if unit is None:
        raise ValueError(_("Choose the ward or residential group where the child lives."))
    if not unit.is_current:
        raise ValueError(
            _("“%(unit)s” is a former unit: choose the unit in force today.") % {"unit": unit}
        )
    if ward_id_of(unit) is not None:
        return unit, unit.parent if unit.level == Level.RESIDENTIAL_GROUP else unit
    raise ValueError(
        _("Choose a ward or a residential group, not a %(level)s.")
        % {"level": unit.get_level_display()}
    )
