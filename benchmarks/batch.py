"""Batch screening throughput and memory: synthetic customers against every real list.

Generates ``--rows`` synthetic customer records (default 1,000,000) from
``../shared/namedata`` (Faker persons, recombined given/family names within a
locale, Faker companies, the synthetic global/US negatives) with a share of
listed names mixed in, writes them to a CSV, and screens the file with
``screen_file`` on ``--workers`` forked processes against every list file set
under ``../shared/lists`` (as benchmarks/load_lists.py finds them).

Reported, as a markdown table:
- index build time;
- how many distinct (name, kind) pairs the file has (the workers' cache of
  prepared names, ``Screener.prepare``, saves the repeats);
- the single-query path's rate (``Screener.match`` in a loop, one process, on
  the first ``--baseline`` generated rows): the ratio baseline;
- batch rows per second (end to end: hashing, reading, screening, writing,
  checkpointing) and its ratio to the baseline;
- rows per CPU second of both (user + system time of the whole process tree):
  the efficiency figure that stays meaningful on a machine shared with other work;
- peak memory of the whole process tree: PSS (shared copy-on-write pages
  counted once, split between the processes sharing them) and the plain sum of
  RSS (which counts shared pages once per process), sampled by a separate
  monitor process every two seconds; the tree's PSS once the index is built; and
  the peak PSS in each quarter of the batch run, so growth during the run
  (memory flat in the input size) is visible.

    python benchmarks/batch.py [--rows 1000000] [--workers 2] [--baseline 2000]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_lists import file_sets

from screening.batch import engine, screen_file
from screening.errors import ScreeningError
from screening.loader import parse_files
from screening.model import EntityKind, ListSet
from screening.screener import Screener

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
MB = 1024 * 1024


def load_all_lists(lists_dir: Path) -> ListSet:
    snapshots = []
    for label, list_format, files in file_sets(lists_dir):
        if not label.startswith("shared/"):
            continue  # the repository's embedded samples are not real lists
        try:
            snapshots.append(parse_files(files, list_format=list_format))
        except Exception as exc:  # a benchmark reports, it does not stop
            print(f"skipped {label}: {exc}", file=sys.stderr)
    return ListSet(tuple(snapshots))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class NamePool:
    """Name sources for the generator (fixed size: memory does not grow with --rows)."""

    def __init__(self, namedata: Path, lists: ListSet) -> None:
        persons = _read(namedata / "faker_negatives" / "persons.csv")
        self.full = [p["full_name"] for p in persons if p["full_name"]]
        self.by_locale: dict[str, tuple[list[str], list[str]]] = {}
        for p in persons:
            given, family = self.by_locale.setdefault(p["locale"], ([], []))
            if p["given_name"] and p["family_name"]:
                given.append(p["given_name"])
                family.append(p["family_name"])
        self.locales = sorted(self.by_locale)
        self.companies = [
            c["company_name"] for c in _read(namedata / "faker_negatives" / "companies.csv")
        ]
        self.synthetic = [
            (r["full_name"], r["date_of_birth"], r["nationality"])
            for name in ("negatives_global.dev.csv", "negatives_us.dev.csv")
            for r in _read(namedata / "synthetic_negatives_people" / name)
        ]
        self.listed = [
            (d.names[0].full, d.kind)
            for d in lists.designations()
            if d.names and d.kind in ("person", "organization")
        ]


def customers(pool: NamePool, rows: int, listed_share: float, seed: int) -> Iterator[list[str]]:
    chooser = random.Random(seed)
    for number in range(1, rows + 1):
        dob, country, kind = "", "", "person"
        draw = chooser.random()
        if draw < listed_share:
            name, kind = chooser.choice(pool.listed)
        elif draw < 0.30:
            name, dob, country = chooser.choice(pool.synthetic)
        elif draw < 0.45:
            name, kind = chooser.choice(pool.companies), "organization"
        elif draw < 0.60:
            name = chooser.choice(pool.full)
        else:  # recombined: mostly unique names, as in a real customer base
            given, family = pool.by_locale[chooser.choice(pool.locales)]
            name = f"{chooser.choice(given)} {chooser.choice(family)}"
        if not dob and kind == "person" and chooser.random() < 0.5:
            dob = f"{chooser.randint(1930, 2005)}-{chooser.randint(1, 12):02d}-01"
        yield [f"C{number:08d}", name, kind, dob, country]


def write_customers(path: Path, pool: NamePool, rows: int, share: float, seed: int) -> int:
    """Write the file; return how many distinct (name, kind) pairs it has."""
    distinct: set[int] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "name", "kind", "dob", "country"])
        for row in customers(pool, rows, share, seed):
            distinct.add(hash((row[1], row[2])))
            writer.writerow(row)
    return len(distinct)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes of one process; zeros if it is gone."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


def monitor(root: int, out: Path, stop: Path) -> None:
    """Sample the tree under ``root`` (this monitor excluded) until ``stop`` exists."""
    me = os.getpid()
    peak_pss = peak_rss = 0
    samples: list[tuple[float, int]] = []
    pids: list[int] = []
    found_at = 0.0
    while not stop.exists():
        if time.monotonic() - found_at > 5:  # walking /proc is the costly part
            pids, found_at = [p for p in _tree(root) if p != me], time.monotonic()
        sizes = [_memory(p) for p in pids]
        pss = sum(s[0] for s in sizes)
        samples.append((time.time(), pss))
        peak_pss = max(peak_pss, pss)
        peak_rss = max(peak_rss, sum(s[1] for s in sizes))
        time.sleep(2.0)
    out.write_text(json.dumps({"pss": peak_pss, "rss": peak_rss, "samples": samples}))


class TreeMemory:
    """Peak memory of this process and its children, measured from a separate process."""

    def __init__(self, folder: Path) -> None:
        self.out, self.stop = folder / "peak.json", folder / "stop"
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--monitor", str(os.getpid()), str(self.out), str(self.stop)]
        )

    def current_pss(self) -> int:
        return sum(_memory(p)[0] for p in _tree(os.getpid()) if p != self.process.pid)

    def finish(self) -> tuple[int, int, list[tuple[float, int]]]:
        """Peak PSS, peak RSS sum, and the (time, PSS) samples."""
        self.stop.touch()
        self.process.wait(timeout=30)
        data = json.loads(self.out.read_text())
        return int(data["pss"]), int(data["rss"]), [(t, p) for t, p in data["samples"]]


def quarter_peaks(samples: list[tuple[float, int]], start: float, end: float) -> list[int]:
    """Peak PSS in each quarter of [start, end]: flat figures mean memory flat in the rows."""
    span = max(end - start, 1e-9)
    peaks = [0, 0, 0, 0]
    for at, pss in samples:
        if start <= at <= end:
            quarter = min(3, int(4 * (at - start) / span))
            peaks[quarter] = max(peaks[quarter], pss)
    return peaks


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline", type=int, default=2000, help="queries of the baseline")
    parser.add_argument("--listed-share", type=float, default=0.01)
    parser.add_argument("--lists", type=Path, default=SHARED / "lists")
    parser.add_argument("--namedata", type=Path, default=SHARED / "namedata")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--keep", type=Path, help="keep input and output in this folder")
    parser.add_argument(
        "--no-cache", action="store_true", help="disable the per-worker result cache"
    )
    parser.add_argument("--monitor", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.monitor:
        monitor(int(args.monitor[0]), Path(args.monitor[1]), Path(args.monitor[2]))
        return
    if args.no_cache:
        engine.CACHE_SIZE = 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="batch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    memory = TreeMemory(folder)

    started = time.perf_counter()
    lists = load_all_lists(args.lists)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    screener = Screener(lists)
    build_s = time.perf_counter() - started
    after_build = memory.current_pss()

    pool = NamePool(args.namedata, lists)
    source = folder / "customers.csv"
    started = time.perf_counter()
    distinct = write_customers(source, pool, args.rows, args.listed_share, args.seed)
    generate_s = time.perf_counter() - started
    del pool

    baseline_rows = list(
        customers(NamePool(args.namedata, lists), args.baseline, args.listed_share, args.seed)
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    for _id, name, kind, dob, country in baseline_rows:
        with contextlib.suppress(ScreeningError):  # error rows in the batch
            screener.match(
                name,
                kind=cast(EntityKind, kind),
                birth_date=dob or None,
                countries=(country,) if country else (),
            )
    baseline_rate = len(baseline_rows) / (time.perf_counter() - started)
    baseline_cpu_rate = len(baseline_rows) / (time.process_time() - cpu_started)
    print(f"single-query baseline: {baseline_rate:,.0f} rows/s", file=sys.stderr, flush=True)
    del baseline_rows

    before, batch_started = os.times(), time.time()
    summary = screen_file(
        source, folder / "results.csv", screener=screener, workers=args.workers, progress=True
    )
    after, batch_ended = os.times(), time.time()
    batch_cpu = sum(
        getattr(after, f) - getattr(before, f)
        for f in ("user", "system", "children_user", "children_system")
    )
    peak_pss, peak_rss, samples = memory.finish()
    quarters = quarter_peaks(samples, batch_started, batch_ended)
    rows = [
        ("rows", f"{summary.rows:,}"),
        ("distinct (name, kind) pairs", f"{distinct:,} ({distinct / max(1, args.rows):.0%})"),
        ("list snapshots / designations", f"{len(lists.snapshots)} / {len(lists):,}"),
        ("load lists", f"{load_s:.1f} s"),
        ("index build", f"{build_s:.1f} s"),
        ("generate input", f"{generate_s:.1f} s"),
        ("single-query baseline (1 process)", f"{baseline_rate:,.0f} rows/s"),
        ("per-worker result cache", "off" if args.no_cache else f"{engine.CACHE_SIZE:,} entries"),
        (f"batch, {args.workers} workers", f"{summary.rows_per_second:,.0f} rows/s"),
        ("batch / baseline", f"{summary.rows_per_second / baseline_rate:.2f}x"),
        ("baseline rows per CPU second", f"{baseline_cpu_rate:,.0f}"),
        ("batch rows per CPU second (parent + workers)", f"{summary.rows / batch_cpu:,.0f}"),
        ("alerts / errors", f"{summary.alerts:,} / {summary.errors:,}"),
        ("tree PSS after index build", f"{after_build / MB:,.0f} MB"),
        ("peak tree PSS", f"{peak_pss / MB:,.0f} MB"),
        (
            "peak tree PSS per quarter of the batch run",
            " / ".join(f"{q / MB:,.0f}" for q in quarters) + " MB",
        ),
        ("peak tree RSS sum (shared pages counted per process)", f"{peak_rss / MB:,.0f} MB"),
    ]
    print("\n| measure | value |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    if args.keep is None:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
