"""Accuracy and speed of the register linkage, beside Splink with generic settings.

First write the data (bench/linkage_data.py), then:

    .venv/bin/python bench/linkage.py --data var/bench/linkage [--engine both] [--count-pairs]

Reports precision, recall and F1 of the ``auto`` decisions and of ``auto`` + ``review``, overall
and per corruption type, for the Vietnamese model (treem/population/linkage) and the generic
baseline on the same data; time per stage, pairs scored, peak memory (RSS) and the load average.
``--apply N`` times applying N automatic links through the registry's services, in bulk, beside
a few hundred one by one (a test database in memory; no linkage data needed).

``--save-model`` writes the trained Vietnamese model that the application uses for small extracts:

    .venv/bin/python bench/linkage_data.py --profile ward --register 100000 --local 10000 \
        --seed 11 --out var/bench/linkage-train
    .venv/bin/python bench/linkage.py --data var/bench/linkage-train --engine vietnamese \
        --save-model treem/population/linkage/trained_model.json

(training is seeded: the same data give the same file). The small-extract case, on held-out data
of another seed, with the shipped model, beside the generic baseline:

    .venv/bin/python bench/linkage_data.py --profile ward --register 20000 --local 3000 \
        --seed 1 --out var/bench/linkage-ward
    .venv/bin/python bench/linkage.py --data var/bench/linkage-ward --no-train
"""

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from treem.population.linkage import (  # noqa: E402
    Thresholds,
    WardResolver,
    engine,
    model,  # noqa: E402
)
from treem.population.linkage import features as feat  # noqa: E402


