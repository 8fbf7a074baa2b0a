"""Running the linkage: features → Splink (train or load) → predictions → one decision per record.

``link`` links local records (the children's registry or an extract of it) with a register
extract; ``dedupe`` finds clusters of likely duplicates among local records. Both take a
``Thresholds``: at or above ``auto`` a link is made without review, at or above ``review`` an
officer decides, below it there is no match. A record whose two best candidates are both above
``review`` and close (``margin``) goes to review even above ``auto``: twins, or a duplicate in the
register, must not be settled by a coin toss.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import features as feat
from . import model

logger = logging.getLogger(__name__)

# The model trained on the synthetic benchmark population (bench/linkage.py --save-model): used
# when an extract is too small for Splink's estimators to learn from.
TRAINED_MODEL = Path(__file__).with_name("trained_model.json")
# Below this many local records the estimators have too few matches to learn m probabilities.
TRAIN_MIN_RECORDS = 5000

AUTO, REVIEW, NONE = "auto", "review", "none"


@dataclass(frozen=True)
class Thresholds:
    auto: float = 0.99
    review: float = 0.5
    margin: float = 0.2

    def __post_init__(self):
        if not 0 < self.review <= self.auto <= 1:
            raise ValueError("thresholds must satisfy 0 < review ≤ auto ≤ 1")


@dataclass
class LinkResult:
    matches: pd.DataFrame  # record_id, person_id, match_probability, decision
    pairs: pd.DataFrame  # every scored pair above the review threshold, with the typed values
    timings: dict[str, float] = field(default_factory=dict)
    trained: bool = False


Progress = Callable[[float, str], None]


def _quiet_progress(fraction: float, message: str) -> None:
    logger.info("%3d%% %s", int(fraction * 100), message)


# DuckDB takes 80 % of the machine's memory by default; the benchmark's budget is 4 GB in all.
DUCKDB_MEMORY = "1500MB"


def duckdb_api(memory: str = DUCKDB_MEMORY):
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{memory}'")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


def _settings(generic: bool, link_type: str, train: bool, candidates: int = 0, dialect="duckdb"):
    """Settings to train, or the shipped trained model for an extract too small to train on.

    The shipped model's m and u probabilities are copied onto settings built afresh for the
    backend's SQL dialect (the saved SQL is DuckDB's). What depends on the data's size is not
    kept: the prior becomes one match per ``candidates`` persons (each child is at most one
    register person), and term-frequency adjustments are dropped (a frequency counted in a few
    hundred records says nothing of how common a name is).
    """
    creator = (model.generic_settings if generic else model.vietnamese_settings)(link_type)
    if train or generic or not TRAINED_MODEL.is_file():
        return creator
    trained = json.loads(TRAINED_MODEL.read_text(encoding="utf-8"))
    settings = creator.create_settings_dict(dialect)
    for fresh, saved in zip(settings["comparisons"], trained["comparisons"], strict=True):
        for level, saved_level in zip(
            fresh["comparison_levels"], saved["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if key in saved_level:
                    level[key] = saved_level[key]
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    settings["probability_two_random_records_match"] = (
        min(0.5, 1 / candidates) if candidates else trained["probability_two_random_records_match"]
    )
    return settings


# Significant digits kept of a saved probability: DuckDB sums in parallel, so the last digits of
# an m or u value move from one training to the next; ten digits make the file the same.
SAVED_DIGITS = 10


def normalised_model(saved: dict) -> dict:
    """A saved model without what differs between two trainings on the same data: the linker's
    random id and the last float digits."""
    saved = {k: v for k, v in saved.items() if k != "linker_uid"}

    def rounded(value):
        return float(f"{value:.{SAVED_DIGITS}g}")

    if saved.get("probability_two_random_records_match") is not None:
        saved["probability_two_random_records_match"] = rounded(
            saved["probability_two_random_records_match"]
        )
    for comparison in saved["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if level.get(key) is not None:
                    level[key] = rounded(level[key])
    return saved


def save_model_json(linker, path: Path) -> None:
    """The trained model as Splink writes it, normalised: regenerating gives the same file."""
    saved = normalised_model(linker.misc.save_model_to_json(overwrite=True))
    Path(path).write_text(json.dumps(saved, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")


def _train(linker, generic: bool, link_type: str) -> None:
    deterministic = model.GENERIC_DETERMINISTIC if generic else model.VIETNAMESE_DETERMINISTIC
    sessions = model.GENERIC_EM if generic else model.VIETNAMESE_EM
    if link_type == "dedupe_only":
        from splink import block_on

        sessions = [block_on("dob") if not generic else block_on("date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    # Splink 5 stops sampling once every level has counted 100 pairs; the whole seeded million is
    # sampled, as with Splink 4, so that u rests on the same sample from one release to the next.
    linker.training.estimate_u_using_random_sampling(
        max_pairs=1e6, seed=7, min_count_per_level=None
    )
    for rule in sessions:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    floor_m_probabilities(linker)


# EM on clean synthetic data learns m = 0 for disagreements it never saw (a wrong ward, a
# mother's typo); in real data they happen, and m = 0 would forbid the link whatever else agrees.
M_FLOOR = 1e-3


def floor_m_probabilities(linker) -> None:
    """Raise every trained m probability to at least ``M_FLOOR``, renormalised per comparison."""
    for comparison in linker._settings_obj.comparisons:
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        values = [lv.m_probability or 0.0 for lv in levels]
        if not values or sum(values) <= 0:
            continue
        raised = [max(v, M_FLOOR) for v in values]
        total = sum(raised)
        for level, value in zip(levels, raised, strict=True):
            level.m_probability = value / total


def _register(db_api, frame: pd.DataFrame, name: str):
    """A frame registered on the backend under a table name of its own (Splink 5 takes
    registered tables, not frames). ``name`` is what Splink writes in ``source_dataset``."""
    return db_api.register(frame, table_name=f"{name}_{uuid.uuid4().hex[:12]}",
                           dataset_display_name=name)  # fmt: skip


def _frames(records: pd.DataFrame, generic: bool, ward_key) -> pd.DataFrame:
    return feat.raw_columns(records) if generic else feat.features(records, ward_key)


def link(
    register: pd.DataFrame,
    records: pd.DataFrame,
    *,
    thresholds: Thresholds = Thresholds(),
    ward_key=None,
    generic: bool = False,
    train: bool | None = None,
    progress: Progress = _quiet_progress,
    db_api=None,
    save_model: Path | None = None,
) -> LinkResult:
    """``register`` and ``records`` in ``features.INPUT_COLUMNS`` (``unique_id`` is the register's
    person ID and the local record ID). ``train=None`` trains when there are enough records."""
    from splink import Linker

    timings = {}
    started = time.perf_counter()
    progress(0.02, "prepare")
    left = _frames(records, generic, ward_key)
    right = _frames(register, generic, ward_key)
    timings["prepare"] = time.perf_counter() - started
    if train is None:
        train = generic or len(records) >= TRAIN_MIN_RECORDS or not TRAINED_MODEL.is_file()
    db_api = db_api or duckdb_api()
    dialect = db_api.sql_dialect.sql_dialect_str
    settings = _settings(generic, "link_only", train, candidates=len(register), dialect=dialect)
    linker = Linker(
        [_register(db_api, left, "local"), _register(db_api, right, "register")],
        settings,
        log_level=None,
    )
    floor_m_probabilities(linker)
    mark = time.perf_counter()
    if train:
        progress(0.15, "train")
        _train(linker, generic, "link_only")
        if save_model:
            save_model_json(linker, save_model)
    timings["train"] = time.perf_counter() - mark
    progress(0.5, "predict")
    mark = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=thresholds.review)
    pairs = predictions.as_pandas_dataframe()
    timings["predict"] = time.perf_counter() - mark
    progress(0.85, "decide")
    mark = time.perf_counter()
    pairs = _orient(pairs)
    matches = decide(left["unique_id"], pairs, thresholds, checks=not generic)
    timings["decide"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    progress(1.0, "done")
    return LinkResult(matches=matches, pairs=pairs, timings=timings, trained=train)


def _orient(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs as record_id (local) / person_id (register), whichever side Splink put them on."""
    if pairs.empty:
        return pairs.assign(record_id=pd.Series(dtype=str), person_id=pd.Series(dtype=str))
    local_left = pairs["source_dataset_l"] == "local"
    pairs = pairs.assign(
        record_id=pairs["unique_id_l"].where(local_left, pairs["unique_id_r"]).astype(str),
        person_id=pairs["unique_id_r"].where(local_left, pairs["unique_id_l"]).astype(str),
    )
    return pairs


