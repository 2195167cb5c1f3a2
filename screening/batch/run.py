"""Screening a customer file end to end: read, screen, write, checkpoint, audit, summarise.

`screen_file` is what ``screening screen`` calls. With an output path the run
is resumable and atomic (see `screening.batch.writers` and
`screening.batch.checkpoint`); writing to a stream (stdout) is neither.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from pathlib import Path
from typing import IO, Any

import attrs

from screening.batch.audit import (
    file_sha256,
    fingerprint,
    list_versions,
    lists_record,
    write_json_atomic,
)
from screening.batch.checkpoint import Checkpoint, checkpoint_path, load_checkpoint, save_checkpoint
from screening.batch.columns import ColumnOptions
from screening.batch.engine import DEFAULT_CHUNK_SIZE, ScreenOptions, screen_rows
from screening.batch.progress import Progress
from screening.batch.readers import InputSpec, count_records, inspect_input, iter_rows
from screening.batch.records import (
    ALERT_COLUMNS,
    alert_records,
    flat_columns,
    flat_record,
    nested_record,
)
from screening.batch.writers import (
    OutputFormat,
    RecordWriter,
    check_parquet_available,
    finish,
    output_format_of,
    partial_path,
)
from screening.errors import ConfigError
from screening.model import Scope
from screening.screener import Screener

log = logging.getLogger("screening.batch")


@attrs.frozen
class Summary:
    """What a run did: counts, speed and the list versions it screened against."""

    rows: int
    alerts: int
    errors: int
    seconds: float
    rows_per_second: float
    list_versions: tuple[str, ...]
    resumed_from: int = 0
    output: str | None = None
    audit: str | None = None

    def __str__(self) -> str:
        lines = [
            f"{self.rows:,} rows: {self.rows - self.alerts - self.errors:,} ok, "
            f"{self.alerts:,} alerts, {self.errors:,} errors",
            f"{self.seconds:.1f} s, {self.rows_per_second:,.0f} rows/s"
            + (f" (resumed at row {self.resumed_from + 1:,})" if self.resumed_from else ""),
            "lists: " + "; ".join(self.list_versions),
        ]
        if self.output:
            lines.append(
                f"output: {self.output}" + (f" (audit: {self.audit})" if self.audit else "")
            )
        return "\n".join(lines)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _text_format(fmt: OutputFormat) -> Any:
    return "csv" if fmt == "csv" else "jsonl"


def screen_file(
    input_path: str | Path,
    output: str | Path | None = None,
    *,
    screener: Screener,
    alerts: str | Path | None = None,
    input_format: str | None = None,
    output_format: str | None = None,
    columns: ColumnOptions | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    threshold: float | None = None,
    top: int = 3,
    sources: tuple[str, ...] | None = None,
    scope: tuple[Scope, ...] | None = None,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    restart: bool = False,
    progress: bool = False,
    checkpoint_seconds: float = 2.0,
    audit: str | Path | None = None,
    stream: IO[str] | None = None,
) -> Summary:
    """Screen every row of a customer file; one output record per input row, in order.

    Args:
        input_path: CSV/TSV, JSON Lines or Parquet file.
        output: result file (format from the suffix or ``output_format``);
            None writes to ``stream`` (default stdout) without checkpoint.
        screener: the screener (lists and config) to use.
        alerts: optional long-format file, one record per hit.
        columns: column names; auto-detected where None.
        restart: ignore an existing checkpoint and start over.
        progress: show a progress bar (terminal) or periodic lines (otherwise).
        checkpoint_seconds: at most this long between checkpoints.
        audit: where to write the audit JSON; default ``OUTPUT.audit.json``.
    """
    started_clock = time.monotonic()
    input_path = Path(input_path)
    spec = inspect_input(
        input_path,
        input_format=input_format,
        columns=columns,
        encoding=encoding,
        delimiter=delimiter,
    )
    out_path = Path(output) if output is not None and str(output) != "-" else None
    fmt = output_format_of(out_path, output_format)
    if out_path is None and fmt == "parquet":
        raise ConfigError("Parquet output needs a file: give -o PATH")
    alerts_path = Path(alerts) if alerts is not None else None
    alerts_fmt = output_format_of(alerts_path) if alerts_path is not None else "csv"
    check_parquet_available(fmt)
    check_parquet_available(alerts_fmt)
    options = ScreenOptions(threshold=threshold, top=top, sources=sources, scope=scope)
    input_sha = file_sha256(input_path)
    run_identity = {
        "input_sha256": input_sha,
        "input": attrs.asdict(spec) | {"path": None},
        "options": attrs.asdict(options),
        "config": attrs.asdict(screener.config),
        "lists": [s.sha256 for s in screener.lists.snapshots],
        "output_format": fmt,
        "alerts_format": alerts_fmt if alerts_path else None,
    }
    identity = fingerprint(run_identity)

    checkpoint = None
    check_file = checkpoint_path(out_path) if out_path is not None else None
    if check_file is not None and not restart:
        checkpoint = load_checkpoint(check_file)
        if checkpoint is not None and checkpoint.fingerprint != identity:
            raise ConfigError(
                f"{check_file} belongs to a run with another input, lists or options; "
                "run again with --restart to start over (or delete it)"
            )
        if checkpoint is not None and not partial_path(out_path).exists():  # type: ignore[arg-type]
            checkpoint = None
    skip = checkpoint.rows_done if checkpoint else 0
    counts = dict(checkpoint.counts) if checkpoint else {"ok": 0, "alert": 0, "error": 0}
    started = checkpoint.started if checkpoint else _now()
    resumes = (*checkpoint.resumes, _now()) if checkpoint else ()
    if checkpoint:
        log.warning("resuming %s at row %d (checkpoint %s)", out_path, skip + 1, check_file)

    columns_out = flat_columns(top)
    if out_path is not None:
        writer = RecordWriter(
            partial_path(out_path),
            _text_format(fmt),
            columns_out,
            offset=checkpoint.output_offset if checkpoint else 0,
        )
    else:
        writer = RecordWriter(None, _text_format(fmt), columns_out, stream=stream or sys.stdout)
    alerts_writer = None
    if alerts_path is not None:
        alerts_writer = RecordWriter(
            partial_path(alerts_path),
            _text_format(alerts_fmt),
            ALERT_COLUMNS,
            offset=checkpoint.alerts_offset if checkpoint else 0,
        )

    total = count_records(spec) if progress else None
    done = skip
    bar: Progress | None = None
    last_checkpoint = time.monotonic()
    try:
        results = screen_rows(
            iter_rows(spec, skip=skip), screener, options, workers=workers, chunk_size=chunk_size
        )
        # The progress bar starts after the worker processes were forked (first chunk pulled).
        for chunk in results:
            if bar is None:
                bar = Progress(total, initial=skip, enabled=progress)
            for result in chunk:
                counts[result.status] += 1
            if fmt == "csv":
                writer.write([flat_record(r, top) for r in chunk])
            else:
                writer.write([nested_record(r) for r in chunk])
            if alerts_writer is not None:
                alerts_writer.write([a for r in chunk if r.hits for a in alert_records(r)])
            done += len(chunk)
            bar.update(len(chunk), counts["alert"], counts["error"])
            if check_file is not None and time.monotonic() - last_checkpoint >= checkpoint_seconds:
                _checkpoint(
                    check_file, identity, done, writer, alerts_writer, counts, started, resumes
                )
                last_checkpoint = time.monotonic()
        writer.sync()
        if alerts_writer is not None:
            alerts_writer.sync()
    finally:
        if bar is not None:
            bar.close()
        writer.close()
        if alerts_writer is not None:
            alerts_writer.close()

    finished = _now()
    if out_path is not None:
        finish(partial_path(out_path), out_path, fmt, "results")
    if alerts_path is not None:
        finish(partial_path(alerts_path), alerts_path, alerts_fmt, "alerts")
    seconds = time.monotonic() - started_clock
    screened = done - skip
    summary = Summary(
        rows=done,
        alerts=counts["alert"],
        errors=counts["error"],
        seconds=seconds,
        rows_per_second=screened / seconds if seconds > 0 else 0.0,
        list_versions=list_versions(screener.lists),
        resumed_from=skip,
        output=str(out_path) if out_path else None,
    )
    audit_path = Path(audit) if audit is not None else None
    if audit_path is None and out_path is not None:
        audit_path = out_path.with_name(out_path.name + ".audit.json")
    if audit_path is not None:
        from screening import __version__

        write_json_atomic(
            audit_path,
            {
                "library": {"name": "screening", "version": __version__},
                "started": started,
                "finished": finished,
                "resumed": list(resumes),
                "input": {
                    "path": str(input_path),
                    "sha256": input_sha,
                    "size": input_path.stat().st_size,
                    **{k: v for k, v in attrs.asdict(spec).items() if k != "path"},
                },
                "output": {
                    "path": str(out_path) if out_path else None,
                    "format": fmt,
                    "alerts": str(alerts_path) if alerts_path else None,
                },
                "lists": lists_record(screener.lists),
                "config": attrs.asdict(screener.config),
                "options": attrs.asdict(options) | {"workers": workers, "chunk_size": chunk_size},
                "rows": {"total": done, **counts},
                "last_run": {
                    "seconds": round(seconds, 3),
                    "rows_screened": screened,
                    "rows_per_second": round(summary.rows_per_second, 1),
                },
            },
        )
        summary = attrs.evolve(summary, audit=str(audit_path))
    if check_file is not None:
        check_file.unlink(missing_ok=True)
    return summary


def _checkpoint(
    path: Path,
    identity: str,
    done: int,
    writer: RecordWriter,
    alerts_writer: RecordWriter | None,
    counts: dict[str, int],
    started: str,
    resumes: tuple[str, ...],
) -> None:
    output_offset = writer.sync()
    alerts_offset = alerts_writer.sync() if alerts_writer is not None else 0
    save_checkpoint(
        path,
        Checkpoint(
            fingerprint=identity,
            rows_done=done,
            output_offset=output_offset,
            alerts_offset=alerts_offset,
            counts=tuple(sorted(counts.items())),
            started=started,
            resumes=resumes,
        ),
    )


def describe_spec(spec: InputSpec) -> str:
    """One line on how the input is read (for the CLI's log)."""
    cols = spec.columns
    parts = [f"name={'+'.join(cols.name)}"]
    parts += [f"{k}={v}" for k, v in (("kind", cols.kind), ("dob", cols.dob), ("id", cols.id)) if v]
    if cols.countries:
        parts.append(f"country={'+'.join(cols.countries)}")
    extra = f", {spec.encoding}, delimiter {spec.delimiter!r}" if spec.format == "csv" else ""
    return f"{spec.path}: {spec.format}{extra}; columns {', '.join(parts)}"
