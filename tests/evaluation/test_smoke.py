"""The benchmark runs end to end on tiny samples and writes a report with every section.

No quality figure is asserted: this only proves the pipeline works.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from screening.evaluation.run import main
from tests.conftest import LISTS, NAMEDATA

SECTIONS = (
    "## Data",
    "## Systems",
    "## Recall per class at 1 alert per 100 population names",
    "### 95 % bootstrap intervals",
    "## Recall per class at each system's default threshold",
    "## Hard negatives",
    "## Candidate retrieval",
    "## Alert-rate parity across scripts and cultures",
    "### By script",
    "### By culture",
    "## Curves",
    "## Against the reference run",
    "## List coverage",
)


def test_tiny_run_writes_every_section(tmp_path: Path) -> None:
    reference = Path(__file__).resolve().parents[2] / "benchmarks/quality/reference/results.json"
    code = main(
        [
            "--tiny",
            "--out",
            str(tmp_path),
            "--lists",
            str(LISTS),
            "--namedata",
            str(NAMEDATA),
            "--reference",
            str(reference),
            "--systems",
            "screening,baseline,ofac-emulation,nk-ofac",
        ]
    )
    assert code == 0
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in report, section
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    measured = set(results["systems"])
    skipped = set(results["meta"]["systems_skipped"])
    assert "baseline" in measured and "ofac-emulation" in measured
    assert measured | skipped == {"screening", "baseline", "ofac-emulation", "nk-ofac"}
    for name in skipped:  # an unavailable system is named in the report, with the reason
        assert f"**{name} was not measured**" in report
    assert set(results["meta"]["positives"]) >= {"exact", "zero_width", "run_on", "alias_holdout"}
    with (tmp_path / "cases.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(results["meta"]["positives"].values()) + results["meta"][
        "population"
    ] + sum(results["meta"]["hard"].values())
    assert (tmp_path / "recall_vs_alert_rate.png").stat().st_size > 0


def test_bad_arguments_give_exit_code_2(tmp_path: Path) -> None:
    assert main(["--tiny", "--systems", "nope", "--out", str(tmp_path)]) == 2
    assert main(["--tiny", "--lists", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 2
