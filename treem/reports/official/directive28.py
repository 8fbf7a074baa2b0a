"""The report on implementing Directive 28-CT/TW: the plan's tasks and how
their reports stand, reusing the plan's own progress counts and wording."""

from docx.shared import Pt

from treem.core.documents import add_heading, add_table, add_text
from treem.plans.progress import Progress
from treem.plans.review import STATUS_VI

from .common import (
    add_assessments,
    add_children,
    add_indicator_table,
    closing,
    header,
    percent,
    set_widths,
)
from .plan_work import add_activities, add_budget


def build_directive28_docx(data, report_progress=lambda done, total: None):
    report = data.report
    unit = report.unit.name
    progress = data.progress
    document = header(
        report,
        "Báo cáo",
        f"Kết quả thực hiện Chỉ thị số 28-CT/TW của Bộ Chính trị năm {report.year} "
        f"trên địa bàn {unit}",
    )
    add_text(
        document,
        "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị về tăng cường công tác "
        "chăm sóc, giáo dục và bảo vệ trẻ em đáp ứng yêu cầu phát triển đất nước phồn vinh, hạnh "
        f"phúc và kế hoạch thực hiện, {report.issuer} báo cáo kết quả năm {report.year} như sau:",
    )
    add_heading(document, "I. Công tác lãnh đạo, chỉ đạo và tổ chức thực hiện")
    add_text(
        document,
        f"Trong năm {report.year}, các cơ quan, đơn vị trên địa bàn có {len(data.task_progress)} "
        f"nhiệm vụ phải báo cáo; {progress.due} báo cáo đến hạn, {progress.accepted} báo cáo đã "
        f"được chấp nhận ({percent(progress.percent)}), {progress.overdue} báo cáo quá hạn.",
    )
    for inspection in data.inspections:
        text = f"{inspection.title}."
        if inspection.summary:
            text += f" {inspection.summary}"
        add_text(document, text)
    report_progress(1, 4)
    add_heading(document, "II. Kết quả thực hiện các nhiệm vụ")
    if data.task_progress:
        add_sections(document, data.task_progress)
    else:
        add_text(document, "Chưa có báo cáo tiến độ nhiệm vụ nào trong năm.")
    add_activities(document, data)
    add_budget(document, data)
    add_heading(document, "III. Kết quả các chỉ tiêu về trẻ em")
    add_children(document, data)
    add_indicator_table(document, data.indicators)
    add_assessments(document, data)
    report_progress(2, 4)
    add_heading(document, "IV. Khó khăn, hạn chế và kiến nghị")
    if report.difficulties:
        add_text(document, report.difficulties)
    for agency, difficulties, proposals in data.difficulties:
        parts = [p for p in (difficulties, proposals and f"Kiến nghị: {proposals}") if p]
        add_text(document, f"{agency}: " + " ".join(parts))
    if report.proposals:
        add_text(document, f"Kiến nghị, đề xuất: {report.proposals}")
    if not (report.difficulties or report.proposals or data.difficulties):
        add_text(document, "Không có.")
    add_text(document, "Số liệu chi tiết tại Phụ lục kèm theo./.")
    closing(document, report)
    return document


def add_sections(document, task_progress):
    """One row per section of the plan (the per-task detail is in the annex,
    Biểu 05), then the tasks whose reports are most overdue."""
    sections = {}
    for task, p in task_progress:
        row = sections.setdefault(task.section_id, [task.section, 0, Progress()])
        row[1] += 1
        row[2].add(p)
    table = add_table(
        document,
        ["Mục", "Nội dung", "Số nhiệm vụ", "Báo cáo đến hạn", "Được chấp nhận", "Quá hạn"],
        [
            [s.number, s.title, n, p.due, p.accepted, p.overdue]
            for s, n, p in sorted(sections.values(), key=lambda r: r[0].order)
        ],
        size=Pt(12),
    )
    set_widths(table, (16, 65, 20, 22, 22, 20))
    late = sorted(
        ((t, p) for t, p in task_progress if p.overdue),
        key=lambda tp: (-tp[1].overdue, tp[0].order),
    )
    if late:
        add_text(
            document,
            "Các nhiệm vụ có nhiều báo cáo quá hạn: "
            + "; ".join(
                f"{t.number} ({t.lead_agency.name}): {p.overdue} báo cáo" for t, p in late[:10]
            )
            + ".",
        )
    done = {}
    for _task, p in task_progress:
        for code, n in p.statuses.items():
            done[code] = done.get(code, 0) + n
    if any(done.values()):
        add_text(
            document,
            "Tiến độ theo báo cáo được chấp nhận gần nhất: "
            + ", ".join(f"{STATUS_VI.get(c, c)}: {n}" for c, n in sorted(done.items()) if n)
            + ".",
        )
