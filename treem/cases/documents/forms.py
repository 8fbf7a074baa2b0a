"""The five forms of Decree 56/2017/NĐ-CP filled from a case, in the
administrative layout of Decree 30/2020 (header, number and symbol, place and
date, signature block).

Each form takes the record of its step for one plan cycle; a step not yet
recorded leaves blanks for the official to fill by hand, and a plan or
decision not yet approved is marked as a draft. The field order follows the
models, which follow the forms (see the model docstrings in `cases.models`).
"""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from treem.core.documents import (
    add_recipients_and_signature,
    add_table,
    add_text,
    official_document,
)

from ..models import (
    DecisionOutcome,
    DetailedAssessment,
    EmergencyMeasure,
    InitialAssessment,
    PlanDecision,
    PlanState,
    SupportPlan,
)
from .layout import BLANK, day, draft_mark, field, long_field, moment, section, signatures, text

DECREE_56 = (
    "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định "
    "chi tiết Luật Trẻ em;"
)
LAW_ON_CHILDREN = "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;"


def issuer_of(unit):
    kind = "xã" if unit.level == "commune" else "phường"
    return f"Ủy ban nhân dân {kind} {unit.name}"


def _name(user):
    return user.get_full_name() if user is not None else ""


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _step(model, case, cycle):
    """The step's record for `cycle`, else the latest earlier one (an
    assessment is not repeated in a new plan cycle)."""
    records = model.objects.filter(case=case, cycle__lte=cycle).select_related("recorded_by")
    return records.order_by("-cycle").first()


def _header(case, number_symbol, date, title, subtitle=""):
    return official_document(
        issuer_of(case.unit), number_symbol, case.unit.name, date, title, subtitle=subtitle
    )


def _case_line(document, case, cycle=None):
    field(document, "Mã hồ sơ vụ việc", case.number)
    if cycle and cycle > 1:
        field(document, "Chu kỳ kế hoạch", cycle)


def _child(document, case):
    child = case.child
    field(document, "Họ và tên trẻ em", child.full_name)
    field(document, "Ngày, tháng, năm sinh", child.dob_display)
    field(document, "Giới tính", child.get_sex_display())
    address = ", ".join(p for p in (child.address_line, f"phường {child.ward.name}") if p)
    field(document, "Nơi cư trú", address)
    school = ", ".join(p for p in (child.school_name, child.grade and f"lớp {child.grade}") if p)
    field(document, "Trường, lớp", school)


# Mẫu 01 ---------------------------------------------------------------------


def form_01(case, cycle, *, reporter_visible=True):
    intake = getattr(case, "intake", None)
    document = _header(
        case,
        "        /PGCTT-UBND",
        _local_date(intake.received_at if intake else case.received_at),
        "Phiếu ghi chép thông tin, thông báo, tố giác",
        "về hành vi xâm hại trẻ em hoặc trẻ em có nguy cơ bị xâm hại",
    )
    section(document, "I. Thông tin tiếp nhận")
    _case_line(document, case)
    field(document, "Thời gian tiếp nhận", moment(intake.received_at if intake else None))
    field(document, "Hình thức tiếp nhận", intake.get_channel_display() if intake else None)
    received_by = intake.received_by_unit if intake else None
    field(document, "Đơn vị tiếp nhận", received_by.name if received_by else case.unit.name)
    transfers = list(case.transfers.select_related("from_unit", "to_unit"))
    for transfer in transfers:
        field(
            document,
            "Chuyển đến",
            f"từ {transfer.from_label or transfer.from_unit} đến phường {transfer.to_unit.name}, "
            f"{moment(transfer.at)}",
        )
    section(document, "II. Người cung cấp thông tin")
    if intake is None or intake.reporter_anonymous:
        field(document, "Danh tính", "Người cung cấp thông tin đề nghị giữ bí mật danh tính")
    elif not reporter_visible:
        field(document, "Danh tính", "Được giữ bí mật, chỉ cán bộ thụ lý vụ việc được xem")
    else:
        field(document, "Họ và tên", intake.reporter_name)
        field(document, "Địa chỉ, số điện thoại (giữ bí mật)", intake.reporter_contact)
        field(document, "Quan hệ với trẻ em", intake.reporter_relation)
    section(document, "III. Thông tin về trẻ em")
    _child(document, case)
    section(document, "IV. Thông tin về vụ việc")
    if intake is not None:
        harm = ", ".join(code.name for code in intake.harm_kinds.all())
        field(document, "Thời gian xảy ra", moment(intake.event_at))
        field(document, "Địa điểm xảy ra", f"{intake.event_place}, phường {intake.event_ward.name}")
        field(document, "Hình thức xâm hại", harm)
        field(
            document,
            "Quan hệ của người bị nghi xâm hại với trẻ em",
            intake.get_perpetrator_relation_display(),
        )
        long_field(document, "Nội dung sự việc", intake.description)
        long_field(document, "Tình trạng hiện tại của trẻ em", intake.child_situation)
    else:
        long_field(document, "Nội dung sự việc", None)
    signers = [("Người ghi chép", _name(intake.recorded_by) if intake else "")]
    if intake is not None and not intake.reporter_anonymous and reporter_visible:
        signers.insert(0, ("Người cung cấp thông tin", intake.reporter_name))
    signatures(document, signers)
    return document


