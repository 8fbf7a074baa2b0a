"""Import of children from .xlsx and .csv files in the documented template
(docs/import-template.md).

Every row is checked before anything is written: the child's fields
(validation.validate_child), the ward and residential group (in force and
inside the importer's EDIT_PERSONAL scope), the caregivers and the special
circumstance, then duplicates against the file and the registry. Duplicate
checks load the keys of the whole file in a few set-based queries, never one
query per row, so that a 100,000-row file is checked in seconds.

Nothing is written unless the file is valid, or the caller asks for the
valid rows only after seeing the report. Writing goes through
services.bulk.bulk_create_children in one transaction (all-or-nothing).
"""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from . import text
from .import_rows import RowChecker
from .keys import full_name_folded
from .models import Child, Status
from .services.bulk import bulk_create_children


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    note: str
    example: str = ""
    required: bool = False


def _load_columns():
    # The template is data (data/import-template.csv), in file order: headers
    # are Vietnamese (what officers read), keys the stable names used by the
    # code, the report and docs/import-template.md.
    path = Path(__file__).with_name("data") / "import-template.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Column(r["key"], r["header"], r["note"], r["example"], bool(r["required"]))
            for r in csv.DictReader(fh)
        )


COLUMNS = _load_columns()
BY_KEY = {c.key: c for c in COLUMNS}
_HEADER_KEYS = {
    **{text.fold(c.header): c.key for c in COLUMNS},
    **{c.key: c.key for c in COLUMNS},
}
# "Họ (family_name)": a header may carry its key in brackets.
_BRACKETED_KEY = re.compile(r"\(([a-z_]+)\)\s*$")
# Rows written per call of the bulk service: bounds the memory of the model
# instances and audit rows it builds; the outer transaction keeps the whole
# import all-or-nothing.
WRITE_CHUNK = 10_000
# Personal IDs per query of the registry duplicate check (SQLite caps parameters).
ID_CHUNK = 900


# UTF-8 read as Windows-1252 (or Latin-1) and saved again: each accented
# letter becomes a lead character (Ã, Ä, Æ, á, ...: U+00C2-U+00EF) followed by
# one showing a continuation byte (U+0080-U+00BF, or what Windows-1252 puts
# at 0x80-0x9F). No Vietnamese text has such a pair: "Nguyễn" → "Nguyá»…n",
# "Hương" → "HÆ°Æ¡ng", "Đ" → "Ä\x90".
_MOJIBAKE = re.compile(
    "[\u00c2-\u00ef]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]",
    re.IGNORECASE,
)


