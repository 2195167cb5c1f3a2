"""OpenSanctions exports: FollowTheMoney entities (NDJSON) and ``targets.simple.csv``.

Formats: the FollowTheMoney 3.x entity stream published as ``entities.ftm.json``
(one JSON entity per line: ``id``, ``caption``, ``schema``, ``properties``,
``referents``, ``datasets``, ``first_seen``, ``last_seen``, ``last_change``,
``target``) and the 15-column ``targets.simple.csv`` table.

Quirks and the decisions taken for them:

- Only targets are designations: ``target: true``, or, when the flag is absent,
  the schemata Person, Organization, Company, LegalEntity, Vessel and Airplane.
  Other entities are read where they link to a target (Sanction ``entity`` gives
  programs, authority, listing date and UN reference; Address ``addressEntity``
  gives addresses; Identification/Passport ``holder`` gives documents;
  Ownership, Family, Directorship ... give ``related``) and otherwise counted
  and skipped, with the counts logged.
- FtM has no primary name: every ``name`` value ranks the same (often the same
  name in several languages). The ``caption``, OpenSanctions' display name, is
  the primary name; other ``name`` values and ``alias`` are strong a.k.a.,
  ``weakAlias`` weak a.k.a., ``previousName`` f.k.a.
- Name parts (``firstName``, ``lastName`` ...) are loose sets of values not tied
  to a name; a part is attached to each name it occurs in as whole words.
- ``country`` (the entity's linked country: registration for companies,
  residence or nationality for people) is added to ``nationalities`` after the
  explicit ``nationality`` values, so country evidence is not lost.
- No publication date is stated; the latest ``last_seen`` (the export run) is used.
- ``referents`` (the source lists' own ids, ``ofac-32733``) become ``references``;
  ``datasets``, ``notes`` and ``position`` go to ``remarks``.
- In ``targets.simple.csv`` a multi-valued cell is itself a ``;``-delimited CSV
  row: a value containing ``;`` is quoted (``"a; b"``). Its ``identifiers``
  column carries no type, so those identifiers are of kind ``other``; its
  ``sanctions`` column (program summaries) becomes ``programs``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

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
    NamePart,
    NamePartKind,
    NameQuality,
    NameType,
)
from screening.sources.base import IssueLog, ListFormat, ParsedList, clean, deduplicate, open_text
from screening.sources.countries import to_country
from screening.sources.dates import parse_birth_date, parse_date

log = logging.getLogger("screening")

DEFAULT_SOURCE = "opensanctions"

_KINDS: dict[str, EntityKind] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "PublicBody": "organization",
    "LegalEntity": "unknown",  # FtM's parent of Person and Organization: the source did not say
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
_DEFAULT_TARGETS = frozenset(
    ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")
)

_PART_PROPS: tuple[tuple[str, NamePartKind], ...] = (
    ("firstName", "given"),
    ("secondName", "middle"),
    ("middleName", "middle"),
    ("fatherName", "patronymic"),
    ("motherName", "matronymic"),
    ("lastName", "family"),
)

_IDENTIFIER_PROPS: tuple[tuple[str, IdentifierKind], ...] = (
    ("passportNumber", "passport"),
    ("idNumber", "national_id"),
    ("taxNumber", "tax_id"),
    ("innCode", "tax_id"),
    ("vatCode", "tax_id"),
    ("registrationNumber", "registration"),
    ("ogrnCode", "registration"),
    ("leiCode", "registration"),
    ("okpoCode", "registration"),
    ("imoNumber", "imo"),
    ("mmsi", "mmsi"),
    ("swiftBic", "swift_bic"),
    ("publicKey", "digital_currency"),
    ("email", "email"),
    ("website", "website"),
    ("phone", "phone"),
)

# Relationship schemata and their two entity-reference properties.
_LINKS: dict[str, tuple[str, str]] = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
    "Employment": ("employee", "employer"),
    "Representation": ("agent", "client"),
    "Succession": ("predecessor", "successor"),
    "UnknownLink": ("subject", "object"),
}

_SIMPLE_REQUIRED = ("id", "schema", "name")


def _values(properties: Mapping[str, Any], key: str) -> list[str]:
    """The cleaned non-empty string values of one FtM property."""
    raw = properties.get(key)
    if not isinstance(raw, list):
        return []
    return [value for value in (clean(v) for v in raw if isinstance(v, str)) if value]


def _attach_parts(full: str, parts: Sequence[tuple[NamePartKind, str]]) -> tuple[NamePart, ...]:
    """The parts that occur in ``full`` as whole words, in the order they occur."""
    found: dict[int, NamePart] = {}
    for kind, value in parts:
        match = re.search(rf"(?<!\w){re.escape(value)}(?!\w)", full, re.IGNORECASE)
        if match and match.start() not in found:
            found[match.start()] = NamePart(kind, match.group(0))  # the name's own spelling
    return tuple(found[position] for position in sorted(found))


def _ftm_names(entity: Mapping[str, Any], properties: Mapping[str, Any]) -> list[Name]:
    parts = [(kind, value) for key, kind in _PART_PROPS for value in _values(properties, key)]
    listed = _values(properties, "name")
    if not listed:
        composed = " ".join(
            value
            for key in ("firstName", "secondName", "middleName", "fatherName", "lastName")
            for value in _values(properties, key)[:1]
        )
        listed = [composed] if composed else []
    caption = clean(entity.get("caption"))
    primary = caption if caption in listed or not listed else listed[0]
    typed: dict[str, tuple[NameType, NameQuality]] = {}
    if primary:
        typed[primary] = ("primary", "strong")
    for value in listed:
        typed.setdefault(value, ("aka", "strong"))
    others: tuple[tuple[str, NameType, NameQuality], ...] = (
        ("alias", "aka", "strong"),
        ("weakAlias", "aka", "weak"),
        ("previousName", "fka", "strong"),
    )
    for key, name_type, quality in others:
        for value in _values(properties, key):
            typed.setdefault(value, (name_type, quality))
    return [
        Name(full, type=name_type, quality=quality, parts=_attach_parts(full, parts))
        for full, (name_type, quality) in typed.items()
    ]


def _identifier_kind(label: str, schema: str) -> IdentifierKind:
    text = label.lower()
    if schema == "Passport" or "passport" in text:
        return "passport"
    if "tax" in text or text == "inn":
        return "tax_id"
    if "national" in text or "id card" in text or "identity" in text:
        return "national_id"
    if "registration" in text or "ogrn" in text:
        return "registration"
    return "other"


def _ftm_address(properties: Mapping[str, Any]) -> Address:
    streets = [*_values(properties, "street"), *_values(properties, "street2")]
    city = ", ".join(_values(properties, "city"))
    region = ", ".join(_values(properties, "state") or _values(properties, "region"))
    postal = ", ".join(_values(properties, "postalCode"))
    countries = _values(properties, "country")
    full = _values(properties, "full")
    lines = tuple(streets) if streets else tuple(full[:1]) if not (city or postal) else ()
    return Address(
        lines=lines,
        city=city,
        region=region,
        postal_code=postal,
        country=to_country(countries[0]) if countries else None,
    )


class _FtmLinks:
    """What non-target entities contribute to targets, keyed by the target's id."""

    def __init__(self) -> None:
        self.addresses: dict[str, Address] = {}
        self.sanctions: defaultdict[str, list[Mapping[str, Any]]] = defaultdict(list)
        self.identifiers: defaultdict[str, list[Identifier]] = defaultdict(list)
        self.related: defaultdict[str, list[str]] = defaultdict(list)
        self.skipped: Counter[str] = Counter()

    def add(self, entity: Mapping[str, Any], schema: str, properties: Mapping[str, Any]) -> None:
        if schema == "Address":
            address = _ftm_address(properties)
            for key in (entity["id"], *entity.get("referents", ())):
                self.addresses[str(key)] = address
        elif schema == "Sanction":
            for target in _values(properties, "entity"):
                self.sanctions[target].append(properties)
        elif schema in ("Identification", "Passport"):
            label = ", ".join(_values(properties, "type")) or schema
            countries = _values(properties, "country")
            for number in _values(properties, "number"):
                identifier = Identifier(
                    _identifier_kind(label, schema),
                    number,
                    country=to_country(countries[0]) if countries else None,
                    label=label,
                )
                for holder in _values(properties, "holder"):
                    self.identifiers[holder].append(identifier)
        elif schema in _LINKS:
            left, right = _LINKS[schema]
            for a in _values(properties, left):
                for b in _values(properties, right):
                    self.related[a].append(b)
                    self.related[b].append(a)
        else:
            self.skipped[schema] += 1


