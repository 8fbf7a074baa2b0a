"""Demo children: households in every ward, with facets, special
circumstances at about the national rate, and the flaws real data has
(missing and mistyped IDs, duplicates), so every screen has something to show."""

import datetime
import random

from treem.areas.models import AdminUnit, Level

from . import idnumber, text
from .models import Child, CodeKind, DobPrecision, ReferenceCode, SchoolLevel
from .services import load_reference_codes
from .services.bulk import bulk_create_children

DEFAULT_CHILDREN = 3000
# Art. 10 groups by their share among children in special circumstances
# (illustrative weights for demo data, not statistics).
GROUP_WEIGHTS = {
    "d": 35,
    "c": 12,
    "n": 14,
    "h": 9,
    "a": 4,
    "b": 2,
    "i": 6,
    "k": 3,
    "e": 5,
    "l": 3,
    "g": 1,
    "đ": 1,
    "m": 1,
    "o": 1,
}
ETHNIC_WEIGHTS = {"01": 97, "03": 1.5, "29": 0.5, "08": 0.5, "06": 0.5}


def _school(age, rng):
    if age <= 2:
        return (SchoolLevel.NURSERY, True) if rng.random() < 0.3 else ("", False)
    if age <= 5:
        return (SchoolLevel.KINDERGARTEN, True) if rng.random() < 0.95 else ("", False)
    if age <= 10:
        return SchoolLevel.PRIMARY, True
    return SchoolLevel.LOWER_SECONDARY, True


def _mistype(pid, rng):
    digits = list(pid)
    i = rng.choice([3, 4, 5, 8])
    digits[i] = str((int(digits[i]) + rng.randint(1, 8)) % 10)
    return "".join(digits)


def _unique_mistypes(items, mistyped):
    """A mistyped serial digit can give another child's ID (which one depends
    on today's date, through the ages): such a mistype moves to the century
    digit instead, which keeps the serial, unique to each child, as it was."""
    existing = set(Child.objects.exclude(personal_id=None).values_list("personal_id", flat=True))
    counts = {}
    for item in items:
        pid = item["data"]["personal_id"]
        counts[pid] = counts.get(pid, 0) + 1
    for data, right in mistyped:
        pid = data["personal_id"]
        if counts[pid] == 1 and pid not in existing:
            continue
        counts[pid] -= 1
        for step in range(1, 10):
            pid = right[:3] + str((int(right[3]) + step) % 10) + right[4:]
            if not counts.get(pid) and pid not in existing:
                break
        data["personal_id"] = pid
        counts[pid] = 1