class FileProblem(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


def _garbled(where, value):
    return FileProblem(
        _(
            "The file's text is garbled (“%(sample)s”, %(where)s): it was saved in UTF-8 and then "
            "opened or saved again in another encoding (Windows-1252). Open the original file, "
            "or in Excel import it with Data → From Text/CSV choosing “65001: Unicode (UTF-8)”, "
            "then save it as .xlsx or “CSV UTF-8” and upload it again. Nothing was written."
        )
        % {"sample": value[:40], "where": where}
    )


def check_encoding(value, where):
    """Raises FileProblem when `value` (a cell's text) is mojibake."""
    if not value.isascii() and _MOJIBAKE.search(value):
        raise _garbled(where, value)


@dataclass
class Issue:
    row: int
    key: str
    message: str

    @property
    def column(self):
        col = BY_KEY.get(self.key)
        return col.header if col else self.key

    def as_dict(self):
        return {"row": self.row, "column": self.column, "key": self.key, "message": self.message}


@dataclass
class Report:
    rows: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    imported: int = 0
    written: bool = False
    ignored_columns: list = field(default_factory=list)

    @property
    def error_rows(self):
        return {e.row for e in self.errors}

    @property
    def valid(self):
        return self.rows - len(self.error_rows)

    @property
    def ok(self):
        return not self.errors

    def summary(self, limit=500):
        """JSON-ready, for Job.result: counts and the first `limit` issues."""
        return {
            "rows": self.rows,
            "valid": self.valid,
            "error_count": len(self.errors),
            "error_rows": len(self.error_rows),
            "warning_count": len(self.warnings),
            "imported": self.imported,
            "written": self.written,
            "ignored_columns": self.ignored_columns,
            "errors": [e.as_dict() for e in self.errors[:limit]],
            "warnings": [w.as_dict() for w in self.warnings[:limit]],
            "truncated": len(self.errors) > limit or len(self.warnings) > limit,
        }


# --- reading -------------------------------------------------------------------------------------
def _header_key(value):
    raw = text.nfc(str(value or ""))
    m = _BRACKETED_KEY.search(raw)
    if m and m.group(1) in BY_KEY:
        return m.group(1)
    return _HEADER_KEYS.get(text.fold(raw))


def _map_header(cells):
    """Column index → key; raises FileProblem when a required column is
    missing, a column comes twice or the headers are garbled."""
    mapping, ignored = {}, []
    for i, cell in enumerate(cells):
        header = text.nfc(str(cell)) if cell is not None else ""
        check_encoding(header, _("header row"))
        key = _header_key(header)
        if key and key in mapping.values():
            # Two columns for one field: which one holds the data is a guess.
            raise FileProblem(
                _("The column “%(column)s” appears twice in the header row: keep one.")
                % {"column": BY_KEY[key].header}
            )
        if key:
            mapping[i] = key
        elif header:
            ignored.append(header)
    missing = [c.header for c in COLUMNS if c.required and c.key not in mapping.values()]
    if missing:
        raise FileProblem(
            _("The file lacks the columns: %(columns)s. Use the import template.")
            % {"columns": ", ".join(missing)}
        )
    return mapping, ignored


def _where(number, key):
    return _("row %(row)s, column “%(column)s”") % {"row": number, "column": BY_KEY[key].header}


def _checked(number, values):
    """`values` after the encoding check of its text cells: one search over
    the row's text (nearly always clean), cell by cell only on a hit."""
    joined = "\n".join(v for v in values.values() if v.__class__ is str)
    if not joined.isascii() and _MOJIBAKE.search(joined):
        for key, value in values.items():
            if isinstance(value, str) and _MOJIBAKE.search(value):
                raise _garbled(_where(number, key), value)
    return values


def _cell(value, key):
    """A spreadsheet cell as the text the validators expect."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        s = str(value)
        # A number cell drops leading zeros: every province code starts with 0,
        # phones too.
        if key in ("personal_id", "mother_id", "father_id") and len(s) == 11:
            return "0" + s
        if key.endswith("_phone") and len(s) == 9:
            return "0" + s
        return s
    return str(value).strip()


def _not_utf8():
    # Built when raised: the message is in the language active then.
    return _(
        "The CSV file is not in UTF-8 (it was probably saved as Windows-1252 / ANSI, which "
        "loses Vietnamese letters). In Excel choose Save As → “CSV UTF-8 (Comma delimited)”, "
        "or save it as .xlsx, and upload it again."
    )


class Source:
    """Rows of an uploaded file: (row number as in the file, {key: value})."""

    def __init__(self, path, filename=None):
        self.path = Path(path)
        self.suffix = Path(filename or self.path.name).suffix.lower()
        if self.suffix not in (".csv", ".xlsx"):
            raise FileProblem(_("Upload a .xlsx or .csv file made from the import template."))
        self.ignored = []

    def estimate(self):
        """Rows to expect, for the progress bar."""
        if self.suffix == ".xlsx":
            return max(self._sheet()[1].max_row or 1, 1) - 1
        count = 0
        with self.path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                count += block.count(b"\n")
        return max(count - 1, 0)

    def rows(self):
        if self.suffix == ".xlsx":
            return self._xlsx_rows()
        return self._csv_rows()

    def _csv_rows(self):
        try:
            fh = self.path.open(encoding="utf-8-sig", newline="")
            first = fh.readline()
        except UnicodeDecodeError:
            raise FileProblem(_not_utf8()) from None
        if not first.strip():
            fh.close()
            raise FileProblem(_("The file is empty: its first line must be the template's header."))
        delimiter = ";" if first.count(";") > first.count(",") else ","
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            mapping, self.ignored = _map_header(next(reader, []))
            items = list(mapping.items())
            number = reader.line_num
            for cells in reader:
                number += 1
                if not any(cells):
                    number = reader.line_num
                    continue
                n = len(cells)
                yield (
                    number,
                    _checked(number, {k: cells[i].strip() if i < n else "" for i, k in items}),
                )
                # A quoted cell may span lines: the next row starts after it.
                number = reader.line_num
        except UnicodeDecodeError:
            raise FileProblem(_not_utf8()) from None
        except csv.Error as exc:
            raise FileProblem(
                _("The CSV file cannot be read: %(error)s") % {"error": exc}
            ) from None
        finally:
            fh.close()

    def _sheet(self):
        """The workbook and the sheet to read: the first whose header row
        names the template's columns (a guide or cover sheet may come first),
        else the first sheet (whose header then explains what is missing)."""
        import openpyxl

        try:
            # Read-only mode streams the sheet instead of loading it whole.
            # data_only: a formula cell gives the value Excel last computed.
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception:
            raise FileProblem(_("The file is not a valid .xlsx workbook.")) from None
        if not book.worksheets:
            book.close()
            raise FileProblem(_("The file holds no rows to import."))
        for sheet in book.worksheets:
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            keys = {_header_key(text.nfc(str(c))) for c in header if c is not None}
            if all(c.key in keys for c in COLUMNS if c.required):
                return book, sheet
        return book, book.worksheets[0]

    def _xlsx_rows(self):
        book, sheet = self._sheet()
        try:
            rows = sheet.iter_rows(values_only=True)
            mapping, self.ignored = _map_header(next(rows, ()))
            items = list(mapping.items())
            for number, cells in enumerate(rows, start=2):
                if not any(v not in (None, "") for v in cells):
                    continue
                n = len(cells)
                yield (
                    number,
                    _checked(number, {k: _cell(cells[i], k) if i < n else "" for i, k in items}),
                )
        finally:
            book.close()


def _existing_ids(ids):
    """(personal_id, pk) of the registry's children holding one of `ids`."""
    if connection.vendor == "postgresql":
        # One array parameter: an IN list of 100,000 placeholders costs more
        # to build in Python than the query costs to run.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT personal_id, id FROM {Child._meta.db_table} "  # noqa: S608
                "WHERE personal_id = ANY(%s)",
                [ids],
            )
            return cursor.fetchall()
    found = []
    for start in range(0, len(ids), ID_CHUNK):
        chunk = Child.objects.filter(personal_id__in=ids[start : start + ID_CHUNK])
        found += chunk.values_list("personal_id", "pk")
    return found


