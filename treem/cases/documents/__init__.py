"""Forms 01–05 of Decree 56/2017/NĐ-CP generated from a case as .docx and PDF.

`FORMS` lists the forms; `render_docx(case, number)` returns the file's bytes
and `render_pdf` converts them through LibreOffice. Callers fetch the case
through the case scoping first and audit the generation (views_documents).
"""

import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from treem.core.documents import PdfUnavailable, apply_cell_widths, pdf_available, to_pdf

from . import forms


@dataclass(frozen=True)
class FormSpec:
    number: int
    label: str
    build: object

    @property
    def code(self):
        return f"{self.number:02d}"


FORMS = {
    1: FormSpec(1, _("Form 01: intake record"), forms.form_01),
    2: FormSpec(2, _("Form 02: initial assessment"), forms.form_02),
    3: FormSpec(3, _("Form 03: detailed assessment and needs meeting"), forms.form_03),
    4: FormSpec(4, _("Form 04: support and intervention plan"), forms.form_04),
    5: FormSpec(5, _("Form 05: plan approval decision"), forms.form_05),
}


def build_document(case, number, cycle=None, *, reporter_visible=True):
    """The python-docx Document of form `number` for `case` (plan cycle
    `cycle`, the current one by default). The forms are Vietnamese whatever
    the user's interface language. Without `reporter_visible` the
    reporter's identity and contact are left out of form 01."""
    spec = FORMS[number]
    with translation.override("vi"):
        document = spec.build(case, cycle or case.cycle, reporter_visible=reporter_visible)
    return apply_cell_widths(document)


def filename(case, number, extension):
    # No child's name in the file name: it shows in download lists and logs.
    return f"mau-{number:02d}-{case.number}.{extension}"


def render_docx(case, number, cycle=None, *, reporter_visible=True):
    buffer = BytesIO()
    build_document(case, number, cycle, reporter_visible=reporter_visible).save(buffer)
    return buffer.getvalue()


def render_pdf(case, number, cycle=None, *, reporter_visible=True):
    """The PDF bytes, converted in a private temporary folder deleted at once
    so no copy of the case file stays on disk."""
    with tempfile.TemporaryDirectory(prefix="treem-case-form-") as folder:
        path = Path(folder) / filename(case, number, "docx")
        build_document(case, number, cycle, reporter_visible=reporter_visible).save(str(path))
        return to_pdf(path).read_bytes()


__all__ = [
    "FORMS",
    "FormSpec",
    "PdfUnavailable",
    "build_document",
    "filename",
    "pdf_available",
    "render_docx",
    "render_pdf",
]


# Registers the background PDF job kind (imported last: it uses FORMS).
from . import jobs  # noqa: E402,F401
