"""Forms 01–06 of the appendix of Decree 56/2017/NĐ-CP filled from a case,
in the administrative layout of Decree 30/2020 (header, number and symbol,
place and date, signature block).

Each form takes the record of its step for one plan cycle; a step not yet
recorded leaves blanks for the official to fill by hand, and a plan or
decision not yet approved is marked as a draft. Titles, number symbols and
fields follow the appendix; `SOURCES` (in `documents/__init__.py`) says where
each was read.
"""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from treem.core.documents import (
    add_recipients_and_signature,
    add_table,
    add_text,
    new_document,
    official_document,
)

from ..models import (
    Channel,
    DecisionOutcome,
    DetailedAssessment,
    EmergencyMeasure,
    InitialAssessment,
    PlanDecision,
    PlanState,
    Review,
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

HOTLINE_BODY = ("Tổng đài điện thoại quốc gia bảo vệ trẻ em", "TĐ111")


def receiving_body(case, intake):
    """(Name, abbreviation) of the body that received the report and issues
    Mẫu 01: "Nơi tiếp nhận thông tin" of Art. 25(1) — hotline 111, the
    social-affairs (now health) agency, the police or the ward."""
    unit = (intake.received_by_unit if intake else None) or case.unit
    if intake is not None and intake.receiving_body:
        return intake.receiving_body, "".join(w[0] for w in intake.receiving_body.split()).upper()
    if intake is not None and intake.channel == Channel.HOTLINE_111:
        return HOTLINE_BODY
    if intake is not None and intake.channel == Channel.POLICE:
        return f"Công an phường {unit.name}", "CA"
    return issuer_of(unit), "UBND"


def _parent(document, label, name, age, occupation):
    add_text(
        document,
        f"{label}: {text(name)}    Tuổi: {text(age)}    Nghề nghiệp: {text(occupation)}",
    )


def form_01(case, cycle, *, reporter_visible=True):
    """Mẫu số 01: BÁO CÁO TIẾP NHẬN THÔNG TIN TRẺ EM, "Số: …/BC-(2)" where (2)
    is the abbreviation of the receiving body."""
    intake = getattr(case, "intake", None)
    body, abbreviation = receiving_body(case, intake)
    unit = (intake.received_by_unit if intake else None) or case.unit
    document = official_document(
        body,
        f"        /BC-{abbreviation}",
        unit.name,
        _local_date(intake.recorded_at if intake else case.received_at),
        "Báo cáo tiếp nhận thông tin trẻ em",
    )
    section(document, "A. Thông tin chung")
    add_text(document, "1. Nguồn nhận thông tin", bold=True)
    _case_line(document, case)
    field(
        document,
        "Thông qua (điện thoại/gặp trực tiếp/người khác báo)",
        intake.get_contact_mode_display() if intake and intake.contact_mode else None,
    )
    field(document, "Kênh tiếp nhận", intake.get_channel_display() if intake else None)
    field(document, "Thời gian", moment(intake.received_at if intake else None))
    for transfer in case.transfers.select_related("from_unit", "to_unit"):
        field(
            document,
            "Chuyển đến",
            f"từ {transfer.from_label or transfer.from_unit} đến phường {transfer.to_unit.name}, "
            f"{moment(transfer.at)}",
        )
    add_text(document, "2. Thông tin về trẻ em", bold=True)
    child = case.child
    field(document, "Họ và tên trẻ em", child.full_name)
    field(document, "Ngày tháng năm sinh", child.dob_display if child.date_of_birth else None)
    field(document, "hoặc ước lượng tuổi", intake.child_age_estimate if intake else None)
    sex = child.get_sex_display() if child.sex else None
    if intake is not None and not sex:
        sex = intake.get_child_sex_reported_display()
    field(document, "Giới tính (Nam/Nữ/Không biết)", sex)
    if intake is not None:
        harm = ", ".join(code.name for code in intake.harm_kinds.all())
        field(
            document,
            "Địa điểm xảy ra vụ việc",
            f"{intake.event_place}, phường {intake.event_ward.name}",
        )
        field(document, "Thời gian xảy ra", moment(intake.event_at))
        field(document, "Hình thức xâm hại", harm)
        field(
            document,
            "Quan hệ của người bị nghi xâm hại với trẻ em",
            intake.get_perpetrator_relation_display(),
        )
        long_field(document, "Nội dung sự việc", intake.description)
    long_field(
        document, "Tình trạng hiện tại của trẻ em", intake.child_situation if intake else None
    )
    long_field(
        document,
        "Phỏng đoán hậu quả có thể sẽ xảy ra cho trẻ em nếu không có được hỗ trợ, can thiệp",
        intake.likely_harm if intake else None,
    )
    _parent(
        document,
        "Họ và tên cha",
        intake.father_name if intake else None,
        intake.father_age if intake else None,
        intake.father_occupation if intake else None,
    )
    _parent(
        document,
        "Họ và tên mẹ",
        intake.mother_name if intake else None,
        intake.mother_age if intake else None,
        intake.mother_occupation if intake else None,
    )
    long_field(document, "Hoàn cảnh gia đình", intake.family_situation if intake else None)
    field(
        document,
        "Hiện ai đang là người chăm sóc trẻ em (nếu biết)",
        intake.current_caregiver if intake else None,
    )
    long_field(
        document,
        "Những hành động hỗ trợ, can thiệp đã thực hiện đối với trẻ em trước khi nhận thông tin",
        intake.actions_taken if intake else None,
    )
    add_text(document, "3. Thông tin về người cung cấp thông tin (nếu đồng ý cung cấp)", bold=True)
    if intake is None or intake.reporter_anonymous:
        field(document, "Họ và tên", "Người cung cấp thông tin đề nghị giữ bí mật danh tính")
    elif not reporter_visible:
        field(document, "Họ và tên", "Được giữ bí mật, chỉ cán bộ thụ lý vụ việc được xem")
    else:
        field(document, "Họ và tên", intake.reporter_name)
        field(document, "Số điện thoại, địa chỉ (giữ bí mật)", intake.reporter_contact)
        field(document, "Quan hệ với trẻ em", intake.reporter_relation)
    signatures(
        document, [("Cán bộ tiếp nhận thông tin", _name(intake.recorded_by) if intake else "")]
    )
    return document


# Mẫu 02 ---------------------------------------------------------------------


def form_02(case, cycle, *, reporter_visible=True):
    record = _step(InitialAssessment, case, cycle)
    document = _header(
        case,
        "        /BC-UBND",
        _local_date(record.assessed_at if record else None),
        "Báo cáo",
        "Đánh giá nguy cơ ban đầu về tình trạng trẻ em và mức độ tổn hại của trẻ em",
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
    measures = EmergencyMeasure.objects.filter(case=case, cycle__lte=cycle).order_by("started_at")
    if measures:
        section(document, "III. Biện pháp can thiệp khẩn cấp, tạm thời cách ly")
    for measure in measures:
        field(document, "Biện pháp", measure.get_measure_display())
        field(document, "Thời gian thực hiện", moment(measure.started_at))
        field(document, "Nơi chăm sóc tạm thời", measure.place_of_care)
        field(document, "Người, cơ sở chăm sóc", measure.carer)
        field(document, "Cấp quyết định", measure.decided_by_text)
        long_field(document, "Nội dung thực hiện", measure.description)
    signatures(
        document,
        [("Người làm công tác bảo vệ trẻ em", _name(record.recorded_by) if record else "")],
    )
    return document


def add_opening(document, case, at):
    field(document, "Thời gian thực hiện đánh giá", moment(at))


# Mẫu 03 ---------------------------------------------------------------------


def form_03(case, cycle, *, reporter_visible=True):
    record = _step(DetailedAssessment, case, cycle)
    document = _header(
        case,
        "        /BC-UBND",
        _local_date(record.assessed_at if record else None),
        "Báo cáo",
        "Thu thập thông tin, đánh giá nguy cơ cụ thể tình hình trẻ em",
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
    long_field(
        document,
        "Biên bản cuộc họp xác định nhu cầu cần hỗ trợ, can thiệp (Điều 27 khoản 2)",
        record.meeting_minutes if record else None,
    )
    signatures(
        document,
        [("Người làm công tác bảo vệ trẻ em", _name(record.recorded_by) if record else "")],
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
    _plan_body(document, case, plan)
    add_recipients_and_signature(
        document,
        [f"Chủ tịch UBND phường {case.unit.name} (để phê duyệt);", "Lưu: hồ sơ vụ việc."],
        "Người lập kế hoạch",
        _name(plan.recorded_by) if plan else "",
    )
    return document


def _plan_body(document, case, plan):
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
    """Mẫu 05: the decision approving the plan together with the plan itself
    ("Dự thảo Quyết định phê duyệt và kế hoạch hỗ trợ, can thiệp theo Mẫu số
    05", Art. 28(2)(c))."""
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
    document.add_page_break()
    heading = add_text(document, "KẾ HOẠCH HỖ TRỢ, CAN THIỆP", bold=True, indent=False)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    attached = add_text(
        document,
        f"(Kèm theo Quyết định số {number or BLANK} của Chủ tịch Ủy ban nhân dân phường "
        f"{case.unit.name})",
        italic=True,
        indent=False,
    )
    attached.alignment = WD_ALIGN_PARAGRAPH.CENTER
    plan = SupportPlan.objects.filter(case=case, cycle=cycle).first()
    section(document, "I. Thông tin về trẻ em")
    _case_line(document, case, cycle)
    _child(document, case)
    _plan_body(document, case, plan)
    return document


# Mẫu 06 ---------------------------------------------------------------------

REVIEW_RATINGS = [
    ("harm_level", "1. Mức độ tổn hại của trẻ em có còn nghiêm trọng không"),
    ("abuser_access", "2. Khả năng tiếp cận trẻ em của đối tượng xâm hại"),
    (
        "care_obstacles",
        "3. Những trở ngại trong môi trường chăm sóc trẻ em đối với việc bảo đảm an toàn "
        "cho trẻ em",
    ),
]
RATING = {"high": "Cao", "medium": "Trung bình", "low": "Thấp"}


def form_06(case, cycle, *, reporter_visible=True):
    """Mẫu số 06: RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM SAU KHI THỰC HIỆN KẾ
    HOẠCH HỖ TRỢ, CAN THIỆP (Art. 30). The appendix prints it without the
    administrative header or number: the child, the officer, the date, then
    the ratings (Cao / Trung bình / Thấp)."""
    review = Review.objects.filter(case=case, cycle=cycle).select_related("recorded_by").first()
    document = new_document()
    add_text(document, "Mẫu số 06", bold=True, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in (
        "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM SAU KHI",
        "THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
    ):
        add_text(document, line, bold=True, indent=False).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _case_line(document, case, cycle)
    field(document, "Họ và tên trẻ em", case.child.full_name)
    field(document, "Họ và tên cán bộ thực hiện", _name(review.recorded_by) if review else None)
    field(
        document,
        "Ngày, tháng, năm thực hiện",
        day(_local_date(review.reviewed_at)) if review else None,
    )
    section(document, "1. Đánh giá nguy cơ tại giai đoạn kết thúc")
    add_text(document, "a) Đánh giá mức độ tổn hại của trẻ em", italic=True)
    rows = [
        (label, RATING.get(getattr(review, name), "") if review else "")
        for name, label in REVIEW_RATINGS
    ]
    add_table(
        document, ["Đánh giá mức độ tổn hại của trẻ em", "Mức độ (Cao, Trung bình, Thấp)"], rows
    )
    add_text(document, "b) Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em", italic=True)
    add_table(
        document,
        ["Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em", "Mức độ (Cao, Trung bình, Thấp)"],
        [
            (
                "Khả năng tự bảo vệ, phục hồi của trẻ em",
                RATING.get(review.self_protection, "") if review else "",
            )
        ],
    )
    section(document, "2. Kết quả thực hiện kế hoạch và tình trạng của trẻ em")
    long_field(document, "Kết quả thực hiện kế hoạch", review.progress if review else None)
    long_field(
        document, "Tình trạng hiện tại của trẻ em", review.child_situation if review else None
    )
    field(document, "Trẻ em còn nguy cơ bị xâm hại", review.risk_remaining if review else None)
    section(document, "3. Đề xuất")
    field(document, "Đề xuất", review.get_outcome_display() if review else None)
    long_field(document, "Ý kiến, kiến nghị", review.recommendation if review else None)
    signatures(document, [("Cán bộ thực hiện", _name(review.recorded_by) if review else "")])
    return document


__all__ = ["BLANK", "form_01", "form_02", "form_03", "form_04", "form_05", "form_06", "text"]
