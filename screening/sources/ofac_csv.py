"""OFAC legacy CSV files: ``sdn.csv`` + ``alt.csv`` + ``add.csv`` + ``sdn_comments.csv``.

The same layout serves the non-SDN list (``cons_prim.csv`` + ``cons_alt.csv`` +
``cons_add.csv`` + ``cons_comments.csv``). Format as published by OFAC since the
1990s and still in 2025; quirks:

- no header row; CRLF line ends; ASCII; the last line is a lone 0x1A (DOS
  end-of-file) byte, absent from some copies;
- the null marker is the unquoted literal ``-0- `` (with a trailing space);
  other cells are quoted;
- main file columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
  Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. Entities have
  SDN_Type ``-0- ``; individuals are written ``LAST, First``; Program is
  multi-valued, joined by ``] [`` without outer brackets (``NPWMD] [IFSR``);
- ``alt.csv`` (ent_num, alt_num, aka|fka|nka, name, remarks) holds the strong
  aliases; weak aliases are only in Remarks (see `ofac_remarks`);
- ``add.csv`` (ent_num, add_num, address, city/state/postal, country, remarks);
- ``sdn_comments.csv`` (ent_num, text) continues Remarks cells that overflowed,
  cut anywhere, even mid-word, so the text is appended without a separator.

There is no publication date and no listing date in any of the files.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from screening.errors import ListFormatError
from screening.model import Address, Designation, EntityKind, Name, NamePart, NameType
from screening.sources.base import IssueLog, ListFormat, ParsedList, deduplicate
from screening.sources.countries import to_country
from screening.sources.ofac_remarks import parse_remarks, vessel_facts

Role = Literal["main", "alt", "add", "comments"]

_COLUMNS: dict[Role, int] = {"main": 12, "alt": 5, "add": 6, "comments": 2}
_FAMILIES: dict[str, dict[Role, str]] = {
    "sdn": {"main": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"},
    "cons": {
        "main": "cons_prim.csv",
        "alt": "cons_alt.csv",
        "add": "cons_add.csv",
        "comments": "cons_comments.csv",
    },
}
_ROLE_BY_NAME: dict[str, tuple[str, Role]] = {
    file_name: (family, role)
    for family, names in _FAMILIES.items()
    for role, file_name in names.items()
}

# First-line shapes of the four files; cells are either quoted or the null marker.
_CELL = r'(?:-0- |"(?:[^"]|"")*")'
_FIRST_LINE: dict[Role, re.Pattern[str]] = {
    "main": re.compile(rf'^\d+,{_CELL},(?:-0- |"[a-z]+"),{_CELL}(?:,{_CELL}){{8}}\r?$'),
    "alt": re.compile(rf'^\d+,\d+,"(?:aka|fka|nka)",{_CELL},{_CELL}\r?$'),
    "add": re.compile(rf"^\d+,\d+,{_CELL}(?:,{_CELL}){{3}}\r?$"),
    "comments": re.compile(r'^\d+,"(?:[^"]|"")*"?\r?$'),
}

_KINDS: dict[str, EntityKind] = {
    "individual": "person",
    "": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_ALIAS_TYPES: dict[str, NameType] = {"aka": "aka", "fka": "fka", "nka": "nka"}
_EOF = "\x1a"


def _content_role(head: bytes) -> Role | None:
    first = head.split(b"\n", 1)[0].decode("latin-1")
    for role, pattern in _FIRST_LINE.items():
        if pattern.match(first):
            return role
    return None


def _role(path: Path) -> tuple[str | None, Role | None]:
    """(family, role) by the official file name, else by the first line."""
    known = _ROLE_BY_NAME.get(path.name.lower())
    if known is not None:
        return known
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise ListFormatError(f"cannot read file: {exc.strerror}", path=path) from exc
    return None, _content_role(head)


def _sniff(path: Path, head: bytes) -> bool:
    return _content_role(head) is not None


def _sibling(folder: Path, name: str) -> Path | None:
    """The file called ``name`` in ``folder``, in any letter case (OFAC serves SDN.CSV too)."""
    exact = folder / name
    if exact.is_file():
        return exact
    for candidate in sorted(folder.iterdir()) if folder.is_dir() else ():
        if candidate.name.lower() == name and candidate.is_file():
            return candidate
    return None


def _companions(path: Path) -> list[Path]:
    family, role = _role(path)
    folder = path.parent
    if role == "main":
        if family is None:
            return [path]
        siblings = [
            _sibling(folder, name) for other, name in _FAMILIES[family].items() if other != "main"
        ]
        return [path, *(s for s in siblings if s is not None)]
    mains = [_FAMILIES[family]["main"]] if family else [f["main"] for f in _FAMILIES.values()]
    if any(_sibling(folder, main) is not None for main in mains):
        return []  # the main file in the same folder claims this one
    wanted = " or ".join(mains)
    raise ListFormatError(
        f"this is a companion file of OFAC's CSV set; load the main file {wanted} "
        f"(with this file next to it), which is not in {folder}",
        path=path,
    )


def _default_source(files: Sequence[Path]) -> str:
    main = files[0].name.lower() if files else ""
    return "us-ofac-cons" if main.startswith("cons") else "us-ofac-sdn"


def _read_rows(path: Path, source_id: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row; whole-file problems raise `ListFormatError`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(
            f"cannot read file: {exc.strerror}", path=path, source_id=source_id
        ) from exc
    body = data.rstrip(b"\x1a")
    if not body.replace(b"\xef\xbb\xbf", b"").strip():  # nothing but byte order marks
        raise ListFormatError("file is empty", path=path, location="line 1", source_id=source_id)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ListFormatError(
            f"byte 0x{data[exc.start]:02x} is neither ASCII nor UTF-8; OFAC's CSV files are "
            "ASCII, so this is another file or a damaged copy: download it again",
            path=path,
            location=f"line {line}",
            source_id=source_id,
        ) from exc
    if not text.endswith("\n"):
        line = text.count("\n") + 1
        raise ListFormatError(
            "the file ends in the middle of a line (truncated download?); download it again",
            path=path,
            location=f"line {line}",
            source_id=source_id,
        )
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            if cells and any(c.strip(_EOF + " ") for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ListFormatError(
            f"unreadable CSV: {exc}", path=path, location=f"line {line}", source_id=source_id
        ) from exc
    return rows


def _value(cell: str) -> str:
    value = cell.strip()
    return "" if value == "-0-" else value


def _name_parts(full: str, kind: EntityKind) -> tuple[NamePart, ...]:
    if kind != "person" or "," not in full:
        return ()
    family, given = (part.strip() for part in full.split(",", 1))
    parts = [NamePart("family", family)] if family else []
    if given:
        parts.append(NamePart("given", given))
    return tuple(parts)


def _programs(cell: str) -> tuple[str, ...]:
    value = _value(cell).strip("[] ")
    return tuple(p.strip() for p in value.split("] [") if p.strip()) if value else ()


class _Entry:
    """What the four files say about one ent_num, gathered before building the designation."""

    def __init__(self, line: int, cells: list[str]) -> None:
        self.line = line
        self.cells = cells
        self.aliases: list[tuple[NameType, str]] = []
        self.addresses: list[Address] = []
        self.comments: list[str] = []


def _parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    by_role: dict[Role, Path] = {}
    for path in files:
        _family, role = _role(path)
        if role is None:
            raise ListFormatError(
                "not a file of OFAC's CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv)",
                path=path,
                location="line 1",
                source_id=source_id,
            )
        if role in by_role:
            raise ListFormatError(
                f"two {role} files given: {by_role[role].name} and {path.name}",
                path=path,
                source_id=source_id,
            )
        by_role[role] = path
    main = by_role.get("main")
    if main is None:
        raise ListFormatError(
            "OFAC's CSV set needs its main file (sdn.csv or cons_prim.csv)",
            path=files[0] if files else None,
            source_id=source_id,
        )
    entries = _read_main(main, source_id, issues)
    for role in ("alt", "add", "comments"):
        if role in by_role:
            _read_companion(by_role[role], role, entries, source_id, issues)
    designations = []
    for ent_num, entry in entries.items():
        designation = _designation(ent_num, entry, source_id, main, issues)
        if designation is not None:
            designations.append(designation)
    return ParsedList(tuple(designations), published=None)


def _report_ragged(path: Path, role: Role, line: int, cells: list[str], issues: IssueLog) -> bool:
    if len(cells) == _COLUMNS[role]:
        return False
    issues.report(
        f"expected {_COLUMNS[role]} columns, found {len(cells)}",
        path=path,
        location=f"line {line}",
        record_id=cells[0].strip() or None,
    )
    return True


def _read_main(path: Path, source_id: str, issues: IssueLog) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for line, cells in _read_rows(path, source_id):
        if _report_ragged(path, "main", line, cells, issues):
            continue
        ent_num = cells[0].strip()
        if not ent_num.isdigit():
            issues.report(
                f"ent_num {ent_num!r} is not a number", path=path, location=f"line {line}"
            )
        elif ent_num in entries:
            issues.report(
                f"ent_num {ent_num} listed twice (first on line {entries[ent_num].line})",
                path=path,
                location=f"line {line}",
                record_id=ent_num,
            )
        else:
            entries[ent_num] = _Entry(line, cells)
    return entries


def _read_companion(
    path: Path, role: Role, entries: dict[str, _Entry], source_id: str, issues: IssueLog
) -> None:
    for line, cells in _read_rows(path, source_id):
        if _report_ragged(path, role, line, cells, issues):
            continue
        ent_num = cells[0].strip()
        entry = entries.get(ent_num)
        if entry is None:
            issues.report(
                f"refers to ent_num {ent_num!r}, which the main file does not list",
                path=path,
                location=f"line {line}",
                record_id=ent_num or None,
            )
            continue
        if role == "comments":
            entry.comments.append(cells[1])
        elif role == "alt":
            alias_type = _ALIAS_TYPES.get(_value(cells[2]).lower())
            name = _value(cells[3])
            if alias_type is None or not name:
                issues.report(
                    f"alias type {cells[2]!r} or name {cells[3]!r} unreadable",
                    path=path,
                    location=f"line {line}",
                    record_id=ent_num,
                )
                continue
            entry.aliases.append((alias_type, name))
        else:
            address = _address(cells)
            if address is not None:
                entry.addresses.append(address)


def _address(cells: list[str]) -> Address | None:
    street, city, country, note = (_value(c) for c in cells[2:6])
    if not (street or city or country or note):
        return None
    lines = tuple(p for p in (street, note) if p)
    return Address(lines=lines, city=city, country=to_country(country) if country else None)


def _designation(
    ent_num: str, entry: _Entry, source_id: str, path: Path, issues: IssueLog
) -> Designation | None:
    cells = [_value(c) for c in entry.cells]
    full, sdn_type = cells[1], cells[2].lower()
    if not full:
        issues.report(
            "entry has no name", path=path, location=f"line {entry.line}", record_id=ent_num
        )
        return None
    kind = _KINDS.get(sdn_type, "unknown")
    remarks = cells[11] + "".join(entry.comments)
    facts = parse_remarks(remarks)
    vessel = vessel_facts(
        call_sign=cells[5],
        vessel_type=cells[6],
        tonnage=cells[7],
        gross_tonnage=cells[8],
        flag=cells[9],
        owner=cells[10],
    )
    names = [Name(full, parts=_name_parts(full, kind))]
    names.extend(Name(alias, type=t, parts=_name_parts(alias, kind)) for t, alias in entry.aliases)
    names.extend(facts.names)
    text = "; ".join(p for p in (*vessel.statements, facts.text) if p)
    return Designation(
        id=f"{source_id}:{ent_num}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=_programs(entry.cells[3]),
        birth_dates=facts.birth_dates,
        birth_places=facts.birth_places,
        nationalities=deduplicate(facts.nationalities),
        citizenships=deduplicate(facts.citizenships),
        identifiers=deduplicate([*vessel.identifiers, *facts.identifiers]),
        addresses=tuple(entry.addresses),
        gender=facts.gender,
        titles=(cells[4],) if cells[4] else (),
        related=deduplicate([*facts.related, *vessel.related]),
        remarks=text,
    )


FORMAT = ListFormat(
    id="ofac-csv",
    version="OFAC legacy CSV (sdn.csv / cons_prim.csv sets, 2021-2025)",
    description="OFAC SDN or non-SDN legacy CSV set: main file + alt, add, comments",
    sniff=_sniff,
    parse=_parse,
    default_source=_default_source,
    companions=_companions,
)
FORMATS: tuple[ListFormat, ...] = (FORMAT,)
