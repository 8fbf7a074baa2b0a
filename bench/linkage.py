"""Accuracy and speed of the register linkage, beside Splink with generic settings.

First write the data (bench/linkage_data.py), then:

    .venv/bin/python bench/linkage.py --data var/bench/linkage [--engine both] [--count-pairs]

Reports precision, recall and F1 of the ``auto`` decisions and of ``auto`` + ``review``, overall
and per corruption type, for the Vietnamese model (treem/population/linkage) and the generic
baseline on the same data; time per stage, pairs scored, peak memory (RSS) and the load average.
``--save-model`` writes the trained Vietnamese model that the application uses for small extracts.
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
        train=not args.no_train,
        progress=progress,
        save_model=args.save_model if name == "vietnamese" else None,
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, evaluate(result.matches, truth), rss


def count_pairs(register, children, generic):
    from splink import DuckDBAPI
    from splink.blocking_analysis import (
        cumulative_comparisons_to_be_scored_from_blocking_rules_data as count,
    )

    ward = WardResolver.from_csv()
    frames = (
        [feat.raw_columns(children), feat.raw_columns(register)]
        if generic
        else [feat.features(children, ward), feat.features(register, ward)]
    )
    settings = model.generic_settings() if generic else model.vietnamese_settings()
    rules = settings.blocking_rules_to_generate_predictions
    table = count(
        table_or_tables=frames, blocking_rules=rules, link_type="link_only", db_api=DuckDBAPI()
    )
    return int(table["row_count"].sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="var/bench/linkage")
    parser.add_argument("--engine", choices=("vietnamese", "generic", "both"), default="both")
    parser.add_argument("--auto", type=float, default=Thresholds.auto)
    parser.add_argument("--review", type=float, default=Thresholds.review)
    parser.add_argument("--count-pairs", action="store_true")
    parser.add_argument("--save-model", type=Path)
    parser.add_argument(
        "--no-train",
        action="store_true",
        help="link with the shipped trained model (linkage/trained_model.json) instead of training",
    )
    args = parser.parse_args()
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
