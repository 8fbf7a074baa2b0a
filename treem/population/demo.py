"""A demo extract of the population register for the demo wards, so an
officer can try the linkage on `make demo`: the register knows most demo
children (with their personal ID, including those the officers have not typed
yet, names as the register writes them), a few typed with the old tone
placement or without the middle name, and some children the registry lacks."""

import csv
import datetime
import random
from pathlib import Path

from django.conf import settings

from treem.children.idnumber import expected_century_digit
from treem.children.models import Child, Status

from .readers import REGISTER_COLUMNS
from .services.runs import CHUNK, _caregiver
from .synthetic import old_tones

NGHE_AN = "040"


def _new_id(rng, date_of_birth, sex, taken):
    digit = expected_century_digit(date_of_birth.year, sex)
    while True:
        pid = f"{NGHE_AN}{digit}{date_of_birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if pid not in taken:
            taken.add(pid)
            return pid


def write_extract(path, *, seed=1, extra=40):
    rng = random.Random(seed)
    children = (
        Child.objects.filter(status=Status.ACTIVE)
        .select_related("ward")
        .prefetch_related("caregiver_links__caregiver", "caregiver_links__relation")
        .order_by("pk")
    )
    taken = set(Child.objects.exclude(personal_id=None).values_list("personal_id", flat=True))
    rows = []
    for child in children.iterator(chunk_size=CHUNK):
        if rng.random() < 0.1:
            continue  # not in this extract: stays on the "no register match" list
        name = " ".join(p for p in (child.family_name, child.middle_name, child.given_name) if p)
        roll = rng.random()
        if roll < 0.1:
            name = old_tones(name)
        elif roll < 0.15 and child.middle_name:
            name = f"{child.family_name} {child.given_name}"
        rows.append(
            {
                "person_id": child.personal_id
                or _new_id(rng, child.date_of_birth, child.sex, taken),
                "full_name": name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "sex": "Nam" if child.sex == "M" else "Nữ",
                "mother_name": _caregiver(child, "mother"),
                "father_name": _caregiver(child, "father"),
                "ward": child.ward.name if child.ward_id else "",
            }
        )
    # Children the register knows and the registry does not (yet).
    given_names = [row["full_name"].split()[-1] for row in rows]
    for i, sibling in enumerate(rng.sample(rows, min(extra, len(rows)))):
        # A younger sibling born after the registry was last updated.
        born = datetime.date(2025, 1 + i % 12, 1 + i % 28)
        sex = rng.choice(["M", "F"])
        family = sibling["full_name"].split()[0]
        middle = "Thị" if sex == "F" else "Văn"
        rows.append(
            {
                **sibling,
                "person_id": _new_id(rng, born, sex, taken),
                "full_name": f"{family} {middle} {rng.choice(given_names)}",
                "date_of_birth": born.isoformat(),
                "sex": "Nam" if sex == "M" else "Nữ",
            }
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGISTER_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def seed_register_extract(generator, options):
    path = Path(settings.MEDIA_ROOT).parent / "demo" / "register-extract.csv"
    count = write_extract(path, seed=options.get("seed", 1))
    return [f"register extract for the linkage: {path} ({count} persons)"]
