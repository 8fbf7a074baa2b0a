"""Demo data: a year of activities for each agency of each ward that carries
out a task of the plan, and two children's forums (a ward's and the
province's) with recommendations in every state. Written through the
services, as the pages write them; running the seed again adds nothing."""

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.plans.models import PlanStatus, Task
from treem.plans.periods import AgencyGraph

from .kinds import load_kinds
from .models import (
    CHILD_BANDS,
    Activity,
    ActivityKind,
    AgeBand,
    Audience,
    ChildGroup,
    Forum,
    Sex,
)
from .models import RecommendationStatus as S
from .services.activities import record_activity
from .services.forums import change_recommendation, raise_recommendation, record_forum

PER_AGENCY = 8

TITLES = {
    "campaign": "Tuyên truyền phòng, chống xâm hại trẻ em tại {group}",
    "media": "Tin bài trên loa truyền thanh phường về phòng, chống đuối nước trẻ em",
    "training": "Tập huấn kỹ năng bảo vệ trẻ em cho cộng tác viên khối phố",
    "meeting": "Hội nghị sơ kết thực hiện Chỉ thị 28-CT/TW",
    "competition": "Hội thi tìm hiểu Luật Trẻ em",
    "visit": "Thăm, tặng quà trẻ em có hoàn cảnh đặc biệt",
    "movement": "Ra quân hưởng ứng phong trào “Toàn dân chăm sóc, giáo dục và bảo vệ trẻ em”",
}


def _tasks_by_agency(graph, agencies):
    tasks = list(
        Task.objects.filter(plan__status=PlanStatus.ACTIVE).prefetch_related(
            "coordinating_agencies"
        )
    )
    found = {}
    for agency in agencies:
        bodies = graph.forerunners(agency.pk)
        mine = [
            t
            for t in tasks
            if t.lead_agency_id in bodies
            or any(a.pk in bodies for a in t.coordinating_agencies.all())
        ]
        if mine:
            found[agency] = mine
    return found


def _audience(rng, kind):
    counts = {}
    if kind in ("training", "meeting"):
        counts[(Audience.OFFICIALS, Sex.FEMALE, AgeBand.ADULT)] = rng.randint(8, 30)
        counts[(Audience.OFFICIALS, Sex.MALE, AgeBand.ADULT)] = rng.randint(5, 25)
        return counts
    for band in CHILD_BANDS[1:] if kind == "competition" else CHILD_BANDS:
        for sex in Sex:
            counts[(Audience.CHILDREN, sex, band)] = rng.randint(5, 60)
    if kind != "competition":
        counts[(Audience.PARENTS, Sex.FEMALE, AgeBand.ADULT)] = rng.randint(10, 80)
        counts[(Audience.PARENTS, Sex.MALE, AgeBand.ADULT)] = rng.randint(5, 50)
    counts[(Audience.OFFICIALS, Sex.FEMALE, AgeBand.ADULT)] = rng.randint(1, 6)
    counts[(Audience.OFFICIALS, Sex.MALE, AgeBand.ADULT)] = rng.randint(1, 6)
    return counts


def _last_june(today):
    year = today.year if today.month >= 6 else today.year - 1
    return datetime.date(year, 6, 1)


def _activities(rng, today, agency, tasks, kinds):
    ward = agency.unit
    june = _last_june(today)
    made = 0
    for n in range(PER_AGENCY):
        if n == 0:
            kind = kinds["month_of_action"]
            start = june + datetime.timedelta(days=rng.randint(0, 10))
            end = start + datetime.timedelta(days=rng.randint(0, 5))
            title = f"Hưởng ứng Tháng hành động vì trẻ em năm {june.year}"
        else:
            kind = kinds[rng.choice(list(TITLES))]
            start = today - datetime.timedelta(days=rng.randint(1, 364))
            end = start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
            end = min(end, today)
            title = TITLES[kind.code].format(group=f"Khối {rng.randint(1, 8)}")
        record_activity(
            actor=None,
            kind=kind,
            title=title,
            agency=agency,
            tasks=rng.sample(tasks, min(len(tasks), rng.choice([1, 1, 2]))),
            starts_on=start,
            ends_on=end,
            place=f"{rng.choice(['Hội trường UBND', 'Nhà văn hóa khối', 'Sân trường'])} "
            f"phường {ward.name}",
            description="Số liệu minh họa (demo).",
            cost=rng.choice([0, 500_000, 1_000_000, 2_500_000, 5_000_000]),
            audience=_audience(rng, kind.code),
        )
        made += 1
    return made


