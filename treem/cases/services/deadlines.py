"""Deadlines of the steps, stored on the case and recomputed by the services
whenever the case moves.

Two limits are fixed by the decree and are constants here: the emergency
measure within 12 clock hours of receiving the information (Art. 26(3)) and
the plan within 5 working days (Art. 28(1)). Every other limit is a StepLimit
row an administrator may change; the defaults below say where they come from,
and those no legal text fixes are marked local practice.

How a limit is counted (COUNTING_RULE, also in README):
- Hours run from the moment the information is received, at any hour, on a
  weekend or a holiday alike (Civil Code 2015, Art. 147(1): a limit in hours
  starts at the stated moment). The 12-hour clock never waits for a
  verification or for office hours.
- Days: the day of receipt is not counted, whatever the hour; day 1 is the
  next working day (Civil Code 2015, Art. 147(2)–(3)). A report received on
  Friday evening, on Saturday or on a public holiday therefore has day 1 on
  the next working day, and working days skip weekends, public holidays, Tết
  and the announced swaps (treem.workdays). A limit ends at the end of its last
  day (Art. 148(1)). Decree 56/2017 says nothing more about reports received
  out of hours; nothing here is local practice except the limits marked so.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.services import record_create

from ..models import CaseStatus, CountedFrom, LimitUnit, StepLimit, SupportPlan
from .common import CaseError

S = CaseStatus
EMERGENCY_HOURS = 12
EMERGENCY_SOURCE = "Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3 (12 giờ kể từ khi nhận thông tin)"
# A risk that becomes serious later in the case: the decree's 12 hours run from
# the information (Art. 26(3)); from the moment the new risk is found is how
# this system applies the same limit, which no text states.
LATER_EMERGENCY_SOURCE = (
    "Thực tiễn địa phương: 12 giờ kể từ khi phát hiện nguy cơ tổn hại nghiêm trọng "
    "(vận dụng Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3)"
)
PLAN_WORKING_DAYS = 5
PLAN_SOURCE = "Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1 (05 ngày làm việc)"
COUNTING_RULE = (
    "Thời hạn tính bằng giờ bắt đầu từ thời điểm nhận thông tin, kể cả ngoài giờ, ngày nghỉ "
    "(Bộ luật Dân sự 2015, Điều 147 khoản 1); thời hạn tính bằng ngày không tính ngày nhận "
    "thông tin, ngày thứ nhất là ngày làm việc tiếp theo (Điều 147 khoản 2, 3) và kết thúc "
    "vào cuối ngày cuối cùng (Điều 148 khoản 1)."
)

# (step, amount, unit, counted from, source, local practice)
# No limit for verification: it is recorded alongside and never delays the
# initial assessment (Art. 26(1) "chuyển ngay").
DEFAULT_LIMITS = [
    (
        S.INITIAL_ASSESSMENT,
        12,
        LimitUnit.CLOCK_HOURS,
        CountedFrom.RECEIVED,
        "Thực tiễn địa phương: đánh giá ban đầu trước hạn can thiệp khẩn cấp 12 giờ kể từ "
        "khi nhận thông tin (Nghị định 56/2017, Điều 26 khoản 1, 3)",
        True,
    ),
    (
        S.DETAILED_ASSESSMENT,
        3,
        LimitUnit.WORKING_DAYS,
        CountedFrom.STEP_START,
        "Thực tiễn địa phương: Nghị định 56/2017, Điều 27 không quy định thời hạn",
        True,
    ),
    (
        S.PLAN_SUBMITTED,
        7,
        LimitUnit.WORKING_DAYS,
        CountedFrom.RECEIVED,
        "Nghị định 56/2017/NĐ-CP, Điều 28: toàn bộ thủ tục phê duyệt 07 ngày làm việc [s]",
        False,
    ),
    (
        S.IMPLEMENTATION,
        90,
        LimitUnit.CALENDAR_DAYS,
        CountedFrom.STEP_START,
        "Thực tiễn địa phương: theo kế hoạch (Điều 29); "
        "mặc định khi kế hoạch không ghi ngày rà soát",
        True,
    ),
    (
        S.REVIEW,
        10,
        LimitUnit.WORKING_DAYS,
        CountedFrom.STEP_START,
        "Thực tiễn địa phương: Nghị định 56/2017, Điều 30 không quy định thời hạn",
        True,
    ),
    (
        S.CLOSURE_PROPOSED,
        5,
        LimitUnit.WORKING_DAYS,
        CountedFrom.STEP_START,
        "Thực tiễn địa phương: Chủ tịch UBND xã quyết định kết thúc (Nghị định 56/2017, "
        "Điều 30 khoản 1 điểm b) — không quy định thời hạn",
        True,
    ),
]


@transaction.atomic
def load_step_limits(*, actor=None):
    """Creates the default limits that are missing; keeps the administrator's
    changes. Returns the number created."""
    created = 0
    have = set(StepLimit.objects.values_list("step", flat=True))
    for step, amount, unit, counted_from, source, local in DEFAULT_LIMITS:
        if step in have:
            continue
        limit = StepLimit.objects.create(
            step=step,
            amount=amount,
            unit=unit,
            counted_from=counted_from,
            source=source,
            local_practice=local,
        )
        record_create(limit, actor=actor)
        created += 1
    return created


def _end_of_day(day):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(23, 59, 59)),
        timezone.get_default_timezone(),
    )


def require_aware(value, what="time"):
    """Refuses a naive datetime: the limits count in Vietnam's time and a
    time without its zone would silently shift by up to a day."""
    if value is not None and (value.tzinfo is None or value.tzinfo.utcoffset(value) is None):
        raise CaseError(
            _("The %(what)s must carry its time zone (Asia/Ho_Chi_Minh); got %(value)s.")
            % {"what": what, "value": value.isoformat()}
        )
    return value


def add_limit(start, amount, unit):
    """The moment a limit of `amount` `unit`s counted from `start` runs out
    (COUNTING_RULE)."""
    from treem.workdays.services import working_day_deadline

    require_aware(start, "start of the time limit")
    if unit == LimitUnit.CLOCK_HOURS:
        return start + datetime.timedelta(hours=amount)
    if unit == LimitUnit.WORKING_DAYS:
        return working_day_deadline(start, amount)
    return _end_of_day(timezone.localtime(start).date() + datetime.timedelta(days=amount))


def emergency_deadline(received_at):
    """12 clock hours from the information, whatever the hour (Art. 26(3))."""
    require_aware(received_at, "time the information was received")
    return received_at + datetime.timedelta(hours=EMERGENCY_HOURS)


def plan_deadline(start):
    from treem.workdays.services import working_day_deadline

    return working_day_deadline(start, PLAN_WORKING_DAYS)


def due_for(case, status, started_at):
    """(due_at, source, local practice) of `status` entered at `started_at`."""
    if status == S.EMERGENCY:
        if case.resume_status and case.resume_status != S.INITIAL_ASSESSMENT:
            return emergency_deadline(started_at), LATER_EMERGENCY_SOURCE, True
        return (
            case.emergency_due_at or emergency_deadline(case.received_at),
            EMERGENCY_SOURCE,
            False,
        )
    if status == S.PLAN_DRAFTING:
        # The first plan counts from the report; a returned plan or a new
        # cycle gets the same limit from the day the drafting restarts.
        first = case.cycle == 1 and not SupportPlan.objects.filter(case=case).exists()
        due = case.plan_due_at if first and case.plan_due_at else plan_deadline(started_at)
        return due, PLAN_SOURCE, False
    if status == S.IMPLEMENTATION:
        plan = SupportPlan.objects.filter(case=case, cycle=case.cycle).first()
        if plan is not None and plan.review_on:
            return _end_of_day(plan.review_on), _("the review date set in the plan"), False
    limit = StepLimit.objects.filter(step=status).first()
    if limit is None:
        return None, "", False
    start = started_at
    if limit.counted_from == CountedFrom.RECEIVED and case.cycle == 1:
        start = case.received_at
    return add_limit(start, limit.amount, limit.unit), limit.source, limit.local_practice


def apply_deadlines(case, started_at):
    """Sets the stored deadlines of `case` for its current status (no save)."""
    if case.plan_due_at is None:
        case.plan_due_at = plan_deadline(case.received_at)
    if case.serious_harm and case.emergency_due_at is None:
        case.emergency_due_at = emergency_deadline(case.received_at)
    if not case.is_open:
        case.due_at, case.due_source, case.due_local_practice = None, "", False
        return case
    case.due_at, case.due_source, case.due_local_practice = due_for(case, case.status, started_at)
    return case
