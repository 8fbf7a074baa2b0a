"""Import of places and facilities from .xlsx, all or nothing: every row is
checked first (the same checks as the service), and only a file without
errors is written, in one transaction. Messages name the row and the column
in Vietnamese, as the children's import does."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.scope import has_perm
from treem.areas.models import AdminUnit, Level
from treem.children import text

from .access import EDIT
from .models import PlaceType
from .services import PlaceError, check_place, create_place

# (key, header, required): the headers are data in Vietnamese, what officers
# read and type (not translated); the template
# (`template_workbook`) writes them in this order.
COLUMNS = (
    ("type", "Loại", True),
    ("name", "Tên", True),
    ("owner", "Chủ quản / đơn vị vận hành", False),
    ("ward", "Phường, xã", True),
    ("group", "Tổ dân phố, khối", False),
    ("address", "Địa chỉ", False),
    ("latitude", "Vĩ độ", False),
    ("longitude", "Kinh độ", False),
    ("capacity", "Sức chứa (trẻ em)", False),
    ("age_min", "Từ tuổi", False),
    ("age_max", "Đến tuổi", False),
    ("opened_on", "Ngày đưa vào sử dụng", False),
    ("closed_on", "Ngày ngừng hoạt động", False),
    ("licence_number", "Số giấy phép", False),
    ("licence_date", "Ngày cấp phép", False),
    ("licence_issuer", "Cơ quan cấp phép", False),
    ("notes", "Ghi chú", False),
)
HEADERS = {key: header for key, header, _req in COLUMNS}
MAX_ROWS = 5000


class FileProblem(Exception):
    pass


@dataclass
class Report:
    rows: int = 0
    errors: list = field(default_factory=list)  # [(row, column header, message)]
    imported: int = 0

    @property
    def ok(self):
        return not self.errors


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text.nfc(str(value)).strip()


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Enter a date as dd/mm/yyyy."))


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        # A Vietnamese spreadsheet writes 18,679585.
        return Decimal(_text(value).replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Enter a number, e.g. 18.679585.")) from None


def _whole(value):
    if value in (None, ""):
        return None
    number = _decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(_("Enter a whole number of at least 0."))
    return int(number)


PARSERS = {
    "latitude": _decimal,
    "longitude": _decimal,
    "capacity": _whole,
    "age_min": _whole,
    "age_max": _whole,
    "opened_on": _date,
    "closed_on": _date,
    "licence_date": _date,
}


def read_rows(path_or_file):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path_or_file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not .xlsx
        raise FileProblem(_("The file is not an .xlsx spreadsheet: use the template.")) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    folded = {text.fold(h): key for key, h in HEADERS.items()}
    mapping = {}
    for i, cell in enumerate(header):
        key = folded.get(text.fold(_text(cell)))
        if key:
            mapping[i] = key
    missing = [str(h) for key, h, req in COLUMNS if req and key not in mapping.values()]
    if missing:
        raise FileProblem(
            _("The file lacks the columns: %(columns)s. Use the import template.")
            % {"columns": ", ".join(missing)}
        )
    out = []
    for number, cells in enumerate(rows, start=2):
        values = {key: cells[i] if i < len(cells) else None for i, key in mapping.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        out.append((number, values))
        if len(out) > MAX_ROWS:
            raise FileProblem(_("The file has more than %(n)s rows: split it.") % {"n": MAX_ROWS})
    book.close()
    return out


class _Lookups:
    """Types and units by folded name, loaded once per file."""

    def __init__(self):
        self.types = {}
        for t in PlaceType.objects.filter(active=True):
            self.types[text.fold(t.code)] = t
            self.types[text.fold(t.name)] = t
        self.wards = {}
        self.groups = {}
        units = AdminUnit.objects.in_force().filter(
            level__in=[Level.WARD, Level.COMMUNE, Level.RESIDENTIAL_GROUP]
        )
        for unit in units:
            if unit.level == Level.RESIDENTIAL_GROUP:
                self.groups[(unit.parent_id, text.fold(unit.name))] = unit
            else:
                self.wards[text.fold(unit.name)] = unit


def _row_values(number, raw, lookups, actor, report):
    values, errors = {}, []

    def error(key, message):
        errors.append((number, HEADERS.get(key, key), message))

    place_type = lookups.types.get(text.fold(_text(raw.get("type"))))
    if place_type is None:
        error("type", _("Unknown type: use a name or a code from the list of types."))
    values["type"] = place_type
    for key in ("name", "owner", "address", "licence_number", "licence_issuer", "notes"):
        values[key] = _text(raw.get(key))
    ward = lookups.wards.get(text.fold(_text(raw.get("ward"))))
    unit = ward
    if ward is None:
        error("ward", _("No ward or commune in force has this name."))
    elif _text(raw.get("group")):
        unit = lookups.groups.get((ward.pk, text.fold(_text(raw.get("group")))))
        if unit is None:
            error("group", _("The ward has no residential group of this name."))
    if unit is not None and actor is not None and not has_perm(actor, EDIT, unit):
        error("ward", _("You may not keep the register of this area."))
    values["unit"] = unit
    for key, parse in PARSERS.items():
        try:
            values[key] = parse(raw.get(key))
        except ValueError as exc:
            error(key, str(exc))
            values[key] = None
    if not errors:
        labels = {"unit": "ward", "type": "type"}
        for key, messages in check_place(values).items():
            for message in messages:
                error(labels.get(key, key), message)
    report.errors += errors
    return values


def import_places(path_or_file, *, actor, write=True):
    """Check every row; write all of them only if none has an error."""
    report = Report()
    rows = read_rows(path_or_file)
    report.rows = len(rows)
    lookups = _Lookups()
    checked = [_row_values(number, raw, lookups, actor, report) for number, raw in rows]
    if report.errors or not write:
        return report
    try:
        with transaction.atomic():
            for values in checked:
                create_place(actor=actor, **values)
    except PlaceError as exc:
        report.errors.append((0, "", "; ".join(exc.messages)))
        return report
    report.imported = len(checked)
    return report


def template_workbook():
    """The import template: the headers and one example row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Dia diem"
    sheet.append([str(h) for _key, h, _req in COLUMNS])
    sheet.append(
        [
            "play_space",
            "Sân chơi khối 3",
            "UBND phường",
            "Trường Vinh",
            "Khối 3",
            "Đường Lê Lợi",
            "18.6796",
            "105.6813",
            60,
            3,
            15,
            "01/06/2024",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    types = book.create_sheet("Loai")
    types.append(["Mã", "Tên", "Sổ"])
    for t in PlaceType.objects.filter(active=True):
        types.append([t.code, t.name, t.get_register_display()])
    return book
