"""A synthetic population register and a noisy local extract of it, with the true answer.

Households come from ``treem.demo.people.PeopleGenerator`` (real name frequencies; children
carry the father's family name; siblings share their parents). Every register person gets a
valid personal ID (``idnumber.make_id``) and lives in a current ward of Vinh. The local extract
takes a sample of the register's children and corrupts each record with known rates, one draw
per corruption type, so a record may carry several; it adds children the register does not
know and duplicates inside the extract. ``truth`` gives, for each local record, the person it
is (empty when none) and the corruptions applied.

Standard library only; deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from treem.children import idnumber
from treem.demo.people import PeopleGenerator
from treem.population.readers import CHILDREN_COLUMNS, REGISTER_COLUMNS

AREAS_CSV = Path(__file__).resolve().parents[1] / "areas" / "data" / "areas-vinh.csv"

# Rates per record, one independent draw each (issue 7's list).
RATES = {
    "diacritics_dropped": 0.10,
    "diacritics_partial": 0.05,
    "d_as_D": 0.03,
    "nfd": 0.05,
    "old_tones": 0.05,
    "middle_dropped": 0.05,
    "order_swapped": 0.03,
    "typo": 0.05,
    "id_missing": 0.15,
    "id_digit_wrong": 0.04,
    "id_digits_swapped": 0.03,
    "day_month_swapped": 0.03,
    "former_ward": 0.20,
}
DUPLICATE_RATE = 0.02  # extra records in the extract for the same child
NOT_IN_REGISTER_RATE = 0.03  # local children the register does not know

# The command line contract, in the order the readers expect.
REGISTER_HEADER = list(REGISTER_COLUMNS)
CHILDREN_HEADER = list(CHILDREN_COLUMNS)
SEX_WORD = {"M": "Nam", "F": "Nữ"}


def _wards() -> tuple[list[str], dict[str, list[str]]]:
    with AREAS_CSV.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["level"] in ("ward", "commune")]
    current = [r["name"] for r in rows if not r["valid_to"]]
    former: dict[str, list[str]] = {}
    for r in rows:
        if r["successor"]:
            former.setdefault(r["successor"], []).append(r["name"])
    return current, former


@dataclass
class Dataset:
    register: list[dict]
    children: list[dict]
    truth: list[dict]  # record_id, person_id, corruptions


# --- corruptions ---------------------------------------------------------------------------------
_TONES = "\u0300\u0309\u0303\u0301\u0323"


def strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def old_tones(name: str) -> str:
    """hòa → hoà, thủy → thuỷ: the tone on the second vowel of an open oa/oe/uy syllable."""
    words = []
    for word in name.split(" "):
        nfd = unicodedata.normalize("NFD", word)
        low = strip_marks(word).lower()
        tone = next((c for c in nfd if c in _TONES), None)
        if tone and len(low) >= 2 and low[-2:] in ("oa", "oe", "uy") and not low.endswith("quy"):
            base = "".join(c for c in nfd if c not in _TONES)
            base = unicodedata.normalize("NFC", base)
            word = unicodedata.normalize("NFC", base + tone)
        words.append(word)
    return " ".join(words)


def typo(rng: random.Random, name: str) -> str:
    words = name.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) < 3:
        return name
    j = rng.randrange(1, len(w))
    kind = rng.random()
    if kind < 0.4:
        w = w[:j] + w[j + 1 :]  # a letter left out
    elif kind < 0.7:
        w = w[:j] + rng.choice("aeiounhtgc") + w[j + 1 :]  # a wrong letter
    else:
        w = w[:j] + w[j] + w[j:]  # a letter doubled
    words[i] = w
    return " ".join(words)


def corrupt(rng: random.Random, rec: dict, former: dict[str, list[str]]) -> tuple[dict, list]:
    rec = dict(rec)
    applied = []

    def hit(kind):
        return rng.random() < RATES[kind]

    name = rec["full_name"]
    words = name.split(" ")
    if hit("middle_dropped") and len(words) > 2:
        name = f"{words[0]} {words[-1]}"
        applied.append("middle_dropped")
    if hit("order_swapped"):
        w = name.split(" ")
        name = " ".join([w[-1], *w[:-1]])
        applied.append("order_swapped")
    if hit("typo"):
        new = typo(rng, name)
        if new != name:
            name = new
            applied.append("typo")
    if hit("old_tones"):
        # The old placement is a habit of the typist: every name of the record gets it.
        new = old_tones(name)
        mother, father = old_tones(rec["mother_name"]), old_tones(rec["father_name"])
        if (new, mother, father) != (name, rec["mother_name"], rec["father_name"]):
            name, rec["mother_name"], rec["father_name"] = new, mother, father
            applied.append("old_tones")
    if hit("diacritics_dropped"):
        name = strip_marks(name)
        applied.append("diacritics_dropped")
    elif hit("diacritics_partial"):
        w = name.split(" ")
        k = rng.randrange(len(w))
        w[k] = strip_marks(w[k])
        name = " ".join(w)
        applied.append("diacritics_partial")
    if hit("d_as_D") and ("Đ" in name or "đ" in name):
        name = name.replace("Đ", "D").replace("đ", "d")
        applied.append("d_as_D")
    if hit("nfd"):
        name = unicodedata.normalize("NFD", name)
        applied.append("nfd")
    rec["full_name"] = name

    pid = rec["personal_id"]
    if not pid:
        pass
    elif hit("id_missing"):
        pid = ""
        applied.append("id_missing")
    elif hit("id_digit_wrong"):
        i = rng.randrange(12)
        pid = pid[:i] + rng.choice([d for d in "0123456789" if d != pid[i]]) + pid[i + 1 :]
        applied.append("id_digit_wrong")
    elif hit("id_digits_swapped"):
        spots = [i for i in range(11) if pid[i] != pid[i + 1]]
        i = rng.choice(spots)
        pid = pid[:i] + pid[i + 1] + pid[i] + pid[i + 2 :]
        applied.append("id_digits_swapped")
    rec["personal_id"] = pid

    y, m, d = rec["date_of_birth"].split("-")
    if hit("day_month_swapped") and int(d) <= 12 and d != m:
        rec["date_of_birth"] = f"{y}-{d}-{m}"
        applied.append("day_month_swapped")
    if hit("former_ward") and former.get(rec["ward"]):
        rec["ward"] = rng.choice(former[rec["ward"]])
        applied.append("former_ward")
    return rec, applied


# --- generation ----------------------------------------------------------------------------------
def _register_people(gen: PeopleGenerator, rng: random.Random, n: int, wards) -> Iterator[dict]:
    used: set[str] = set()
    made = 0
    while made < n:
        father, mother, children = gen.household(rng.choice((1, 1, 2, 2, 2, 3)))
        ward = rng.choice(wards)
        for child in children:
            if made >= n:
                return
            while True:
                pid = idnumber.make_id("040", child.date_of_birth, child.sex, rng.randrange(10**6))
                if pid not in used:
                    used.add(pid)
                    break
            made += 1
            yield {
                "person_id": pid,
                "full_name": child.full_name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "sex": SEX_WORD[child.sex],
                "mother_name": mother.full_name,
                "father_name": father.full_name if rng.random() < 0.9 else "",
                "ward": ward,
            }


def generate(n_register: int, n_local: int, seed: int = 1) -> Dataset:
    rng = random.Random(seed)
    current, former = _wards()
    register = list(_register_people(PeopleGenerator(seed), rng, n_register, current))
    sample = rng.sample(range(n_register), min(n_local, n_register))
    children, truth = [], []

    def add(source: dict, person_id: str, applied: list) -> None:
        record_id = f"L{len(children) + 1:07d}"
        children.append({"record_id": record_id, **{k: source[k] for k in CHILDREN_HEADER[1:]}})
        truth.append(
            {"record_id": record_id, "person_id": person_id, "corruptions": ";".join(applied)}
        )

    for index in sample:
        person = register[index]
        rec, applied = corrupt(rng, {**person, "personal_id": person["person_id"]}, former)
        add(rec, person["person_id"], applied)
        if rng.random() < DUPLICATE_RATE:
            dup, applied = corrupt(rng, {**person, "personal_id": person["person_id"]}, former)
            add(dup, person["person_id"], ["duplicate", *applied])
    # Children the register does not know (moved in from abroad, never registered).
    outsiders = _register_people(
        PeopleGenerator(seed + 1000),
        random.Random(seed + 1000),
        int(n_local * NOT_IN_REGISTER_RATE),
        current,
    )
    for person in outsiders:
        rec, applied = corrupt(rng, {**person, "personal_id": person["person_id"]}, former)
        add(rec, "", ["not_in_register", *applied])
    order = list(range(len(children)))
    rng.shuffle(order)
    return Dataset(register, [children[i] for i in order], [truth[i] for i in order])


def write(dataset: Dataset, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("register.csv", REGISTER_HEADER, dataset.register),
        ("children.csv", CHILDREN_HEADER, dataset.children),
        ("truth.csv", ["record_id", "person_id", "corruptions"], dataset.truth),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
