"""Demo places, facilities and safety inspections for every demo ward,
recorded as the ward's officer through the same services as the pages: play
spaces in some residential groups, a culture house, a sports ground, a
social-protection facility with children of the registry in its care, an
independent nursery and a charity programme; inspections with follow-up
actions, some done, some overdue."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from treem.areas.models import AdminUnit, Level
from treem.children.models import Child, Status

from .models import Place, PlaceType, SafetyStatus
from .services import (
    add_child_in_care,
    checklist_for,
    complete_action,
    create_place,
    load_place_data,
    record_inspection,
)

# Centre of Vinh: the demo scatters each ward's places around a point near it.
CENTRE = (Decimal("18.6796"), Decimal("105.6813"))

VENUES = (
    ("play_space", "Sân chơi trẻ em {group}", 60, (3, 12)),
    ("play_space", "Điểm vui chơi công viên {ward}", 150, (2, 15)),
    ("culture_house", "Nhà văn hóa {group}", 80, (0, 15)),
    ("sports", "Sân thể thao phường {ward}", 120, (6, 15)),
    ("swimming", "Bể bơi dạy bơi an toàn {ward}", 40, (6, 15)),
)
FACILITIES = (
    ("social_protection", "Trung tâm Công tác xã hội {ward}", 30, "SYT-{n}/GP", "Sở Y tế Nghệ An"),
    ("independent_nursery", "Nhóm trẻ Hoa Mai {ward}", 25, "", ""),
    ("charity_programme", "Chương trình Áo ấm cho em {ward}", None, "", ""),
)


def _officer(ward):
    from treem.demo.seed import slug

    return get_user_model().objects.filter(username=f"{slug(ward.name)}.canbo").first()


def _point(rng, n):
    return (
        (CENTRE[0] + Decimal(rng.randint(-300, 300)) / 10000 + Decimal(n) / 1000).quantize(
            Decimal("0.000001")
        ),
        (CENTRE[1] + Decimal(rng.randint(-300, 300)) / 10000).quantize(Decimal("0.000001")),
    )


def _inspect(place, officer, rng, today, *, overdue):
    answers = {item.code: "yes" for item in checklist_for(place)}
    codes = sorted(answers)
    failed = rng.sample(codes, k=min(2, len(codes)))
    for code in failed:
        answers[code] = "no"
    inspected = today - datetime.timedelta(days=rng.randint(40, 90))
    actions = [
        {
            "description": "Sửa chữa, thay thế thiết bị hư hỏng; rào chắn khu vực nguy hiểm",
            "owed_by": f"Ban quản lý {place.name}",
            "due_on": inspected + datetime.timedelta(days=14 if overdue else 120),
        },
        {
            "description": "Bổ sung biển cảnh báo và số Tổng đài 111",
            "owed_by": "Công chức văn hóa - xã hội phường",
            "due_on": inspected + datetime.timedelta(days=21),
        },
    ]
    inspection = record_inspection(
        place,
        actor=officer,
        inspected_on=inspected,
        inspectors="Công chức văn hóa - xã hội; Trưởng khối; Đoàn Thanh niên phường",
        result=SafetyStatus.ATTENTION,
        findings="Một số thiết bị xuống cấp; thiếu biển cảnh báo gần khu vực có nước.",
        answers=answers,
        actions=actions,
    )
    # The second action was done on time; the first stays open (overdue or not yet due).
    second = inspection.actions.order_by("pk")[1]
    complete_action(
        second,
        actor=officer,
        done_on=min(second.due_on, today),
        note="Đã lắp biển cảnh báo",
    )
    return inspection


def seed_places(people, options):
    load_place_data()
    types = {t.code: t for t in PlaceType.objects.all()}
    rng = random.Random(options.get("seed", 1) * 104729)
    today = timezone.localdate()
    made = inspections = stays = 0
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    for w, ward in enumerate(wards):
        officer = _officer(ward)
        if officer is None or Place.objects.filter(ward=ward).exists():
            continue
        groups = list(
            AdminUnit.objects.in_force()
            .filter(parent=ward, level=Level.RESIDENTIAL_GROUP)
            .order_by("pk")
        )
        for n, (code, name, capacity, ages) in enumerate(VENUES):
            group = groups[n % len(groups)] if groups and "{group}" in name else None
            lat, lon = _point(rng, w)
            place = create_place(
                actor=officer,
                type=types[code],
                name=name.format(group=group.name if group else "", ward=ward.name).strip(),
                owner=f"UBND phường {ward.name}",
                unit=group or ward,
                address=f"{group.name if group else 'Trung tâm'}, phường {ward.name}",
                # One place in three without coordinates: the map lists it anyway.
                latitude=lat if n % 3 else None,
                longitude=lon if n % 3 else None,
                capacity=capacity,
                age_min=ages[0],
                age_max=ages[1],
                opened_on=datetime.date(2019 + n, 6, 1),
            )
            made += 1
            if n < 2:
                _inspect(place, officer, rng, today, overdue=n == 0)
                inspections += 1
        children = list(Child.objects.filter(ward=ward, status=Status.ACTIVE).order_by("pk")[:3])
        for n, (code, name, capacity, licence, issuer) in enumerate(FACILITIES):
            lat, lon = _point(rng, w)
            facility = create_place(
                actor=officer,
                type=types[code],
                name=name.format(ward=ward.name),
                owner="Sở Y tế Nghệ An" if n == 0 else "Hộ kinh doanh / tổ chức xã hội",
                unit=ward,
                address=f"Phường {ward.name}",
                latitude=lat,
                longitude=lon,
                capacity=capacity,
                age_min=0,
                age_max=15 if n != 1 else 3,
                opened_on=datetime.date(2018, 9, 1),
                licence_number=licence.format(n=100 + w),
                licence_date=datetime.date(2018, 8, 15) if licence else None,
                licence_issuer=issuer,
            )
            made += 1
            if n == 0:
                _inspect(facility, officer, rng, today, overdue=w % 2 == 0)
                inspections += 1
                for child in children:
                    since = max(today - datetime.timedelta(days=200), child.date_of_birth)
                    add_child_in_care(facility, child, actor=officer, since=since)
                    stays += 1
    return [
        f"places: {made} places and facilities, {inspections} inspections, {stays} children in care"
    ]
