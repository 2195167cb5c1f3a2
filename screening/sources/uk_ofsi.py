"""UK OFSI Consolidated List of Financial Sanctions Targets, "2022format" (ConList.xlsx / .csv).

The same 36-column layout is published as XLSX (sheet ``Data``) and CSV. Row 1
is ``Last Updated`` + the publication date (``14/04/2025``); row 2 holds the
headers; every later row is one *name variant* of one target, denormalised:
the target's other facts are repeated on each of its rows, and a target with
several birth dates gets one row per name and date. ``Group ID`` is the key,
so one designation ``uk-ofsi:<Group ID>`` is built per group from all its rows,
with repeated facts deduplicated.

Decisions and quirks:

- Names: ``Name 1`` .. ``Name 5`` are given/middle names, ``Name 6`` the
  surname (people) or the whole name (entities, ships). ``Alias Type``
  ``Primary name`` -> primary; ``Primary name variation`` and ``AKA`` -> aka;
  ``FKA`` -> fka. ``Alias Quality`` ``Low quality`` -> low, ``Good quality``
  or blank -> strong (variations of the primary name are strong unless marked).
- ``Name Non-Latin Script`` -> an ``original_script`` name; its language
  (``Non-Latin Script Language``, e.g. ``Persian``) as an ISO 639-1 code.
  The script is detected from the text: the file's ``Non-Latin Script Type``
  is misspelt at times (``Cryillic``).
- Dates are ``dd/mm/yyyy`` with ``00`` for unknown parts, or ``mm/yyyy``, ``yyyy``.
- Multi-valued cells are written ``(1) … (2) …`` (nationality, passports,
  towns of birth, also ``(1) to (6) Algeria (7) Morocco``); passport and
  national id details are paired with their numbers when the counts agree.
- ``Other Information`` packs labelled facts: ``(UK Sanctions List Ref):LIB0072``
  -> ``references``, ``(UN Ref):LYi.004`` -> ``un_reference``,
  ``(Gender):Male`` -> ``gender``, ``(IMO number)``, ``(Email address)``,
  ``(Website)``, ``(Phone number)``, ``(Business Reg No)`` -> identifiers. The
  rest (statement of reasons, parent company, ship details, free text) is kept
  in ``remarks``, as is ``Position``.
- ``Regime`` -> programs; ``Listed On`` -> listed_on.
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
    Gender,
    Identifier,
    IdentifierKind,
    Name,
    NameType,
)
from screening.sources.base import IssueLog, ListFormat, ParsedList, clean, deduplicate
from screening.sources.countries import to_country
from screening.sources.dates import parse_date
from screening.sources.spreadsheet import (
    Cells,
    Row,
    column_map,
    is_xlsx,
    is_zip,
    iter_rows,
    xlsx_text_head,
)
from screening.sources.uk_common import (
    alias_quality,
    entity_kind,
    enumerated,
    imo_number,
    language_code,
    six_part_name,
    uk_birth_dates,
)

SHEET = "Data"
NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_COLUMNS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Group ID")

_ALIAS_TYPES: dict[str, NameType] = {
    "primary name": "primary",
    "primary name variation": "aka",
    "aka": "aka",
    "fka": "fka",
}

_LABELS = (
    "UK Sanctions List Ref",
    "UN Ref",
    "UK Statement of Reasons",
    "Gender",
    "Phone number",
    "Email address",
    "Type of entity",
    "Website",
    "Parent company",
    "Business Reg No",
    "Subsidiaries",
    "IMO number",
    "Flag of ship",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
    "Current owners",
    "Previous flags",
    "Fax",
)
_LABEL = re.compile(r"\((" + "|".join(re.escape(label) for label in _LABELS) + r")\):")
_IDENTIFIER_LABELS: dict[str, IdentifierKind] = {
    "IMO number": "imo",
    "Email address": "email",
    "Website": "website",
    "Phone number": "phone",
    "Business Reg No": "registration",
}
# Labels whose value is one token; what follows it is free text.
_TOKEN_LABELS = ("UK Sanctions List Ref", "UN Ref", "Gender")
_GENDERS: dict[str, Gender] = {"male": "male", "female": "female"}


def _sniff(path: Path, head: bytes) -> bool:
    if is_zip(head):
        if not is_xlsx(path, head):
            return False
        text = xlsx_text_head(path)
        return "Group ID" in text and "Name 6" in text
    lines = head.decode("utf-8-sig", "replace").splitlines()[:3]
    return any("Name 6" in line and "Group ID" in line for line in lines)


def parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """One designation per Group ID across all rows of the given ConList files."""
    published = None
    groups: dict[str, list[Row]] = {}
    columns: dict[str, int] = {}
    for path in files:
        date, columns = _read_file(path, source_id, issues, groups)
        published = published or date
    designations = []
    for group_id, rows in groups.items():
        try:
            designations.append(_designation(group_id, rows, columns, source_id))
        except ValueError as exc:
            issues.report(str(exc), path=files[0], location=rows[0].location, record_id=group_id)
    return ParsedList(tuple(designations), published)


def _read_file(
    path: Path, source_id: str, issues: IssueLog, groups: dict[str, list[Row]]
) -> tuple[dt.date | None, dict[str, int]]:
    published = None
    columns: dict[str, int] | None = None
    for row in iter_rows(path, sheet=SHEET, source_id=source_id):
        if columns is None:
            if clean(row.get(0)).casefold() == "last updated":
                published = parse_date(clean(row.get(1)))
                continue
            columns = column_map(row, REQUIRED, path=path, source_id=source_id)
            continue
        group_id = clean(row.get(columns["Group ID"]))
        if not group_id:
            issues.report("row has no Group ID", path=path, location=row.location)
            continue
        groups.setdefault(group_id, []).append(row)
    if columns is None:
        raise ListFormatError(
            "no header row (expected Name 6 ... Group ID)",
            path=path,
            location="start of file",
            source_id=source_id,
        )
    return published, columns


def _designation(
    group_id: str, rows: Sequence[Row], columns: dict[str, int], source_id: str
) -> Designation:
    cells = [Cells(row, columns) for row in rows]
    kind: EntityKind = next(
        (entity_kind(c["Group Type"]) for c in cells if c["Group Type"]), "unknown"
    )
    names: dict[tuple[str, str], Name] = {}
    titles: list[str] = []
    birth_dates: list[BirthDate] = []
    birth_places: list[str] = []
    nationalities: list[Country] = []
    identifiers: list[Identifier] = []
    addresses: list[Address] = []
    remarks: list[str] = []
    references: list[str] = []
    programs: list[str] = []
    un_reference: str | None = None
    gender: Gender | None = None
    listed_on = None
    for c in cells:
        for name in _names(c, kind):
            names.setdefault((name.full, name.type), name)
        titles.extend(enumerated(c["Title"]))
        birth_dates.extend(uk_birth_dates(c["DOB"]))
        birth_places.extend(_birth_places(c["Town of Birth"], c["Country of Birth"]))
        nationalities.extend(to_country(n) for n in enumerated(c["Nationality"]))
        identifiers.extend(_documents("passport", c["Passport Number"], c["Passport Details"]))
        identifiers.extend(
            _documents(
                "national_id",
                c["National Identification Number"],
                c["National Identification Details"],
            )
        )
        address = _address(c)
        if address is not None:
            addresses.append(address)
        if c["Position"]:
            remarks.append(f"Position: {c['Position']}")
        facts = _other_information(c["Other Information"])
        references.extend(facts.references)
        un_reference = un_reference or facts.un_reference
        gender = gender or facts.gender
        identifiers.extend(facts.identifiers)
        remarks.extend(facts.remarks)
        if c["Regime"]:
            programs.append(c["Regime"])
        listed_on = listed_on or parse_date(c["Listed On"])
    ordered = sorted(names.values(), key=lambda n: n.type != "primary")
    return Designation(
        id=f"{source_id}:{group_id}",
        source_id=source_id,
        kind=kind,
        names=tuple(ordered),
        programs=deduplicate(programs),
        birth_dates=deduplicate([d for d in birth_dates if d.earliest or d.text]),
        birth_places=deduplicate(birth_places),
        nationalities=deduplicate(nationalities),
        identifiers=deduplicate(identifiers),
        addresses=deduplicate(addresses),
        listed_on=listed_on,
        un_reference=un_reference,
        references=deduplicate(references),
        gender=gender,
        titles=deduplicate(titles),
        remarks="\n".join(deduplicate(remarks)),
    )


def _names(c: Cells, kind: EntityKind) -> list[Name]:
    names = []
    name_type = _ALIAS_TYPES.get(c["Alias Type"].casefold(), "aka")
    name = six_part_name(
        [c[column] for column in NAME_COLUMNS],
        kind,
        type=name_type,
        quality=alias_quality(c["Alias Quality"]),
    )
    if name is not None:
        names.append(name)
    original = c["Name Non-Latin Script"]
    if original:
        language = language_code(c["Non-Latin Script Language"])
        names.append(Name(original, "original_script", "strong", language=language))
    return names


def _birth_places(towns_text: str, countries_text: str) -> list[str]:
    towns, countries = enumerated(towns_text), enumerated(countries_text)
    if towns and len(towns) == len(countries):
        return [f"{town}, {country}" for town, country in zip(towns, countries, strict=True)]
    if towns and len(countries) == 1:
        return [f"{town}, {countries[0]}" for town in towns]
    return [*towns, *countries]


def _documents(kind: IdentifierKind, numbers_text: str, details_text: str) -> list[Identifier]:
    numbers = enumerated(numbers_text, keep_placeholders=True)
    details = enumerated(details_text, keep_placeholders=True)
    if len(details) == len(numbers):
        pairs = zip(numbers, details, strict=True)
        return [Identifier(kind, number, note=detail) for number, detail in pairs if number]
    note = clean(details_text)
    return [Identifier(kind, number, note=note) for number in numbers if number]


def _address(c: Cells) -> Address | None:
    lines = tuple(c[column] for column in ADDRESS_COLUMNS if c[column])
    postal_code = c["Post/Zip Code"]
    country = c["Country"]
    if not (lines or postal_code or country):
        return None
    return Address(lines, postal_code=postal_code, country=to_country(country) if country else None)


class _Facts:
    def __init__(self) -> None:
        self.references: list[str] = []
        self.un_reference: str | None = None
        self.gender: Gender | None = None
        self.identifiers: list[Identifier] = []
        self.remarks: list[str] = []


def _other_information(text: str) -> _Facts:
    """Labelled facts out of ``Other Information``; everything unlabelled stays a remark."""
    facts = _Facts()
    pieces = _LABEL.split(text)
    free = [pieces[0].strip()]
    for label, value in zip(pieces[1::2], pieces[2::2], strict=True):
        value = value.strip()
        if label in _TOKEN_LABELS:
            token, _, rest = value.partition(" ")
            token = token.rstrip(".;,")
            free.append(rest.strip())
            if label == "UK Sanctions List Ref" and token:
                facts.references.append(token)
            elif label == "UN Ref" and token:
                facts.un_reference = token
            elif label == "Gender":
                facts.gender = _GENDERS.get(token.casefold())
        elif label in _IDENTIFIER_LABELS:
            kind = _IDENTIFIER_LABELS[label]
            for number in enumerated(value):
                number = imo_number(number) if kind == "imo" else number
                facts.identifiers.append(Identifier(kind, number))
        else:
            facts.remarks.append(f"{label}: {value.rstrip('. ')}")
    facts.remarks[:0] = [p for p in free if p]
    return facts


FORMATS = (
    ListFormat(
        id="uk-ofsi",
        version="2022format",
        description="UK OFSI Consolidated List, 2022 format (ConList.xlsx or ConList.csv)",
        sniff=_sniff,
        parse=parse,
        default_source=lambda files: "uk-ofsi",
    ),
)
