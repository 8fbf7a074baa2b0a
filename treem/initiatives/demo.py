"""Demo data: realistic models in each of the six demo wards (a trusted
address in the community, a child-friendly school, a children's club, a safe
house, a summer swimming class), evaluations, two commendations (a ward's and
the province's) and one replication. Written through the services, as the
pages write them; running the seed again adds nothing."""

import datetime
import random

from django.utils import timezone

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.places.models import Place
from treem.plans.models import PlanStatus, Task

from .kinds import load_kinds
from .models import CommendationForm, Initiative, InitiativeKind, Rating, Recipient, Replication
from .models import Level as AwardLevel
from .services.initiatives import add_months, change_status
from .services.records import record_commendation, record_evaluation, replicate_initiative

# (kind, name, lead agency (ward body prefix or school), task numbers, runs in groups?)
MODELS = [
    (
        "trusted_address",
        "Địa chỉ tin cậy tại cộng đồng {group}",
        "Hội Liên hiệp Phụ nữ phường",
        ["III.3", "III.5"],
        True,
    ),
    (
        "friendly_school",
        "Trường học an toàn, thân thiện {school}",
        "Trường Tiểu học",
        ["III.3"],
        False,
    ),
    (
        "children_club",
        "Câu lạc bộ “Quyền tham gia của trẻ em” phường {ward}",
        "Đoàn TNCS Hồ Chí Minh phường",
        ["III.5"],
        False,
    ),
    ("safe_house", "Ngôi nhà an toàn {group}", "Công an phường", ["III.4"], True),
    (
        "swimming",
        "Lớp dạy bơi an toàn hè cho trẻ em phường {ward}",
        "Ủy ban nhân dân phường",
        ["III.3"],
        False,
    ),
]
FINDINGS = {
    Rating.EXCELLENT: "Duy trì đều đặn, người dân và trẻ em biết đến và tìm đến khi cần.",
    Rating.GOOD: "Hoạt động ổn định; cần bổ sung sổ ghi chép và kinh phí duy trì.",
    Rating.FAIR: "Hoạt động chưa thường xuyên; đề nghị kiện toàn người phụ trách.",
}


def _tasks(numbers):
    tasks = list(Task.objects.filter(plan__status=PlanStatus.ACTIVE).order_by("plan_id", "order"))
    chosen = [t for t in tasks if any(t.number.startswith(n) for n in numbers)]
    return chosen[:2] or tasks[:1]


def _agency(ward, prefix):
    name = f"{prefix} {ward.name}"
    return Agency.objects.in_force().filter(unit=ward, name=name).first()


def _model(rng, today, ward, groups, kinds, spec, n):
    code, name, lead, numbers, in_groups = spec
    agency = _agency(ward, lead) or _agency(ward, "Ủy ban nhân dân phường")
    tasks = _tasks(numbers)
    if agency is None or not tasks:
        return None
    areas = rng.sample(groups, min(len(groups), 2)) if in_groups and groups else [ward]
    group = areas[0].name if in_groups and groups else ward.name
    place = None
    if code == "swimming":
        place = Place.objects.filter(ward=ward, type__code="swimming").first()
    started = today - datetime.timedelta(days=rng.randint(200, 1100))
    # The record is dated when the ward set it up: the service rejects no
    # past date, and the evaluations below follow it.
    from .services.initiatives import record_initiative

    return record_initiative(
        actor=None,
        tasks=tasks,
        areas=areas,
        name=name.format(group=group, school=f"Trường Tiểu học {ward.name}", ward=ward.name),
        kind=kinds[code],
        description="Mô hình minh họa (demo): "
        + {
            "trusted_address": "nơi trẻ em và người dân báo tin, được tư vấn, kết nối hỗ trợ.",
            "friendly_school": "tiêu chí trường học an toàn, phòng chống bạo lực học đường.",
            "children_club": "trẻ em sinh hoạt, thảo luận và nêu ý kiến hằng tháng.",
            "safe_house": "gia đình tình nguyện là nơi trẻ em tìm đến khi gặp nguy hiểm.",
            "swimming": "dạy bơi an toàn cho trẻ 6–15 tuổi trong hè.",
        }[code],
        lead_agency=agency,
        unit=ward,
        place=place,
        started_on=started,
        people_reached=rng.choice([45, 80, 120, 260, 410]) + n,
    )


