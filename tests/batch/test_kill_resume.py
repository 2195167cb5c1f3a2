"""kill -9 in the middle of ``screening screen``, then resume: every row exactly once, in order.

The CLI runs in a subprocess on a few thousand generated rows, checkpointing
often; it is SIGKILLed once its checkpoint shows some rows done, then run again
with the same command until it completes.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 3000
GIVEN = ["Emma", "Lukas", "Sofia", "Wei", "Priya", "Olivia", "Kenji", "Fatima", "Carlos", "Aisha"]
FAMILY = ["Johnson", "Müller", "Rossi", "Zhang", "Sharma", "Brown", "Tanaka", "Haddad", "Mendes"]
LISTED = ["Muhammad Al Kani", "Moammar Gaddafi", "Владимир Путин", "Kaniyat Militia"]


def write_customers(path: Path) -> None:
    chooser = random.Random(5)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "dob"])
        for number in range(1, ROWS + 1):
            if number % 97 == 0:
                name = chooser.choice(LISTED)
            elif number % 211 == 0:
                name = ""
            else:
                name = f"{chooser.choice(GIVEN)} {chooser.choice(FAMILY)} {number}"
            dob = "1990-13-40" if number % 301 == 0 else f"{1940 + number % 60}-01-01"
            writer.writerow([f"id{number}", name, dob])


def command(source: Path, output: Path, alerts: Path, cache: Path) -> list[str]:
    return [
        sys.executable, "-c", "from screening.cli import main; main()",
        "screen", str(source), "-o", str(output),
        "--alerts", str(alerts), "--cache-dir", str(cache), "--checkpoint-every", "0.05",
        "-w", "2", "-q",
    ]  # fmt: skip


def rows_done(checkpoint: Path) -> int:
    try:
        return int(json.loads(checkpoint.read_text(encoding="utf-8"))["rows_done"])
    except (OSError, ValueError, KeyError):
        return 0


def test_kill_and_resume(tmp_path: Path, empty_cache: Path) -> None:
    source = tmp_path / "customers.csv"
    write_customers(source)
    output, alerts = tmp_path / "out.csv", tmp_path / "alerts.csv"
    checkpoint = tmp_path / "out.csv.checkpoint.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        command(source, output, alerts, empty_cache), env=env, start_new_session=True
    )
    deadline = time.monotonic() + 120
    killed_at = 0
    while time.monotonic() < deadline and process.poll() is None:
        killed_at = rows_done(checkpoint)
        if killed_at >= 500:
            os.killpg(process.pid, signal.SIGKILL)  # the CLI and its forked workers
            break
        time.sleep(0.02)
    process.wait(timeout=60)
    if killed_at < 500 or killed_at >= ROWS:
        pytest.fail(f"the run was not caught mid-way (checkpoint at {killed_at} rows)")
    assert process.returncode == -signal.SIGKILL
    assert not output.exists()

    finished = subprocess.run(
        command(source, output, alerts, empty_cache), env=env, capture_output=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr.decode()
    assert b"resuming" in finished.stderr

    with output.open(encoding="utf-8", newline="") as handle:
        results = list(csv.DictReader(handle))
    assert [int(r["row"]) for r in results] == list(range(1, ROWS + 1))
    assert [r["id"] for r in results] == [f"id{n}" for n in range(1, ROWS + 1)]
    by_row = {int(r["row"]): r for r in results}
    assert by_row[211]["status"] == "error" and by_row[211]["error"] == "the name is empty"
    assert by_row[301]["status"] == "error"
    assert by_row[97 * 3]["status"] == "alert"
    with alerts.open(encoding="utf-8", newline="") as handle:
        alert_rows = [int(a["row"]) for a in csv.DictReader(handle) if a["rank"] == "1"]
    assert alert_rows == [int(r["row"]) for r in results if r["status"] == "alert"]
    audit = json.loads((tmp_path / "out.csv.audit.json").read_text(encoding="utf-8"))
    assert audit["rows"]["total"] == ROWS
    assert sum(audit["rows"][s] for s in ("ok", "alert", "error")) == ROWS
    assert len(audit["resumed"]) == 1
    assert not checkpoint.exists()
