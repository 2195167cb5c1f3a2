"""``screening screen`` end to end: every output format, alerts, audit trail, checkpoints."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from screening.batch import run as run_module
from screening.batch import screen_file
from screening.batch.checkpoint import Checkpoint, checkpoint_path, save_checkpoint
from screening.batch.records import result_from_nested
from screening.cli import main
from screening.config import MatchConfig
from screening.screener import Screener
from tests.batch.conftest import CUSTOMERS

EXPECTED_ALERTS = {"C-10004", "C-10010", "C-10014", "C-10019", "C-10023"}
EXPECTED_ERRORS = {"C-10013": "the name is empty", "C-10022": "cannot read birth date"}


def run(args: list[str], cache: Path) -> Any:
    result = CliRunner().invoke(main, ["screen", *args, "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    return result


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_output(path: Path) -> list[dict[str, Any]]:
    """Rows as nested records, whatever the format."""
    if path.suffix == ".csv":
        return [
            {
                "row": int(r["row"]),
                "id": r["id"],
                "status": r["status"],
                "error": r["error"],
                "top": r["hit1_designation"],
            }
            for r in read_csv(path)
        ]
    if path.suffix == ".jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        records = pq.read_table(path).to_pylist()
    results = [result_from_nested(r) for r in records]
    return [
        {
            "row": r.row,
            "id": r.record_id,
            "status": r.status,
            "error": r.error or "",
            "top": r.hits[0].designation_id if r.hits else "",
        }
        for r in results
    ]


def check_example_results(rows: list[dict[str, Any]]) -> None:
    assert [r["row"] for r in rows] == list(range(1, 41))
    assert {r["id"] for r in rows if r["status"] == "alert"} == EXPECTED_ALERTS
    errors = {r["id"]: r["error"] for r in rows if r["status"] == "error"}
    assert errors.keys() == EXPECTED_ERRORS.keys()
    for record_id, reason in EXPECTED_ERRORS.items():
        assert reason in errors[record_id]
    top = {r["id"]: r["top"] for r in rows}
    assert top["C-10010"] == "us-ofac-sdn:12606"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_every_output_format(tmp_path: Path, empty_cache: Path, suffix: str) -> None:
    output = tmp_path / f"results{suffix}"
    alerts = tmp_path / f"alerts{suffix}"
    result = run([str(CUSTOMERS), "-o", str(output), "--alerts", str(alerts)], empty_cache)
    check_example_results(read_output(output))
    assert "40 rows: 33 ok, 5 alerts, 2 errors" in result.output
    assert "lists: eu-fsf 2022-03-01" in result.output
    # Only the finished files remain: no partial, checkpoint or temporary file.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [output.name, alerts.name, output.name + ".audit.json"]
    )
    if suffix == ".parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        long = pq.read_table(alerts).to_pylist()
    elif suffix == ".jsonl":
        long = [json.loads(line) for line in alerts.read_text(encoding="utf-8").splitlines()]
    else:
        long = read_csv(alerts)
    assert {str(a["id"]) for a in long} == EXPECTED_ALERTS
    assert all(int(a["rank"]) >= 1 for a in long)
    assert {"designation", "matched_name", "source", "scope", "programs", "score"} <= set(long[0])


def test_audit_trail(tmp_path: Path, empty_cache: Path) -> None:
    output = tmp_path / "r.csv"
    run([str(CUSTOMERS), "-o", str(output), "--threshold", "0.85"], empty_cache)
    audit = json.loads((tmp_path / "r.csv.audit.json").read_text(encoding="utf-8"))
    assert audit["library"]["name"] == "screening"
    assert audit["rows"] == {"total": 40, "ok": 33, "alert": 5, "error": 2}
    assert len(audit["input"]["sha256"]) == 64
    assert audit["input"]["columns"]["name"] == ["full_name"]
    assert audit["input"]["columns"]["id"] == "customer_id"
    assert audit["options"]["threshold"] == 0.85
    assert audit["config"]["threshold"] == MatchConfig().threshold  # the run's base config
    sources = {s["source"]: s for s in audit["lists"]["snapshots"]}
    assert set(sources) == {"us-ofac-sdn", "un-sc", "eu-fsf", "uk-ofsi"}
    assert sources["un-sc"]["published"] == "2025-04-19"
    assert all(len(s["sha256"]) == 64 for s in sources.values())
    assert audit["started"] <= audit["finished"]


def test_stdout_and_quiet(empty_cache: Path) -> None:
    result = run([str(CUSTOMERS), "-q", "--format", "jsonl"], empty_cache)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 40 and lines[3]["status"] == "alert"


def test_an_interrupted_run_is_resumed(
    tmp_path: Path, empty_cache: Path, screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that dies after 3 chunks, with half a record written after its last checkpoint."""
    complete = tmp_path / "complete.jsonl"
    screen_file(CUSTOMERS, complete, screener=screener, chunk_size=5)
    output = tmp_path / "r.jsonl"
    original = run_module.screen_rows

    def dying(*args: Any, **kwargs: Any) -> Iterator[list[Any]]:
        for number, chunk in enumerate(original(*args, **kwargs)):
            if number == 3:
                raise KeyboardInterrupt
            yield chunk

    monkeypatch.setattr(run_module, "screen_rows", dying)
    with pytest.raises(KeyboardInterrupt):
        screen_file(CUSTOMERS, output, screener=screener, chunk_size=5, checkpoint_seconds=0)
    monkeypatch.setattr(run_module, "screen_rows", original)
    assert not output.exists()
    partial = tmp_path / "r.jsonl.partial"
    with partial.open("ab") as handle:
        handle.write(b'{"row": 16, "half')
    summary = screen_file(CUSTOMERS, output, screener=screener, chunk_size=5)
    assert summary.resumed_from == 15
    assert (summary.rows, summary.alerts, summary.errors) == (40, 5, 2)
    assert output.read_bytes() == complete.read_bytes()
    audit = json.loads((tmp_path / "r.jsonl.audit.json").read_text(encoding="utf-8"))
    assert len(audit["resumed"]) == 1
    assert not checkpoint_path(output).exists() and not partial.exists()