def _iter_ndjson(path: Path, source_id: str) -> Iterator[tuple[int, Any]]:
    """(line number, decoded value) per non-blank line; a bad line breaks the file."""
    with open_text(path) as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ListFormatError(
                        f"malformed JSON (truncated download?): {exc.msg}",
                        path=path,
                        location=f"line {number}, column {exc.colno}",
                        source_id=source_id,
                    ) from exc
                except RecursionError as exc:  # arrays nested thousands deep
                    raise ListFormatError(
                        "JSON nested too deeply",
                        path=path,
                        location=f"line {number}",
                        source_id=source_id,
                    ) from exc
        except UnicodeDecodeError as exc:
            raise ListFormatError(
                f"not UTF-8 text: {exc.reason} at byte {exc.start}", path=path, source_id=source_id
            ) from exc


def _is_target(entity: Mapping[str, Any], schema: str) -> bool:
    flag = entity.get("target")
    if isinstance(flag, bool):
        return flag
    return schema in _DEFAULT_TARGETS


def _latest(values: Sequence[str]) -> dt.date | None:
    dates = [d for d in (parse_date(v[:10]) for v in values if v) if d is not None]
    return max(dates) if dates else None


def _countries(values: Sequence[str]) -> tuple[Country, ...]:
    countries: dict[str, Country] = {}
    for value in values:
        country = to_country(value)
        countries.setdefault(country.code or value.lower(), country)
    return tuple(countries.values())


