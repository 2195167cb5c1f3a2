"""Result writers: CSV, JSON Lines and Parquet, appended safely and finished atomically.

Results are appended to a *partial* file beside the output (``OUT.partial``),
flushed and fsync'd before every checkpoint; the byte offset after the last
complete record goes into the checkpoint, so a resumed run truncates whatever
a killed run wrote after it and appends from there. When the run completes the
partial file replaces the output in one ``os.replace`` (atomic on POSIX): a
reader sees the old output or the complete new one, never half a file.

Parquet cannot be appended to after a crash (its footer is written last), so a
Parquet output is spooled as JSON Lines and converted in record batches at the
end, into a temporary file that then replaces the output.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

from screening.errors import ConfigError

OutputFormat = Literal["csv", "jsonl", "parquet"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("csv", "jsonl", "parquet")
RecordShape = Literal["results", "alerts"]
PARQUET_BATCH = 10_000


def output_format_of(path: Path | None, explicit: str | None = None) -> OutputFormat:
    """The output format: given, or from the suffix; CSV by default."""
    if explicit is not None:
        if explicit not in OUTPUT_FORMATS:
            raise ConfigError(
                f"unknown output format {explicit!r}; use {', '.join(OUTPUT_FORMATS)}"
            )
        return explicit
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "csv"


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def fsync_directory(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def csv_text(records: Iterable[dict[str, Any]], columns: list[str], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def jsonl_text(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)


class RecordWriter:
    """Appends records to a text file (CSV or JSON Lines) from a known byte offset.

    ``offset`` 0 starts a new file (with the CSV header); a positive offset
    truncates the file there (what a killed run wrote after its checkpoint)
    and appends. ``stream`` writes to an open text stream instead (stdout:
    no offsets, no resume).
    """

    def __init__(
        self,
        path: Path | None,
        text_format: Literal["csv", "jsonl"],
        columns: list[str],
        *,
        offset: int = 0,
        stream: IO[str] | None = None,
    ) -> None:
        self.text_format = text_format
        self.columns = columns
        self.stream = stream
        self.handle: IO[bytes] | None = None
        self._header_due = offset == 0
        if stream is None:
            assert path is not None
            if offset == 0:
                self.handle = path.open("wb")
            else:
                self.handle = path.open("r+b")
                size = self.handle.seek(0, os.SEEK_END)
                if size < offset:
                    raise ConfigError(
                        f"{path} is shorter ({size} bytes) than its checkpoint says ({offset}); "
                        "it cannot be resumed: run with --restart"
                    )
                self.handle.truncate(offset)
                self.handle.seek(offset)

    def write(self, records: list[dict[str, Any]]) -> None:
        if self.text_format == "csv":
            text = csv_text(records, self.columns, self._header_due)
        else:
            text = jsonl_text(records)
        self._header_due = False
        if self.stream is not None:
            self.stream.write(text)
        else:
            assert self.handle is not None
            self.handle.write(text.encode("utf-8"))

    def sync(self) -> int:
        """Flush to disk (fsync) and return the byte offset after the last record."""
        if self._header_due:
            self.write([])
        if self.stream is not None:
            self.stream.flush()
            return 0
        assert self.handle is not None
        self.handle.flush()
        os.fsync(self.handle.fileno())
        return self.handle.tell()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def _parquet_schema(shape: RecordShape) -> Any:
    import pyarrow as pa

    hit_fields = [
        ("designation", pa.string()),
        ("matched_name", pa.string()),
        ("source", pa.string()),
        ("scope", pa.string()),
        ("programs", pa.list_(pa.string())),
        ("score", pa.float64()),
        ("explanation", pa.string()),
    ]
    head = [("row", pa.int64()), ("id", pa.string()), ("name", pa.string())]
    if shape == "alerts":
        return pa.schema([*head, ("rank", pa.int32()), *hit_fields])
    return pa.schema(
        [
            *head,
            ("status", pa.string()),
            ("best_score", pa.float64()),
            ("hit_count", pa.int32()),
            ("error", pa.string()),
            ("hits", pa.list_(pa.struct(hit_fields))),
        ]
    )


def _jsonl_batches(path: Path, size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            batch.append(json.loads(line))
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def finish(partial: Path, final: Path, fmt: OutputFormat, shape: RecordShape) -> None:
    """Put a complete partial file in place of the output, atomically."""
    if fmt != "parquet":
        partial.replace(final)
        fsync_directory(final.parent)
        return
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError(
            "writing Parquet needs pyarrow: pip install 'screening[parquet]'"
        ) from None
    schema = _parquet_schema(shape)
    temporary = final.with_name(final.name + ".tmp")
    with pq.ParquetWriter(temporary, schema) as writer:
        for batch in _jsonl_batches(partial, PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        if writer.is_open and partial.stat().st_size == 0:
            writer.write_table(schema.empty_table())
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    temporary.replace(final)
    fsync_directory(final.parent)
    partial.unlink()


def check_parquet_available(fmt: OutputFormat) -> None:
    """Fail before screening, not after, when Parquet output lacks pyarrow."""
    if fmt == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise ConfigError(
                "writing Parquet needs pyarrow: pip install 'screening[parquet]'"
            ) from None
