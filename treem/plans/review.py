"""The review report of an inspection: an official .docx and an .xlsx annex.

The wording of the official document is Vietnamese whatever the interface
language: it is an administrative document of a Vietnamese body (Decree
30/2020), not interface text, so its fixed phrases live here as data."""

from django.utils import timezone
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from treem.core.documents import (
    add_heading,
    add_recipients_and_signature,
    add_table,
    add_text,
    official_document,
)

from .models import ChecklistItem, InspectionKind, ProgressStatus, Recommendation

KIND_PHRASE = {
    InspectionKind.YEARLY: "kiểm tra, đánh giá",
    InspectionKind.MIDTERM: "sơ kết",
    InspectionKind.FINAL: "tổng kết",
}
STATUS_VI = {
    ProgressStatus.NOT_STARTED: "Chưa triển khai",
    ProgressStatus.ON_TRACK: "Đang thực hiện đúng tiến độ",
    ProgressStatus.AT_RISK: "Có nguy cơ chậm",
    ProgressStatus.DONE: "Hoàn thành",
}
FOLLOW_UP_VI = {
    "open": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Đã thực hiện",
    "dropped": "Không tiếp tục",
}
PLACE = "Nghệ An"


def _items(inspection):
    return list(
        ChecklistItem.objects.filter(evaluation__inspection=inspection)
        .select_related(
            "evaluation__agency__unit",
            "evaluation__overall_rating",
            "task__section__parent",
            "task__lead_agency",
            "rating",
        )
        .order_by("task__order", "evaluation__agency__unit__name", "evaluation__agency__name")
    )


def _grouped(items):
    """[(section, [(evaluation, [items])])] in the plan's order."""
    sections = {}
    for item in items:
        section = item.task.section
        agencies = sections.setdefault(section, {})
        agencies.setdefault(item.evaluation, []).append(item)
    return [(section, list(agencies.items())) for section, agencies in sections.items()]


def _recommendations(inspection):
    return list(
        Recommendation.objects.filter(evaluation__inspection=inspection)
        .select_related("evaluation__agency")
        .order_by("evaluation__agency__name", "due_on", "pk")
    )


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def build_docx(inspection, report=lambda done, total: None):
    plan = inspection.plan
    items = _items(inspection)
    evaluations = {i.evaluation for i in items}
    issuer = inspection.lead_agency or plan.owner_agency
    phrase = KIND_PHRASE[InspectionKind(inspection.kind)]
    document = official_document(
        issuer.name,
        inspection.number_symbol or "      /BC",
        PLACE,
        timezone.localdate(),
        "Báo cáo",
        subtitle=f"Kết quả {phrase} năm {inspection.year} việc thực hiện {plan.title}",
    )
    source = plan.document
    basis = f"{source.get_kind_display()} số {source.number_symbol}" if source else plan.title
    add_text(
        document,
        f"Thực hiện {basis} ({plan.title}), {issuer.name} báo cáo kết quả {phrase} năm "
        f"{inspection.year} như sau:",
    )
    add_heading(document, "I. Kết quả chung")
    if inspection.summary:
        add_text(document, inspection.summary)
    rated = [e for e in evaluations if e.overall_rating_id]
    by_rating = {}
    for e in rated:
        by_rating[e.overall_rating.name] = by_rating.get(e.overall_rating.name, 0) + 1
    reported = sum(1 for i in items if i.reported_result)
    add_table(
        document,
        ["Nội dung", "Số lượng"],
        [
            ["Số nhiệm vụ được kiểm tra, đánh giá", len({i.task_id for i in items})],
            ["Số cơ quan, đơn vị được đánh giá", len(evaluations)],
            ["Số nội dung có báo cáo kết quả được chấp nhận", reported],
            *[[f"Xếp loại “{name}”", n] for name, n in sorted(by_rating.items())],
        ],
    )
    add_heading(document, "II. Kết quả thực hiện theo nhiệm vụ và cơ quan, đơn vị")
    groups = _grouped(items)
    for done, (section, agencies) in enumerate(groups, start=1):
        add_text(document, f"{section.number}. {section.title}", bold=True, indent=False)
        for evaluation, rows in agencies:
            agency = evaluation.agency
            name = f"{agency.name} ({agency.unit.name})"
            leads = {r.task.lead_agency for r in rows if r.task.lead_agency_id != agency.pk}
            if leads:
                name += " – thực hiện nhiệm vụ của " + ", ".join(sorted(a.name for a in leads))
            add_text(document, name, italic=True, indent=False)
            add_table(
                document,
                ["Nhiệm vụ", "Nội dung", "Kết quả báo cáo", "Số liệu", "Đánh giá"],
                [
                    [
                        r.task.number,
                        r.task.content,
                        (STATUS_VI.get(r.reported_status, "") + ": " if r.reported_status else "")
                        + (r.reported_result or "Chưa có báo cáo được chấp nhận"),
                        r.reported_figures,
                        (r.rating.name if r.rating else "")
                        + (f" – {r.comment}" if r.comment else ""),
                    ]
                    for r in rows
                ],
                size=Pt(11),
            )
            overall = (
                evaluation.overall_rating.name if evaluation.overall_rating else "Chưa xếp loại"
            )
            add_text(document, f"Xếp loại chung: {overall}.", indent=False)
            if evaluation.findings:
                add_text(document, f"Nhận xét: {evaluation.findings}")
        report(done, len(groups) + 1)
    add_heading(document, "III. Kiến nghị")
    recommendations = _recommendations(inspection)
    if recommendations:
        add_table(
            document,
            ["Cơ quan, đơn vị", "Kiến nghị", "Thời hạn", "Tình hình thực hiện"],
            [
                [
                    r.evaluation.agency.name,
                    r.text,
                    _date(r.due_on),
                    FOLLOW_UP_VI.get(r.follow_up, ""),
                ]
                for r in recommendations
            ],
        )
    else:
        add_text(document, "Không có kiến nghị.")
    lines = [line for line in plan.signature.splitlines() if line.strip()]
    capacity = lines[0] if len(lines) > 1 else ""
    title = lines[1] if len(lines) > 2 else ""
    signer = lines[-1] if lines else ""
    recipients = [line for line in plan.recipients.splitlines() if line.strip()] or ["- Lưu: VT."]
    add_recipients_and_signature(document, recipients, capacity, signer, signer_title=title)
    return document