def _build_ftm(
    source_id: str,
    entity: Mapping[str, Any],
    schema: str,
    names: Sequence[Name],
    links: _FtmLinks,
    targets: set[str],
) -> Designation:
    properties: Mapping[str, Any] = entity["properties"]
    entity_id = str(entity["id"])

    def values(key: str) -> list[str]:
        return _values(properties, key)

    sanctions = links.sanctions.get(entity_id, [])
    programs = [
        *values("programId"),
        *values("program"),
        *(p for s in sanctions for p in (*_values(s, "programId"), *_values(s, "program"))),
    ]
    authorities = deduplicate([a for s in sanctions for a in _values(s, "authority")])
    if not programs:
        programs = list(authorities)
    listing_dates = [
        date
        for s in sanctions
        for key in ("listingDate", "startDate")
        for date in (parse_date(v[:10]) for v in _values(s, key))
        if date is not None
    ]
    un_references = [*values("unscId"), *(u for s in sanctions for u in _values(s, "unscId"))]
    identifiers = [
        Identifier(kind, number, label=key)
        for key, kind in _IDENTIFIER_PROPS
        for number in values(key)
    ]
    identifiers.extend(links.identifiers.get(entity_id, []))
    addresses = [Address(lines=(full,)) for full in values("address")]
    addresses.extend(
        links.addresses[ref] for ref in values("addressEntity") if ref in links.addresses
    )
    genders = values("gender")
    gender: Gender | None = (
        "male" if "male" in genders else "female" if "female" in genders else None
    )
    datasets = [clean(d) for d in entity.get("datasets", ()) if isinstance(d, str)]
    remarks = [
        *values("notes"),
        *(f"Position: {p}" for p in values("position")),
        *(f"Sanctioned by: {a}" for a in authorities),
        *([f"Datasets: {', '.join(datasets)}"] if datasets else []),
    ]
    return Designation(
        id=f"{source_id}:{entity_id}",
        source_id=source_id,
        kind=_KINDS.get(schema, "unknown"),
        names=tuple(names),
        programs=deduplicate(programs),
        birth_dates=deduplicate([parse_birth_date(v) for v in values("birthDate")]),
        birth_places=deduplicate(values("birthPlace")),
        nationalities=_countries([*values("nationality"), *values("country")]),
        citizenships=_countries(values("citizenship")),
        identifiers=deduplicate(identifiers),
        addresses=deduplicate(addresses),
        listed_on=min(listing_dates) if listing_dates else None,
        un_reference=un_references[0] if un_references else None,
        references=deduplicate(
            [clean(r) for r in entity.get("referents", ()) if isinstance(r, str)]
        ),
        gender=gender,
        titles=deduplicate(values("title")),
        related=deduplicate(
            [
                f"{source_id}:{other}"
                for other in links.related.get(entity_id, [])
                if other in targets
            ]
        ),
        remarks="; ".join(deduplicate(remarks)),
    )


