"""Import of allowance recipients from .xlsx, the list ward officers keep
today: one row per decision. Every row is checked before anything is
written; a file with any error writes nothing (all or nothing) and the
report names each row and column in Vietnamese, as the children's import
does. Rows are written through record_decision in one transaction."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.children.models import Child
from treem.children.text import fold

from .rules import rules
from .services import AssistanceError, record_decision

# (key, Vietnamese header, required)
COLUMNS = (
    ("child", "Mã định danh hoặc số hồ sơ trẻ em", True),
    ("group", "Nhóm đối tượng", True),
    ("number", "Số quyết định", True),
    ("decided_on", "Ngày quyết định", True),
    ("signer", "Người ký", True),
    ("starts_on", "Hưởng từ ngày", True),
    ("ends_on", "Hưởng đến ngày", False),
)
HEADERS = {fold(header): key for key, header, _r in COLUMNS} | {k: k for k, _h, _r in COLUMNS}
LABELS = {key: header for key, header, _r in COLUMNS}
MAX_ROWS = 20000


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Report:
    rows: int = 0
    written: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _groups():
    found = {}
    for group in rules().groups.values():
        found[group.code] = group.code
        found[fold(group.name)] = group.code
    return found


def read_rows(handle):
    import openpyxl

    book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [HEADERS.get(fold(str(cell or "").strip())) for cell in header]
    for number, cells in enumerate(rows, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        yield number, {k: v for k, v in zip(keys, cells, strict=False) if k}, keys


def check(handle, user):
    """(report, items): items are (row number, child, values) when valid."""
    report, items = Report(), []
    groups = _groups()
    visible = Child.objects.visible_to(user, Perm.EDIT_PERSONAL).visible_to(
        user, Perm.VIEW_SENSITIVE
    )
    parsed = list(read_rows(handle))
    if parsed:
        missing = [LABELS[k] for k, _h, req in COLUMNS if req and k not in parsed[0][2]]
        if missing:
            report.errors.append(
                RowError(1, ", ".join(missing), _("These columns are missing from the first row."))
            )
            return report, []
    if len(parsed) > MAX_ROWS:
        report.errors.append(RowError(0, "", _("The file has too many rows.")))
        return report, []
    refs = {str(r.get("child") or "").strip() for _n, r, _k in parsed}
    ids = {r for r in refs if len(r) == 12 and r.isdigit()}
    pks = {int(r) for r in refs if r.isdigit() and len(r) < 12}
    by_id = {c.personal_id: c for c in visible.filter(personal_id__in=ids)}
    by_pk = {c.pk: c for c in visible.filter(pk__in=pks)}
    seen = set()
    for number, row, _keys in parsed:
        report.rows += 1
        errors = []
        ref = str(row.get("child") or "").strip()
        child = by_id.get(ref) if len(ref) == 12 else by_pk.get(int(ref)) if ref.isdigit() else None
        if child is None:
            errors.append(("child", _("No child with this number in your area.")))
        elif child.pk in seen:
            errors.append(("child", _("This child is on an earlier row of the file.")))
        else:
            seen.add(child.pk)
        group = groups.get(fold(str(row.get("group") or "").strip()))
        if group is None:
            errors.append(("group", _("Unknown eligible group.")))
        values = {"group": group}
        for key in ("number", "signer"):
            values[key] = str(row.get(key) or "").strip()
            if not values[key]:
                errors.append((key, _("This field is required.")))
        for key in ("decided_on", "starts_on", "ends_on"):
            raw = row.get(key)
            if raw in (None, "") and key == "ends_on":
                values[key] = None
                continue
            try:
                values[key] = _date(raw)
            except ValueError:
                errors.append((key, _("Enter a date as dd/mm/yyyy.")))
        for key, message in errors:
            report.errors.append(RowError(number, LABELS[key], message))
        if not errors:
            items.append((number, child, values))
    return report, items


class _Rollback(Exception):
    pass


def import_file(handle, *, actor):
    """Check, then write every row or none."""
    report, items = check(handle, actor)
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            for number, child, values in items:
                try:
                    record_decision(child, actor=actor, **values)
                except AssistanceError as exc:
                    report.errors.append(RowError(number, "", str(exc)))
            if report.errors:
                raise _Rollback
    except _Rollback:
        return report
    report.written = len(items)
    return report
