"""The annual report on children (báo cáo công tác trẻ em năm …)."""

from treem.core.documents import add_heading, add_text

from .common import add_assessments, add_children, add_indicator_table, closing, header
from .plan_work import add_activities, add_budget


def build_annual_docx(data, report_progress=lambda done, total: None):
    report = data.report
    unit = report.unit.name
    document = header(
        report,
        "Báo cáo",
        f"Kết quả thực hiện công tác trẻ em năm {report.year} trên địa bàn {unit}",
    )
    add_text(
        document,
        f"Thực hiện Luật Trẻ em năm 2016, Thông tư số 13/2021/TT-BLĐTBXH về chỉ tiêu thống kê "
        f"trẻ em và Chương trình hành động vì trẻ em giai đoạn 2021–2030, {report.issuer} báo "
        f"cáo kết quả thực hiện công tác trẻ em năm {report.year} như sau:",
    )
    add_heading(document, "I. Tình hình trẻ em")
    add_children(document, data)
    report_progress(1, 4)
    add_heading(document, "II. Kết quả thực hiện các chỉ tiêu về trẻ em")
    add_indicator_table(document, data.indicators)
    add_assessments(document, data)
    add_activities(document, data)
    add_budget(document, data)
    report_progress(2, 4)
    add_heading(document, "III. Khó khăn, hạn chế")
    add_text(document, report.difficulties or "Không có.")
    add_heading(document, "IV. Kiến nghị, đề xuất")
    add_text(document, report.proposals or "Không có.")
    add_text(
        document,
        f"Số liệu chi tiết tại Phụ lục kèm theo. Trên đây là báo cáo kết quả thực hiện công tác "
        f"trẻ em năm {report.year} của {report.issuer}./.",
    )
    closing(document, report)
    return document
