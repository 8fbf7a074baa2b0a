"""Row-by-row checks of an import file (importer.py reads the file, checks
duplicates across it and the registry, and writes).

A row is checked against data loaded once per file (code lists, units in
the importer's EDIT_PERSONAL scope) and caches keyed by the distinct values
of a column (ward and group names, dates of birth), never a query per row.
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import Scope, scope_for
from treem.areas.models import AdminUnit, Level

from . import idnumber, text
from .models import Caregiver, Child, CodeKind
from .validation import Lookups, clean_phone, parse_date, validate_child

_PHONE = re.compile(r"^(0|\+84)\d{9,10}$")
# Column lengths of the models: longer text would fail at the database.
_MAX_LENGTH = {
    name: Child._meta.get_field(name).max_length
    for name in ("family_name", "middle_name", "given_name", "address_line", "school_name", "grade")
}
# A caregiver's full name is split into the parts of the Caregiver model.
_PART_LENGTH = {
    part: Caregiver._meta.get_field(part).max_length
    for part in ("family_name", "middle_name", "given_name")
}
# Columns read as dates; a date anywhere else is a cell Excel converted.
DATE_KEYS = frozenset({"date_of_birth", "circumstance_from"})
# Any other column holds a code, a name of a unit or a number: longer text is
# a pasted paragraph, refused before it is echoed in a message.
CELL_LIMIT = 100
_NAME_KEYS = ("family_name", "middle_name", "given_name")
# Letters, and what joins them in a name ("Ksor H'Hen", "Lê-Trần", "Nguyễn T. Lan").
_NAME_JOINERS = frozenset(" '-.")
_SHOWN = 40
# Limits of the columns checked before their own checks (None: checked by
# part after the split of a full name); CELL_LIMIT for any other.
_LIMITS = {**_MAX_LENGTH, "mother_name": None, "father_name": None}
# The first character that is not a letter or a joiner of names.
_NOT_NAME = re.compile(r"[^\w '.\-]|[\d_]")
# How a formula starts in Excel and LibreOffice ("+84…" is a phone, "-" a dash).
_FORMULA_STARTS = frozenset("=@")


class RowChecker:
    """Checks one row at a time against the code lists and the units in the
    checker's scope, with every lookup loaded or cached once per file."""

    def __init__(self, *, actor=None, default_ward="", today=None):
        self.actor = actor
        self.scope = scope_for(actor, Perm.EDIT_PERSONAL) if actor else Scope(unlimited=True)
        self.today = today or timezone.localdate()
        self.lookups = Lookups()
        self.mother = self.lookups.code(CodeKind.RELATION, "me")
        self.father = self.lookups.code(CodeKind.RELATION, "cha")
        self.default_ward = default_ward
        self._wards = {}
        for unit in AdminUnit.objects.filter(level__in=(Level.WARD, Level.COMMUNE)):
            self._wards.setdefault(text.fold(unit.name), []).append(unit)
        self._ward_cache = {}
        self._group_cache = {}
        self._groups = None
        self._dates = {}
        self._names = {}
        self._name_problems = {}

    # Units -----------------------------------------------------------------------------------
    def _ward(self, name):
        """(ward, None) or (None, message), cached per distinct name."""
        if name in self._ward_cache:
            return self._ward_cache[name]
        found = self._wards.get(text.fold(name), [])
        current = [u for u in found if u.in_force_on(self.today)]
        mine = [u for u in current if self.scope.covers(u) or self._covers_groups_of(u)]
        if len(mine) == 1:
            result = (mine[0], None)
        elif len(mine) > 1:
            result = (None, _("Several wards are named “%(name)s”.") % {"name": name})
        elif current:
            result = (None, _("The ward “%(name)s” is outside your area.") % {"name": name})
        elif found:
            result = (
                None,
                _("“%(unit)s” is a former unit: choose the unit in force today.")
                % {"unit": found[0].name},
            )
        else:
            result = (None, _("Unknown ward: “%(name)s”.") % {"name": name})
        self._ward_cache[name] = result
        return result

    def _covers_groups_of(self, ward):
        # A collaborator's scope is a residential group: their ward is valid
        # in the file, the group column then decides.
        return any(
            g.parent_id == ward.pk and self.scope.covers(g) for g in self._group_index().values()
        )

    def _group_index(self):
        if self._groups is None:
            groups = AdminUnit.objects.in_force(self.today).filter(level=Level.RESIDENTIAL_GROUP)
            if not self.scope.unlimited:
                groups = groups.filter(self.scope.q(""))
            self._groups = {(g.parent_id, text.fold(g.name)): g for g in groups}
        return self._groups

    def _group(self, ward, name):
        key = (ward.pk, text.fold(name))
        if key not in self._group_cache:
            group = self._group_index().get(key)
            if group is None:
                exists = (
                    AdminUnit.objects.in_force(self.today)
                    .filter(level=Level.RESIDENTIAL_GROUP, parent=ward)
                    .filter(name__iexact=name)
                    .exists()
                )
                message = (
                    _("The residential group “%(name)s” is outside your area.")
                    if exists
                    else _("“%(name)s” is not a residential group of %(ward)s.")
                )
                self._group_cache[key] = (None, message % {"name": name, "ward": ward.name})
            else:
                self._group_cache[key] = (group, None)
        return self._group_cache[key]

    # Cells -----------------------------------------------------------------------------------
    def _cells(self, raw):
        """Normalises every cell in place (NFC, spaces) before any check;
        returns [(key, message)] for cells no check can read: a formula, a
        date or time in a text column, text longer than the column allows.
        Runs on every cell of a file: empty cells leave at once."""
        problems = []
        for key, value in raw.items():
            if value.__class__ is str:
                if not value:
                    continue
                value = text.nfc(value)
                if value[:1] in _FORMULA_STARTS:
                    # A formula kept as text (a CSV, or a cell Excel did not
                    # compute) would run when the registry is exported.
                    problems.append((key, _formula(value)))
                    value = ""
            elif value is None:
                raw[key] = ""
                continue
            elif isinstance(value, datetime.date | datetime.time):
                if key not in DATE_KEYS:
                    # Excel turns "6/1" typed in a general cell into a date;
                    # which day and month were meant cannot be told back.
                    problems.append((key, _converted(value)))
                    raw[key] = ""
                continue
            else:
                value = str(value)
            limit = _LIMITS.get(key, CELL_LIMIT)
            if limit and len(value) > limit:
                problems.append((key, _too_long(limit, len(value))))
                value = ""
            raw[key] = value
        return problems

    def _name(self, value, key, r):
        """Adds a problem when a name holds digits or signs (cached per name:
        parents' names repeat across siblings)."""
        found = self._name_problems.get(value)
        if found is None:
            found = self._name_problems[value] = _name_problem(value)
        if found:
            r.append((key, found))

    # Rows ------------------------------------------------------------------------------------
    def _caregiver(self, raw, prefix, relation, sex, r):
        name = raw.get(f"{prefix}_name", "")
        phone = clean_phone(raw.get(f"{prefix}_phone"))
        pid = idnumber.normalise(raw.get(f"{prefix}_id", ""))
        if not (name or phone or pid):
            return None
        if not name:
            r.append((f"{prefix}_name", _("The name is required when a phone or ID is given.")))
            return None
        if phone and not _PHONE.match(phone):
            r.append(
                (f"{prefix}_phone", _("“%(value)s” is not a phone number.") % {"value": phone})
            )
        if pid:
            for problem in idnumber.validate(
                pid, sex=sex, province_codes=self.lookups.province_codes
            ):
                r.append((f"{prefix}_id", problem.message))
        parts = self._names.get(name)
        if parts is None:
            # Mothers' and fathers' names repeat across siblings and households.
            parts = self._names[name] = text.split_name(text.clean_name(name))
        family, middle, given = parts
        key = f"{prefix}_name"
        self._name(name, key, r)
        for part, value in zip(_NAME_KEYS, parts, strict=True):
            if len(value) > _PART_LENGTH[part]:
                r.append((key, _too_long(_PART_LENGTH[part], len(value), part)))
                break
        return {
            "relation": relation,
            "family_name": family,
            "middle_name": middle,
            "given_name": given,
            "personal_id": pid,
            "phone": phone,
            "sex": sex,
        }

    def check_row(self, raw):
        """(item for the bulk service or None, [(key, message)])."""
        unreadable = self._cells(raw)
        dob = raw.get("date_of_birth")
        if isinstance(dob, str) and dob:
            # A file holds a few thousand distinct dates of birth: parse each
            # once and hand validate_child the date with its precision.
            parsed = self._dates.get(dob)
            if parsed is None:
                try:
                    parsed = parse_date(dob)
                except ValueError:
                    parsed = ()
                self._dates[dob] = parsed
            if parsed:
                raw["date_of_birth"], raw["dob_precision"] = parsed
        result = validate_child(raw, self.lookups, today=self.today)
        problems = [(k, m) for k, messages in result.errors.items() for m in messages]
        data = result.data
        for key, limit in _MAX_LENGTH.items():
            value = data.get(key) if key in data else raw.get(key, "")
            if value and len(value) > limit:
                problems.append((key, _too_long(limit, len(value))))
        for key in _NAME_KEYS:
            if data.get(key):
                self._name(data[key], key, problems)
        ward_name = raw.get("ward") or self.default_ward
        unit = ward = None
        if not ward_name:
            problems.append(("ward", _("The ward is required.")))
        else:
            ward, message = self._ward(ward_name)
            if message:
                problems.append(("ward", message))
            elif raw.get("group"):
                unit, message = self._group(ward, raw["group"])
                if message:
                    problems.append(("group", message))
            elif self.scope.covers(ward):
                unit = ward
            else:
                problems.append(("group", _("Name the residential group: your area is a group.")))
        caregivers = [
            c
            for c in (
                self._caregiver(raw, "mother", self.mother, "F", problems),
                self._caregiver(raw, "father", self.father, "M", problems),
            )
            if c
        ]
        circumstances = []
        if raw.get("circumstance"):
            code = self.lookups.code(CodeKind.CIRCUMSTANCE_GROUP, raw["circumstance"])
            if code is None:
                problems.append(
                    (
                        "circumstance",
                        _("Unknown group: “%(value)s”.") % {"value": raw["circumstance"]},
                    )
                )
            started = self._date(raw, "circumstance_from", problems, required=True)
            if code is not None and started is not None:
                circumstances.append({"code": code, "started_on": started})
        elif raw.get("circumstance_from"):
            problems.append(("circumstance", _("Name the group of this date.")))
        if unreadable:
            # A cell refused as unreadable was blanked: the checks that then
            # found it missing would only repeat the problem.
            keys = {key for key, _message in unreadable}
            problems = unreadable + [p for p in problems if p[0] not in keys]
        if problems:
            return None, problems
        data["address_line"] = raw.get("address_line", "")
        data["school_name"] = raw.get("school_name", "")
        data["grade"] = raw.get("grade", "")
        item = {"data": data, "unit": unit, "ward": ward, "caregivers": caregivers}
        if circumstances:
            item["circumstances"] = circumstances
        return item, []

    def _date(self, raw, key, problems, required=False):
        try:
            value, _precision = parse_date(raw.get(key))
        except ValueError:
            problems.append(
                (key, _("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": raw.get(key)})
            )
            return None
        if value is None and required:
            problems.append((key, _("The start date is required.")))
        elif value is not None and value > self.today:
            problems.append((key, _("The date is in the future.")))
        return value


