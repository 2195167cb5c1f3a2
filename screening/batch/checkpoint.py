"""The resume checkpoint of a file screening run: a small JSON sidecar, replaced atomically.

Written after the output files were flushed and fsync'd, it records how many
input rows are done and the byte offsets of the output (and alerts) files after
them. A run killed at any moment (even ``kill -9``) leaves either the previous
checkpoint or the new one; the outputs may hold more than the checkpoint says,
never less, and resuming truncates them to the recorded offsets and screens
from the next row: no row is duplicated, none is lost.

The fingerprint covers the input file's sha256, how it is read, the options,
the config and the list snapshots: a checkpoint is only resumed by the same
screening.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import attrs

from screening.batch.writers import fsync_directory

CHECKPOINT_VERSION = 1


@attrs.frozen
class Checkpoint:
    """Progress of a run that can be resumed."""

    fingerprint: str
    rows_done: int
    output_offset: int
    alerts_offset: int
    counts: tuple[tuple[str, int], ...]
    started: str
    resumes: tuple[str, ...] = ()


def checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".checkpoint.json")


def save_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Write, fsync and atomically replace the checkpoint file."""
    data = {"version": CHECKPOINT_VERSION, **attrs.asdict(checkpoint)}
    data["counts"] = dict(checkpoint.counts)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    fsync_directory(path.parent)


def load_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint at ``path``; None if there is none or it is unreadable."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != CHECKPOINT_VERSION:
        return None
    try:
        return Checkpoint(
            fingerprint=str(data["fingerprint"]),
            rows_done=int(data["rows_done"]),
            output_offset=int(data["output_offset"]),
            alerts_offset=int(data["alerts_offset"]),
            counts=tuple(sorted((str(k), int(v)) for k, v in data["counts"].items())),
            started=str(data["started"]),
            resumes=tuple(str(r) for r in data.get("resumes", ())),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
