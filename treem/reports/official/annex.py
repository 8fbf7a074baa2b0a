"""The .xlsx annex: the tables in the layout of the statistical forms (form
number and legal basis at the top, reporting and receiving units, title and
period, then the numbered table with its code column, and the signature
lines of the form's preparer and the head of the unit)."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from treem.plans.review import STATUS_VI, _safe

from ..models import ReportKind
from .common import LIGHT_VI, indicator_value, target
from .plan_work import ACTIVITY_HEADINGS, BUDGET_HEADINGS, activity_rows, budget_rows

FONT = Font(name="Times New Roman", size=12)
BOLD = Font(name="Times New Roman", size=12, bold=True)
TITLE = Font(name="Times New Roman", size=14, bold=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _form(workbook, name, form_number, title, report, headings, rows, widths):
    sheet = workbook.create_sheet(name)
    cols = len(headings)
    last = get_column_letter(cols)
    sheet["A1"] = f"Biểu số: {form_number}"
    sheet["A1"].font = BOLD
    sheet["A2"] = "Căn cứ Thông tư số 13/2021/TT-BLĐTBXH"
    sheet["A2"].font = Font(name="Times New Roman", size=11, italic=True)
    sheet["A3"] = f"Đơn vị báo cáo: {report.issuer}"
    sheet["A4"] = "Đơn vị nhận báo cáo: " + _receiver(report)
    for row in (3, 4):
        sheet[f"A{row}"].font = FONT
    sheet.merge_cells(f"A6:{last}6")
    sheet["A6"] = title.upper()
    sheet["A6"].font = TITLE
    sheet["A6"].alignment = CENTER
    sheet.merge_cells(f"A7:{last}7")
    sheet["A7"] = f"Năm {report.year}"
    sheet["A7"].font = BOLD
    sheet["A7"].alignment = CENTER
    head = 9
    for col, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=head, column=col, value=heading)
        cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX
    # The column-letter row of the forms: A, B, C, then 1, 2, 3…
    for col in range(1, cols + 1):
        label = "ABC"[col - 1] if col <= 3 else str(col - 3)
        cell = sheet.cell(row=head + 1, column=col, value=label)
        cell.font, cell.alignment, cell.border = FONT, CENTER, BOX
    for r, values in enumerate(rows, start=head + 2):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=col, value=_safe(value))
            cell.font, cell.alignment, cell.border = FONT, WRAP, BOX
    end = head + 2 + len(rows) + 1
    sheet.cell(row=end, column=2, value="Người lập biểu").font = BOLD
    sheet.cell(row=end, column=max(cols - 1, 3), value="Thủ trưởng đơn vị").font = BOLD
    sheet.cell(row=end + 4, column=max(cols - 1, 3), value=report.signer_name).font = BOLD
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row=head + 2, column=3)
    return sheet


def _receiver(report):
    for line in report.recipients.splitlines():
        line = line.strip(" -;.")
        if line and not line.lower().startswith("lưu"):
            return line
    return ""


def build_annex(data, report_progress=lambda done, total: None):
    report = data.report
    f = data.children
    workbook = Workbook()
    workbook.remove(workbook.active)
    population = [
        [1, "Tổng số trẻ em dưới 16 tuổi", "01", "Người", f.total, f.male, f.female],
        *[
            [n, f"Trẻ em từ {band} tuổi", f"01.{n - 1}", "Người", m + w, m, w]
            for n, (band, m, w) in enumerate(f.bands, start=2)
        ],
        [len(f.bands) + 2, "Trẻ em có mã số định danh cá nhân", "02", "Người", f.with_id, "", ""],
        [
            len(f.bands) + 3,
            "Trẻ em đã đăng ký khai sinh",
            "03",
            "Người",
            f.birth_registered,
            "",
            "",
        ],
    ]
    _form(
        workbook,
        "Biểu 01",
        "01/TE",
        "Số trẻ em chia theo nhóm tuổi và giới tính",
        report,
        ["STT", "Chỉ tiêu", "Mã số", "Đơn vị tính", "Tổng số", "Nam", "Nữ"],
        population,
        (6, 45, 10, 12, 12, 12, 12),
    )
    special = [[1, "Tổng số trẻ em có hoàn cảnh đặc biệt", "04", "Người", f.special]]
    special += [
        [n, name, f"04.{n - 1}", "Người", count] for n, (name, count) in enumerate(f.by_group, 2)
    ]
    special.append(
        [len(special) + 1, "Trẻ em có hoàn cảnh đặc biệt được trợ giúp", "05", "Người", f.supported]
    )
    _form(
        workbook,
        "Biểu 02",
        "02/TE",
        "Trẻ em có hoàn cảnh đặc biệt chia theo nhóm",
        report,
        ["STT", "Chỉ tiêu", "Mã số", "Đơn vị tính", "Số lượng"],
        special,
        (6, 60, 10, 12, 14),
    )
    report_progress(3, 4)
    _form(
        workbook,
        "Biểu 03",
        "03/TE",
        "Kết quả thực hiện các chỉ tiêu về trẻ em so với mục tiêu",
        report,
        [
            "STT",
            "Chỉ tiêu",
            "Mã số",
            "Đơn vị tính",
            "Kết quả",
            "Tử số",
            "Mẫu số",
            "Mục tiêu 2025",
            "Mục tiêu 2030",
            "Đánh giá",
        ],
        [
            [
                n,
                row.name,
                row.code,
                row.unit_label,
                indicator_value(row),
                "" if row.suppressed or row.numerator is None else row.numerator,
                "" if row.suppressed or row.denominator is None else row.denominator,
                target(row, row.target_2025),
                target(row, row.target_2030),
                LIGHT_VI.get(row.status, ""),
            ]
            for n, row in enumerate(data.indicators, start=1)
        ],
        (6, 50, 14, 14, 12, 10, 10, 14, 14, 12),
    )
    if data.assessments:
        _form(
            workbook,
            "Biểu 04",
            "04/TE",
            "Kết quả đánh giá xã, phường phù hợp với trẻ em",
            report,
            ["STT", "Phường", "Năm", "Tổng điểm", "Ngưỡng", "Kết quả", "Tiêu chí 0 điểm"],
            [
                [
                    n,
                    a.unit.name,
                    a.year,
                    float(a.total_points),
                    a.threshold.min_total,
                    "Đạt" if a.passed else "Chưa đạt",
                    ", ".join(map(str, a.zero_criteria)),
                ]
                for n, a in enumerate(data.assessments, start=1)
            ],
            (6, 30, 8, 12, 10, 12, 20),
        )
    if report.kind == ReportKind.DIRECTIVE_28:
        _form(
            workbook,
            "Biểu 05",
            "05/KH",
            "Tiến độ thực hiện nhiệm vụ Kế hoạch thực hiện Chỉ thị 28-CT/TW",
            report,
            [
                "STT",
                "Nhiệm vụ",
                "Số hiệu",
                "Cơ quan chủ trì",
                "Báo cáo phải nộp",
                "Đến hạn",
                "Được chấp nhận",
                "Quá hạn",
                "Tiến độ",
            ],
            [
                [
                    n,
                    task.content,
                    task.number,
                    task.lead_agency.name,
                    p.owed,
                    p.due,
                    p.accepted,
                    p.overdue,
                    ", ".join(
                        f"{STATUS_VI.get(code, code)}: {k}"
                        for code, k in sorted(p.statuses.items())
                        if k
                    ),
                ]
                for n, (task, p) in enumerate(data.task_progress, start=1)
            ],
            (6, 60, 10, 30, 12, 10, 12, 10, 30),
        )
    work = data.plan_work
    if work is not None and work.activity_count:
        _form(
            workbook,
            "Biểu 06",
            "06/KH",
            "Các hoạt động thực hiện nhiệm vụ của kế hoạch",
            report,
            ACTIVITY_HEADINGS,
            activity_rows(work),
            (6, 50, 10, 22, 12, 12, 30, 10, 12, 12),
        )
    if work is not None and work.budget:
        _form(
            workbook,
            "Biểu 07",
            "07/KH",
            "Kinh phí thực hiện nhiệm vụ của kế hoạch (đồng)",
            report,
            BUDGET_HEADINGS,
            budget_rows(work),
            (6, 60, 10, 16, 16, 16, 16, 12),
        )
    return workbook
