"""A corpus of good and bad import files (issue 13 §3), made in code so that
each stays small and readable: `CASES` names each file, its bytes and what
the import must do with it. `write_corpus(folder)` writes them out, to try
them on the upload page by hand.

Expectations:
- ("file", fragment): the whole file is refused (FileProblem) with a
  Vietnamese message holding `fragment`; nothing is written;
- ("rows", {(row, key), ...}): exactly these row errors; nothing is written;
- ("ok", n): n children imported (warnings allowed).
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from treem.children.importer import COLUMNS

KEYS = [c.key for c in COLUMNS]
HEADERS = [c.header for c in COLUMNS]
TODAY = datetime.date.today()


def row(**values):
    base = {
        "family_name": "Phạm",
        "middle_name": "Văn",
        "given_name": "Nam",
        "date_of_birth": "02/09/2017",
        "sex": "Nam",
        "ward": "Trường Vinh",
        "group": "Khối 2",
        "mother_name": "Hồ Thị Lan",
        "mother_phone": "0987654321",
    }
    base.update(values)
    return base


GOOD = [
    row(personal_id="040217000101"),
    row(given_name="Bình", personal_id="040217000102", date_of_birth="03/2017"),
    row(
        given_name="Chi",
        sex="Nữ",
        date_of_birth="2016",
        personal_id_missing_reason="chuacap",
        circumstance="a",
        circumstance_from="01/01/2024",
        group="",
    ),
]


def csv_bytes(rows, *, headers=HEADERS, keys=KEYS, delimiter=",", bom=True, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(k, "") for k in keys])
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


def xlsx_bytes(rows, *, headers=HEADERS, keys=KEYS, before=(), title="Danh sách trẻ em"):
    """`before`: sheets (title, rows) placed ahead of the data sheet."""
    book = openpyxl.Workbook()
    first = book.active
    sheets = []
    for name, content in before:
        sheet = book.create_sheet(name)
        for line in content:
            sheet.append(line)
        sheets.append(sheet)
    data = book.create_sheet(title)
    data.append(headers)
    for r in rows:
        data.append([r.get(k, "") for k in keys])
    book.remove(first)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mojibake(value):
    """UTF-8 read as Windows-1252, as Excel shows a UTF-8 CSV opened as ANSI."""
    return value.encode("utf-8").decode("cp1252", errors="replace")


def nfd(value):
    return unicodedata.normalize("NFD", value)


def _template(fmt):
    from treem.children.views import io as views_io

    return views_io.template_csv() if fmt == "csv" else views_io.template_xlsx()


def _formula_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    values = row(personal_id="040217000301")
    sheet.append([values.get(k, "") for k in KEYS])
    # A formula openpyxl writes has no value computed by Excel.
    sheet.cell(row=2, column=KEYS.index("given_name") + 1, value='=CONCATENATE("N","am")')
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed_xlsx(rows):
    """Cells as Excel types them in General cells: numbers and dates."""
    return xlsx_bytes(rows)


def _duplicated_header():
    headers = [*HEADERS, HEADERS[0]]
    return csv_bytes(GOOD, headers=headers, keys=[*KEYS, "family_name"])


def _unknown_columns():
    return csv_bytes(
        [{**r, "x1": "ghi chú", "x2": "1"} for r in GOOD],
        headers=[*HEADERS, "Ghi chú riêng", "Số thứ tự"],
        keys=[*KEYS, "x1", "x2"],
    )


def _blank_lines():
    lines = csv_bytes(GOOD).decode("utf-8").split("\r\n")
    # Blank lines between rows: rows keep their line numbers in the report.
    return "\r\n\r\n".join(lines).encode("utf-8")


def _multiline_cell():
    rows = [row(personal_id="040217000401", address_line="Số 5\nngõ 2 Lê Lợi")]
    return csv_bytes(rows)


_FUTURE = TODAY + datetime.timedelta(days=30)
# A day past the sixteenth birthday (the 28th at most: 29 February has no twin).
_SIXTEEN = datetime.date(TODAY.year - 16, TODAY.month, min(TODAY.day, 28)) - datetime.timedelta(
    days=1
)


@dataclass
class Case:
    name: str
    content: object  # bytes, or a callable that makes them
    expect: tuple
    ignored: list = field(default_factory=list)

    def bytes(self):
        return self.content() if callable(self.content) else self.content


CASES = [
    # Whole-file problems.
    Case("empty.csv", b"", ("file", "Tệp trống")),
    Case("empty.xlsx", b"", ("file", "không phải là bảng tính .xlsx")),
    Case("header-only.csv", csv_bytes([]), ("file", "không có dòng nào")),
    Case("header-only.xlsx", xlsx_bytes([]), ("file", "không có dòng nào")),
    Case("not-a-spreadsheet.txt", b"Ho,Ten\n", ("file", ".xlsx hoặc .csv")),
    Case("corrupt.xlsx", b"PK\x03\x04 not really a zip", ("file", "không phải là bảng tính")),
    Case("missing-columns.csv", b"Ho va ten,Ngay sinh\nAn,01/01/2016\n", ("file", "thiếu các cột")),
    Case("duplicated-header.csv", _duplicated_header, ("file", "hai lần")),
    Case(
        "no-template-sheet.xlsx",
        xlsx_bytes([], headers=["Ghi chú"], before=[("Bìa", [["Danh sách"]])]),
        ("file", "thiếu các cột"),
    ),
    Case(
        "mojibake.csv",
        lambda: csv_bytes([row(personal_id="040217000201", family_name=mojibake("Nguyễn"))]),
        ("file", "mã hóa"),
    ),
    Case(
        "mojibake.xlsx",
        lambda: xlsx_bytes([row(personal_id="040217000202", mother_name=mojibake("Hồ Thị Hương"))]),
        ("file", "mã hóa"),
    ),
    Case(
        "mojibake-header.csv",
        lambda: mojibake(csv_bytes(GOOD, bom=False).decode("utf-8")).encode("utf-8"),
        ("file", "mã hóa"),
    ),
    Case(
        "windows-1252.csv",
        lambda: (
            csv_bytes([row(family_name="Lê", personal_id="040217000203")], bom=False)
            .decode("utf-8")
            .replace("Đ", "D")
            .encode("cp1252", errors="replace")
        ),
        ("file", "UTF-8"),
    ),
    # Row problems.
    Case(
        "date-in-grade.xlsx",
        lambda: _typed_xlsx([row(personal_id="040217000204", grade=datetime.datetime(2026, 1, 6))]),
        ("rows", {(2, "grade")}),
    ),
    Case(
        "formula.csv",
        lambda: csv_bytes(
            [
                row(personal_id="040217000302", given_name="=1+1"),
                row(
                    given_name="Bình",
                    personal_id="040217000303",
                    address_line='=HYPERLINK("http://x","bấm")',
                ),
            ]  # fmt: skip
        ),
        ("rows", {(2, "given_name"), (3, "address_line")}),
    ),
    Case("formula.xlsx", _formula_xlsx, ("rows", {(2, "given_name")})),
    Case(
        "sixteen.csv",
        lambda: csv_bytes([row(personal_id="", date_of_birth=f"{_SIXTEEN:%d/%m/%Y}")]),
        ("rows", {(2, "date_of_birth")}),
    ),
    Case(
        "future-dates.csv",
        lambda: csv_bytes(
            [
                row(personal_id="", date_of_birth=f"{_FUTURE:%d/%m/%Y}"),
                row(
                    given_name="Bình",
                    personal_id="",
                    circumstance="a",
                    circumstance_from=f"{_FUTURE:%d/%m/%Y}",
                ),
            ]  # fmt: skip
        ),
        ("rows", {(2, "date_of_birth"), (3, "circumstance_from")}),
    ),
    Case(
        "duplicate-ids.csv",
        lambda: csv_bytes(
            [row(personal_id="040217000501"), row(given_name="Bình", personal_id="040217000501")]
        ),
        ("rows", {(3, "personal_id")}),
    ),
    Case(
        "too-long.csv",
        lambda: csv_bytes(
            [
                row(personal_id="040217000502", mother_name="Trần Thị " + "A" * 10_000),
                row(given_name="Bình", personal_id="040217000503", ward="P" * 10_000),
            ]
        ),
        ("rows", {(2, "mother_name"), (3, "ward")}),
    ),
    Case(
        "digits-in-names.csv",
        lambda: csv_bytes(
            [
                row(personal_id="040217000504", given_name="Nam2"),
                row(given_name="Bình", personal_id="040217000505", father_name="Lê Văn 3"),
            ]
        ),
        ("rows", {(2, "given_name"), (3, "father_name")}),
    ),
    Case(
        "other-and-former-ward.csv",
        lambda: csv_bytes(
            [
                row(personal_id="040217000506", ward="Thành Vinh", group="Khối 1"),
                row(given_name="Bình", personal_id="040217000507", ward="Vinh Tân", group=""),
            ]
        ),
        ("rows", {(2, "ward"), (3, "ward")}),
    ),
    # Good files.
    Case("good-bom.csv", lambda: csv_bytes(GOOD), ("ok", 3)),
    Case("good-no-bom.csv", lambda: csv_bytes(GOOD, bom=False), ("ok", 3)),
    Case("good-semicolon.csv", lambda: csv_bytes(GOOD, delimiter=";"), ("ok", 3)),
    Case("good.xlsx", lambda: xlsx_bytes(GOOD), ("ok", 3)),
    Case(
        "guide-sheet-first.xlsx",
        lambda: xlsx_bytes(GOOD, before=[("Hướng dẫn", [["Cột", "Cách ghi"], ["Họ", "Bắt buộc"]])]),
        ("ok", 3),
    ),
    Case(
        "unknown-columns.csv",
        _unknown_columns,
        ("ok", 3),
        ignored=["Ghi chú riêng", "Số thứ tự"],
    ),
    Case("blank-lines.csv", _blank_lines, ("ok", 3)),
    Case("multiline-cell.csv", _multiline_cell, ("ok", 1)),
    Case(
        "nfd.csv",
        lambda: csv_bytes(
            [
                row(
                    personal_id="040317000601",
                    sex=nfd("Nữ"),
                    given_name=nfd("Ánh"),
                    ward=nfd("Trường Vinh"),
                    mother_name=nfd("Hồ Thị Lan"),
                )
            ]
        ),
        ("ok", 1),
    ),
    Case(
        "numbers.xlsx",
        lambda: _typed_xlsx(
            [row(personal_id=40217000602, mother_phone=987654321, grade=4, address_line=12)]
        ),
        ("ok", 1),
    ),
    Case("template.csv", lambda: _template("csv"), ("ok", 1)),
    Case("template.xlsx", lambda: _template("xlsx"), ("ok", 1)),
]


def write_corpus(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (folder / case.name).write_bytes(case.bytes())
    return folder