def test_a_checkpoint_of_another_run_is_refused(tmp_path: Path, empty_cache: Path) -> None:
    output = tmp_path / "r.csv"
    (tmp_path / "r.csv.partial").write_text("row\n", encoding="utf-8")
    save_checkpoint(
        checkpoint_path(output),
        Checkpoint("not-this-run", 1, 4, 0, (("alert", 0), ("error", 0), ("ok", 1)), "x"),
    )
    result = CliRunner().invoke(
        main, ["screen", str(CUSTOMERS), "-o", str(output), "--cache-dir", str(empty_cache)]
    )
    assert result.exit_code == 1
    assert "another input, lists or options" in result.output
    run([str(CUSTOMERS), "-o", str(output), "--restart"], empty_cache)
    check_example_results(read_output(output))


def test_column_options_and_tsv(tmp_path: Path, empty_cache: Path) -> None:
    source = tmp_path / "in.tsv"
    source.write_text(
        "ref\tcounterparty\tbank\nA1\tMuhammad Al Kani\tX\nA2\tJane Roe\tY\n", "utf-8"
    )
    output = tmp_path / "out.csv"
    run([str(source), "-o", str(output), "--name", "counterparty", "--id", "ref"], empty_cache)
    rows = read_csv(output)
    assert [(r["id"], r["status"]) for r in rows] == [("A1", "alert"), ("A2", "ok")]


def test_missing_input_is_one_clear_line(empty_cache: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["screen", str(tmp_path / "nope.csv"), "--cache-dir", str(empty_cache)]
    )
    assert result.exit_code == 1
    assert "no such input file" in result.output