# Mẫu 02 ---------------------------------------------------------------------


def form_02(case, cycle, *, reporter_visible=True):
    record = _step(InitialAssessment, case, cycle)
    document = _header(
        case,
        "        /BB-UBND",
        _local_date(record.assessed_at if record else None),
        "Biên bản",
        "Đánh giá ban đầu về nguy cơ và mức độ tổn hại của trẻ em",
    )
    add_opening(document, case, record.assessed_at if record else None)
    field(document, "Thành phần tham gia", record.participants if record else None)
    section(document, "I. Thông tin về trẻ em")
    _case_line(document, case)
    _child(document, case)
    section(document, "II. Kết quả đánh giá ban đầu")
    long_field(
        document,
        "1. Tình trạng thể chất, tinh thần của trẻ em",
        record.child_condition if record else None,
    )
    long_field(
        document, "2. Hành vi xâm hại, tổn hại đã phát hiện", record.harm_found if record else None
    )
    long_field(
        document,
        "3. Khả năng bảo vệ trẻ em của gia đình, người chăm sóc",
        record.caregiver_capacity if record else None,
    )
    field(document, "4. Mức độ nguy cơ", record.get_risk_level_display() if record else None)
    field(
        document,
        "5. Nguy cơ gây tổn hại nghiêm trọng đến tính mạng, sức khỏe, nhân phẩm của trẻ em",
        record.serious_harm if record else None,
    )
    long_field(document, "6. Nhu cầu cấp thiết", record.immediate_needs if record else None)
    long_field(document, "7. Đề xuất", record.proposed_action if record else None)
    measure = _step(EmergencyMeasure, case, cycle)
    if measure is not None:
        section(document, "III. Biện pháp can thiệp khẩn cấp, tạm thời cách ly")
        field(document, "Biện pháp", measure.get_measure_display())
        field(document, "Thời gian thực hiện", moment(measure.started_at))
        field(document, "Nơi chăm sóc tạm thời", measure.place_of_care)
        field(document, "Người, cơ sở chăm sóc", measure.carer)
        field(document, "Cấp quyết định", measure.decided_by_text)
        long_field(document, "Nội dung thực hiện", measure.description)
    signatures(
        document,
        [
            ("Đại diện gia đình, người chăm sóc", ""),
            ("Người đánh giá", _name(record.recorded_by) if record else ""),
        ],
    )
    return document


def add_opening(document, case, at):
    add_text(
        document,
        f"Hôm nay, vào lúc {moment(at)}, tại Ủy ban nhân dân phường {case.unit.name}, "
        "chúng tôi tiến hành đánh giá như sau:",
    )


# Mẫu 03 ---------------------------------------------------------------------


def form_03(case, cycle, *, reporter_visible=True):
    record = _step(DetailedAssessment, case, cycle)
    document = _header(
        case,
        "        /BB-UBND",
        _local_date(record.assessed_at if record else None),
        "Biên bản",
        "Đánh giá chi tiết về nguy cơ và mức độ tổn hại, nhu cầu của trẻ em",
    )
    add_opening(document, case, record.assessed_at if record else None)
    section(document, "I. Thông tin về trẻ em")
    _case_line(document, case)
    _child(document, case)
    section(document, "II. Kết quả đánh giá chi tiết")
    rows = [
        ("1. Sức khỏe", "health"),
        ("2. Tâm lý", "psychological"),
        ("3. Học tập", "education"),
        ("4. Gia đình và môi trường sống", "family_environment"),
        ("5. An toàn và nguy cơ bị tổn hại tiếp", "safety"),
        ("6. Ý kiến của trẻ em", "child_views"),
        ("7. Điểm mạnh, nguồn lực", "strengths"),
        ("8. Nhu cầu của trẻ em", "needs"),
    ]
    for label, name in rows:
        long_field(document, label, getattr(record, name) if record else None)
    section(document, "III. Họp xác định nhu cầu của trẻ em")
    field(document, "Thời gian họp", moment(record.meeting_at if record else None))
    field(document, "Thành phần", record.meeting_participants if record else None)
    long_field(document, "Biên bản họp", record.meeting_minutes if record else None)
    signatures(
        document,
        [
            ("Đại diện gia đình, người chăm sóc", ""),
            ("Người đánh giá", _name(record.recorded_by) if record else ""),
        ],
    )
    return document


