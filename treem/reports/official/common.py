"""Pieces both reports share: the header and closing block, numbers in the
Vietnamese way, the indicator and assessment tables."""

from decimal import Decimal

from docx.shared import Mm

from treem.core.documents import (
    add_heading,
    add_recipients_and_signature,
    add_table,
    add_text,
    official_document,
)

STATUS_VI = {"draft": "Dự thảo", "submitted": "Đã gửi tỉnh", "confirmed": "Đã công nhận"}
DIRECTION_VI = {"at_least": "≥", "below": "<"}
LIGHT_VI = {"green": "Đạt", "amber": "Gần đạt", "red": "Chưa đạt", None: ""}


def number(value):
    """1.234,5 — the Vietnamese separators."""
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.1f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(value):
    return "—" if value is None else f"{number(value)}%"


def header(report, title, subtitle):
    return official_document(
        report.issuer,
        report.number_symbol,
        report.place,
        report.issued_on,
        title,
        parent_body=report.parent_body,
        subtitle=subtitle,
    )


def closing(document, report):
    recipients = [line for line in report.recipients.splitlines() if line.strip()]
    add_recipients_and_signature(
        document,
        recipients or ["- Lưu: VT."],
        report.signer_capacity,
        report.signer_name,
        signer_title=report.signer_title,
    )


def set_widths(table, widths_mm):
    """Column widths in millimetres (the body is 165 mm wide): Word and
    LibreOffice otherwise give every column the same width."""
    table.autofit = False
    # LibreOffice reads the grid, Word the cells: set both.
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def indicator_value(row):
    if row.suppressed:
        return "< 5"
    return number(row.value)


def target(row, value):
    if value is None:
        return ""
    return f"{DIRECTION_VI.get(row.direction, '')} {number(value)}".strip()


def add_indicator_table(document, rows):
    if not rows:
        add_text(document, "Chưa có số liệu chỉ tiêu của kỳ báo cáo trong hệ thống.")
        return
    table = add_table(
        document,
        ["Mã", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Mục tiêu 2025", "Mục tiêu 2030", "Đánh giá"],
        [
            [
                row.code,
                row.name,
                row.unit_label,
                indicator_value(row),
                target(row, row.target_2025),
                target(row, row.target_2030),
                LIGHT_VI.get(row.status, ""),
            ]
            for row in rows
        ],
    )
    set_widths(table, (16, 56, 22, 17, 17, 18, 19))


def assessment_sentence(assessment):
    verdict = "đạt" if assessment.passed else "chưa đạt"
    text = (
        f"Năm {assessment.year}, {assessment.unit.name} tự đánh giá đạt "
        f"{number(assessment.total_points)} điểm (ngưỡng {assessment.threshold.min_total} điểm), "
        f"{verdict} tiêu chuẩn xã, phường phù hợp với trẻ em"
    )
    if assessment.zero_criteria:
        text += "; tiêu chí đạt 0 điểm: " + ", ".join(map(str, assessment.zero_criteria))
    if assessment.failed_criteria:
        text += "; tiêu chí chưa đạt: " + ", ".join(map(str, assessment.failed_criteria))
    return text + f" (trạng thái: {STATUS_VI.get(assessment.status, assessment.status)})."


def add_assessments(document, data):
    add_heading(document, "Xây dựng xã, phường phù hợp với trẻ em", level=2)
    if not data.assessments:
        add_text(document, f"Chưa thực hiện đánh giá năm {data.report.year} trong hệ thống.")
        return
    if len(data.assessments) == 1:
        add_text(document, assessment_sentence(data.assessments[0]))
        return
    passed = sum(1 for a in data.assessments if a.passed)
    add_text(
        document,
        f"Năm {data.report.year}, {len(data.assessments)} phường đã đánh giá; {passed} phường "
        "đạt tiêu chuẩn phù hợp với trẻ em.",
    )
    table = add_table(
        document,
        ["Phường", "Tổng điểm", "Ngưỡng", "Kết quả", "Tiêu chí 0 điểm", "Trạng thái"],
        [
            [
                a.unit.name,
                number(a.total_points),
                a.threshold.min_total,
                "Đạt" if a.passed else "Chưa đạt",
                ", ".join(map(str, a.zero_criteria)),
                STATUS_VI.get(a.status, a.status),
            ]
            for a in data.assessments
        ],
    )
    set_widths(table, (35, 22, 20, 22, 36, 30))


def add_children(document, data):
    f = data.children
    unit = data.report.unit.name
    add_text(
        document,
        f"Tổng số trẻ em dưới 16 tuổi trên địa bàn {unit} là {number(f.total)} em "
        f"(nam {number(f.male)}, nữ {number(f.female)}); {number(f.with_id)} em có mã số định "
        f"danh cá nhân hợp lệ ({percent(f.id_share)}); {number(f.birth_registered)} em đã được "
        f"đăng ký khai sinh ({percent(f.birth_share)}).",
    )
    table = add_table(
        document,
        ["Nhóm tuổi", "Nam", "Nữ", "Tổng số"],
        [[band, number(m), number(w), number(m + w)] for band, m, w in f.bands],
    )
    set_widths(table, (45, 40, 40, 40))
    add_text(
        document,
        f"Số trẻ em có hoàn cảnh đặc biệt trong năm: {number(f.special)} em "
        f"({percent(f.special_share)} tổng số trẻ em); {number(f.supported)} em được trợ giúp "
        f"({percent(f.supported_share)}).",
    )
    if f.by_group:
        table = add_table(
            document,
            ["Nhóm trẻ em có hoàn cảnh đặc biệt", "Số trẻ em"],
            [[name, number(n)] for name, n in f.by_group],
        )
        set_widths(table, (130, 35))