# --- checking ------------------------------------------------------------------------------------
class Importer(RowChecker):
    """Checks rows (import_rows.RowChecker), duplicates across the file and
    the registry, and writes the valid ones. `actor` None is the system: its
    scope is not restricted (command line only)."""

    def check(self, rows, *, progress=None, total=0):
        """Checks every row; returns (report, {row number: item}) with items of valid rows."""
        report = Report()
        items = {}
        ids_in_file = {}
        keys_in_file = {}
        for number, raw in rows:
            report.rows += 1
            item, problems = self.check_row(raw)
            for key, message in problems:
                report.errors.append(Issue(number, key, message))
            if item is not None:
                data = item["data"]
                pid = data["personal_id"]
                if pid and pid in ids_in_file:
                    report.errors.append(
                        Issue(
                            number,
                            "personal_id",
                            _("The same personal ID number is on row %(row)s of the file.")
                            % {"row": ids_in_file[pid]},
                        )
                    )
                else:
                    if pid:
                        ids_in_file[pid] = number
                    items[number] = item
                key = (
                    full_name_folded(data["family_name"], data["middle_name"], data["given_name"]),
                    data["date_of_birth"],
                    item["ward"].pk,
                )
                item["key"] = key
                if key in keys_in_file:
                    keys_in_file[key].append(number)
                    report.warnings.append(
                        Issue(
                            number,
                            "given_name",
                            _(
                                "Possible duplicate: same name, date of birth and ward as row "
                                "%(row)s of the file."
                            )
                            % {"row": keys_in_file[key][0]},
                        )
                    )
                else:
                    keys_in_file[key] = [number]
            if progress and report.rows % 2000 == 0:
                progress(report.rows, max(total, report.rows))
        self._check_registry(report, items, ids_in_file, keys_in_file)
        report.errors.sort(key=lambda e: e.row)
        report.warnings.sort(key=lambda w: w.row)
        return report, items

    def _check_registry(self, report, items, ids_in_file, keys_in_file):
        for pid, pk in _existing_ids(list(ids_in_file)):
            number = ids_in_file[pid]
            report.errors.append(
                Issue(
                    number,
                    "personal_id",
                    _("This personal ID number is already in the registry (record #%(pk)s).")
                    % {"pk": pk},
                )
            )
            items.pop(number, None)
        ward_ids = {key[2] for key in keys_in_file}
        if not ward_ids:
            return
        # One pass over the keys of the file's wards: a ward holds thousands
        # of children, a file tens of thousands of rows.
        existing = (
            Child.objects.filter(ward_id__in=ward_ids)
            .exclude(status=Status.MERGED)
            .values_list("name_folded", "date_of_birth", "ward_id", "pk")
        )
        for name, dob, ward_id, pk in existing.iterator(chunk_size=20_000):
            for number in keys_in_file.get((name, dob, ward_id), ()):
                report.warnings.append(
                    Issue(
                        number,
                        "given_name",
                        _(
                            "Possible duplicate: a child with the same name, date of birth and "
                            "ward is already registered (record #%(pk)s)."
                        )
                        % {"pk": pk},
                    )
                )

    # Writing ---------------------------------------------------------------------------------
    def write(self, items, *, note="", progress=None):
        """Writes the items in one transaction; returns the number of children."""
        rows = list(items.values()) if isinstance(items, dict) else list(items)
        for item in rows:
            item.pop("key", None)
        written = 0
        try:
            with transaction.atomic():
                for start in range(0, len(rows), WRITE_CHUNK):
                    chunk = rows[start : start + WRITE_CHUNK]
                    bulk_create_children(
                        chunk,
                        actor=self.actor,
                        province_codes=self.lookups.province_codes,
                        note=note,
                        instances=False,
                    )
                    written += len(chunk)
                    if progress:
                        progress(written, len(rows))
        except IntegrityError:
            # Another import or an officer registered one of these IDs meanwhile.
            raise FileProblem(
                _(
                    "The registry changed during the import; nothing was written. "
                    "Check the file again."
                )
            ) from None
        return written


def import_file(
    path,
    *,
    actor=None,
    filename=None,
    write=False,
    valid_only=False,
    default_ward="",
    progress=None,
    note="",
):
    """Checks the file, then writes it when `write` and it is valid (or the
    valid rows when `valid_only`). Returns the Report."""
    source = Source(path, filename)
    total = source.estimate() if progress else 0
    importer = Importer(actor=actor, default_ward=default_ward)

    def checking(done, total):
        # Checking is most of the work; writing fills the last tenth.
        progress(int(done * 0.9), total)

    report, items = importer.check(
        source.rows(), progress=checking if progress else None, total=total
    )
    report.ignored_columns = source.ignored
    if report.rows == 0:
        raise FileProblem(_("The file holds no rows to import."))
    if write and items and (report.ok or valid_only):

        def writing(done, n):
            progress(int(total * 0.9 + (total * 0.1) * done / max(n, 1)), total)

        report.imported = importer.write(
            items,
            note=note or (filename or Path(path).name),
            progress=writing if progress else None,
        )
        report.written = True
    return report