def _too_long(limit, length, part=None):
    if part:
        label = {
            "family_name": _("family name"),
            "middle_name": _("middle name"),
            "given_name": _("given name"),
        }[part]
        return _("The %(part)s is longer than %(limit)s characters (%(length)s).") % {
            "part": label,
            "limit": limit,
            "length": length,
        }
    return _("At most %(limit)s characters: this cell has %(length)s.") % {
        "limit": limit,
        "length": length,
    }


def _formula(value):
    return _("The cell holds a formula (“%(value)s”): paste its value instead.") % {
        "value": value[:_SHOWN]
    }


def _converted(value):
    shown = value.strftime("%d/%m/%Y" if isinstance(value, datetime.date) else "%H:%M")
    return _(
        "The cell holds a date or time (%(value)s) where text is expected: Excel converted "
        "what was typed. Format the column as Text and type the value again."
    ) % {"value": shown}


def _name_problem(value):
    """The message when `value` is not a name (digits, signs), or ""."""
    if not _NOT_NAME.search(value):
        return ""
    if any(c.isdigit() for c in value):
        return _("A name holds no digits: “%(value)s”.") % {"value": value[:_SHOWN]}
    odd = sorted({c for c in value if not c.isalpha() and c not in _NAME_JOINERS})
    return _("A name holds only letters, spaces, hyphens and apostrophes, not “%(signs)s”.") % {
        "signs": " ".join(odd)
    }