def read(folder):
    register = pd.read_csv(folder / "register.csv", dtype=str, keep_default_na=False)
    children = pd.read_csv(folder / "children.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    register = register.rename(columns={"person_id": "unique_id"})
    register["personal_id"] = register["unique_id"]
    children = children.rename(columns={"record_id": "unique_id"})
    return register, children, truth


def scores(rows, decisions):
    tp = fp = positives = 0
    for truth_id, predicted, decision in rows:
        positives += bool(truth_id)
        if decision in decisions:
            if predicted == truth_id:
                tp += 1
            else:
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else float("nan")
    if not positives:
        return precision, float("nan"), float("nan"), len(rows)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(rows)


def evaluate(matches, truth):
    joined = truth.merge(matches, on="record_id", how="left")
    by_type = defaultdict(list)
    for row in joined.itertuples():
        item = (row.person_id_x, row.person_id_y if row.person_id_y == row.person_id_y else "",
                row.decision)  # fmt: skip
        by_type["(all)"].append(item)
        tags = [t for t in row.corruptions.split(";") if t] or ["(clean)"]
        for tag in tags:
            by_type[tag].append(item)
    return {
        tag: (scores(rows, {"auto"}), scores(rows, {"auto", "review"}))
        for tag, rows in by_type.items()
    }


def fmt(x):
    return "—" if x != x else f"{x:.4f}"


def run(name, register, children, truth, args):
    ward = WardResolver.from_csv()
    began = time.perf_counter()

    def progress(fraction, message):
        print(f"  [{name}] {time.perf_counter() - began:6.1f} s {message}", file=sys.stderr)

    result = engine.link(
        register,
        children,
        thresholds=Thresholds(args.auto, args.review),
        ward_key=ward,
        generic=name == "generic",
        train=name == "generic" or not args.no_train,  # the baseline has no shipped model
        progress=progress,
        save_model=args.save_model if name == "vietnamese" else None,
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, evaluate(result.matches, truth), rss


def count_pairs(register, children, generic):
    from splink.blocking_analysis import count_comparisons_from_blocking_rules as count

    ward = WardResolver.from_csv()
    frames = (
        [feat.raw_columns(children), feat.raw_columns(register)]
        if generic
        else [feat.features(children, ward), feat.features(register, ward)]
    )
    db_api = engine.duckdb_api()
    tables = [
        engine._register(db_api, f, n) for f, n in zip(frames, ("local", "register"), strict=True)
    ]
    settings = model.generic_settings() if generic else model.vietnamese_settings()
    rules = settings.blocking_rules_to_generate_predictions
    # Splink 5 estimates from a 5 % sample by default; the exact count is wanted here.
    records = count(
        tables, blocking_rules=rules, link_type="link_only", record_sample_proportion=1.0
    )
    return int(records[-1]["cumulative_comparison_count"])


def apply_bench(n, one_by_one, fathers):
    """Time applying ``n`` automatic links through the registry's services, in bulk
    (``services.apply_links``), after ``one_by_one`` links applied with ``apply_link`` for
    comparison. A test database (SQLite in memory, settings_test) with the personas' areas;
    ``n`` children, each with a mother recorded, none with an ID; a register row each, with a
    father the record lacks for the fraction ``fathers`` (filled through ``add_caregiver``)."""
    import datetime
    import random

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db import transaction
    from django.test.utils import setup_databases

    setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    from treem.children import idnumber
    from treem.children.services.bulk import bulk_create_children
    from treem.children.tests.base import RegistryTestCase, child_data
    from treem.population.models import LinkageRun, LinkCandidate, RegisterPerson
    from treem.population.services import apply_link, apply_links

    case = RegistryTestCase
    case.setUpTestData()
    rng = random.Random(3)
    total = n + one_by_one
    began = time.perf_counter()
    births = [datetime.date(2010, 1, 1) + datetime.timedelta(days=i % 5000) for i in range(total)]
    items = [
        {
            "data": child_data(
                given=f"Trẻ{i}", middle="Văn", dob=births[i].timetuple()[:3], sex="M"
            ),
            "unit": case.group_a,
            "ward": case.ward_a,
            "caregivers": [{"relation": case.mother, "given_name": f"Mẹ{i}", "family_name": "Lê"}],
        }
        for i in range(total)
    ]
    children = []
    for start in range(0, total, 5000):
        with transaction.atomic():
            children += bulk_create_children(items[start : start + 5000], actor=case.officer_a)
    run = LinkageRun.objects.create(unit=case.ward_a, created_by=case.officer_a)
    persons = RegisterPerson.objects.bulk_create(
        [
            RegisterPerson(
                run=run,
                person_id=idnumber.make_id("040", births[i], "M", i),
                full_name=f"Nguyễn Văn Trẻ{i}",
                date_of_birth=births[i],
                sex="M",
                mother_name=f"Lê Mẹ{i}",
                father_name="Nguyễn Văn Bố" if rng.random() < fathers else "",
                unit=case.ward_a,
            )
            for i in range(total)
        ],
        batch_size=2000,
    )
    links = LinkCandidate.objects.bulk_create(
        [
            LinkCandidate(
                run=run,
                child=c,
                person=p,
                match_probability=0.999,
                decision="auto",
                state="pending",
            )
            for c, p in zip(children, persons, strict=True)
        ],
        batch_size=2000,
    )
    print(
        f"set-up: {total:,} children, register rows and links "
        f"in {time.perf_counter() - began:.0f} s"
    )
    print(f"load before: {os.getloadavg()[0]:.2f} (1-min average), {os.cpu_count()} cores")
    mark = time.perf_counter()
    for link in links[:one_by_one]:
        apply_link(link, actor=case.officer_a)
    single = time.perf_counter() - mark
    if one_by_one:
        print(f"one by one (apply_link): {one_by_one:,} links in {single:.1f} s, "
              f"{one_by_one / single:,.0f} links/s")  # fmt: skip
    mark, cpu = time.perf_counter(), time.process_time()
    applied = apply_links([c.pk for c in links[one_by_one:]], actor=case.officer_a)
    bulk, cpu = time.perf_counter() - mark, time.process_time() - cpu
    print(f"bulk (apply_links): {applied:,} links in {bulk:.1f} s, {applied / bulk:,.0f} links/s; "
          f"100,000 links at this rate: {100_000 * bulk / applied:.0f} s; "
          f"CPU of this process {cpu:.1f} s (100,000: {100_000 * cpu / applied:.0f} s); "
          f"load after {os.getloadavg()[0]:.2f}")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="var/bench/linkage")
    parser.add_argument("--engine", choices=("vietnamese", "generic", "both"), default="both")
    parser.add_argument("--auto", type=float, default=Thresholds.auto)
    parser.add_argument("--review", type=float, default=Thresholds.review)
    parser.add_argument("--count-pairs", action="store_true")
    parser.add_argument("--save-model", type=Path)
    parser.add_argument(
        "--model",
        type=Path,
        help="with --no-train: link with this saved model instead of the shipped one",
    )
    parser.add_argument(
        "--no-train",
        action="store_true",
        help="link with the shipped trained model (linkage/trained_model.json) instead of training",
    )
    parser.add_argument(
        "--apply", type=int, help="time applying this many automatic links (no --data needed)"
    )
    parser.add_argument("--one-by-one", type=int, default=300)
    parser.add_argument("--fathers", type=float, default=0.1)
    args = parser.parse_args()
    if args.apply:
        return apply_bench(args.apply, args.one_by_one, args.fathers)
    if args.model:
        engine.TRAINED_MODEL = args.model
    register, children, truth = read(Path(args.data))
    print(f"register {len(register):,} persons, local {len(children):,} records")
    print(f"load before: {os.getloadavg()[0]:.2f} (1-min average), {os.cpu_count()} cores")
    names = ("vietnamese", "generic") if args.engine == "both" else (args.engine,)
    results = {}
    for name in names:
        result, metrics, rss = run(name, register, children, truth, args)
        results[name] = metrics
        t = result.timings
        print(f"\n### {name}")
        print(
            "stages (s): "
            + ", ".join(f"{k} {v:.1f}" for k, v in t.items())
            + f"; peak RSS so far {rss:,.0f} MB; load {os.getloadavg()[0]:.2f}"
        )
        print(f"pairs above the review threshold: {len(result.pairs):,}")
        counts = result.matches["decision"].value_counts().to_dict()
        print(f"decisions: {counts}")
        if "reason" in result.matches:
            reviews = result.matches[result.matches["decision"] == "review"]
            print(f"reasons for review: {reviews['reason'].value_counts().to_dict()}")
        if args.count_pairs:
            pairs = count_pairs(register, children, name == "generic")
            rate = pairs / t["predict"]
            print(f"candidate pairs scored: {pairs:,} ({rate:,.0f} pairs/s in predict)")
    print("\n| corruption | records | " + " | ".join(
        f"{n} auto P / R / F1 | {n} auto+review P / R / F1" for n in names) + " |")  # fmt: skip
    print("|---|---:|" + "---|---|" * len(names))
    tags = sorted(results[names[0]], key=lambda k: (k != "(all)", k))
    for tag in tags:
        cells = []
        for n in names:
            auto, both = results[n][tag]
            cells.append(" / ".join(map(fmt, auto[:3])))
            cells.append(" / ".join(map(fmt, both[:3])))
        print(f"| {tag} | {results[names[0]][tag][0][3]:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