HEADINGS = [
    "Mục",
    "Nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì theo kế hoạch",
    "Cơ quan được đánh giá",
    "Địa bàn",
    "Tiến độ báo cáo",
    "Kết quả báo cáo",
    "Số liệu",
    "Đánh giá",
    "Nhận xét",
    "Xếp loại chung của cơ quan",
]


def _safe(value):
    # A cell starting with "=" would be stored as a formula.
    value = "" if value is None else value
    return f"'{value}" if isinstance(value, str) and value.startswith("=") else value


def build_xlsx(inspection, report=lambda done, total: None):
    items = _items(inspection)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    sheet.append([f"Phụ lục: {inspection.title} – {inspection.plan.title}"])
    sheet["A1"].font = bold
    sheet.append(HEADINGS)
    for cell in sheet[2]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, item in enumerate(items, start=1):
        evaluation = item.evaluation
        sheet.append(
            [
                _safe(v)
                for v in (
                    item.task.section.number,
                    item.task.number,
                    item.task.content,
                    item.task.lead_agency.name,
                    evaluation.agency.name,
                    evaluation.agency.unit.name,
                    STATUS_VI.get(item.reported_status, ""),
                    item.reported_result,
                    item.reported_figures,
                    item.rating.name if item.rating else "",
                    item.comment,
                    evaluation.overall_rating.name if evaluation.overall_rating else "",
                )
            ]
        )
        if n % 200 == 0:
            report(n, len(items) + 1)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.font = font
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip(
        "ABCDEFGHIJKL", (8, 10, 60, 30, 30, 16, 18, 50, 25, 16, 30, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C3"
    recs = workbook.create_sheet("Kiến nghị")
    recs.append(["Cơ quan, đơn vị", "Kiến nghị", "Thời hạn", "Tình hình thực hiện", "Ghi chú"])
    for cell in recs[1]:
        cell.font = bold
    for r in _recommendations(inspection):
        recs.append(
            [
                _safe(v)
                for v in (
                    r.evaluation.agency.name,
                    r.text,
                    _date(r.due_on),
                    FOLLOW_UP_VI.get(r.follow_up, ""),
                    r.follow_up_note,
                )
            ]
        )
    return workbook
