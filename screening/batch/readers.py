"""Streaming readers for customer files: CSV/TSV, JSON Lines and Parquet.

Every reader yields one `InputRow` per record, numbered from 1, and never
stops on a bad record: an unreadable record becomes a row with ``error`` set
(the writers turn it into an error result), so no row is ever dropped.

CSV/TSV:
- encoding: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise UTF-8 if the first
  megabyte decodes as UTF-8, otherwise charset-normalizer's best guess on it
  (Windows-1252 when it ties with other single-byte code pages).
  Undecodable bytes become U+FFFD rather than stopping the run.
- delimiter: the one of ``, ; TAB |`` that occurs most in the header line
  (``.tsv`` files default to TAB), unless given.
- broken quoting: a record is read line by line while its double quotes are
  unbalanced, up to `MAX_RECORD_LINES` lines. A record that does not have the
  header's field count is an error row *for its first line only*; reading
  resumes on the next line, so one stray quote cannot swallow the file.

JSON Lines: one object per non-blank line; invalid JSON or a non-object line is
an error row. Parquet (extra ``parquet``): read in record batches with pyarrow.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from screening.batch.columns import ColumnMap, ColumnOptions, resolve_columns, row_from_mapping
from screening.batch.records import InputRow
from screening.errors import ConfigError, InputError

InputFormat = Literal["csv", "jsonl", "parquet"]
INPUT_FORMATS: tuple[InputFormat, ...] = ("csv", "jsonl", "parquet")

SAMPLE_BYTES = 1 << 20
MAX_RECORD_LINES = 100
"""A quoted field may span lines (addresses); more than this many is taken as broken quoting."""
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@attrs.frozen
class InputSpec:
    """How an input file is read: detected or given, recorded in the audit trail."""

    path: str
    format: InputFormat
    columns: ColumnMap
    header: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None


def input_format_of(path: Path, explicit: str | None = None) -> InputFormat:
    """The input format: given, or from the suffix (``.jsonl``/``.ndjson``, ``.parquet``)."""
    if explicit is not None:
        if explicit not in INPUT_FORMATS:
            raise ConfigError(f"unknown input format {explicit!r}; use {', '.join(INPUT_FORMATS)}")
        return explicit
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "csv"


def detect_encoding(sample: bytes) -> str:
    """The text encoding of a file from its first bytes (see the module docstring)."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut at the end of the sample
            return "utf-8"
    from charset_normalizer import from_bytes

    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return "utf-8"
    # Single-byte Latin code pages often tie; Windows-1252 is the usual one of exported
    # customer files, so it wins a tie.
    tied = {m.encoding for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    return "cp1252" if "cp1252" in tied else best.encoding


def sniff_delimiter(header_line: str, path: Path) -> str:
    """The delimiter occurring most often in the header line (TAB for ``.tsv`` on a tie)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts.values())
    if best == 0:
        return "\t" if path.suffix.lower() == ".tsv" else ","
    if path.suffix.lower() == ".tsv" and counts["\t"] == best:
        return "\t"
    return next(d for d in DELIMITERS if counts[d] == best)


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return path.open(encoding=encoding, errors="replace", newline="")


def _parse_one(text: str, delimiter: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    if len(rows) != 1:
        raise csv.Error(f"{len(rows)} records where one was expected")
    return rows[0]


def _csv_records(
    handle: io.TextIOBase, delimiter: str, width: int, first_line: int
) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line number, fields or None, error) per record, recovering from broken quoting."""
    pending: list[str] = []
    line_number = first_line
    lines = iter(handle)

    def next_line() -> str | None:
        if pending:
            return pending.pop(0)
        return next(lines, None)

    while True:
        line = next_line()
        if line is None:
            return
        start = line_number
        line_number += 1
        if not line.strip("\r\n"):
            continue  # a blank line is not a record
        buffer = [line]
        while sum(part.count('"') for part in buffer) % 2 and len(buffer) < MAX_RECORD_LINES:
            more = next_line()
            if more is None:
                break
            buffer.append(more)
        text = "".join(buffer)
        reason = None
        try:
            fields = _parse_one(text, delimiter)
            if len(fields) != width:
                reason = f"{len(fields)} fields where the header has {width}"
        except csv.Error as exc:
            reason = f"unreadable CSV record ({exc})"
        if reason is None:
            line_number += len(buffer) - 1
            yield start, fields, None
            continue
        if len(buffer) > 1:
            reason = f"unbalanced quotes ({reason})"
            pending[:0] = buffer[1:]  # read the following lines again as records of their own
        yield start, None, f"line {start}: {reason}"


def _read_header(path: Path, encoding: str, delimiter: str | None) -> tuple[list[str], str, int]:
    with _open_text(path, encoding) as handle:
        first = handle.readline()
        if encoding == "utf-8" and first.startswith("\ufeff"):
            first = first[1:]
        if not first.strip():
            raise InputError(f"{path}: the first line must be a header naming the columns")
        delimiter = delimiter or sniff_delimiter(first, path)
        header = _parse_one(first, delimiter)
    return [h.strip() for h in header], delimiter, 1


def inspect_input(
    path: str | Path,
    *,
    input_format: str | None = None,
    columns: ColumnOptions | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> InputSpec:
    """Detect the format, encoding, delimiter and columns of an input file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such input file")
    fmt = input_format_of(path, input_format)
    if fmt == "csv":
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
        encoding = encoding or detect_encoding(sample)
        header, delimiter, _ = _read_header(path, encoding, delimiter)
        return InputSpec(
            str(path), fmt, resolve_columns(header, columns), tuple(header), encoding, delimiter
        )
    if fmt == "jsonl":
        header = _jsonl_keys(path)
        return InputSpec(str(path), fmt, resolve_columns(header, columns), tuple(header), "utf-8")
    header = _parquet_columns(path)
    return InputSpec(str(path), fmt, resolve_columns(header, columns), tuple(header))


def _jsonl_keys(path: Path, lines: int = 100) -> list[str]:
    """Keys of the first objects in the file (what column detection sees)."""
    keys: dict[str, None] = {}
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for _, line in zip(range(lines), handle, strict=False):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                keys.update(dict.fromkeys(value))
    return list(keys)


def _parquet_file(path: Path) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError(
            "reading Parquet needs pyarrow: pip install 'screening[parquet]'"
        ) from None
    return pq.ParquetFile(path)


def _parquet_columns(path: Path) -> list[str]:
    return list(_parquet_file(path).schema_arrow.names)


def count_records(spec: InputSpec) -> int | None:
    """Number of records (for progress ETA): exact for Parquet, line-based otherwise."""
    if spec.format == "parquet":
        return int(_parquet_file(Path(spec.path)).metadata.num_rows)
    with Path(spec.path).open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return max(0, lines - (1 if spec.format == "csv" else 0))


def iter_rows(spec: InputSpec, *, skip: int = 0, batch_size: int = 10_000) -> Iterator[InputRow]:
    """The input's rows in order, from row ``skip + 1`` on (resuming skips what is done)."""
    if spec.format == "csv":
        rows: Iterator[InputRow] = _iter_csv(spec)
    elif spec.format == "jsonl":
        rows = _iter_jsonl(spec)
    else:
        rows = _iter_parquet(spec, batch_size)
    for row in rows:
        if row.row > skip:
            yield row


def _iter_csv(spec: InputSpec) -> Iterator[InputRow]:
    assert spec.encoding is not None and spec.delimiter is not None
    width = len(spec.header)
    with _open_text(Path(spec.path), spec.encoding) as handle:
        handle.readline()
        for number, (_line, fields, error) in enumerate(
            _csv_records(handle, spec.delimiter, width, first_line=2), start=1
        ):
            if fields is None:
                yield InputRow(row=number, name=None, error=error)
            else:
                values = dict(zip(spec.header, fields, strict=True))
                yield row_from_mapping(number, values, spec.columns)


def _iter_jsonl(spec: InputSpec) -> Iterator[InputRow]:
    number = 0
    with Path(spec.path).open(encoding="utf-8-sig", errors="replace") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            number += 1
            try:
                value = json.loads(line)
            except ValueError as exc:
                yield InputRow(
                    row=number, name=None, error=f"line {line_number}: invalid JSON ({exc})"
                )
                continue
            if not isinstance(value, dict):
                kind = type(value).__name__
                yield InputRow(
                    row=number, name=None, error=f"line {line_number}: a JSON {kind}, not an object"
                )
                continue
            yield row_from_mapping(number, value, spec.columns)


def _iter_parquet(spec: InputSpec, batch_size: int) -> Iterator[InputRow]:
    parquet = _parquet_file(Path(spec.path))
    columns = sorted(
        {*spec.columns.name, *spec.columns.countries}
        | {c for c in (spec.columns.kind, spec.columns.dob, spec.columns.id) if c}
    )
    number = 0
    for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
        for values in batch.to_pylist():
            number += 1
            yield row_from_mapping(number, values, spec.columns)
