"""Orchestration: load lists and name data, generate cases, run every system, write the report.

``python -m screening.evaluation [--quick | --tiny] [--out DIR] [--systems a,b]``;
``screening bench quality`` calls `main` with the same arguments.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import math
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from screening.evaluation import metrics
from screening.evaluation.corpus import FULL_FILES, QUICK_FILES, Corpus, ListFile, load_corpus
from screening.evaluation.namedata import read_population
from screening.evaluation.negatives import (
    HARD_DESCRIPTIONS,
    Negative,
    generate_hard_negatives,
    sample_population,
)
from screening.evaluation.systems import Hit, SystemUnavailable, registry, search_all
from screening.evaluation.variations import (
    CLASS_DESCRIPTIONS,
    CLASS_GROUPS,
    Case,
    Resources,
    corpus_words,
    generate_positives,
)

log = logging.getLogger("screening.evaluation")

REPO = Path(__file__).resolve().parents[2]
DEFAULT_LISTS = REPO.parent / "shared" / "lists"
DEFAULT_NAMEDATA = REPO.parent / "shared" / "namedata"
DEFAULT_REFERENCE = REPO / "benchmarks" / "quality" / "reference" / "results.json"
DEFAULT_RESULTS = REPO / "benchmarks" / "results" / "quality"

ALERT_RATE = 0.01
"""The fixed operating point: 1 alert per 100 population names."""
POSITIVE_LIMIT = 50
NEGATIVE_LIMIT = 5


@attrs.frozen
class Mode:
    """Sample sizes of one run mode."""

    name: str
    files: tuple[ListFile, ...]
    per_class: int
    population: int
    hard_per_class: int
    bootstrap_reps: int
    blocker_depth: int


MODES = {
    "tiny": Mode("tiny", QUICK_FILES[:1], 3, 300, 3, 50, 10),
    "quick": Mode("quick", QUICK_FILES, 20, 2000, 20, 200, 10),
    "full": Mode("full", FULL_FILES, 150, 20000, 150, 1000, 50),
}


@attrs.frozen
class SystemRun:
    """Raw outcome of one system: per-positive target score and rank, per-negative top score."""

    name: str
    default_threshold: float | None
    positive_scores: np.ndarray
    positive_ranks: np.ndarray
    negative_scores: np.ndarray
    build_seconds: float
    query_seconds: float
    blocker_ranks: np.ndarray | None = None
    errors: tuple[tuple[str, str], ...] = ()
    """(query, error) for queries the system raised on (scored as misses)."""


def _target_outcome(hits: list[Hit], target: str) -> tuple[float, float]:
    for rank, (entry_id, score) in enumerate(hits, start=1):
        if entry_id == target:
            return score, float(rank)
    return metrics.MISSING, math.inf


def run_system(
    name: str,
    system: Any,
    corpus: Corpus,
    dropped: dict[str, frozenset[str]],
    cases: Sequence[Case],
    negatives: Sequence[Negative],
) -> SystemRun:
    """Build the full (and, if needed, holdout) index and score every case."""
    full = corpus.listed()
    started = time.perf_counter()
    searchers = {"full": system.build(full)}
    if any(c.index == "holdout" for c in cases):
        holdout = tuple(e.to_listed(dropped.get(e.id, frozenset())) for e in corpus.entries)
        searchers["holdout"] = system.build(holdout)
    built = time.perf_counter()
    pos_scores = np.full(len(cases), metrics.MISSING)
    pos_ranks = np.full(len(cases), math.inf)
    blocker_ranks = None
    blocker = getattr(system, "blocker", None)
    for index, searcher in searchers.items():
        chosen = [i for i, c in enumerate(cases) if c.index == index]
        queries = [(cases[i].query, cases[i].kind) for i in chosen]
        for i, hits in zip(
            chosen, search_all(searcher, queries, limit=POSITIVE_LIMIT), strict=True
        ):
            pos_scores[i], pos_ranks[i] = _target_outcome(hits, cases[i].target)
        if blocker is not None:
            blocker_ranks = (
                blocker_ranks if blocker_ranks is not None else np.full(len(cases), math.inf)
            )
            entries = full if index == "full" else searchers[index].entries
            for i, ids in zip(chosen, blocker.candidates(entries, queries), strict=True):
                blocker_ranks[i] = 1.0 if cases[i].target in ids else math.inf
    neg_queries = [(n.query, n.kind) for n in negatives]
    neg_hits = search_all(searchers["full"], neg_queries, limit=NEGATIVE_LIMIT)
    neg_scores = np.array([hits[0][1] if hits else metrics.MISSING for hits in neg_hits])
    done = time.perf_counter()
    errors = tuple(e for searcher in searchers.values() for e in getattr(searcher, "errors", ()))
    return SystemRun(
        name,
        system.default_threshold,
        pos_scores,
        pos_ranks,
        neg_scores,
        built - started,
        done - built,
        blocker_ranks,
        errors,
    )


def _by_class(cases: Sequence[Any], values: np.ndarray) -> dict[str, np.ndarray]:
    groups: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        groups.setdefault(case.cls, []).append(i)
    return {cls: values[idx] for cls, idx in groups.items()}


def _rates(values: dict[str, np.ndarray], threshold: float) -> dict[str, float]:
    return {cls: metrics.recall(scores, threshold) for cls, scores in values.items()}


def summarize(
    run: SystemRun,
    cases: Sequence[Case],
    population: Sequence[Negative],
    hard: Sequence[Negative],
    *,
    reps: int,
    seed: int,
) -> dict[str, Any]:
    """Every figure of one system, JSON-ready."""
    n_pop = len(population)
    pop_scores, hard_scores = run.negative_scores[:n_pop], run.negative_scores[n_pop:]
    threshold = metrics.threshold_at_alert_rate(pop_scores, ALERT_RATE)
    per_class = _by_class(cases, run.positive_scores)
    ranks = _by_class(cases, run.positive_ranks)
    hard_by_class = _by_class(hard, hard_scores)
    intervals = metrics.bootstrap(per_class, pop_scores, rate=ALERT_RATE, reps=reps, seed=seed)
    default = run.default_threshold
    summary: dict[str, Any] = {
        "default_threshold": default,
        "threshold": threshold,
        "alert_rate": metrics.alert_rate(pop_scores, threshold),
        "recall_all": metrics.recall(run.positive_scores, threshold),
        "recall": _rates(per_class, threshold),
        "ci": {k: [v.low, v.high] for k, v in intervals.items()},
        "hard_alert_rate": _rates(hard_by_class, threshold),
        "hard_alert_rate_all": metrics.recall(hard_scores, threshold) if len(hard) else math.nan,
        "top10": {k: metrics.retrieval_recall(v, 10) for k, v in ranks.items()},
        "top50": {k: metrics.retrieval_recall(v, 50) for k, v in ranks.items()},
        "top10_all": metrics.retrieval_recall(run.positive_ranks, 10),
        "top50_all": metrics.retrieval_recall(run.positive_ranks, 50),
        "build_seconds": run.build_seconds,
        "query_seconds": run.query_seconds,
        "queries": len(cases) + len(population) + len(hard),
        "errors": len(run.errors),
        "crashes": [list(e) for e in run.errors if e[1].startswith("crash")][:10],
        "parity_script": [
            attrs.astuple(g)
            for g in metrics.parity(pop_scores, [n.script for n in population], threshold)
        ],
        "parity_culture": [
            attrs.astuple(g)
            for g in metrics.parity(pop_scores, [n.culture for n in population], threshold)
        ],
    }
    if default is not None:
        summary["recall_default_all"] = metrics.recall(run.positive_scores, default)
        summary["recall_default"] = _rates(per_class, default)
        summary["alert_rate_default"] = metrics.alert_rate(pop_scores, default)
        summary["hard_alert_rate_default"] = (
            metrics.recall(hard_scores, default) if len(hard) else math.nan
        )
    if run.blocker_ranks is not None:
        summary["blocker_recall_all"] = metrics.retrieval_recall(run.blocker_ranks, 1)
        summary["blocker_recall"] = {
            k: metrics.retrieval_recall(v, 1)
            for k, v in _by_class(cases, run.blocker_ranks).items()
        }
    return summary


def write_cases(
    path: Path,
    cases: Sequence[Case],
    negatives: Sequence[Negative],
    runs: Sequence[SystemRun],
) -> None:
    """Every query with every system's score: the raw material for digging into a miss."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "class", "query", "target_or_near", "listed_name", "kind", "seed", "index"]
            + [f"{r.name}:score" for r in runs]
            + [f"{r.name}:rank" for r in runs]
        )
        for i, case in enumerate(cases):
            writer.writerow(
                [
                    case.id,
                    case.cls,
                    case.query,
                    case.target,
                    case.listed_name,
                    case.kind,
                    case.seed,
                    case.index,
                ]
                + [f"{r.positive_scores[i]:.4f}" for r in runs]
                + [r.positive_ranks[i] for r in runs]
            )
        for j, negative in enumerate(negatives):
            writer.writerow(
                [
                    negative.id,
                    negative.cls,
                    negative.query,
                    negative.near,
                    "",
                    negative.kind,
                    negative.seed,
                    "full",
                ]
                + [f"{r.negative_scores[j]:.4f}" for r in runs]
                + ["" for _ in runs]
            )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m screening.evaluation",
        description=(
            "Match-quality benchmark: recall per variation class at 1 alert per 100 "
            "population names, for screening and its peers. Example: "
            "python -m screening.evaluation --quick --systems baseline,ofac-emulation"
        ),
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small samples (< 3 min); CI smoke run")
    size.add_argument("--tiny", action="store_true", help="minimal samples, for the test suite")
    parser.add_argument("--out", type=Path, help="results folder (default: a timestamped one)")
    parser.add_argument("--systems", help="comma-separated system names (default: all)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--namedata", type=Path, default=DEFAULT_NAMEDATA)
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="frozen reference results.json to diff against",
    )
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument(
        "--no-coverage",
        action="store_true",
        help="skip the list-coverage section (linking parties across the loaded lists)",
    )
    return parser.parse_args(argv)