# Why a record goes to review (shown in the review queue and the command's output).
REASON_HOMONYM = "homonym"  # only name, date of birth and sex agree: no ID, no parent
REASON_CLOSE = "close"  # two candidates close to each other
REASON_SCORE = "score"  # the probability lies between the two thresholds
REASONS = (REASON_HOMONYM, REASON_CLOSE, REASON_SCORE)


def _gamma(pairs: pd.DataFrame, name: str) -> pd.Series:
    return pairs[name] if name in pairs else pd.Series(-1, index=pairs.index)


def _parents(pairs: pd.DataFrame) -> pd.Series:
    """A parent agrees, or the two parents are there in each other's column."""
    known = (*model.CAREGIVER_AGREES, model.CAREGIVER_CROSSED)
    return _gamma(pairs, "gamma_mother_name").isin(known) | _gamma(pairs, "gamma_father_name").isin(
        known
    )


def twins(pairs: pd.DataFrame) -> pd.Series:
    """Pairs that are two siblings born the same day: same date, a parent agreeing, no ID
    agreeing, and given names that differ by more than a typo (two letters or more) while
    neither given name is a word of the other's full name (a name in another order)."""
    if pairs.empty or "gamma_date_of_birth" not in pairs:
        return pd.Series(False, index=pairs.index)
    parent = _parents(pairs)
    candidates = (
        (pairs["gamma_date_of_birth"] == model.DOB_EXACT)
        & parent
        & ~_gamma(pairs, "gamma_personal_id").isin(model.ID_AGREES[:2])
    )
    out = pd.Series(False, index=pairs.index)
    for index in candidates[candidates].index:
        row = pairs.loc[index]
        left, right = row.get("given_folded_l") or "", row.get("given_folded_r") or ""
        if not left or not right:
            continue
        words_l, words_r = (
            (row.get("name_folded_l") or "").split(),
            (row.get("name_folded_r") or "").split(),
        )
        out[index] = (
            left not in words_r and right not in words_l and feat.edit_distance(left, right) >= 2
        )
    return out


