"""Your own watch list, in a documented CSV or JSON format (format version 1).

Banks keep internal lists (exited customers, fraud cases, local court orders)
next to the official ones; this format lets them be screened the same way.
The full description with examples is in ``docs/internal-list-format.md``.

Fields (CSV columns or JSON keys; names are case-insensitive):

============  ========  =======================================================
field         required  meaning
============  ========  =======================================================
id            yes       your stable reference, unique in the file
name          yes       the primary name
aliases       no        other names; ``;``-separated in CSV, a list in JSON
kind          no        person, organization, vessel, aircraft or unknown
                        (the default)
birth_date    no        any form `screening.sources.dates` reads (1979-05-03,
                        03 May 1979, 05/1979, 1962, circa 1970, 1955 to 1958);
                        ``;``-separated for several
country       no        nationality, citizenship or country of registration,
                        as a name or ISO code; ``;``-separated for several
program       no        why the party is listed; ``;``-separated for several
remarks       no        free text
un_reference  no        the UN reference (``LYi.009``) if it mirrors a UN listing
============  ========  =======================================================

CSV: UTF-8 (a byte-order mark is fine), comma-delimited, a header row, quoting
as in RFC 4180. JSON: a UTF-8 array of objects, or JSON Lines (one object per
line). In JSON a multi-valued field is a list of strings; a plain string is read
like the CSV cell (``;``-separated). Other columns or keys are ignored, with a
warning naming them, so an export with extra fields loads as is.

Designation ids are ``<source id>:<id>`` (``internal:C-1042``). A record with a
duplicate id, no name or an unknown kind is reported with its line number and
skipped (strict loading raises); malformed JSON or a header without ``id`` and
``name`` breaks the whole file (`ListFormatError` with line and column).
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from screening.errors import ListFormatError
from screening.model import ENTITY_KINDS, Country, Designation, EntityKind, Name
from screening.sources.base import IssueLog, ListFormat, ParsedList, clean, deduplicate, open_text
from screening.sources.countries import to_country
from screening.sources.dates import parse_birth_date

log = logging.getLogger("screening")

DEFAULT_SOURCE = "internal"
FIELDS = (
    "id",
    "name",
    "aliases",
    "kind",
    "birth_date",
    "country",
    "program",
    "remarks",
    "un_reference",
)
_MULTI = ("aliases", "birth_date", "country", "program")


class _RecordError(Exception):
    """A record that cannot become a designation; reported, never raised to callers."""


def _split(value: str) -> list[str]:
    return [part for part in (clean(p) for p in value.split(";")) if part]


def _multi(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return _split(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [part for part in (clean(v) for v in value) if part]
    raise _RecordError(f"{key} must be a string or a list of strings, not {type(value).__name__}")


def _single(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return clean(value)
    raise _RecordError(f"{key} must be a string, not {type(value).__name__}")


def _kind(value: str) -> EntityKind:
    key = value.lower()
    if not key:
        return "unknown"
    for kind in ENTITY_KINDS:
        if kind == key:
            return kind
    raise _RecordError(f"unknown kind {value!r}; use one of {', '.join(ENTITY_KINDS)}")


def _designation(record: Mapping[str, Any], source_id: str, record_id: str) -> Designation:
    name = _single(record, "name")
    if not name:
        raise _RecordError("record has no name")
    kind = _kind(_single(record, "kind"))
    names = [Name(name)]
    names.extend(Name(alias, type="aka") for alias in _multi(record, "aliases") if alias != name)
    countries: dict[str, Country] = {}
    for text in _multi(record, "country"):
        country = to_country(text)
        countries.setdefault(country.code or text.lower(), country)
    return Designation(
        id=f"{source_id}:{record_id}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=deduplicate(_multi(record, "program")),
        birth_dates=deduplicate([parse_birth_date(d) for d in _multi(record, "birth_date")]),
        nationalities=tuple(countries.values()),
        un_reference=_single(record, "un_reference") or None,
        remarks=_single(record, "remarks"),
    )


def _collect(
    records: Iterator[tuple[int, Any]], path: Path, source_id: str, issues: IssueLog
) -> list[Designation]:
    """Designations from (line, record) pairs, reporting unreadable records."""
    designations: list[Designation] = []
    seen: set[str] = set()
    unknown_keys: set[str] = set()
    for line, raw in records:
        location = f"line {line}"
        if isinstance(raw, _RecordError):
            issues.report(str(raw), path=path, location=location)
            continue
        if not isinstance(raw, dict):
            issues.report("record is not an object", path=path, location=location)
            continue
        record = {str(k).strip().lower(): v for k, v in raw.items()}
        unknown_keys.update(k for k in record if k not in FIELDS)
        try:
            record_id = _single(record, "id")
        except _RecordError as exc:
            issues.report(str(exc), path=path, location=location)
            continue
        if not record_id:
            issues.report("record has no id", path=path, location=location)
            continue
        if record_id in seen:
            issues.report(
                f"id {record_id!r} occurs twice; ids must be unique",
                path=path,
                location=location,
                record_id=record_id,
            )
            continue
        seen.add(record_id)
        try:
            designations.append(_designation(record, source_id, record_id))
        except _RecordError as exc:
            issues.report(str(exc), path=path, location=location, record_id=record_id)
    if unknown_keys:
        log.warning(
            "%s: %s: ignored unknown field(s) %s (known: %s)",
            source_id,
            path,
            ", ".join(sorted(unknown_keys)),
            ", ".join(FIELDS),
        )
    return designations


def _csv_records(path: Path, source_id: str) -> Iterator[tuple[int, Any]]:
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = [clean(h).lower() for h in next(reader, [])]
            if not header:
                raise ListFormatError("file is empty", path=path, source_id=source_id)
            missing = [c for c in ("id", "name") if c not in header]
            if missing:
                raise ListFormatError(
                    f"header lacks the required column(s) {', '.join(missing)}",
                    path=path,
                    location="line 1",
                    source_id=source_id,
                )
            start = reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                if len(row) > len(header):
                    # Most often an unquoted comma inside a name: the cells have shifted.
                    yield (
                        line,
                        _RecordError(
                            f"row has {len(row)} cells but the header has {len(header)}; "
                            "quote values that contain commas"
                        ),
                    )
                elif any(cell.strip() for cell in row):
                    yield line, dict(zip(header, row, strict=False))
        except csv.Error as exc:
            raise ListFormatError(
                f"malformed CSV: {exc}",
                path=path,
                location=f"line {reader.line_num}",
                source_id=source_id,
            ) from exc


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _json_records(path: Path, source_id: str) -> Iterator[tuple[int, Any]]:
    """Objects of a JSON array or a JSON Lines stream, with the line each starts on."""
    with open_text(path) as handle:
        text = handle.read()

    def where(pos: int) -> str:
        line = text.count("\n", 0, pos) + 1
        return f"line {line}, column {pos - text.rfind(chr(10), 0, pos)}"

    def broken(reason: str, pos: int) -> ListFormatError:
        return ListFormatError(
            f"malformed JSON: {reason}", path=path, location=where(pos), source_id=source_id
        )

    decoder = json.JSONDecoder()
    pos = _skip_space(text, 0)
    if pos == len(text):
        raise ListFormatError("file is empty", path=path, source_id=source_id)
    in_array = text[pos] == "["
    if in_array:
        pos = _skip_space(text, pos + 1)
        if text.startswith("]", pos):
            pos = _skip_space(text, pos + 1)
            if pos != len(text):
                raise broken("data after the closing ]", pos)
            return
    line, counted = 1, 0
    while True:
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise broken(exc.msg, exc.pos) from exc
        except RecursionError as exc:  # arrays nested thousands deep
            raise broken("nested too deeply", pos) from exc
        yield line, value
        pos = _skip_space(text, end)
        if not in_array:
            if pos == len(text):
                return
            continue
        if pos == len(text):
            raise broken("the array is not closed with ] (truncated file?)", pos)
        if text[pos] == ",":
            pos = _skip_space(text, pos + 1)
        elif text[pos] == "]":
            pos = _skip_space(text, pos + 1)
            if pos != len(text):
                raise broken("data after the closing ]", pos)
            return
        else:
            raise broken("expected ',' or ']' between records", pos)


def _parse_with(
    reader: Callable[[Path, str], Iterator[tuple[int, Any]]],
    files: Sequence[Path],
    source_id: str,
    issues: IssueLog,
) -> ParsedList:
    designations: list[Designation] = []
    for path in files:
        try:
            designations.extend(_collect(reader(path, source_id), path, source_id, issues))
        except UnicodeDecodeError as exc:
            raise ListFormatError(
                f"not UTF-8 text: {exc.reason} at byte {exc.start}; save the list as UTF-8",
                path=path,
                source_id=source_id,
            ) from exc
    return ParsedList(tuple(designations))


def parse_csv(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Parse internal-list CSV files."""
    return _parse_with(_csv_records, files, source_id, issues)


