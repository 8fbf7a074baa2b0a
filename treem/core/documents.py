"""Official documents in the Vietnamese administrative layout (Decree
30/2020/NĐ-CP, appendix I), built with python-docx.

The layout, on A4 with margins 20-25 mm top/bottom, 30-35 mm left, 15-20 mm
right, Times New Roman 13-14 pt:

    ISSUING BODY (upper case, bold)      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ─────────                            Độc lập - Tự do - Hạnh phúc
    Số: 12/BC-UBND                       ───────────────
                                         Nghệ An, ngày 5 tháng 3 năm 2026
                       TITLE (upper case, bold)
                       subtitle (bold)
    body…
    Nơi nhận:                            SIGNING CAPACITY (bold)
    - …;                                 (signature)
    - Lưu: VT.                           Full name (bold)

Reused by every generated document (review reports, case forms, annual
reports): build the header with `official_document`, add the body with the
paragraph helpers, close with `add_recipients_and_signature`.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
TABLE_SIZE = Pt(12)
NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def vietnamese_date(place, date):
    """ "Nghệ An, ngày 05 tháng 3 năm 2026": days and months 1-2 (and days
    below 10) take a leading zero under Decree 30/2020; a missing date
    leaves blanks for the hand-written one."""
    if date is None:
        return f"{place}, ngày     tháng     năm     "
    day = f"{date.day:02d}" if date.day < 10 else str(date.day)
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def _set_font(run, size=BODY_SIZE, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = size
    run.bold = bold
    run.italic = italic
    # East-Asian text uses its own font slot; set it so Word does not fall back.
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return run


def _paragraph(container, text="", *, size=BODY_SIZE, bold=False, italic=False, align=None):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if text:
        _set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _cell_paragraph(cell, text, **kwargs):
    """Write into a table cell, reusing its empty first paragraph."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = kwargs.pop("align", None)
        if text:
            _set_font(paragraph.add_run(text), **kwargs)
        return paragraph
    return _paragraph(cell, text, **kwargs)


def _hide_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _rule(cell, width="─────────"):
    # A short line under the issuer and the slogan, as the decree draws it.
    _cell_paragraph(cell, width, size=Pt(10), align=WD_ALIGN_PARAGRAPH.CENTER)


def new_document():
    """An empty A4 document with the decree's margins and body font."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return document


def official_document(
    issuer,
    number_symbol,
    place,
    date,
    title,
    *,
    parent_body="",
    subtitle="",
    motto=(NATIONAL_MOTTO, NATIONAL_SLOGAN),
):
    """A new document with the header block, the title and the subtitle.

    `issuer` is the issuing body (upper-cased), `parent_body` the body above
    it when the decree asks for it (e.g. "ĐẢNG BỘ TỈNH NGHỆ AN"),
    `number_symbol` what follows "Số:", `date` a date or None for blanks.
    Party bodies head their documents "ĐẢNG CỘNG SẢN VIỆT NAM" instead
    (Hướng dẫn 36-HD/VPTW): pass `motto=("ĐẢNG CỘNG SẢN VIỆT NAM", "")`."""
    document = new_document()
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    _hide_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    if parent_body:
        _cell_paragraph(
            left, parent_body.upper(), size=HEADER_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    _cell_paragraph(
        left, issuer.upper(), size=HEADER_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _rule(left)
    _cell_paragraph(left, f"Số: {number_symbol}", size=HEADER_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    heading, slogan = motto
    _cell_paragraph(right, heading, size=Pt(12), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if slogan:
        _cell_paragraph(right, slogan, size=HEADER_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _rule(right, "───────────────")
    _cell_paragraph(
        right,
        vietnamese_date(place, date),
        size=HEADER_SIZE,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document)
    _paragraph(document, title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if subtitle:
        _paragraph(document, subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "─────", align=WD_ALIGN_PARAGRAPH.CENTER)
    return document


def add_heading(document, text, *, level=1):
    """A section heading in the body: bold, level 1 upper case."""
    paragraph = _paragraph(document, text.upper() if level == 1 else text, bold=True)
    paragraph.paragraph_format.space_before = Pt(6)
    return paragraph


def add_text(document, text, *, bold=False, italic=False, indent=True):
    """A justified body paragraph with the decree's first-line indent."""
    paragraph = _paragraph(
        document, text, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    fmt = paragraph.paragraph_format
    if indent:
        fmt.first_line_indent = Mm(10)
    fmt.space_after = Pt(6)
    return paragraph


def add_table(document, headings, rows, *, size=TABLE_SIZE):
    """A bordered table with a bold heading row."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell_paragraph(cell, heading, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell_paragraph(cell, "" if value is None else str(value), size=size)
    return table


def add_recipients_and_signature(document, recipients, capacity, signer, *, signer_title=""):
    """The closing block: "Nơi nhận:" with its list on the left, the signing
    capacity (e.g. "T/M BAN THƯỜNG VỤ"), title, space to sign and name on
    the right."""
    _paragraph(document)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _hide_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    _cell_paragraph(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True)
    for line in recipients:
        line = line.strip()
        if line:
            _cell_paragraph(left, line if line.startswith("-") else f"- {line}", size=Pt(11))
    if capacity:
        _cell_paragraph(
            right, capacity.upper(), size=BODY_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    if signer_title:
        _cell_paragraph(
            right, signer_title.upper(), size=BODY_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    for _ in range(4):
        _cell_paragraph(right, "", size=BODY_SIZE)
    if signer:
        _cell_paragraph(right, signer, size=BODY_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return table


def apply_cell_widths(document):
    """Copy each table's first-row cell widths to its grid columns.
    LibreOffice lays a table out from the grid, not the cells, so without
    this the header of `official_document` splits the national motto over
    two lines in the PDF (Word reads the cells and shows it right)."""
    for table in document.tables:
        widths = [cell.width for cell in table.rows[0].cells]
        if widths and all(widths) and len(widths) == len(table.columns):
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
    return document


def save(document, path):
    apply_cell_widths(document)
    document.save(str(path))
    return path


class PdfUnavailable(RuntimeError):
    """The server has no LibreOffice to turn a .docx into PDF."""


def soffice_path():
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available():
    return soffice_path() is not None


def to_pdf(docx_path, timeout=120):
    """Convert a .docx written by this module to PDF beside it and return the
    PDF's path. LibreOffice (Debian's libreoffice-writer-nogui, installed by
    `.ci/run`) renders the same file officials open in Word, so the two never
    drift apart; Times New Roman falls back to the metric-compatible
    Liberation Serif, which has every Vietnamese letter, and the fonts are
    embedded in the PDF. Each call uses its own profile directory so
    background jobs may convert at the same time."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed")
    docx_path = Path(docx_path)
    with tempfile.TemporaryDirectory(prefix="treem-soffice-") as profile:
        subprocess.run(  # noqa: S603 - fixed argument list, no shell, our own file
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx_path.parent),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    pdf_path = docx_path.with_suffix(".pdf")
    if not pdf_path.exists():
        raise PdfUnavailable(f"LibreOffice produced no PDF for {docx_path.name}")
    return pdf_path


__all__ = [
    "FONT",
    "NATIONAL_MOTTO",
    "NATIONAL_SLOGAN",
    "PdfUnavailable",
    "add_heading",
    "apply_cell_widths",
    "add_recipients_and_signature",
    "add_table",
    "add_text",
    "new_document",
    "official_document",
    "pdf_available",
    "save",
    "to_pdf",
    "vietnamese_date",
]