def _evaluate(rng, today, initiative, *, due):
    """One or two past evaluations; `due` leaves the last one old enough for
    the model to be due now (the ward officer's landing page lists it)."""
    months = initiative.kind.evaluation_months
    last = add_months(today, -months) - datetime.timedelta(days=rng.randint(3, 40))
    if not due:
        last = today - datetime.timedelta(days=rng.randint(20, 150))
    first = add_months(last, -months)
    dates = [d for d in (first, last) if d >= initiative.started_on]
    for day in dates:
        rating = rng.choice(list(FINDINGS))
        record_evaluation(
            initiative,
            actor=None,
            evaluated_on=day,
            evaluator=f"Tổ kiểm tra UBND phường {initiative.unit.name}",
            rating=rating,
            findings=FINDINGS[rating],
            recommend_replication=rating == Rating.EXCELLENT,
        )


def seed_initiatives(people, options):
    if Initiative.objects.exists():
        return ["initiatives: already seeded"]
    rng = random.Random(options.get("seed", 1))
    today = timezone.localdate()
    load_kinds()
    kinds = {k.code: k for k in InitiativeKind.objects.all()}
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    made = []
    for w, ward in enumerate(wards):
        groups = list(
            AdminUnit.objects.in_force()
            .filter(parent=ward, level=Level.RESIDENTIAL_GROUP)
            .order_by("sort_name")
        )
        for n, spec in enumerate(MODELS):
            # Not every ward runs every model: the replication has a ward to go to.
            if spec[0] == "safe_house" and w % 2:
                continue
            initiative = _model(rng, today, ward, groups, kinds, spec, n)
            if initiative is None:
                continue
            made.append(initiative)
            _evaluate(rng, today, initiative, due=(w + n) % 3 == 0)
    paused = next((i for i in made if i.kind.code == "swimming"), None)
    if paused is not None and len(made) > 5:
        change_status(paused, "paused", actor=None, note="Nghỉ hè xong, chờ kinh phí năm sau")
    commendations = 0
    trusted = [i for i in made if i.kind.code == "trusted_address"]
    safe_houses = [i for i in made if i.kind.code == "safe_house"]
    if trusted:
        first = trusted[0]
        record_commendation(
            first,
            actor=None,
            decision_number="152/QĐ-UBND",
            decided_on=today - datetime.timedelta(days=60),
            issuer=f"Ủy ban nhân dân phường {first.unit.name}",
            form=CommendationForm.CERTIFICATE,
            level=AwardLevel.WARD,
            recipient=Recipient.AGENCY,
            recipient_agency=first.lead_agency,
            reason="Có thành tích xuất sắc trong xây dựng và duy trì mô hình.",
        )
        commendations += 1
    if safe_houses:
        first = safe_houses[0]
        record_commendation(
            first,
            actor=None,
            decision_number="2315/QĐ-UBND",
            decided_on=today - datetime.timedelta(days=120),
            issuer="Ủy ban nhân dân tỉnh Nghệ An",
            form=CommendationForm.CERTIFICATE_OF_MERIT,
            level=AwardLevel.PROVINCE,
            recipient=Recipient.INITIATIVE,
            reason="Mô hình tiêu biểu trong phong trào “Toàn dân chăm sóc, giáo dục và bảo vệ "
            "trẻ em”.",
        )
        commendations += 1
    replications = 0
    if safe_houses:
        source = safe_houses[0]
        covered = {i.unit_id for i in safe_houses}
        target = next((w for w in wards if w.pk not in covered), None)
        agency = target and _agency(target, "Công an phường")
        if target and agency and not Replication.objects.filter(source=source).exists():
            replicate_initiative(
                source,
                actor=None,
                ward=target,
                started_on=max(source.started_on, today - datetime.timedelta(days=45)),
                lead_agency=agency,
                notes="Nhân rộng theo đề nghị của tổ kiểm tra phường.",
            )
            replications += 1
    return [
        f"initiatives: {len(made)} models, {commendations} commendations, "
        f"{replications} replication"
    ]