def corroborated(pairs: pd.DataFrame) -> pd.Series:
    """An ID or a parent agrees: more than name, date of birth and sex (issue 18, point 3)."""
    if pairs.empty:
        return pd.Series(True, index=pairs.index)
    return _gamma(pairs, "gamma_personal_id").isin(model.ID_AGREES) | _parents(pairs)


def decide(
    record_ids: pd.Series, pairs: pd.DataFrame, thresholds: Thresholds, *, checks: bool = True
) -> pd.DataFrame:
    """One row per local record: the best candidate, auto / review / none, and why a review.

    With ``checks`` (the Vietnamese model's comparison vectors), a twin is never a candidate and
    a link resting on name, date of birth and sex alone is never automatic; the generic baseline
    runs without them. Ties are broken by person ID, so the same input gives the same output."""
    best = pd.DataFrame(
        {
            "record_id": record_ids.astype(str).values,
            "person_id": "",
            "match_probability": 0.0,
            "decision": NONE,
            "reason": "",
        }
    ).drop_duplicates("record_id")
    if checks and not pairs.empty:
        pairs = pairs[~twins(pairs)]
    if pairs.empty:
        return best
    agreeing = corroborated(pairs) if checks else pd.Series(True, index=pairs.index)
    ranked = pairs.assign(corroborated=agreeing)[
        ["record_id", "person_id", "match_probability", "corroborated"]
    ]
    ranked = ranked.assign(match_probability=ranked["match_probability"].astype(float).round(6))
    ranked = ranked.sort_values(
        ["record_id", "match_probability", "person_id"],
        ascending=[True, False, True],
        kind="mergesort",
    )
    ranked["rank"] = ranked.groupby("record_id").cumcount()
    top = ranked[ranked["rank"] == 0].set_index("record_id")
    second = ranked[ranked["rank"] == 1].set_index("record_id")["match_probability"]
    top["second"] = second.reindex(top.index).fillna(0.0)
    high = top["match_probability"] >= thresholds.auto
    alone = (top["second"] < thresholds.review) | (
        top["match_probability"] - top["second"] > thresholds.margin
    )
    top["decision"] = REVIEW
    top["reason"] = REASON_SCORE
    top.loc[high & ~alone, "reason"] = REASON_CLOSE
    top.loc[high & alone & ~top["corroborated"], "reason"] = REASON_HOMONYM
    clear = high & alone & top["corroborated"]
    top.loc[clear, "decision"] = AUTO
    top.loc[clear, "reason"] = ""
    best = best.set_index("record_id")
    best.update(top[["person_id", "match_probability", "decision", "reason"]])
    best["match_probability"] = best["match_probability"].astype(float).round(6)
    return best.reset_index()[["record_id", "person_id", "match_probability", "decision", "reason"]]