def _participants(rng):
    out = {}
    for group in ChildGroup:
        for band in CHILD_BANDS[1:]:
            for sex in Sex:
                top = 4 if group == ChildGroup.SPECIAL else 20
                out[(group, sex, band)] = rng.randint(1, top)
    return out


RECOMMENDATIONS = [
    # (text, final status, answered on time?)
    ("Lắp thêm đèn chiếu sáng ở đường vào trường tiểu học.", S.RAISED, None),
    ("Có thêm lớp dạy bơi miễn phí cho trẻ em vào dịp hè.", S.ASSIGNED, None),
    ("Cấm bán thuốc lá điện tử gần cổng trường.", S.ASSIGNED, "overdue"),
    ("Có số điện thoại để báo khi bị bắt nạt trên mạng.", S.ANSWERED, True),
    ("Tổ chức khám sức khỏe cho trẻ em ở khối phố.", S.ANSWERED, False),
    ("Xây sân chơi cho trẻ em ở nhà văn hóa khối.", S.FOLLOWED_UP, True),
    ("Tăng cường tuần tra giờ tan học.", S.CLOSED, True),
]


def _forum(rng, unit, held_on, title, addressees, today):
    forum = record_forum(
        actor=None,
        unit=unit,
        title=title,
        held_on=held_on,
        place="Hội trường UBND" if unit.level != Level.PROVINCE else "Nhà Văn hóa Lao động tỉnh",
        organiser=None,
        summary="Diễn đàn minh họa (demo): trẻ em nêu ý kiến về an toàn và vui chơi.",
        participants=_participants(rng),
    )
    for n, (text, status, on_time) in enumerate(RECOMMENDATIONS):
        rec = raise_recommendation(forum, actor=None, text=text)
        if status == S.RAISED:
            continue
        body = addressees[n % len(addressees)]
        due = held_on + datetime.timedelta(days=30)
        if status == S.ASSIGNED and on_time is None:
            due = today + datetime.timedelta(days=10)  # still within its time
        rec = change_recommendation(
            rec, S.ASSIGNED, actor=None, addressee=body, deadline=due, on=held_on
        )
        if status == S.ASSIGNED:
            continue
        answered = due - datetime.timedelta(days=5) if on_time else due + datetime.timedelta(days=9)
        rec = change_recommendation(
            rec,
            S.ANSWERED,
            actor=None,
            text=f"{body.name} tiếp thu và sẽ triển khai trong quý tới.",
            on=answered,
        )
        if status == S.FOLLOWED_UP:
            change_recommendation(
                rec,
                S.FOLLOWED_UP,
                actor=None,
                text="Đã hoàn thành; trẻ em được thông báo kết quả tại buổi sinh hoạt hè.",
                on=answered + datetime.timedelta(days=20),
            )
        elif status == S.CLOSED:
            change_recommendation(
                rec,
                S.CLOSED,
                actor=None,
                text="Đã phản hồi cho trẻ em.",
                on=answered + datetime.timedelta(days=10),
            )
    return forum


def seed_activities(people, options):
    rng = random.Random(options.get("seed", 1))
    today = timezone.localdate()
    load_kinds()
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    agencies = list(
        Agency.objects.in_force()
        .filter(unit__in=wards)
        .exclude(pk__in=Activity.objects.values("agency_id"))
        .select_related("unit")
        .order_by("unit_id", "pk")
    )
    made = 0
    for agency, tasks in _tasks_by_agency(AgencyGraph(), agencies).items():
        made += _activities(rng, today, agency, tasks, kinds)
    forums = 0
    if wards and not Forum.objects.filter(title__startswith="Diễn đàn trẻ em phường").exists():
        ward = wards[0]
        bodies = list(
            Agency.objects.in_force()
            .filter(unit=ward)
            .filter(Q(name__startswith="Công an phường") | Q(name__startswith="Trạm Y tế"))
            .order_by("name")
        )
        province = AdminUnit.objects.filter(level=Level.PROVINCE).first()
        if bodies and province:
            _forum(
                rng,
                ward,
                today - datetime.timedelta(days=90),
                f"Diễn đàn trẻ em phường {ward.name} năm {today.year}",
                bodies,
                today,
            )
            _forum(
                rng,
                province,
                today - datetime.timedelta(days=150),
                f"Diễn đàn trẻ em tỉnh {province.name} năm {today.year}",
                bodies,
                today,
            )
            forums = 2
    return [f"activities: {made} activities recorded; children's forums: {forums}"]