def parse_ftm(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Parse FollowTheMoney NDJSON files: targets become designations, the rest link to them."""
    links = _FtmLinks()
    pending: list[tuple[Path, int, Mapping[str, Any], str]] = []
    last_seen: list[str] = []
    read = 0
    for path in files:
        for number, entity in _iter_ndjson(path, source_id):
            read += 1
            location = f"line {number}"
            if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
                issues.report("not an entity object with an id", path=path, location=location)
                continue
            schema = entity.get("schema")
            properties = entity.get("properties")
            if not isinstance(schema, str) or not isinstance(properties, dict):
                issues.report(
                    "entity lacks a schema or properties",
                    path=path,
                    location=location,
                    record_id=entity["id"],
                )
                continue
            if isinstance(entity.get("last_seen"), str):
                last_seen.append(entity["last_seen"])
            if _is_target(entity, schema):
                pending.append((path, number, entity, schema))
            else:
                links.add(entity, schema, properties)
    if not read:
        raise ListFormatError("no entities in file", path=files[0], source_id=source_id)
    targets = {str(entity["id"]) for _, _, entity, _ in pending}
    designations: list[Designation] = []
    seen: set[str] = set()
    for path, number, entity, schema in pending:
        location = f"line {number}"
        if entity["id"] in seen:
            issues.report(
                "entity id occurs twice", path=path, location=location, record_id=entity["id"]
            )
            continue
        seen.add(entity["id"])
        names = _ftm_names(entity, entity["properties"])
        if not names:
            issues.report(
                "target entity has no name", path=path, location=location, record_id=entity["id"]
            )
            continue
        designations.append(_build_ftm(source_id, entity, schema, names, links, targets))
    if links.skipped:
        log.info(
            "%s: skipped non-target entities without a link we use: %s",
            source_id,
            ", ".join(f"{schema} {count}" for schema, count in sorted(links.skipped.items())),
        )
    return ParsedList(tuple(designations), published=_latest(last_seen))


def _split(cell: str | None) -> list[str]:
    """A ``;``-joined multi-value cell (itself a CSV row, values with ``;`` quoted)."""
    if not cell or not cell.strip():
        return []
    row = next(csv.reader([cell], delimiter=";"), [])
    return [value for value in (clean(v) for v in row) if value]


def _build_simple(source_id: str, row: Mapping[str, str | None]) -> Designation:
    def values(key: str) -> list[str]:
        return _split(row.get(key))

    names = [Name(clean(row["name"]))]
    names.extend(Name(alias, type="aka") for alias in values("aliases") if alias != names[0].full)
    identifiers = [
        *(Identifier("other", v) for v in values("identifiers")),
        *(Identifier("phone", v) for v in values("phones")),
        *(Identifier("email", v) for v in values("emails")),
    ]
    datasets = values("dataset")
    schema = clean(row["schema"])
    birth_dates: list[BirthDate] = [parse_birth_date(v) for v in values("birth_date")]
    return Designation(
        id=f"{source_id}:{clean(row['id'])}",
        source_id=source_id,
        kind=_KINDS.get(schema, "unknown"),
        names=deduplicate(names),
        programs=deduplicate(values("sanctions")),
        birth_dates=deduplicate(birth_dates),
        nationalities=_countries(values("countries")),
        identifiers=deduplicate(identifiers),
        addresses=deduplicate([Address(lines=(a,)) for a in values("addresses")]),
        remarks=f"Datasets: {', '.join(datasets)}" if datasets else "",
    )


def parse_simple(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Parse ``targets.simple.csv`` files, one designation per row."""
    designations: list[Designation] = []
    seen: set[str] = set()
    last_seen: list[str] = []
    for path in files:
        try:
            with open_text(path) as handle:
                reader = csv.DictReader(handle)
                header = [clean(h) for h in reader.fieldnames or []]
                missing = [c for c in _SIMPLE_REQUIRED if c not in header]
                if missing:
                    raise ListFormatError(
                        f"missing column(s) {', '.join(missing)} in targets.simple.csv header",
                        path=path,
                        location="line 1",
                        source_id=source_id,
                    )
                start = reader.line_num + 1
                for row in reader:
                    location = f"line {start}"
                    start = reader.line_num + 1
                    if None in row:
                        issues.report(
                            "row has more cells than the header", path=path, location=location
                        )
                        continue
                    record_id = clean(row.get("id"))
                    if not record_id or not clean(row.get("name")):
                        issues.report(
                            "row lacks an id or a name",
                            path=path,
                            location=location,
                            record_id=record_id or None,
                        )
                        continue
                    if record_id in seen:
                        issues.report(
                            "id occurs twice", path=path, location=location, record_id=record_id
                        )
                        continue
                    seen.add(record_id)
                    last_seen.append(clean(row.get("last_seen")))
                    designations.append(_build_simple(source_id, row))
        except UnicodeDecodeError as exc:
            raise ListFormatError(
                f"not UTF-8 text: {exc.reason} at byte {exc.start}", path=path, source_id=source_id
            ) from exc
        except csv.Error as exc:
            raise ListFormatError(f"malformed CSV: {exc}", path=path, source_id=source_id) from exc
    if not designations and not issues.issues:
        raise ListFormatError("no records in file", path=files[0], source_id=source_id)
    return ParsedList(tuple(designations), published=_latest(last_seen))


def _sniff_ftm(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"{") and b'"schema"' in text and b'"properties"' in text


def _sniff_simple(path: Path, head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    header = next(csv.reader([first]), [])
    return [clean(h) for h in header[:3]] == list(_SIMPLE_REQUIRED)


def _default_source(files: Sequence[Path]) -> str:
    return DEFAULT_SOURCE


FORMATS = (
    ListFormat(
        id="opensanctions-ftm",
        version="FollowTheMoney 3.x entities NDJSON",
        description="OpenSanctions entities.ftm.json (FollowTheMoney, one entity per line)",
        sniff=_sniff_ftm,
        parse=parse_ftm,
        default_source=_default_source,
    ),
    ListFormat(
        id="opensanctions-simple",
        version="targets.simple.csv (15 columns)",
        description="OpenSanctions targets.simple.csv (one row per target)",
        sniff=_sniff_simple,
        parse=parse_simple,
        default_source=_default_source,
    ),
)