def seed_children(people, options):
    """Seeder for treem.demo: adds children until the registry holds the number
    asked for (default 3000). Returns lines to print."""
    target = options.get("children") or DEFAULT_CHILDREN
    have = Child.objects.count()
    if have >= target:
        return [f"children: {have} (nothing to add)"]
    load_reference_codes()
    rng = random.Random(options.get("seed", 1) * 7919)
    codes = {(c.kind, c.code): c for c in ReferenceCode.objects.all()}
    provinces = {c.code for c in ReferenceCode.objects.of(CodeKind.PROVINCE)} or None
    relation_father, relation_mother = codes[("relation", "cha")], codes[("relation", "me")]
    missing_reason = codes[("id_missing_reason", "chuacap")]
    groups = [codes[("circumstance_group", g)] for g in GROUP_WEIGHTS]
    risks = [c for (k, _), c in codes.items() if k == CodeKind.RISK_CATEGORY]
    ethnic = [codes[("ethnicity", e)] for e in ETHNIC_WEIGHTS]
    wards = list(AdminUnit.objects.in_force().filter(level=Level.WARD).order_by("pk"))
    group_units = {
        w.pk: list(AdminUnit.objects.in_force().filter(parent=w, level=Level.RESIDENTIAL_GROUP))
        or [w]
        for w in wards
    }
    today = datetime.date.today()
    items, serial = [], 100000 + have
    mistyped = []
    while have + len(items) < target:
        ward = wards[len(items) % len(wards)]
        unit = rng.choice(group_units[ward.pk])
        father, mother, kids = people.household(rng.choice([1, 1, 2, 2, 2, 3]))
        phone = people.phone()
        street = f"Số {rng.randint(1, 200)}, {unit.name}"
        for kid in kids:
            serial += 1
            sex = kid.sex
            pid = idnumber.make_id("040", kid.date_of_birth, sex, serial)
            roll = rng.random()
            data = {
                "family_name": kid.family_name,
                "middle_name": kid.middle_name,
                "given_name": kid.given_name,
                "date_of_birth": kid.date_of_birth,
                "dob_precision": DobPrecision.DAY,
                "sex": sex,
                "personal_id": pid,
                "ethnicity": rng.choices(ethnic, weights=ETHNIC_WEIGHTS.values())[0],
                "address_line": street,
                "resident_since": kid.date_of_birth,
                "birth_registration": "registered",
                "birth_registration_place": f"UBND phường {ward.name}",
            }
            if roll < 0.07:
                data["personal_id"], data["personal_id_missing_reason"] = None, missing_reason
            elif roll < 0.10:
                data["personal_id"] = _mistype(pid, rng)
                mistyped.append((data, pid))
            age = (today - kid.date_of_birth).days // 365
            level, enrolled = _school(age, rng)
            data.update(
                school_level=level,
                enrolled=enrolled,
                school_name=f"Trường {level and SchoolLevel(level).label} {ward.name}"
                if level
                else "",
                grade=str(max(age - 5, 1)) if age >= 6 else "",
            )
            if age >= 11 and rng.random() < 0.02:
                data.update(
                    enrolled=False,
                    dropped_out_on=today - datetime.timedelta(days=200),
                    dropout_reason=codes[("dropout_reason", "kinhte")],
                )
            if age < 5:
                data.update(
                    fully_vaccinated=rng.random() < 0.95,
                    vaccination_recorded_on=today - datetime.timedelta(days=60),
                )
                data.update(
                    nutrition_status=rng.choices(
                        ["normal", "underweight", "stunting", "overweight"], [78, 8, 11, 3]
                    )[0],
                    nutrition_measured_on=today - datetime.timedelta(days=90),
                )
            circumstances, child_risks = [], []
            if rng.random() < 0.06:
                group = rng.choices(groups, weights=GROUP_WEIGHTS.values())[0]
                if group.code == "d":
                    data["disability_type"] = codes[
                        ("disability_type", rng.choice(["vandong", "nghenoi", "nhin", "tritue"]))
                    ]
                    data["disability_level"] = rng.choice(["mild", "severe"])
                start = max(
                    kid.date_of_birth, today - datetime.timedelta(days=rng.randint(30, 1500))
                )
                circumstances.append(
                    {
                        "code": group,
                        "started_on": start,
                        "evidence_note": "Biên bản xác minh của UBND phường",
                    }
                )
            if rng.random() < 0.04:
                child_risks.append(
                    {
                        "code": rng.choice(risks),
                        "started_on": today - datetime.timedelta(days=rng.randint(10, 400)),
                    }
                )
            items.append(
                {
                    "data": data,
                    "unit": unit,
                    "ward": ward,
                    "caregivers": [
                        {
                            "relation": relation_father,
                            "family_name": father.family_name,
                            "middle_name": father.middle_name,
                            "given_name": father.given_name,
                            "sex": "M",
                            "year_of_birth": father.date_of_birth.year,
                            "phone": phone,
                        },
                        {
                            "relation": relation_mother,
                            "family_name": mother.family_name,
                            "middle_name": mother.middle_name,
                            "given_name": mother.given_name,
                            "sex": "F",
                            "year_of_birth": mother.date_of_birth.year,
                            "phone": people.phone(),
                        },
                    ],
                    "circumstances": circumstances,
                    "risks": child_risks,
                }
            )
            # About 1 % are typed twice: without diacritics and without the ID.
            if rng.random() < 0.01 and have + len(items) < target:
                dup = dict(
                    data,
                    personal_id=None,
                    personal_id_missing_reason=missing_reason,
                    family_name=text.fold(kid.family_name).title(),
                    middle_name=text.fold(kid.middle_name).title(),
                    given_name=text.fold(kid.given_name).title(),
                )
                items.append(
                    {
                        "data": dup,
                        "unit": unit,
                        "ward": ward,
                        "caregivers": [],
                        "circumstances": [],
                        "risks": [],
                    }
                )
    _unique_mistypes(items, mistyped)
    created = bulk_create_children(items, actor=None, province_codes=provinces, note="demo data")
    return [f"children: {have + len(created)} ({len(created)} added)"]
