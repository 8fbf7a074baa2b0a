"""Reading register extracts and children's files (CSV, .xlsx, JSON lines) under one contract.

``REGISTER.csv``: person_id, full_name, date_of_birth, sex, mother_name, father_name, ward;
``CHILDREN.csv``: record_id, personal_id, full_name, date_of_birth, sex, mother_name,
father_name, ward. Dates YYYY-MM-DD, sex Nam/Nữ. A malformed file is refused whole with a
Vietnamese message naming the line and the column: nothing is linked from half a file.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

from django.utils.translation import gettext as _

from treem.children import idnumber, text

REGISTER_COLUMNS = (
    "person_id",
    "full_name",
    "date_of_birth",
    "sex",
    "mother_name",
    "father_name",
    "ward",
)
CHILDREN_COLUMNS = (
    "record_id",
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "mother_name",
    "father_name",
    "ward",
)
MAX_ROWS = 2_000_000


class FileProblem(ValueError):
    """A file that cannot be read as the contract says; the message is for the user."""


def _rows_csv(path: Path):
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None or not sample.strip():
                raise FileProblem(_("The file is empty."))
            yield [h.strip().lower() for h in header]
            yield from reader
    except UnicodeDecodeError:
        raise FileProblem(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from None
    except csv.Error as exc:
        raise FileProblem(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None


def _rows_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise FileProblem(_("The file is not a valid Excel (.xlsx) workbook.")) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise FileProblem(_("The file is empty."))
    yield [str(h or "").strip().lower() for h in header]
    for row in rows:
        yield [
            v.isoformat()[:10]
            if isinstance(v, datetime.date | datetime.datetime)
            else ("" if v is None else str(v))
            for v in row
        ]


def _rows_jsonl(path: Path, columns):
    yield list(columns)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError:
                    raise FileProblem(
                        _("Line %(line)s is not valid JSON.") % {"line": number}
                    ) from None
                if not isinstance(item, dict):
                    raise FileProblem(_("Line %(line)s is not a JSON object.") % {"line": number})
                yield ["" if item.get(c) is None else str(item.get(c)) for c in columns]
    except UnicodeDecodeError:
        raise FileProblem(_("The file is not UTF-8 text.")) from None


def _rows(path: Path, columns, filename: str | None):
    suffix = Path(filename or path.name).suffix.lower()
    if suffix == ".csv":
        return _rows_csv(path)
    if suffix == ".xlsx":
        return _rows_xlsx(path)
    if suffix in (".jsonl", ".json", ".ndjson"):
        return _rows_jsonl(path, columns)
    raise FileProblem(_("Only CSV, Excel (.xlsx) and JSON lines (.jsonl) files can be read."))


def _date(value: str, line: int, column: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise FileProblem(
            _("Line %(line)s, column %(column)s: “%(value)s” is not a date YYYY-MM-DD.")
            % {"line": line, "column": column, "value": value[:40]}
        ) from None
    return day.isoformat()


def _sex(value: str, line: int) -> str:
    if not value.strip():
        return ""
    sex = idnumber.parse_sex(value)
    if sex is None:
        raise FileProblem(
            _("Line %(line)s, column sex: “%(value)s” is neither Nam nor Nữ.")
            % {"line": line, "value": value[:40]}
        )
    return sex


def read(path: Path | str, columns, *, filename: str | None = None, key: str) -> list[dict]:
    """Rows as dicts with ``columns``; sex as "M"/"F", dates ISO, names in NFC. ``key`` is the
    identifier column, required and unique."""
    path = Path(path)
    rows = _rows(path, columns, filename)
    header = next(rows)
    missing = [c for c in columns if c not in header]
    if missing:
        raise FileProblem(
            _("Missing columns: %(columns)s. Expected columns: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ",".join(columns)}
        )
    index = {c: header.index(c) for c in columns}
    out, seen = [], set()
    for line, row in enumerate(rows, start=2):
        if not any(str(v).strip() for v in row):
            continue
        if len(out) >= MAX_ROWS:
            raise FileProblem(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        values = {c: (row[i] if i < len(row) else "").strip() for c, i in index.items()}
        ident = values[key]
        if not ident:
            raise FileProblem(
                _("Line %(line)s: the column %(column)s is empty.") % {"line": line, "column": key}
            )
        if ident in seen:
            raise FileProblem(
                _("Line %(line)s: %(column)s “%(value)s” appears twice.")
                % {"line": line, "column": key, "value": ident[:40]}
            )
        seen.add(ident)
        if not values["full_name"]:
            raise FileProblem(_("Line %(line)s: the full name is empty.") % {"line": line})
        values["date_of_birth"] = _date(values["date_of_birth"], line, "date_of_birth")
        values["sex"] = _sex(values["sex"], line)
        for name in ("full_name", "mother_name", "father_name", "ward"):
            values[name] = text.nfc(values[name])
        out.append(values)
    if not out:
        raise FileProblem(_("The file has no rows."))
    return out


def read_register(path, *, filename=None) -> list[dict]:
    rows = read(path, REGISTER_COLUMNS, filename=filename, key="person_id")
    for line, row in enumerate(rows, start=2):
        pid = idnumber.normalise(row["person_id"])
        if len(pid) != idnumber.LENGTH or not pid.isdigit():
            raise FileProblem(
                _("Row %(row)s: person_id “%(value)s” is not a 12-digit personal ID number.")
                % {"row": line - 1, "value": row["person_id"][:40]}
            )
        row["person_id"] = pid
    return rows


def read_children(path, *, filename=None) -> list[dict]:
    return read(path, CHILDREN_COLUMNS, filename=filename, key="record_id")


def write_matches(rows, fh: io.TextIOBase) -> None:
    writer = csv.writer(fh, lineterminator="\n")
    # ``reason`` (added last, so readers of the first four columns are unaffected): why a record
    # waits for review (homonym, close, score; linkage.engine.REASONS), empty otherwise.
    writer.writerow(["record_id", "person_id", "match_probability", "decision", "reason"])
    for row in rows:
        writer.writerow(
            [
                row["record_id"],
                row["person_id"],
                f"{row['match_probability']:.6f}",
                row["decision"],
                row.get("reason", ""),
            ]
        )
