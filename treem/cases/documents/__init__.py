"""Forms 01–06 of Decree 56/2017/NĐ-CP generated from a case as .docx and PDF.

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
    # As the appendix prints it, and where it was read ([v] the text of the
    # form or of the article naming it; [s] a secondary summary only).
    title: str = ""
    number_format: str = ""
    source: str = ""

    @property
    def code(self):
        return f"{self.number:02d}"


# The articles naming each form were read again in the Pháp điển copy of the decree (đề mục
# "Trẻ em", Điều 8.1.NĐ.1.25-8.1.NĐ.1.30; public copy in diepxuan/diepxuan.github.io,
# van-ban/dan-so-gia-dinh-tre-em-binh-dang-gioi/tre-em.md): Art. 26(2) "theo Mẫu số 02",
# Art. 27(1) "thu thập thông tin, đánh giá nguy cơ cụ thể theo Mẫu số 03", Art. 28(1) "xây dựng
# kế hoạch hỗ trợ, can thiệp ... theo Mẫu số 04", Art. 28(2)(c) "Dự thảo Quyết định phê duyệt và
# kế hoạch hỗ trợ, can thiệp theo Mẫu số 05", Art. 30(2) "theo Mẫu số 06". That copy carries the
# appendix only as an attachment ("Phu luc ban hanh kem theo NĐ so 56_2017_ND-CP.doc"), so the
# printed titles and numbers of Mẫu 02, 04 and 05 stay [s]: searched on 07/12/2026 for "Mẫu số
# 02 báo cáo đánh giá nguy cơ ban đầu Nghị định 56/2017", "BÁO CÁO TIẾP NHẬN THÔNG TIN TRẺ EM VÀ
# ĐÁNH GIÁ NGUY CƠ BAN ĐẦU mẫu số 02", "Mẫu số 04 KẾ HOẠCH HỖ TRỢ, CAN THIỆP", "Mẫu số 05 QUYẾT
# ĐỊNH phê duyệt kế hoạch hỗ trợ, can thiệp" (pages and code corpora): only forms 01 and 06 were
# found as text (luatminhkhue.vn, dulieuphapluat.vn).
FORMS = {
    1: FormSpec(
        1,
        _("Form 01: report on the information received"),
        forms.form_01,
        "BÁO CÁO TIẾP NHẬN THÔNG TIN TRẺ EM",
        "Số: …/BC-(chữ viết tắt tên cơ quan tiếp nhận thông tin)",
        "Nghị định 56/2017/NĐ-CP, Điều 25 khoản 1; Phụ lục, Mẫu số 01 [v] "
        "(luatminhkhue.vn, tổng hợp biểu mẫu Nghị định 56/2017)",
    ),
    2: FormSpec(
        2,
        _("Form 02: report of the initial risk assessment"),
        forms.form_02,
        "BÁO CÁO đánh giá nguy cơ ban đầu",
        "Số: …/BC-UBND",
        "Nghị định 56/2017/NĐ-CP, Điều 26 khoản 2 (Mẫu số 02) và Điều 28 khoản 2 điểm a "
        '("Báo cáo tiếp nhận thông tin trẻ em và đánh giá nguy cơ ban đầu") [v]; '
        "trích yếu đầy đủ của mẫu [s]",
    ),
    3: FormSpec(
        3,
        _("Form 03: report on the information gathered and the specific risk assessment"),
        forms.form_03,
        "BÁO CÁO thu thập thông tin, đánh giá nguy cơ cụ thể",
        "Số: …/BC-UBND",
        "Nghị định 56/2017/NĐ-CP, Điều 27 khoản 1 (Mẫu số 03) và Điều 28 khoản 2 điểm b [v]",
    ),
    4: FormSpec(
        4,
        _("Form 04: support and intervention plan"),
        forms.form_04,
        "KẾ HOẠCH hỗ trợ, can thiệp",
        "Số: …/KH-UBND",
        "Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1 (Mẫu số 04) [v]; số, ký hiệu [s]",
    ),
    5: FormSpec(
        5,
        _("Form 05: decision approving the plan, with the plan"),
        forms.form_05,
        "QUYẾT ĐỊNH phê duyệt kế hoạch hỗ trợ, can thiệp (kèm kế hoạch)",
        "Số: …/QĐ-UBND",
        'Nghị định 56/2017/NĐ-CP, Điều 28 khoản 2 điểm c ("Quyết định phê duyệt và kế hoạch '
        'hỗ trợ, can thiệp theo Mẫu số 05") [v]; trích yếu [s]',
    ),
    6: FormSpec(
        6,
        _("Form 06: review of the child's situation after the plan"),
        forms.form_06,
        "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM SAU KHI THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
        "không có số (mẫu không có phần tiêu đề hành chính)",
        "Nghị định 56/2017/NĐ-CP, Điều 30; Phụ lục, Mẫu số 06 [v] (dulieuphapluat.vn)",
    ),
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
