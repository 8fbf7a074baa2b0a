"""Demo data: a year of courses in each demo ward, with collaborators for
most residential groups, participants and certificates. What it shows: most
collaborators took the basics course, some groups lag behind or have no
collaborator, and two wards' officers still lack the case-management course
the province runs. Written through the services; running it again adds
nothing."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Role
from treem.accounts.services import assign_role, create_user
from treem.activities.models import Activity
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.demo.people import PeopleGenerator
from treem.plans.models import PlanStatus, Task

from .models import Course, Participant, Topic
from .services.courses import add_participants, record_course, update_participant
from .topics import load_topics

CAPACITY_TASK = "nâng cao năng lực của đội ngũ làm công tác bảo vệ trẻ em"


def _slug(name):
    from treem.demo.seed import slug

    return slug(name)


def _collaborators(seed, people, ward):
    """One collaborator for most groups, two for some, none for a few; the
    accounts hold no password (the demo's logins are the seed's)."""
    # A generator of its own per ward: a second run, which skips the
    # courses, draws the same numbers and so adds nobody.
    rng = random.Random(f"{seed}-{ward.pk}")
    User = get_user_model()
    groups = list(AdminUnit.objects.in_force().filter(parent=ward, level=Level.RESIDENTIAL_GROUP))
    for n, group in enumerate(groups, start=1):
        have = RoleAssignment.objects.active().filter(role=Role.COLLABORATOR, unit=group).count()
        want = rng.choice([0, 1, 1, 1, 2, 2]) if n > 1 else 1
        for k in range(have, want):
            username = f"{_slug(ward.name)}.ctv.k{n}.{k + 1}"
            if User.objects.filter(username=username).exists():
                continue
            person = people.adult()
            user = create_user(
                actor=None,
                username=username,
                first_name=person.given_name,
                last_name=" ".join(p for p in (person.family_name, person.middle_name) if p),
                job_title="Cộng tác viên khối phố",
            )
            assign_role(user, Role.COLLABORATOR, actor=None, unit=group, check_permission=False)


def _staff(ward, role):
    ids = RoleAssignment.objects.active().filter(role=role, unit__parent=ward).values("user_id")
    if role != Role.COLLABORATOR:
        ids = RoleAssignment.objects.active().filter(role=role, unit=ward).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))


def _certify(rng, rows, course, issuer, passed_share):
    for n, row in enumerate(rows, start=1):
        if rng.random() > passed_share:
            update_participant(row, actor=None, attended=rng.random() > 0.3, passed=False)
            continue
        update_participant(
            row,
            actor=None,
            attended=True,
            passed=True,
            certificate_number=f"{course.ends_on.year}/{course.pk:03d}-{n:02d}",
            certificate_date=course.ends_on,
            certificate_issuer=issuer,
        )


def _course(ward, topic, title, start, days, hours, **fields):
    return record_course(
        actor=None,
        topic=topic,
        title=title,
        hours=Decimal(hours),
        unit=ward,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=days),
        **fields,
    )


def seed_trainings(people, options):
    rng = random.Random(options.get("seed", 1) + 28)
    people = people or PeopleGenerator(options.get("seed", 1))
    today = timezone.localdate()
    load_topics()
    topics = {t.code: t for t in Topic.objects.all()}
    task = Task.objects.filter(
        plan__status=PlanStatus.ACTIVE, content__icontains=CAPACITY_TASK
    ).first()
    tasks = [task] if task else []
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))[:6]
    province = AdminUnit.objects.filter(level=Level.PROVINCE).first()
    made = 0
    for number, ward in enumerate(wards):
        _collaborators(options.get("seed", 1), people, ward)
        if Course.objects.filter(unit=ward).exists():
            continue
        office = Agency.objects.filter(unit=ward, name__startswith="Phòng Văn hóa - Xã hội").first()
        police = Agency.objects.filter(unit=ward, name__startswith="Công an phường").first()
        provider = {"provider_agency": office} if office else {"provider_name": "UBND phường"}
        place = f"Hội trường UBND phường {ward.name}"
        activity = (
            Activity.objects.filter(unit=ward, kind__code="training").order_by("starts_on").first()
        )
        collaborators = _staff(ward, Role.COLLABORATOR)
        # The basics, in spring: most collaborators attend, most pass.
        basics = _course(
            ward,
            topics["child_protection_basics"],
            f"Tập huấn kiến thức, kỹ năng bảo vệ trẻ em cho cộng tác viên phường {ward.name}",
            today - datetime.timedelta(days=rng.randint(200, 300)),
            1,
            "8",
            place=place,
            tasks=tasks,
            activity=activity,
            notes="Số liệu minh họa (demo).",
            **provider,
        )
        share = 0.55 + 0.07 * number
        rows = add_participants(
            basics, [u for u in collaborators if rng.random() < share], actor=None
        )
        _certify(rng, rows, basics, f"UBND phường {ward.name}", 0.85)
        made += 1
        # Drowning prevention before the summer holidays: no requirement,
        # attendance only.
        summer = _course(
            ward,
            topics["injury_prevention"],
            "Phòng, chống đuối nước trẻ em mùa hè",
            datetime.date(today.year if today.month >= 6 else today.year - 1, 5, 20),
            0,
            "4",
            place=place,
            tasks=tasks,
            **provider,
        )
        add_participants(summer, rng.sample(collaborators, len(collaborators) // 2), actor=None)
        made += 1
        if police:
            abuse = _course(
                ward,
                topics["abuse_prevention"],
                "Nhận biết và xử lý ban đầu các vụ việc xâm hại trẻ em",
                today - datetime.timedelta(days=rng.randint(30, 120)),
                0,
                "4",
                place=f"Công an phường {ward.name}",
                provider_agency=police,
            )
            people_here = _staff(ward, Role.WARD_OFFICER) + collaborators[:3]
            rows = add_participants(abuse, people_here, actor=None, passed=True)
            made += 1
    # The province's case-management course: the officers of four wards.
    if province and not Course.objects.filter(unit=province).exists():
        department = Agency.objects.filter(name="Sở Y tế Nghệ An").first()
        course = _course(
            province,
            topics["case_management"],
            "Bồi dưỡng nghiệp vụ quản lý trường hợp trẻ em cần bảo vệ",
            today - datetime.timedelta(days=150),
            2,
            "16",
            place="Trung tâm Công tác xã hội tỉnh Nghệ An",
            tasks=tasks,
            **({"provider_agency": department} if department else {"provider_name": "Sở Y tế"}),
        )
        officers = [u for w in wards[:4] for u in _staff(w, Role.WARD_OFFICER)]
        rows = add_participants(course, officers, actor=None)
        _certify(rng, rows, course, "Sở Y tế Nghệ An", 1.0)
        made += 1
    certified = Participant.objects.exclude(certificate_number="").count()
    return [f"trainings: {made} courses, {certified} certificates"] if made else []
