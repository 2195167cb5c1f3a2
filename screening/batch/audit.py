"""The audit trail of a run: everything needed to reproduce a screening exactly.

Written as a JSON sidecar beside the output (``OUT.audit.json``): the list
snapshots (source, publication date, sha256 and files), the matching config,
the run's options, the library version, the input file's sha256 and how it was
read, start and end times and row counts.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import attrs

from screening.model import ListSet


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def lists_record(lists: ListSet) -> dict[str, Any]:
    """The snapshots screened against, with their fingerprints."""
    return {
        "origin": lists.origin,
        "designations": len(lists),
        "snapshots": [
            {
                "source": s.source.id,
                "authority": s.source.authority,
                "scope": s.source.scope,
                "published": s.published.isoformat() if s.published else None,
                "sha256": s.sha256,
                "entries": s.entry_count,
                "parser": s.parser,
                "parser_version": s.parser_version,
                "files": [attrs.asdict(f) for f in s.files],
            }
            for s in lists.snapshots
        ],
    }


def list_versions(lists: ListSet) -> tuple[str, ...]:
    """One line per snapshot for summaries: ``source published sha256-prefix``."""
    return tuple(
        f"{s.source.id} {s.published.isoformat() if s.published else 'undated'} {s.sha256[:12]}"
        for s in lists.snapshots
    )


def fingerprint(data: Any) -> str:
    """sha256 of canonical JSON."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_json_atomic(path: Path, data: Any) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False, default=str)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
