"""Australia DFAT Consolidated List (``regulation8_consolidated.xlsx``, one sheet).

Columns: Reference, Name of Individual or Entity, Type, Name Type, Date of
Birth, Place of Birth, Citizenship, Address, Additional Information, Listing
Information, Committees, Control Date. One row per name: the primary row has
the bare reference (``1235``, an int cell, sometimes text), its aliases and
original-script names add letters (``1235a``, ``1235b``, even ``34c1``). All
rows sharing the leading number form one designation ``au-dfat:<number>``;
the other facts are repeated on every row and deduplicated.

Decisions and quirks:

- ``Name Type`` casing and trailing spaces vary (``Primary Name ``, ``aka``,
  ``Aka``, ``Original script``): compared case-insensitively. ``Formerly known
  as`` and ``Previously listed as`` -> fka; blank -> aka.
- Names are kept exactly as written, including the U+2011 non-breaking
  hyphens of 13 names (``SAIF AL‑ARAB QADHAFI``): folding them is the
  normaliser's job. DFAT does not split names into parts; entity names get one
  ``whole`` part.
- ``Date of Birth`` is an Excel date, an int year or free text such as
  ``a) 1976 b) 5 Feb. 1974``, ``Approximately 1955- 1958``, ``12/05/1968; alt
  DOB: 12/05/1969``; unreadable text is kept as text. Excel dates are taken as
  exact, though some are likely year-only dates stored as 1 January.
- ``Committees`` -> programs (``1970 (Libya)`` is the UN committee,
  ``Autonomous (Libya)`` Australia's own regime); a cell naming two committees
  is split.
- ``listed_on`` is the first date after "Listed"/"Designated" in Listing
  Information; ``Control Date`` is a last-changed date and is not used.
- ``un_reference`` is set only when the text labels the entry's own UN
  reference (``UN Ref: QDi.123``). The bare references in the text
  (``Leader of Al-Qaida (QDe.004)``) name *other* designations, so they are
  not taken; in the 2024-12 file no row labels its own reference.
- Additional Information and Listing Information go to ``remarks``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from screening.errors import ListFormatError
from screening.model import (
    Address,
    BirthDate,
    Country,
    Designation,
    EntityKind,
    Name,
    NamePart,
    NameType,
)
from screening.sources.base import IssueLog, ListFormat, ParsedList, clean, deduplicate
from screening.sources.countries import country_code, to_country
from screening.sources.dates import parse_birth_dates, parse_partial_date
from screening.sources.spreadsheet import (
    Cells,
    column_map,
    is_xlsx,
    iter_rows,
    xlsx_text_head,
)

NAME = "Name of Individual or Entity"
REQUIRED = ("Reference", NAME, "Name Type")

_NAME_TYPES: dict[str, NameType] = {
    "primary name": "primary",
    "aka": "aka",
    "original script": "original_script",
    "formerly known as": "fka",
    "previously listed as": "fka",
}
_KINDS: dict[str, EntityKind] = {"individual": "person", "entity": "organization"}
_REFERENCE = re.compile(r"^\s*(\d+)")
_ENUMERATED = re.compile(r"(?:^|\s)[a-z]\)\s*")
_NONE = {"", "na", "n/a", "-", "unknown"}
_YEAR_RANGE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_ALT_DOB = re.compile(r"\balt(?:ernative)?\.?\s*DOB\s*:?\s*", re.IGNORECASE)
_SEMICOLON_BEFORE_ITEM = re.compile(r"[;,]\s*(?=[a-z]\)\s)|[;,]\s*$")
_COMMITTEE_SPLIT = re.compile(r"(?<=\))\s+(?=\d|Autonomous)")
_LISTED = re.compile(
    r"\b(?:listed|designated)\b(?:[^.;]*?\bon)?:?\s+(\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4})",
    re.IGNORECASE,
)
_OWN_UN_REFERENCE = re.compile(
    r"\bUN\s+Ref(?:erence)?(?:\s+(?:No\.?|number))?\s*[:.]?\s*([A-Z]{2}[ie]\.\d{3})\b"
)


def _sniff(path: Path, head: bytes) -> bool:
    if not is_xlsx(path, head):
        return False
    text = xlsx_text_head(path)
    return NAME in text and "Committees" in text


def parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """One designation per base reference number."""
    groups: dict[str, list[Cells]] = {}
    for path in files:
        _read_file(path, source_id, issues, groups)
    designations = []
    for reference, rows in groups.items():
        try:
            designations.append(_designation(reference, rows, source_id))
        except ValueError as exc:
            issues.report(
                str(exc), path=files[0], location=rows[0].row.location, record_id=reference
            )
    return ParsedList(tuple(designations), None)


def _read_file(
    path: Path, source_id: str, issues: IssueLog, groups: dict[str, list[Cells]]
) -> None:
    columns: dict[str, int] | None = None
    for row in iter_rows(path, source_id=source_id):
        if columns is None:
            columns = column_map(row, REQUIRED, path=path, source_id=source_id)
            continue
        cells = Cells(row, columns)
        match = _REFERENCE.match(cells["Reference"])
        if match is None:
            issues.report(
                f"unreadable Reference {cells['Reference']!r}; row skipped",
                path=path,
                location=row.location,
            )
            continue
        groups.setdefault(match[1], []).append(cells)
    if columns is None:
        raise ListFormatError(
            "no header row (expected Reference, Name of Individual or Entity ...)",
            path=path,
            location="start of file",
            source_id=source_id,
        )


def _designation(reference: str, rows: Sequence[Cells], source_id: str) -> Designation:
    primary = next((c for c in rows if _name_type(c) == "primary"), rows[0])
    kind = _KINDS.get(primary["Type"].casefold(), "unknown")
    names: list[Name] = []
    birth_dates: list[BirthDate] = []
    birth_places: list[str] = []
    citizenships: list[Country] = []
    addresses: list[Address] = []
    programs: list[str] = []
    remarks: list[str] = []
    for cells in rows:
        full = cells[NAME]
        if full:
            name_type = _name_type(cells)
            parts = (NamePart("whole", full),) if kind == "organization" else ()
            names.append(Name(full, name_type, "strong", parts))
        birth_dates.extend(_birth_dates(cells["Date of Birth"]))
        birth_places.extend(_enumerated(cells["Place of Birth"]))
        citizenships.extend(to_country(c) for c in _enumerated(cells["Citizenship"]))
        addresses.extend(_address(text) for text in _enumerated(cells["Address"]))
        programs.extend(_COMMITTEE_SPLIT.split(cells["Committees"]) if cells["Committees"] else [])
        remarks.extend((cells["Additional Information"], cells["Listing Information"]))
    names.sort(key=lambda n: n.type != "primary")
    text = " ".join(deduplicate(remarks))
    own_reference = _OWN_UN_REFERENCE.search(text)
    return Designation(
        id=f"{source_id}:{reference}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=deduplicate([clean(p) for p in programs if clean(p)]),
        birth_dates=deduplicate(birth_dates),
        birth_places=deduplicate(birth_places),
        citizenships=deduplicate(citizenships),
        addresses=deduplicate(addresses),
        listed_on=_listed_on(primary["Listing Information"]),
        un_reference=own_reference[1] if own_reference else None,
        remarks="\n".join(r for r in deduplicate(remarks) if r),
    )


def _name_type(cells: Cells) -> NameType:
    return _NAME_TYPES.get(cells["Name Type"].casefold(), "aka")


def _enumerated(text: str) -> list[str]:
    """Values of an ``a) … b) …`` cell; ``NA`` and blanks mean none."""
    pieces = _ENUMERATED.split(text) if _ENUMERATED.search(text) else [text]
    values = [clean(p).rstrip(".;,").strip() for p in pieces]
    return [v for v in values if v.casefold() not in _NONE]


def _birth_dates(text: str) -> list[BirthDate]:
    if text.casefold() in _NONE:
        return []
    value = _YEAR_RANGE.sub(r"\1 - \2", _ALT_DOB.sub("", text)).replace(">>", ";")
    value = _SEMICOLON_BEFORE_ITEM.sub(" ", value)
    return parse_birth_dates(value)


def _address(text: str) -> Address:
    """A free-text address; its last comma-separated part is the country when it resolves."""
    last = text.rsplit(",", 1)[-1].strip()
    country = to_country(last) if country_code(last) else None
    return Address((text,), country=country)


def _listed_on(text: str) -> dt.date | None:
    match = _LISTED.search(clean(text))
    if match is None:
        return None
    date = parse_partial_date(match[1].replace(",", ""))
    if date is None or date.month is None or date.day is None:
        return None
    return dt.date(date.year, date.month, date.day)


FORMATS = (
    ListFormat(
        id="au-dfat-xlsx",
        version="consolidated-list-2024",
        description="Australia DFAT Consolidated List (XLSX)",
        sniff=_sniff,
        parse=parse,
        default_source=lambda files: "au-dfat",
    ),
)