def parse_json(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Parse internal-list JSON (array) or JSON Lines files."""
    return _parse_with(_json_records, files, source_id, issues)


def _head_text(head: bytes) -> str:
    return head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()


def _sniff_csv(path: Path, head: bytes) -> bool:
    text = _head_text(head)
    if not text or text[0] in "[{<":
        return False
    header = {clean(h).lower() for h in next(csv.reader([text.split("\n", 1)[0]]), [])}
    return {"id", "name"} <= header and "schema" not in header


def _sniff_json(path: Path, head: bytes) -> bool:
    text = _head_text(head)
    pos = 0
    if text.startswith("["):
        pos = _skip_space(text, 1)
    if not text.startswith("{", pos):
        return False
    try:
        first, _ = json.JSONDecoder().raw_decode(text, pos)
    except json.JSONDecodeError:
        return False  # the first record does not fit in the head: not a watch list we know
    keys = {str(k).lower() for k in first} if isinstance(first, dict) else set()
    return {"id", "name"} <= keys and "schema" not in keys


def _default_source(files: Sequence[Path]) -> str:
    return DEFAULT_SOURCE


FORMATS = (
    ListFormat(
        id="internal-csv",
        version="1",
        description="Your own watch list as CSV (see docs/internal-list-format.md)",
        sniff=_sniff_csv,
        parse=parse_csv,
        default_source=_default_source,
    ),
    ListFormat(
        id="internal-json",
        version="1",
        description="Your own watch list as a JSON array or JSON Lines",
        sniff=_sniff_json,
        parse=parse_json,
        default_source=_default_source,
    ),
)
