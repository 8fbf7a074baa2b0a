"""Realistic data made the way users make it: the demo seed, then a generated
spreadsheet of households in the import template (docs/import-template.md)
imported through the import service, as `manage.py import_children` and the
upload page do, then risk episodes, consents and cases for some of the
imported children through the same services as the pages.

The whole-system tests (treem/core/tests/test_crawl.py) run on this data; the
generator stands on its own so that a demo database can be given an import too.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from treem.areas.models import AdminUnit, Level
from treem.children import idnumber
from treem.children.importer import COLUMNS, import_file

from .people import PeopleGenerator

# Serials far above those of the seeded children (100000 + n), so the IDs of
# the file never collide with the registry's.
CHILD_SERIAL = 500_000
CAREGIVER_SERIAL = 800_000
# The personal IDs of the imported children (province 040, serial from 500000).
IMPORTED_ID = r"^040\d{3}[5-7]\d{5}$"
# Art. 10 groups a whole household tends to share (orphaned, poor and
# without care, affected by HIV, migrants): siblings get the same episode.
SHARED_GROUPS = ("a", "c", "h", "i")


def _date(day):
    return f"{day:%d/%m/%Y}"


def household_rows(people, rng, ward, groups, serial):
    """The rows of one household: siblings share the parents' names, phones
    and IDs (so the import links them to the same caregiver records) and,
    sometimes, a special circumstance. Returns (rows, next serial)."""
    father, mother, kids = people.household(rng.choice([1, 1, 2, 2, 2, 3, 4]))
    group = rng.choice(groups)
    street = (
        f"Số {rng.randint(1, 300)} đường {rng.choice(['Lê Lợi', 'Nguyễn Du', 'Phan Bội Châu'])}"
    )
    mother_phone, father_phone = people.phone(), people.phone() if rng.random() < 0.7 else ""
    mother_id = father_id = ""
    if rng.random() < 0.6:
        mother_id = idnumber.make_id("040", mother.date_of_birth, "F", CAREGIVER_SERIAL + serial)
    if rng.random() < 0.4:
        father_id = idnumber.make_id(
            "040", father.date_of_birth, "M", CAREGIVER_SERIAL + serial + 1
        )
    circumstance = rng.choice(SHARED_GROUPS) if rng.random() < 0.08 else ""
    since = people.today - datetime.timedelta(days=rng.randint(30, 900))
    rows = []
    for kid in kids:
        serial += 1
        age = (people.today - kid.date_of_birth).days // 365
        row = {
            "family_name": kid.family_name,
            "middle_name": kid.middle_name,
            "given_name": kid.given_name,
            "date_of_birth": _date(kid.date_of_birth),
            "sex": "Nam" if kid.sex == "M" else "Nữ",
            "personal_id": idnumber.make_id(
                "040", kid.date_of_birth, kid.sex, CHILD_SERIAL + serial
            ),
            "ethnicity": "Kinh" if rng.random() < 0.97 else "Thái",
            "ward": ward,
            "group": group,
            "address_line": street,
            "mother_name": mother.full_name,
            "mother_phone": mother_phone,
            "mother_id": mother_id,
            "father_name": father.full_name if rng.random() < 0.9 else "",
            "school_name": f"Trường Tiểu học {ward}" if 6 <= age <= 10 else "",
            "grade": f"{age - 5}A" if 6 <= age <= 10 else "",
        }
        if row["father_name"]:
            row.update(father_phone=father_phone, father_id=father_id)
        if rng.random() < 0.05:
            # Not yet issued: the officer gives the reason instead.
            row.update(personal_id="", personal_id_missing_reason="chuacap")
        if rng.random() < 0.02:
            row["date_of_birth"] = f"{kid.date_of_birth:%m/%Y}"
        if circumstance:
            row.update(
                circumstance=circumstance,
                circumstance_from=_date(max(since, kid.date_of_birth)),
            )
        rows.append(row)
    return rows, serial + 2


def write_import_xlsx(path, *, children=2000, wards, seed=1, today=None):
    """Writes an .xlsx in the import template with at least `children` rows
    of households spread over `wards` ({ward name: [group names]}). Returns
    the number of rows."""
    import openpyxl

    people = PeopleGenerator(seed, today=today or datetime.date.today())
    rng = random.Random(seed)
    names = list(wards)
    rows, serial = [], seed * 20_000
    while len(rows) < children:
        ward = names[len(rows) % len(names)]
        more, serial = household_rows(people, rng, ward, wards[ward], serial)
        rows += more
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách trẻ em")
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in COLUMNS])
    book.save(path)
    return len(rows)


@dataclass
class Realistic:
    logins: list = field(default_factory=list)
    imported: dict = field(default_factory=dict)  # ward name -> children imported


def _ward_groups(ward, count=8):
    return [
        g.name
        for g in AdminUnit.objects.in_force()
        .filter(parent=ward, level=Level.RESIDENTIAL_GROUP)
        .order_by("pk")[:count]
    ]


def load_realistic(folder, *, seed=1, demo_children=1000, imported=2000):
    """The demo seed plus `imported` children in two files: one per demo ward
    imported as its officer (the upload page's path), the rest of the wards
    through `import_children` as the system. Then episodes, consents and
    cases for some of the imported households."""
    from treem.demo.seed import seed as run_seed
    from treem.demo.seed import slug

    logins, _extra = run_seed(seed=seed, children=demo_children)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    result = Realistic(logins=logins)
    User = get_user_model()
    per_ward = imported // 3
    for n, ward in enumerate(wards[:2], start=1):
        path = folder / f"nhap-{slug(ward.name)}.xlsx"
        write_import_xlsx(path, children=per_ward, wards={ward.name: _ward_groups(ward)}, seed=n)
        officer = User.objects.get(username=f"{slug(ward.name)}.canbo")
        report = import_file(path, actor=officer, write=True, filename=path.name)
        if not report.written:
            raise RuntimeError(f"{path.name}: {[(e.row, e.key, e.message) for e in report.errors]}")
        result.imported[ward.name] = report.imported
    path = folder / "nhap-cac-phuong.xlsx"
    rows = write_import_xlsx(
        path,
        children=imported - 2 * per_ward,
        wards={w.name: _ward_groups(w) for w in wards},
        seed=9,
    )
    call_command("import_children", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    result.imported["*"] = rows
    _episodes(wards[:2], seed)
    _cases(wards[:2])
    return result


def _imported_children(ward):
    from treem.children.models import Child

    # The files' IDs carry the CHILD_SERIAL range; seeded children do not.
    return Child.objects.filter(ward=ward, personal_id__regex=IMPORTED_ID).order_by("pk")


def _episodes(wards, seed):
    """Risks for whole households and consents signed by a parent: through
    the registry's episode services, as the child's page records them."""
    from treem.children.models import ChildCaregiver, CodeKind, ReferenceCode
    from treem.children.services.episodes import add_risk, record_consent
    from treem.demo.seed import slug

    rng = random.Random(seed)
    risks = list(ReferenceCode.objects.of(CodeKind.RISK_CATEGORY))
    today = datetime.date.today()
    User = get_user_model()
    for ward in wards:
        officer = User.objects.get(username=f"{slug(ward.name)}.canbo")
        links = (
            ChildCaregiver.objects.filter(child__in=_imported_children(ward))
            .select_related("child", "caregiver")
            .order_by("caregiver_id", "child_id")
        )
        by_caregiver = {}
        for link in links:
            by_caregiver.setdefault(link.caregiver, []).append(link.child)
        households = [(c, kids) for c, kids in by_caregiver.items() if len(kids) > 1]
        # Both parents' households hold the same children: on small data both
        # are picked, and a child takes one open episode of a risk only.
        opened = set()
        for caregiver, kids in households[:: max(len(households) // 40, 1)]:
            risk = rng.choice(risks)
            started = today - datetime.timedelta(days=rng.randint(5, 300))
            for kid in kids:
                if (kid.pk, risk.pk) not in opened:
                    opened.add((kid.pk, risk.pk))
                    add_risk(
                        kid, actor=officer, code=risk, started_on=max(started, kid.date_of_birth)
                    )
                given = max(today - datetime.timedelta(days=3), kid.date_of_birth)
                record_consent(
                    kid,
                    actor=officer,
                    representative=caregiver,
                    representative_agreed=True,
                    child_agreed=True if kid.age_on(given) >= 7 else None,
                    scope="Chia sẻ thông tin với trường học và trạm y tế để hỗ trợ trẻ",
                    given_on=given,
                )


def _cases(wards):
    """Cases for imported children in every stage, with services and
    referrals: the case demo's own path (treem/cases/demo.py)."""
    from django.utils import timezone

    from treem.agencies.models import Agency
    from treem.cases import demo as case_demo
    from treem.cases.models import CaseCode, CodeKind
    from treem.cases.services import record_intake
    from treem.demo.seed import slug

    User = get_user_model()
    harm = list(CaseCode.objects.of(CodeKind.HARM))
    services = {c.code: c for c in CaseCode.objects.of(CodeKind.SERVICE)}
    now = timezone.now()
    for ward in wards:
        key = slug(ward.name)
        officer = User.objects.get(username=f"{key}.canbo")
        approver = User.objects.get(username=f"{key}.chutich")
        police = Agency.objects.filter(name=f"Công an phường {ward.name}").first()
        other = wards[1] if ward == wards[0] else wards[0]
        children = _imported_children(ward)[: len(case_demo.STAGES)]
        for i, (stage, child) in enumerate(zip(case_demo.STAGES, children, strict=False)):
            # (target, days ago, serious harm, and the variant of the path, if any)
            target, days_ago, serious, *variant = stage
            case = record_intake(
                actor=officer,
                channel="school" if i % 2 else "hotline_111",
                received_at=now - datetime.timedelta(days=days_ago),
                event_ward=ward,
                event_place=f"Khối {i % 5 + 1}, {ward.name}",
                description="Giáo viên phản ánh trẻ nghỉ học nhiều ngày, có dấu hiệu bị bỏ mặc",
                harm_kinds=[harm[(i + 3) % len(harm)]],
                perpetrator_relation="parent",
                child=child,
                assigned_officer=officer,
            )
            case_demo._run(
                case, target, serious, officer, approver, police, services, other, *variant
            )
