"""Demo data: the reference areas and agencies, residential groups, and one
account per role. Idempotent: running it again changes nothing but the demo
passwords, which it resets so that the printed logins always work.

Later apps add their own demo data through SEEDERS, each a function
`seed(generator, options) -> list[str]` returning lines to print.
"""

import random
import unicodedata

from django.contrib.auth import get_user_model
from django.db import transaction

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Role
from treem.accounts.services import assign_role, create_user, set_password, update_user
from treem.agencies.models import Agency, Kind
from treem.agencies.services import create_agency, load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas

from .people import PeopleGenerator

# Demo accounts only: the production settings hold no password.
DEMO_PASSWORD = "Treem-demo-2026"

SEEDERS = []


def slug(name):
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c)).lower()


def _groups(rng, ward, actor):
    created = []
    count = 8 + rng.randrange(8)
    for n in range(1, count + 1):
        name = f"Khối {n}"
        group = AdminUnit.objects.filter(name=name, parent=ward).first()
        if group is None:
            group = create_unit(
                actor=actor,
                name=name,
                level=Level.RESIDENTIAL_GROUP,
                parent=ward,
                valid_from=ward.valid_from,
                source="demo: tên minh họa",
            )
        created.append(group)
    return created


def _schools(ward, actor):
    for label in ("Trường Mầm non", "Trường Tiểu học", "Trường THCS"):
        name = f"{label} {ward.name}"
        if not Agency.objects.filter(name=name, unit=ward).exists():
            create_agency(
                actor=actor,
                name=name,
                kind=Kind.SCHOOL,
                unit=ward,
                valid_from=ward.valid_from,
                source="demo: tên minh họa",
            )


def _account(people, username, *, role, unit, agency=None, title=""):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        person = people.adult()
        user = create_user(
            actor=None,
            username=username,
            first_name=person.given_name,
            last_name=" ".join(p for p in (person.family_name, person.middle_name) if p),
            phone=people.phone(),
            job_title=title,
            email=f"{username}@demo.treem.invalid",
        )
    elif not user.is_active:
        update_user(user, actor=None, is_active=True)
    set_password(user, DEMO_PASSWORD, actor=None)
    if (
        not RoleAssignment.objects.active()
        .filter(user=user, role=role, unit=unit, agency=agency)
        .exists()
    ):
        assign_role(user, role, actor=None, unit=unit, agency=agency, check_permission=False)
    where = "all" if unit is None else unit.name
    if unit is not None and unit.level == Level.RESIDENTIAL_GROUP:
        where = f"{unit.name}, {unit.parent.name}"
    return f"login: {username} {DEMO_PASSWORD} {role} {where}"


@transaction.atomic
def seed(*, seed=1, children=None, stdout=None):
    people = PeopleGenerator(seed)
    rng = random.Random(seed)
    load_areas()
    load_agencies()
    province = AdminUnit.objects.get(level=Level.PROVINCE, name="Nghệ An")
    # File order: Trường Vinh and Thành Vinh first, as in areas-vinh.csv.
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    groups = {ward.pk: _groups(rng, ward, None) for ward in wards}
    for ward in wards:
        _schools(ward, None)

    logins = [
        _account(people, "quantri", role=Role.ADMIN, unit=None, title="Quản trị hệ thống"),
        _account(
            people,
            "tinh.canbo",
            role=Role.PROVINCE_OFFICER,
            unit=province,
            title="Chuyên viên Sở Y tế",
        ),
        _account(people, "lanhdao", role=Role.VIEWER, unit=province, title="Lãnh đạo"),
    ]
    for ward in wards:
        key = slug(ward.name)
        logins.append(
            _account(
                people,
                f"{key}.canbo",
                role=Role.WARD_OFFICER,
                unit=ward,
                title="Công chức văn hóa - xã hội",
            )
        )
    for ward in wards[:2]:
        key = slug(ward.name)
        police = Agency.objects.get(name=f"Công an phường {ward.name}")
        health = Agency.objects.get(name=f"Trạm Y tế phường {ward.name}")
        logins += [
            _account(
                people,
                f"{key}.chutich",
                role=Role.WARD_APPROVER,
                unit=ward,
                title="Phó Chủ tịch UBND phường",
            ),
            _account(
                people,
                f"{key}.ctv1",
                role=Role.COLLABORATOR,
                unit=groups[ward.pk][0],
                title="Cộng tác viên",
            ),
            _account(
                people,
                f"{key}.congan",
                role=Role.AGENCY_REPORTER,
                unit=ward,
                agency=police,
                title="Cán bộ công an phường",
            ),
            _account(
                people,
                f"{key}.yte",
                role=Role.AGENCY_REPORTER,
                unit=ward,
                agency=health,
                title="Cán bộ trạm y tế",
            ),
        ]
    extra = []
    for seeder in SEEDERS:
        extra += seeder(people, {"seed": seed, "children": children})
    return logins, extra
