"""Entering a submission's figures from an .xlsx file in the layout of the
form: the template is downloaded from the submission's page, filled in and
uploaded. All or nothing: one bad cell and nothing is saved."""

from io import BytesIO
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from . import periods
from .models import Kind
from .services import IndicatorError
from .services.entry import EntryProblems, Figure, form_indicators

SHEET = "Chi tieu"
HEADER_ROW = 6
MAX_BYTES = 2 * 1024 * 1024


class UploadProblems(IndicatorError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(errors))


def template(submission):
    """The .xlsx layout of `submission`'s form, filled with what is saved."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = _("Indicator figures")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"], ws["B2"], ws["C2"] = _("Agency"), submission.agency.name, submission.agency_id
    ws["A3"], ws["B3"] = _("Unit"), submission.unit.name
    ws["A4"], ws["B4"], ws["C4"] = _("Period"), periods.label(submission.period), submission.period
    ws["A5"] = _(
        "Fill in the numerator and denominator columns only; leave a row empty to skip it."
    )
    headers = [_("Code"), _("Indicator"), _("Unit"), _("Numerator"), _("Denominator"), _("Note")]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    saved = {line.indicator_id: line for line in submission.lines.all()}
    for i, ind in enumerate(form_indicators(submission.agency, submission.period_type)):
        row = HEADER_ROW + 1 + i
        line = saved.get(ind.pk)
        ws.cell(row=row, column=1, value=ind.code)
        ws.cell(row=row, column=2, value=ind.name)
        ws.cell(row=row, column=3, value=ind.unit_label)
        ws.cell(row=row, column=4, value=line.numerator if line else None)
        if ind.kind != Kind.COUNT:
            ws.cell(row=row, column=5, value=line.denominator if line else None)
        else:
            ws.cell(row=row, column=5, value="—")
        ws.cell(row=row, column=6, value=line.note if line else "")
    for col, width in zip("ABCDEF", (10, 60, 18, 12, 12, 30), strict=True):
        ws.column_dimensions[col].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _count(value, where, errors):
    if value is None or (isinstance(value, str) and value.strip() in ("", "—", "-")):
        return None
    if isinstance(value, bool):
        errors.append(_("%(where)s: not a number.") % {"where": where})
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(" ", "")
        if not text.isdigit():
            errors.append(
                _("%(where)s: “%(value)s” is not a whole number.")
                % {"where": where, "value": value}
            )
            return None
        value = int(text)
    if not isinstance(value, int):
        errors.append(
            _("%(where)s: “%(value)s” is not a whole number.") % {"where": where, "value": value}
        )
        return None
    if value < 0:
        errors.append(_("%(where)s: figures must not be negative.") % {"where": where})
        return None
    return value


def read_upload(submission, upload):
    """{code: Figure} from an uploaded file; UploadProblems lists every problem
    with its row."""
    if upload.size > MAX_BYTES:
        raise UploadProblems([_("The file is larger than 2 MB.")])
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError):
        raise UploadProblems([_("The file is not an .xlsx workbook.")]) from None
    if SHEET not in wb.sheetnames:
        raise UploadProblems(
            [_("The workbook has no sheet “%(name)s”: use the template.") % {"name": SHEET}]
        )
    ws = wb[SHEET]
    rows = list(ws.iter_rows(min_row=1, max_col=6, values_only=True))
    errors = []
    agency_cell = rows[1][2] if len(rows) > 1 else None
    period_cell = rows[3][2] if len(rows) > 3 else None
    if str(agency_cell) != str(submission.agency_id) or str(period_cell) != submission.period:
        raise UploadProblems(
            [
                _(
                    "This file was made for another agency or period: "
                    "download the template of this form."
                )
            ]
        )
    inds = {i.code: i for i in form_indicators(submission.agency, submission.period_type)}
    figures = {}
    codes_row = {}
    for n, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        code = str(row[0]).strip() if row and row[0] is not None else ""
        if not code:
            continue
        where = _("row %(n)s (%(code)s)") % {"n": n, "code": code}
        if code not in inds:
            errors.append(_("%(where)s: not an indicator of this form.") % {"where": where})
            continue
        if code in figures:
            errors.append(_("%(where)s: the indicator appears twice.") % {"where": where})
            continue
        num = _count(row[3], where, errors)
        den = _count(row[4], where, errors) if inds[code].kind != Kind.COUNT else None
        if num is None and den is None:
            continue
        figures[code] = Figure(num, den, str(row[5] or "")[:300])
        codes_row[code] = where
    if errors:
        raise UploadProblems(errors)
    if not figures:
        raise UploadProblems([_("The file holds no figure.")])
    return figures, codes_row


def import_upload(submission, upload, *, actor):
    from .services.entry import save_figures

    figures, where = read_upload(submission, upload)
    try:
        return save_figures(submission, figures, actor=actor)
    except EntryProblems as exc:
        raise UploadProblems(
            [f"{where.get(code, code)}: {m}" for code, ms in exc.errors.items() for m in ms]
        ) from None