def dedupe(
    records: pd.DataFrame,
    *,
    threshold: float = 0.95,
    ward_key=None,
    train: bool | None = None,
    db_api=None,
    progress: Progress = _quiet_progress,
) -> pd.DataFrame:
    """Clusters of likely duplicates: columns cluster_id, unique_id (only clusters of two or more)
    and the best pair probability inside the cluster."""
    from splink import Linker

    progress(0.05, "prepare")
    frame = feat.features(records, ward_key)
    if train is None:
        train = len(records) >= TRAIN_MIN_RECORDS or not TRAINED_MODEL.is_file()
    db_api = db_api or duckdb_api()
    dialect = db_api.sql_dialect.sql_dialect_str
    settings = _settings(False, "dedupe_only", train, candidates=len(records), dialect=dialect)
    linker = Linker(_register(db_api, frame, "local"), settings, log_level=None)
    floor_m_probabilities(linker)
    if train:
        progress(0.2, "train")
        _train(linker, False, "dedupe_only")
    progress(0.5, "predict")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = predictions.as_pandas_dataframe()
    siblings = twins(pairs)
    if siblings.any():
        # Twins are never one child: their pair leaves the graph before clustering.
        pairs = pairs[~siblings].reset_index(drop=True)
        predictions = linker.table_management.register_table_predict(
            _register(db_api, pairs, "predictions")
        )
    progress(0.8, "cluster")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_pandas_dataframe()[["cluster_id", "unique_id"]]
    clusters["unique_id"] = clusters["unique_id"].astype(str)
    sizes = clusters.groupby("cluster_id")["unique_id"].transform("size")
    clusters = clusters[sizes > 1]
    best = {}
    for a, b, p in zip(
        pairs["unique_id_l"].astype(str), pairs["unique_id_r"].astype(str),
        pairs["match_probability"], strict=True,
    ):  # fmt: skip
        best[a] = max(best.get(a, 0.0), p)
        best[b] = max(best.get(b, 0.0), p)
    clusters = clusters.assign(match_probability=clusters["unique_id"].map(best))
    progress(1.0, "done")
    return clusters.sort_values(["cluster_id", "unique_id"]).reset_index(drop=True)
