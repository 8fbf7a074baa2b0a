"""Pieces of the case forms not in `treem.core.documents`: labelled field
lines, blanks for what the case does not record yet, and the two-column
signature block of a record (biên bản) signed by several people."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from treem.core.documents import BODY_SIZE, FONT, add_heading, add_text

# What an official writes in by hand when the case has no value.
BLANK = "…………………………………………"
DRAFT_MARK = "DỰ THẢO"


def text(value):
    """A value as printed: blanks for nothing, Có/Không for booleans."""
    if value is None or value == "":
        return BLANK
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    return str(value)


BLANK_DATE = "……/……/………"


def day(value):
    return value.strftime("%d/%m/%Y") if value else BLANK_DATE


def moment(value):
    """An aware datetime in local time: "14 giờ 05 phút, ngày 05/03/2026"."""
    if not value:
        return BLANK
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _font(run, *, bold=False, italic=False, size=BODY_SIZE):
    run.font.name = FONT
    run.font.size = size
    run.bold, run.italic = bold, italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return run


def field(document, label, value):
    """ "Label: value" on its own justified line; a long value wraps."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(3)
    fmt.first_line_indent = Mm(10)
    _font(paragraph.add_run(f"{label}: "))
    _font(paragraph.add_run(text(value)))
    return paragraph


def long_field(document, label, value):
    """A label on its own line followed by the text, paragraph by paragraph."""
    field_paragraph = add_text(document, f"{label}:", indent=True)
    field_paragraph.paragraph_format.space_after = Pt(0)
    for line in str(value).splitlines() if value else [BLANK]:
        if line.strip():
            add_text(document, line.strip(), indent=True)
    return field_paragraph


def section(document, heading):
    return add_heading(document, heading, level=2)


def draft_mark(document):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(paragraph.add_run(DRAFT_MARK), bold=True)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def signatures(document, signers):
    """Side-by-side signature columns: [(capacity, name), …]. The capacity is
    printed in capitals and bold, "(Ký, ghi rõ họ tên)" under it, the name
    after room to sign."""
    document.add_paragraph()
    table = document.add_table(rows=1, cols=len(signers))
    table.autofit = False
    _no_borders(table)
    width = Mm(165 // max(len(signers), 1))
    for cell, (capacity, name) in zip(table.rows[0].cells, signers, strict=True):
        cell.width = width
        first = cell.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(first.add_run(capacity.upper()), bold=True)
        hint = cell.add_paragraph()
        hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(hint.add_run("(Ký, ghi rõ họ tên)"), italic=True, size=Pt(12))
        for _i in range(3):
            cell.add_paragraph()
        signed = cell.add_paragraph()
        signed.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(signed.add_run(name or ""), bold=True)
    return table
