"""Runs with the same seed and mode merge into one report; other runs are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.evaluation.merge import MergeError, main, merge_results
from screening.evaluation.run import main as run
from tests.conftest import LISTS, NAMEDATA


def tiny_run(folder: Path, systems: str, seed: int = 20260101) -> Path:
    arguments = ["--tiny", "--no-plots", "--no-coverage", "--systems", systems]
    arguments += ["--out", str(folder), "--lists", str(LISTS), "--namedata", str(NAMEDATA)]
    assert run([*arguments, "--seed", str(seed)]) == 0
    return folder


def test_two_runs_merge_into_one_table(tmp_path: Path) -> None:
    first = tiny_run(tmp_path / "a", "baseline")
    second = tiny_run(tmp_path / "b", "ofac-emulation")
    assert main([str(tmp_path / "merged"), str(first), str(second)]) == 0
    merged = json.loads((tmp_path / "merged" / "results.json").read_text(encoding="utf-8"))
    assert list(merged["systems"]) == ["baseline", "ofac-emulation"]
    for name, folder in (("baseline", first), ("ofac-emulation", second)):
        alone = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        assert merged["systems"][name] == alone["systems"][name]
    report = (tmp_path / "merged" / "report.md").read_text(encoding="utf-8")
    header = next(line for line in report.splitlines() if line.startswith("| class | group"))
    assert "baseline" in header and "ofac-emulation" in header


def test_runs_of_other_cases_are_refused() -> None:
    meta = {"mode": "tiny", "seed": 1, "date": "x", "seconds": 1.0, "prepare_seconds": 0.5}
    one = {"meta": meta, "systems": {"baseline": {}}}
    other = {"meta": {**meta, "seed": 2}, "systems": {"screening": {}}}
    with pytest.raises(MergeError, match="seed"):
        merge_results([one, other])
    with pytest.raises(MergeError):
        merge_results([])
    assert list(merge_results([one, one])["systems"]) == ["baseline"]