def list_coverage(corpus: Corpus) -> Any:
    """Who lists whom among the benchmark's lists (`screening.coverage`), or None."""
    from screening.coverage import coverage
    from screening.model import ListSet
    from screening.screener import Screener

    if not corpus.snapshots:
        return None
    screener = Screener(ListSet(corpus.snapshots))
    sources = {snapshot.source.id: snapshot.source for snapshot in corpus.snapshots}
    return coverage(screener.links, sources)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns a process exit code (0, or 2 for bad arguments/data)."""
    from screening.evaluation import report

    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    mode = MODES["tiny" if args.tiny else "quick" if args.quick else "full"]
    for folder in (args.lists, args.namedata):
        if not folder.is_dir():
            print(
                f"error: data folder {folder} not found (see --lists / --namedata)", file=sys.stderr
            )
            return 2
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or DEFAULT_RESULTS / stamp
    out.mkdir(parents=True, exist_ok=True)

    factories = registry(blocker_depth=mode.blocker_depth)
    wanted = args.systems.split(",") if args.systems else list(factories)
    unknown = [w for w in wanted if w not in factories]
    if unknown:
        print(
            f"error: unknown system(s) {', '.join(unknown)}; known: {', '.join(factories)}",
            file=sys.stderr,
        )
        return 2

    log.info("loading lists (%s mode)", mode.name)
    corpus = load_corpus(args.lists, mode.files)
    if not corpus.entries:
        print("error: no list could be loaded: " + "; ".join(corpus.skipped), file=sys.stderr)
        return 2
    log.info("loading name data and generating cases")
    resources = Resources.load(args.namedata, corpus_words(corpus))
    cases, dropped = generate_positives(corpus, resources, per_class=mode.per_class, seed=args.seed)
    population = sample_population(
        read_population(args.namedata), count=mode.population, seed=args.seed
    )
    hard = generate_hard_negatives(corpus, resources, per_class=mode.hard_per_class, seed=args.seed)
    negatives = [*population, *hard]
    prepared = time.perf_counter()

    runs: list[SystemRun] = []
    skipped: dict[str, str] = {}
    summaries: dict[str, Any] = {}
    meta: dict[str, Any] = {
        "mode": mode.name,
        "seed": args.seed,
        "date": stamp,
        "alert_rate": ALERT_RATE,
        "lists_loaded": list(corpus.loaded),
        "lists_skipped": list(corpus.skipped),
        "entries": len(corpus.entries),
        "entries_by_kind": dict(Counter(e.kind for e in corpus.entries)),
        "names": sum(len(e.names) for e in corpus.entries),
        "positives": dict(Counter(c.cls for c in cases)),
        "population": len(population),
        "population_by_kind": dict(Counter(n.kind for n in population)),
        "hard": dict(Counter(n.cls for n in hard)),
        "systems_skipped": skipped,
        "blocker_depth": mode.blocker_depth,
        "prepare_seconds": prepared - started,
        "seconds": 0.0,
        "classes": {
            cls: {"group": CLASS_GROUPS[cls], "description": CLASS_DESCRIPTIONS[cls]}
            for cls in dict.fromkeys(c.cls for c in cases)
        },
        "hard_classes": HARD_DESCRIPTIONS,
    }
    results = {"meta": meta, "systems": summaries}
    reference = report.read_reference(args.reference)
    for name in wanted:
        try:
            system = factories[name]()
        except SystemUnavailable as exc:
            skipped[name] = str(exc)
            log.warning("system %s skipped: %s", name, exc)
            continue
        log.info("running %s", name)
        run = run_system(name, system, corpus, dropped, cases, negatives)
        runs.append(run)
        summaries[name] = summarize(
            run, cases, population, hard, reps=mode.bootstrap_reps, seed=args.seed
        )
        # Written after every system, so a long run that is stopped keeps what it measured.
        meta["seconds"] = time.perf_counter() - started
        report.write_results(out / "results.json", results)
        (out / "report.md").write_text(report.render(results, reference, []), encoding="utf-8")

    write_cases(out / "cases.csv", cases, negatives, runs)
    plots = [] if args.no_plots else report.write_plots(out, runs, cases, len(population))
    covered = None if args.no_coverage else list_coverage(corpus)
    if covered is not None:
        results["coverage"] = attrs.asdict(covered)
        if not args.no_plots:
            plots.append(report.write_coverage_plot(out, covered))
    meta["seconds"] = time.perf_counter() - started
    report.write_results(out / "results.json", results)
    text = report.render(results, reference, plots)
    if covered is not None:
        text += report.coverage_section(covered)
    (out / "report.md").write_text(text, encoding="utf-8")
    log.info("report written to %s (%.0f s)", out / "report.md", meta["seconds"])
    return 0