# Mẫu 04 ---------------------------------------------------------------------


def form_04(case, cycle, *, reporter_visible=True):
    plan = SupportPlan.objects.filter(case=case, cycle=cycle).select_related("recorded_by").first()
    date = _local_date(plan.submitted_at or plan.recorded_at) if plan else None
    document = _header(
        case, "        /KH-UBND", date, "Kế hoạch", "Hỗ trợ, can thiệp đối với trẻ em"
    )
    if plan is None or plan.state != PlanState.APPROVED:
        draft_mark(document)
    section(document, "I. Thông tin về trẻ em")
    _case_line(document, case, cycle)
    _child(document, case)
    section(document, "II. Nội dung kế hoạch")
    long_field(document, "1. Mục tiêu", plan.goals if plan else None)
    long_field(document, "2. Các hoạt động hỗ trợ, can thiệp", plan.activities if plan else None)
    long_field(document, "3. Phân công thực hiện", plan.responsible if plan else None)
    long_field(document, "4. Nguồn lực, kinh phí", plan.resources if plan else None)
    field(
        document,
        "5. Thời gian thực hiện",
        f"từ ngày {day(plan.start_on)} đến ngày {day(plan.end_on)}" if plan else None,
    )
    field(document, "6. Thời điểm rà soát, đánh giá", day(plan.review_on) if plan else None)
    services = list(case.services.select_related("service_type", "provider"))
    if services:
        section(document, "III. Dịch vụ hỗ trợ, can thiệp")
        add_table(
            document,
            [
                "TT",
                "Loại dịch vụ",
                "Cơ quan, tổ chức cung cấp",
                "Từ ngày",
                "Đến ngày",
                "Tình trạng",
            ],
            [
                (
                    i,
                    s.service_type.name,
                    s.provider.name if s.provider else s.provider_name or "",
                    day(s.started_on),
                    day(s.ended_on) if s.ended_on else "",
                    s.get_state_display(),
                )
                for i, s in enumerate(services, 1)
            ],
        )
    add_recipients_and_signature(
        document,
        [f"Chủ tịch UBND phường {case.unit.name} (để phê duyệt);", "Lưu: hồ sơ vụ việc."],
        "Người lập kế hoạch",
        _name(plan.recorded_by) if plan else "",
    )
    return document


# Mẫu 05 ---------------------------------------------------------------------


def approved_decision(case, cycle):
    return (
        PlanDecision.objects.filter(
            plan__case=case, plan__cycle=cycle, outcome=DecisionOutcome.APPROVED
        )
        .select_related("decided_by")
        .order_by("-decided_at")
        .first()
    )


def form_05(case, cycle, *, reporter_visible=True):
    decision = approved_decision(case, cycle)
    number = decision.decision_number if decision and decision.decision_number else ""
    document = _header(
        case,
        number or "        /QĐ-UBND",
        _local_date(decision.decided_at) if decision else None,
        "Quyết định",
        "Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em",
    )
    if decision is None:
        draft_mark(document)
    add_text(
        document,
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG {case.unit.name.upper()}",
        bold=True,
        indent=False,
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(document, LAW_ON_CHILDREN, italic=True)
    add_text(document, DECREE_56, italic=True)
    add_text(
        document,
        "Xét đề nghị của công chức phụ trách công tác trẻ em về kế hoạch hỗ trợ, can thiệp "
        f"đối với trẻ em (hồ sơ vụ việc số {case.number}),",
        italic=True,
    )
    add_text(document, "QUYẾT ĐỊNH:", bold=True, indent=False).alignment = WD_ALIGN_PARAGRAPH.CENTER
    child = case.child
    add_text(
        document,
        f"Điều 1. Phê duyệt Kế hoạch hỗ trợ, can thiệp đối với trẻ em {child.full_name}, "
        f"sinh ngày {child.dob_display}, cư trú tại phường {child.ward.name} "
        f"(hồ sơ vụ việc số {case.number}) kèm theo Quyết định này.",
    )
    add_text(document, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    add_text(
        document,
        "Điều 3. Công chức phụ trách công tác trẻ em, các cơ quan, tổ chức, cá nhân có tên "
        "trong Kế hoạch và gia đình trẻ em chịu trách nhiệm thi hành Quyết định này.",
    )
    add_recipients_and_signature(
        document,
        ["Như Điều 3;", "Lưu: VT, hồ sơ vụ việc."],
        "Chủ tịch",
        _name(decision.decided_by) if decision else "",
    )
    return document


__all__ = ["BLANK", "form_01", "form_02", "form_03", "form_04", "form_05", "text"]
