"""The rows a batch reads and the result it writes for each: one result per input row.

An `InputRow` is what a reader makes of one record of the customer file (its
position, id, name, kind, birth date, countries), or the reason it could not
read it. A `RowResult` is the screening outcome for that row: ``ok`` (no hit
at or above the threshold), ``alert`` (at least one) or ``error`` (the row
cannot be screened; the reason says why). Results are never dropped: the
output has exactly one record per input row, in input order.

Two serialisations: `nested_record` (JSON Lines and Parquet: a ``hits`` list)
and `flat_record` (CSV and data frames: ``hit1_*`` ... ``hitN_*`` columns).
"""

from __future__ import annotations

import json
from typing import Any, Literal

import attrs

Status = Literal["ok", "alert", "error"]
STATUSES: tuple[Status, ...] = ("ok", "alert", "error")


@attrs.frozen
class InputRow:
    """One record of the input file, as read; ``error`` set when it cannot be screened."""

    row: int
    """1-based position among the input's records (the header is not a record)."""
    name: Any
    record_id: str | None = None
    kind: Any = None
    birth_date: Any = None
    countries: tuple[str, ...] = ()
    error: str | None = None


@attrs.frozen
class Hit:
    """One listed party that matched, with what an analyst needs to triage it."""

    designation_id: str
    matched_name: str
    source: str
    scope: str
    programs: tuple[str, ...]
    score: float
    explanation: str


@attrs.frozen
class RowResult:
    """The outcome for one input row."""

    row: int
    record_id: str | None
    name: str
    status: Status
    hits: tuple[Hit, ...] = ()
    error: str | None = None

    @property
    def best_score(self) -> float | None:
        return self.hits[0].score if self.hits else None


HIT_FIELDS = (
    "designation",
    "matched_name",
    "source",
    "scope",
    "programs",
    "score",
    "explanation",
)


def _hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "designation": hit.designation_id,
        "matched_name": hit.matched_name,
        "source": hit.source,
        "scope": hit.scope,
        "programs": list(hit.programs),
        "score": hit.score,
        "explanation": hit.explanation,
    }


def nested_record(result: RowResult) -> dict[str, Any]:
    """The result as JSON-able data with a ``hits`` list (JSON Lines, Parquet)."""
    return {
        "row": result.row,
        "id": result.record_id,
        "name": result.name,
        "status": result.status,
        "best_score": result.best_score,
        "hit_count": len(result.hits),
        "error": result.error,
        "hits": [_hit_dict(hit) for hit in result.hits],
    }


def flat_columns(top: int) -> list[str]:
    """Column names of `flat_record` for ``top`` hits per row."""
    columns = ["row", "id", "name", "status", "best_score", "hit_count", "error"]
    for rank in range(1, top + 1):
        columns += [f"hit{rank}_{field}" for field in HIT_FIELDS]
    return columns


def flat_record(result: RowResult, top: int) -> dict[str, Any]:
    """The result as one flat row: the first ``top`` hits in ``hitN_*`` columns.

    Programs are joined with ``"; "``; absent values are None.
    """
    record: dict[str, Any] = {
        "row": result.row,
        "id": result.record_id,
        "name": result.name,
        "status": result.status,
        "best_score": result.best_score,
        "hit_count": len(result.hits),
        "error": result.error,
    }
    for rank in range(1, top + 1):
        hit = result.hits[rank - 1] if rank <= len(result.hits) else None
        for field in HIT_FIELDS:
            value: Any = None
            if hit is not None:
                value = _hit_dict(hit)[field]
                if field == "programs":
                    value = "; ".join(value)
            record[f"hit{rank}_{field}"] = value
    return record


ALERT_COLUMNS = ["row", "id", "name", "rank", *HIT_FIELDS]


def alert_records(result: RowResult) -> list[dict[str, Any]]:
    """Long format: one record per hit of an alerting row (the optional alerts file)."""
    return [
        {
            "row": result.row,
            "id": result.record_id,
            "name": result.name,
            "rank": rank,
            **_hit_dict(hit),
        }
        for rank, hit in enumerate(result.hits, start=1)
    ]


def result_from_nested(record: dict[str, Any]) -> RowResult:
    """Inverse of `nested_record` (reading results back: tests, the Parquet finaliser)."""
    hits = tuple(
        Hit(
            designation_id=h["designation"],
            matched_name=h["matched_name"],
            source=h["source"],
            scope=h["scope"],
            programs=tuple(h["programs"]),
            score=float(h["score"]),
            explanation=h["explanation"],
        )
        for h in record.get("hits") or ()
    )
    return RowResult(
        row=int(record["row"]),
        record_id=record.get("id"),
        name=record["name"],
        status=record["status"],
        hits=hits,
        error=record.get("error"),
    )


def dumps(record: dict[str, Any]) -> str:
    """One JSON line (UTF-8 text, no ASCII escaping, no trailing newline)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
