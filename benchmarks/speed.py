"""Matcher speed against all of ``../shared/lists``, as ratios to a brute-force rapidfuzz scan.

Loads every list file set in the shared folder together (the same set the
matching tests use, `tests.matching_fixtures.load_all_lists`), then measures in
one process, on one core:

- index build: wall time of ``Screener(lists)``; its peak Python memory
  (tracemalloc, in a second build so tracing does not slow the timed one); and
  the process's peak RSS (``ru_maxrss``) after parsing and after the timed
  build, so the index's share is the difference;
- single-query ``match()`` latency p50 / p99 and queries per second over a few
  thousand realistic queries: listed-name variants (typos, reordered and
  dropped tokens, Cyrillic renderings) and population names from
  ``../shared/namedata`` (none of them listed);
- the baseline on the same queries: ``rapidfuzz.process.extractOne(query,
  names, scorer=fuzz.token_sort_ratio)`` over every listed name after
  unidecode + lower, and its "build" (normalising the names).

Targets (issue 3): build <= 15 s and <= 1.5 GB; p50 <= 2 ms, p99 <= 20 ms.

    python benchmarks/speed.py [--queries 3000] [--profile 300]

``--profile N`` adds a cProfile summary (top functions by own time) of N
``match()`` calls.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gc
import io
import logging
import os
import pstats
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process
from unidecode import unidecode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from screening import Screener  # noqa: E402
from screening.model import ListSet  # noqa: E402
from tests.matching_fixtures import (  # noqa: E402
    drop_token,
    load_all_lists,
    reorder,
    to_cyrillic,
    typo,
)

NAMEDATA = REPO.parent / "shared" / "namedata"
MB = 1024 * 1024
TARGETS = {"build_s": 15.0, "build_mb": 1536.0, "p50_ms": 2.0, "p99_ms": 20.0}


def pin_one_core() -> None:
    """Run on one CPU so latency is single-core latency (where the OS allows pinning)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def population_names(count: int, rng: random.Random) -> list[str]:
    """Real-looking unlisted person and company names from the namedata negatives."""
    names: list[str] = []
    sources = [
        (NAMEDATA / "synthetic_negatives_people" / "negatives_global.dev.csv", "full_name"),
        (NAMEDATA / "faker_negatives" / "persons.csv", "full_name"),
        (NAMEDATA / "faker_negatives" / "companies.csv", None),
    ]
    for path, column in sources:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        key = column or next(k for k in rows[0] if "name" in k)
        names.extend(row[key] for row in rows if row.get(key))
    names = [n for n in names if n.strip()]
    return rng.sample(names, count)


def listed_variants(lists: ListSet, count: int, rng: random.Random) -> list[str]:
    """Listed names, mostly varied: as listed, typo, reorder, dropped token, Cyrillic."""
    names = sorted(
        {n.full for d in lists.designations() for n in d.names if len(n.full.split()) <= 8}
    )
    makers: list[Callable[[str, random.Random], str | None]] = [
        lambda name, _rng: name,
        typo,
        reorder,
        drop_token,
        lambda name, _rng: to_cyrillic(name) if name.isascii() else None,
    ]
    out: list[str] = []
    while len(out) < count:
        made = rng.choice(makers)(rng.choice(names), rng)
        if made and made.strip():
            out.append(made)
    return out


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_queries(run: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        timings.append(time.perf_counter() - started)
    return timings


def ascii_lower(name: str) -> str:
    return unidecode(name).lower()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--profile", type=int, default=0, help="profile this many match() calls")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    pin_one_core()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    lists = load_all_lists()
    load_s = time.perf_counter() - started
    designations = lists.designations()
    name_count = sum(len(d.names) for d in designations)

    parsed_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.collect()
    started = time.perf_counter()
    screener = Screener(lists)
    build_s = time.perf_counter() - started
    # Peak RSS so far: the parsed lists plus one index (what a screening process holds).
    built_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Peak Python memory of a second, traced build (tracing slows it, so it is not timed).
    tracemalloc.start()
    traced = Screener(lists)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    gc.collect()
    build_mb = peak / MB

    names = [n.full for d in designations for n in d.names]
    started = time.perf_counter()
    choices = [ascii_lower(n) for n in names]
    baseline_build_s = time.perf_counter() - started

    half = args.queries // 2
    queries = listed_variants(lists, args.queries - half, rng) + population_names(half, rng)
    rng.shuffle(queries)
    for query in queries[:50]:  # warm caches the way a running service has them warm
        screener.match(query)

    match_times = time_queries(screener.match, queries)

    def baseline(query: str) -> object:
        return process.extractOne(ascii_lower(query), choices, scorer=fuzz.token_sort_ratio)

    baseline_queries = queries[: max(50, len(queries) // 10)]  # it is slow; a tenth will do
    base_times = time_queries(baseline, baseline_queries)

    rows = [
        ("index build (s)", build_s, baseline_build_s, TARGETS["build_s"]),
        ("build peak Python memory, tracemalloc (MB)", build_mb, None, TARGETS["build_mb"]),
        ("peak RSS, parsed lists + index (MB)", built_rss_mb, None, TARGETS["build_mb"]),
        ("match p50 (ms)", percentile(match_times, 0.5) * 1e3,
         percentile(base_times, 0.5) * 1e3, TARGETS["p50_ms"]),
        ("match p99 (ms)", percentile(match_times, 0.99) * 1e3,
         percentile(base_times, 0.99) * 1e3, TARGETS["p99_ms"]),
        ("queries per second", len(match_times) / sum(match_times),
         len(base_times) / sum(base_times), None),
    ]  # fmt: skip
    print(
        f"\n{len(designations):,} designations, {name_count:,} names "
        f"({len(screener.index):,} indexed) from {len(lists.snapshots)} snapshots; "
        f"parsing took {load_s:.1f} s (peak RSS {parsed_rss_mb:,.0f} MB before the build); "
        f"{len(queries):,} queries ({len(queries) - half} listed variants, {half} population), "
        f"baseline on {len(baseline_queries)}; one core.\n"
    )
    print("| measure | screening | rapidfuzz scan | ratio | target | met |")
    print("|---|---:|---:|---:|---:|:-:|")
    for label, ours, base, target in rows:
        ratio = f"{ours / base:.2f}" if base else "-"
        base_text = f"{base:,.2f}" if base is not None else "-"
        target_text = f"{target:,.1f}" if target is not None else "-"
        met = "-" if target is None else "yes" if ours <= target else "NO"
        print(f"| {label} | {ours:,.2f} | {base_text} | {ratio} | {target_text} | {met} |")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for query in queries[: args.profile]:
            screener.match(query)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(10)
        print(f"\ncProfile of {args.profile} match() calls, top 10 by own time:\n")
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print("top 15 by cumulative time:\n")
        print(out.getvalue())


if __name__ == "__main__":
    main()
