"""Merge benchmark runs made with the same seed and mode into one report.

Slow peers (the pairwise nomenklatura algorithms need most of an hour in full
mode) can run on their own, ``--systems nk-logic-v2 --out A``, and the fast
systems in another run; with the same seed, mode and data both runs measure
identical cases, so their results sit side by side in one table::

    python -m screening.evaluation.merge OUT RUN_A RUN_B ...

Runs that did not measure the same cases (another seed, mode, list set or
name data) are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from screening.evaluation import report
from screening.evaluation.run import DEFAULT_REFERENCE

SAME_CASES = ("mode", "seed", "entries", "names", "positives", "population", "hard")
"""Meta fields that must agree for two runs to have scored the same cases."""


class MergeError(ValueError):
    """The runs cannot be merged; the message says which field differs."""


def merge_results(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One results mapping with every run's systems (a later run's system replaces an earlier)."""
    if not runs:
        raise MergeError("no runs to merge")
    first = runs[0]["meta"]
    for run in runs[1:]:
        for field in SAME_CASES:
            if run["meta"].get(field) != first.get(field):
                raise MergeError(
                    f"runs differ in {field!r}: {first.get(field)!r} vs {run['meta'].get(field)!r}"
                )
    meta = dict(first)
    meta["date"] = " + ".join(run["meta"]["date"] for run in runs)
    meta["seconds"] = sum(run["meta"]["seconds"] for run in runs)
    meta["prepare_seconds"] = sum(run["meta"]["prepare_seconds"] for run in runs)
    systems: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for run in runs:
        systems.update(run["systems"])
        skipped.update(run["meta"].get("systems_skipped", {}))
    meta["systems_skipped"] = {k: v for k, v in skipped.items() if k not in systems}
    merged: dict[str, Any] = {"meta": meta, "systems": systems}
    coverage = next((run["coverage"] for run in runs if "coverage" in run), None)
    if coverage is not None:
        merged["coverage"] = coverage
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m screening.evaluation.merge", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("out", type=Path, help="folder for the merged results.json and report.md")
    parser.add_argument("runs", type=Path, nargs="+", help="result folders of the runs")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    args = parser.parse_args(argv)
    try:
        runs = [
            json.loads((folder / "results.json").read_text(encoding="utf-8"))
            for folder in args.runs
        ]
        merged = merge_results(runs)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    report.write_results(args.out / "results.json", merged)
    (args.out / "report.md").write_text(
        report.render(merged, report.read_reference(args.reference), []), encoding="utf-8"
    )
    print(f"merged {len(merged['systems'])} systems into {args.out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
