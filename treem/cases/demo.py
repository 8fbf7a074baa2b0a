"""Demo cases: in the first two demo wards, one case in every stage of the
procedure of Decree 56/2017 (an emergency measure right after the initial
assessment and another during the detailed assessment, a closure proposed to
the chairman, a case closed without a plan), some of them overdue, with
services and a referral to the ward's police. Runs through the same services
as the pages."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.children.models import Child, Status

from .models import Case, CaseCode, CaseStatus, CodeKind
from .services import (
    add_service,
    change_status,
    complete_step,
    decide_closure,
    decide_plan,
    load_case_data,
    propose_closure,
    record_intake,
    refer_case,
    save_step,
    start_emergency,
    transfer_case,
)

S = CaseStatus
STEP_DATA = {
    "verification": {
        "sources": "Hàng xóm, giáo viên chủ nhiệm, công an khu vực",
        "findings": "Thông tin có cơ sở: trẻ có vết bầm, hàng xóm xác nhận",
    },
    "initial": {
        "child_condition": "Trẻ có vết bầm ở tay, sợ hãi khi nhắc đến bố dượng",
        "harm_found": "Bị đánh nhiều lần trong tháng",
        "caregiver_capacity": "Mẹ đi làm xa, bà ngoại có thể chăm sóc",
        "risk_level": "high",
        "immediate_needs": "Khám sức khỏe, nơi ở an toàn",
        "proposed_action": "Đánh giá chi tiết, họp xác định nhu cầu",
    },
    "emergency": {
        "measure": "separation",
        "place_of_care": "Nhà bà ngoại, tổ 3",
        "carer": "Bà ngoại",
        "decided_by_text": "Chủ tịch UBND phường",
        "description": "Tạm thời cách ly trẻ khỏi người gây hại",
    },
    "detailed": {
        "health": "Vết thương phần mềm, đã được khám",
        "psychological": "Lo âu, cần hỗ trợ tâm lý",
        "education": "Học lớp 4, vẫn đi học",
        "family_environment": "Bố dượng nghiện rượu",
        "safety": "Nguy cơ tái diễn nếu trở về nhà",
        "needs": "Tâm lý, pháp lý, nơi ở an toàn",
        "meeting_participants": "Cán bộ phường, công an, giáo viên, bà ngoại",
        "meeting_minutes": "Họp thống nhất các nhu cầu và người phụ trách",
    },
    "plan": {
        "goals": "Trẻ an toàn, ổn định tâm lý và tiếp tục đi học",
        "activities": "Tư vấn tâm lý 8 buổi; trợ giúp pháp lý; theo dõi tại trường",
        "responsible": "Cán bộ BVTE phường; Trạm Y tế; Công an phường",
        "resources": "Ngân sách phường, Quỹ BTTE",
    },
    "review": {
        "harm_level": "low",
        "abuser_access": "low",
        "care_obstacles": "low",
        "self_protection": "medium",
        "progress": "Hoàn thành các hoạt động",
        "child_situation": "Trẻ ổn định, đi học đều",
        "outcome": "close",
    },
}
LATER_RISK = "Bố dượng quay về nhà, đe dọa trẻ"
NO_PLAN_REASON = "Đánh giá chi tiết: trẻ an toàn với mẹ, không cần kế hoạch hỗ trợ, can thiệp"

# (stage, days since the report came in (old ones are overdue), serious harm
# at the initial assessment, variant). Variants: "later_emergency" — a
# measure during the detailed assessment; "no_plan" — closed after the
# detailed assessment without a plan (Art. 28: only where the child needs one).
STAGES = [
    (S.INITIAL_ASSESSMENT, 0.2, False, ""),
    (S.INITIAL_ASSESSMENT, 6, False, ""),
    (S.EMERGENCY, 0.3, True, ""),
    (S.EMERGENCY, 2, False, "later_emergency"),
    (S.DETAILED_ASSESSMENT, 3, True, ""),
    (S.PLAN_DRAFTING, 12, False, ""),
    (S.PLAN_SUBMITTED, 8, False, ""),
    (S.IMPLEMENTATION, 40, False, ""),
    (S.REVIEW, 120, False, ""),
    (S.CLOSURE_PROPOSED, 150, False, ""),
    (S.CLOSED, 200, False, ""),
    (S.CLOSED, 60, False, "no_plan"),
    (S.CLOSED_UNSUBSTANTIATED, 30, False, ""),
    (S.TRANSFERRED, 2, False, ""),
]


def _step(case, kind, actor, **changes):
    save_step(case, kind, {**STEP_DATA[kind], **changes}, actor=actor)
    return complete_step(case, kind, actor=actor)


def _record(case, kind, actor, **changes):
    """Saves the step without completing it (the case does not move)."""
    save_step(case, kind, {**STEP_DATA[kind], **changes}, actor=actor)
    return case


def _run(case, target, serious, officer, approver, police, services, other_ward, variant=""):
    # The verification is recorded alongside the initial assessment, which
    # it never holds back (Art. 26(1)).
    path = [
        lambda c: _record(c, "verification", officer),
        lambda c: _step(c, "initial", officer, serious_harm=serious),
    ]
    if serious:
        path.append(lambda c: _step(c, "emergency", officer))
    if variant == "later_emergency":
        path.append(lambda c: start_emergency(c, actor=officer, reason=LATER_RISK))
        path.append(lambda c: _step(c, "emergency", officer))
    if variant == "no_plan":
        path += [
            lambda c: _record(c, "detailed", officer, needs="Không có nhu cầu hỗ trợ thêm"),
            lambda c: propose_closure(c, actor=officer, reason=NO_PLAN_REASON),
            lambda c: decide_closure(c, actor=approver, decision="approved"),
        ]
    path += [
        lambda c: _step(c, "detailed", officer),
        lambda c: _step(c, "plan", officer),
        lambda c: decide_plan(c, actor=approver, outcome="approved", decision_number="12/QĐ-UBND"),
        lambda c: change_status(c, S.REVIEW, actor=officer),
        lambda c: _step(c, "review", officer),
        lambda c: decide_closure(c, actor=approver, decision="approved"),
    ]
    if target == S.TRANSFERRED:
        return transfer_case(
            case,
            actor=officer,
            to_unit=other_ward,
            reason="Trẻ sống và sự việc xảy ra ở phường khác",
        )
    if target == S.CLOSED_UNSUBSTANTIATED:
        return change_status(case, target, actor=officer, note="Thông tin không có cơ sở")
    for move in path:
        if case.status == target:
            break
        case = move(case)
        if case.status == S.IMPLEMENTATION:
            today = timezone.localdate()
            add_service(
                case,
                actor=officer,
                service_type=services["tamly"],
                started_on=today - datetime.timedelta(days=10),
                ended_on=today,
                state="delivered",
                outcome="Trẻ giảm lo âu",
            )
            if police is not None:
                refer_case(
                    case,
                    actor=officer,
                    agency=police,
                    reason="Điều tra hành vi bạo lực",
                    shared_information="Trẻ bị bố dượng đánh nhiều lần; cần xác minh và xử lý",
                )
    return case


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def seed_cases(people, options):
    from treem.demo.seed import slug

    load_case_data()
    harm = list(CaseCode.objects.of(CodeKind.HARM))
    services = {c.code: c for c in CaseCode.objects.of(CodeKind.SERVICE)}
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk")[:2])
    made = 0
    now = timezone.now()
    for ward in wards:
        if Case.objects.filter(unit=ward, transferred_from__isnull=True).exists():
            continue
        key = slug(ward.name)
        officer = _user(f"{key}.canbo")
        approver = _user(f"{key}.chutich")
        police = Agency.objects.filter(name=f"Công an phường {ward.name}").first()
        children = list(
            Child.objects.filter(ward=ward, status=Status.ACTIVE).order_by("pk")[: len(STAGES)]
        )
        for i, ((target, days_ago, serious, variant), child) in enumerate(
            zip(STAGES, children, strict=False)
        ):
            case = record_intake(
                actor=None,
                channel="hotline_111" if i % 3 == 0 else "citizen",
                received_at=now - datetime.timedelta(days=days_ago),
                event_ward=ward,
                event_place=f"Khối {i % 5 + 1}, {ward.name}",
                description="Hàng xóm phản ánh trẻ thường xuyên bị đánh, bỏ mặc",
                harm_kinds=[harm[i % len(harm)]],
                perpetrator_relation="step_parent",
                reporter_anonymous=i % 2 == 0,
                reporter_name="" if i % 2 == 0 else "Người dân",
                child=child,
                assigned_officer=officer,
            )
            other = wards[1] if ward == wards[0] else wards[0]
            _run(case, target, serious, officer, approver, police, services, other, variant)
            made += 1
    return [f"cases: {made} demo cases in every stage"]
