"""Demo data for every ward in force: allowance decisions for most children
in a qualifying group (the rest stay as suggestions), their monthly payments
since 2024 (before and after the base level rose on 01/07/2024), one
suspension and one end, other support, injuries and classes. Everything
through the services, as the system (actor None). Idempotent per ward."""

import datetime
import random

from django.utils import timezone

from treem.areas.models import AdminUnit, Level
from treem.children.models import Child, CircumstanceEpisode, Status

from .models import (
    AllowanceDecision,
    Cause,
    Injury,
    Outcome,
    PlaceType,
    SafetyClassKind,
    Severity,
    SupportKind,
)
from .services import (
    end_decision,
    generate_payments,
    record_class,
    record_decision,
    record_injury,
    record_support_item,
    suspend_decision,
)
from .services.suggestions import suggested_group

FIRST_MONTH = datetime.date(2024, 1, 1)
SIGNERS = ("Chủ tịch UBND phường", "Phó Chủ tịch UBND phường")
SPONSORS = (
    "Hội Chữ thập đỏ phường",
    "Quỹ Bảo trợ trẻ em tỉnh",
    "Công ty TNHH Minh Phát",
    "Chùa Cần Linh",
)


def _months(first, last):
    month = first
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _allowances(rng, ward, today):
    episodes = (
        CircumstanceEpisode.objects.open_on(today)
        .filter(child__ward=ward, child__status=Status.ACTIVE, code__kind="circumstance_group")
        .select_related("child", "code")
        .order_by("child_id")
    )
    made, seen = [], set()
    for n, episode in enumerate(episodes):
        child = episode.child
        group = suggested_group(episode.code.code, child.disability_level)
        if group is None or child.pk in seen or child.age_on(today) >= 16:
            continue
        seen.add(child.pk)
        if n % 4 == 3:
            continue  # left without a decision: shown as a suggestion
        starts_on = max(
            episode.started_on, FIRST_MONTH + datetime.timedelta(days=rng.randint(0, 600))
        )
        starts_on = min(starts_on, today).replace(day=1)
        decision = record_decision(
            child,
            actor=None,
            group=group.code,
            number=f"{100 + len(made)}/QĐ-UBND",
            decided_on=starts_on - datetime.timedelta(days=rng.randint(3, 20)),
            signer=rng.choice(SIGNERS),
            starts_on=starts_on,
        )
        made.append(decision)
        if rng.random() < 0.5:
            record_support_item(
                child,
                actor=None,
                kind=SupportKind.HEALTH_INSURANCE,
                received_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=364),
                sponsor="Ngân sách nhà nước",
                reference=f"TE4{40 + rng.randint(10, 99)}{rng.randint(10**9, 10**10 - 1)}",
            )
        if rng.random() < 0.3:
            record_support_item(
                child,
                actor=None,
                kind=SupportKind.GIFT,
                received_on=datetime.date(today.year, 1, 20),
                sponsor=rng.choice(SPONSORS),
                amount=rng.choice((300000, 500000, 1000000)),
                note="Quà Tết",
            )
    if not made:
        made += _an_orphan(ward, today)
    if len(made) > 2:
        suspend_decision(
            made[0],
            actor=None,
            starts_on=(today - datetime.timedelta(days=70)).replace(day=1),
            reason="Trẻ tạm thời đi khỏi địa phương",
        )
        end_decision(
            made[1],
            actor=None,
            ends_on=(today - datetime.timedelta(days=40)).replace(day=1),
            reason="Trẻ được nhận làm con nuôi",
        )
    if made:
        record_support_item(
            made[-1].child,
            actor=None,
            kind=SupportKind.SPONSORSHIP,
            received_on=datetime.date(today.year, 9, 1),
            ends_on=datetime.date(today.year + 2, 8, 31),
            sponsor=rng.choice(SPONSORS),
            commitment="Học bổng hằng tháng đến hết lớp 9",
            amount=300000,
        )
    return made


def _an_orphan(ward, today):
    """A ward whose demo children hold no qualifying group still shows a
    decision: its first child is recorded as an orphan (Art. 10(1)(a))."""
    from treem.children.models import CodeKind, ReferenceCode
    from treem.children.services.episodes import add_circumstance

    child = Child.objects.filter(ward=ward).working(today).order_by("pk").first()
    if child is None:
        return []
    code = ReferenceCode.objects.get(kind=CodeKind.CIRCUMSTANCE_GROUP, code="a")
    started = max(child.date_of_birth, datetime.date(2024, 1, 1))
    add_circumstance(
        child, actor=None, code=code, started_on=started, evidence_note="Dữ liệu minh họa"
    )
    starts_on = started.replace(day=1)
    return [
        record_decision(
            child,
            actor=None,
            group="no_caregiver",
            number="1/QĐ-UBND",
            decided_on=starts_on,
            signer=SIGNERS[0],
            starts_on=starts_on,
        )
    ]


def _injuries(rng, ward, today):
    children = list(
        Child.objects.filter(ward=ward, status=Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not children:
        return 0
    causes = [c for c, _label in Cause.choices]
    weights = [8, 20, 30, 10, 5, 15, 12]
    places = {
        Cause.DROWNING: PlaceType.WATER,
        Cause.TRAFFIC: PlaceType.ROAD,
        Cause.FALL: PlaceType.HOME,
        Cause.BURN: PlaceType.HOME,
        Cause.POISONING: PlaceType.HOME,
        Cause.ANIMAL_BITE: PlaceType.PUBLIC,
        Cause.OTHER: PlaceType.SCHOOL,
    }
    count = 12 + rng.randrange(10)
    for pk in rng.sample(children, min(count, len(children))):
        child = Child.objects.get(pk=pk)
        cause = rng.choices(causes, weights)[0]
        occurred = today - datetime.timedelta(days=rng.randint(1, 600))
        if occurred < child.date_of_birth:
            continue
        death = cause == Cause.DROWNING and rng.random() < 0.3
        record_injury(
            child,
            actor=None,
            occurred_on=occurred,
            place_type=places[cause],
            cause=cause,
            severity=Severity.SEVERE if death else rng.choice([s for s, _l in Severity.choices]),
            outcome=Outcome.DEATH if death else Outcome.RECOVERED,
            note="Ghi nhận từ trạm y tế phường",
        )
    return count


def _classes(rng, ward, today):
    for kind, month in ((SafetyClassKind.SWIMMING, 6), (SafetyClassKind.WATER_SAFETY, 4)):
        starts_on = datetime.date(today.year, month, 1)
        counts = {
            name: rng.randint(5, 30)
            for name in ("girls_6_10", "boys_6_10", "girls_11_15", "boys_11_15")
        }
        record_class(
            ward,
            actor=None,
            kind=kind,
            organiser=f"Đoàn thanh niên phường {ward.name}",
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=20),
            **counts,
        )


def seed_assistance(people, options):
    today = timezone.localdate()
    rng = random.Random(options.get("seed", 1) * 104729)
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    decisions = injuries = 0
    for ward in wards:
        if (
            AllowanceDecision.objects.filter(ward=ward).exists()
            or Injury.objects.filter(ward=ward).exists()
        ):
            continue
        decisions += len(_allowances(rng, ward, today))
        injuries += _injuries(rng, ward, today)
        _classes(rng, ward, today)
    payments = 0
    if decisions:
        for month in _months(FIRST_MONTH, today.replace(day=1)):
            payments += generate_payments(month, actor=None)
    return [
        f"assistance: {decisions} allowance decisions, {payments} monthly payments, "
        f"about {injuries} injuries; /tro-giup/"
    ]
