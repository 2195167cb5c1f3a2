"""Swiss SECO sanctions list, XML (``swiss-sanctions-list``, whole list or amendment).

Root ``swiss-sanctions-list`` (``list-type`` ``whole-list`` | ``amendment``,
``date`` = publication date). Top-level ``sanctions-program`` elements name the
programs and the sanctions sets in them, ``place`` elements the places that
addresses and birth places point to by ``place-id``; each top-level ``target``
is one designation ``ch-seco:<ssid>``. Amendment files have the same shape and
parse the same way (their targets are the ones the amendment touches).

Mapping and decisions:

- ``target/sanctions-set-id`` -> programs: the English ``program-name`` of the
  program holding that set, else its ``program-key``; a set that no
  ``sanctions-program`` in the file defines adds no program.
- ``individual`` / ``entity`` / ``object`` -> person / organization /
  vessel, aircraft or unknown by ``object-type``.
- Every ``identity`` is read, the ``main="true"`` one first; names of other
  identities become aliases. ``name-type`` primary-name / alias /
  formerly-known-as -> primary / aka / fka; ``quality`` good / low -> strong / low;
  ``lang`` -> ISO 639-1 language.
- ``name-part``s are sorted by ``order`` and joined for ``Name.full``;
  given-name / family-name / father-name / whole-name / maiden-name ->
  given / family / patronymic / whole / family.
- ``spelling-variant``s are per part: the n-th variant of each part with the
  same (``lang``, ``script``) are joined, in part order, into one extra name
  (``Дмитрий`` + ``Александрович`` ...); a part without such a variant keeps its
  main value. A non-Latin script makes it ``original_script``; a Latin one an
  aka (or the base name's type if that is not primary).
- ``day-month-year`` -> birth date (``quality="low"`` -> circa);
  ``nationality/country/@iso-code`` -> nationalities;
  ``identification-document`` -> identifiers; ``address`` -> addresses.
- ``justification`` and ``other-information`` -> remarks; an
  ``other-information`` that states an IMO number, phone, fax, e-mail, website
  or registration number also becomes an identifier.
- ``relation/@target-id`` -> related ``ch-seco:<target-id>``.
- ``listed_on`` is the date of the ``listed`` modification (effective, else
  publication, else enactment date; old listings carry none).
- De-listed targets stay in SECO's whole list with a ``de-listed`` modification.
  They are not current designations: a target whose latest de-listing is not
  followed by a later ``listed`` modification is left out of the designations,
  counted and logged at info level.
- ``modification/added`` and ``removed`` hold snapshots of earlier versions
  (including whole nested ``target`` elements); only the current top-level
  content is read.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

import attrs

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
    PartialDate,
)
from screening.sources.base import (
    IssueLog,
    ListFormat,
    ParsedList,
    child_text,
    children,
    clean,
    deduplicate,
    iter_xml,
    local_name,
    require_xml_root,
    xml_root_name,
)
from screening.sources.countries import country_code
from screening.sources.dates import parse_date
from screening.sources.languages import language_code

log = logging.getLogger("screening")

ROOT = "swiss-sanctions-list"
_SUBJECTS: dict[str, EntityKind] = {"individual": "person", "entity": "organization"}
_OBJECT_KINDS: dict[str, EntityKind] = {"vessel": "vessel", "aircraft": "aircraft"}
_GENDERS: dict[str, Gender] = {"male": "male", "female": "female"}
_NAME_TYPES: dict[str, NameType] = {
    "primary-name": "primary",
    "alias": "aka",
    "formerly-known-as": "fka",
    "now-known-as": "nka",
}
_QUALITIES: dict[str, NameQuality] = {"good": "strong", "low": "low"}
_PART_KINDS: dict[str, NamePartKind] = {
    "given-name": "given",
    "family-name": "family",
    "father-name": "patronymic",
    "mother-name": "matronymic",
    "whole-name": "whole",
    "maiden-name": "family",
    "middle-name": "middle",
    "title": "title",
}
_DOCUMENT_KINDS: dict[str, IdentifierKind] = {
    "passport": "passport",
    "diplomatic-passport": "passport",
    "id-card": "national_id",
    "identity-card": "national_id",
    "national-id": "national_id",
}
_FACT = re.compile(
    r"^(?P<key>IMO(?: number)?|Phone|Tel(?:ephone)?|Fax|E-?mail|Website|Web|"
    r"Registration number)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_FACT_KINDS: dict[str, IdentifierKind] = {
    "imo": "imo",
    "imo number": "imo",
    "phone": "phone",
    "tel": "phone",
    "telephone": "phone",
    "fax": "phone",
    "email": "email",
    "e-mail": "email",
    "website": "website",
    "web": "website",
    "registration number": "registration",
}


@attrs.frozen
class _Place:
    location: str = ""
    area: str = ""
    country: Country | None = None


@attrs.frozen
class _Pending:
    """A designation read before the programs and places it points to are known."""

    designation: Designation
    set_ids: tuple[str, ...]
    addresses: tuple[tuple[Address, str], ...]
    birth_place_ids: tuple[str, ...]


def parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Read every current target of one SECO XML file (whole list or amendment)."""
    path = files[0]
    require_xml_root(path, ROOT, source_id=source_id)
    programs: dict[str, str] = {}
    places: dict[str, _Place] = {}
    pending: list[_Pending] = []
    delisted: list[str] = []
    published: dt.date | None = None
    count = 0
    tags = {ROOT, "sanctions-program", "place", "target"}
    for element in _top_level(path, source_id, tags):
        name = local_name(element.tag)
        if name == ROOT:
            published = parse_date(element.get("date", ""))
        elif name == "sanctions-program":
            programs.update(_program_sets(element))
        elif name == "place":
            places[element.get("ssid", "")] = _place(element)
        else:
            count += 1
            location = f"{ROOT}/target[{count}] (ssid {element.get('ssid', '?')})"
            if _is_delisted(element):
                delisted.append(element.get("ssid", "?"))
            elif (target := _read_target(element, source_id, path, location, issues)) is not None:
                pending.append(target)
        element.clear()
    if delisted:
        log.info(
            "%s: %d de-listed targets left out of %s: %s",
            source_id,
            len(delisted),
            path.name,
            ", ".join(delisted),
        )
    designations = tuple(_resolve(p, programs, places) for p in pending)
    return ParsedList(designations, published)


def _top_level(path: Path, source_id: str, tags: set[str]) -> Iterator[Element]:
    """The root and its direct children in ``tags``, each once it is complete.

    ``target`` also occurs nested inside ``modification`` snapshots; tracking
    the open elements tells a top-level one from those.
    """
    open_elements: list[Element] = []
    for element in iter_xml(path, source_id=source_id, tags=tags, events=("start", "end")):
        if open_elements and open_elements[-1] is element:
            open_elements.pop()
            if len(open_elements) <= 1:
                yield element
        else:
            open_elements.append(element)


def _program_sets(program: Element) -> dict[str, str]:
    """Sanctions set id -> the program's English name (else its key)."""
    names = {e.get("lang", ""): clean(e.text) for e in children(program, "program-name")}
    keys = {e.get("lang", ""): clean(e.text) for e in children(program, "program-key")}
    label = (
        names.get("eng")
        or keys.get("eng")
        or next((v for v in keys.values() if v), "")
        or program.get("ssid", "")
    )
    return {s.get("ssid", ""): label for s in children(program, "sanctions-set") if label}


def _place(element: Element) -> _Place:
    country = next(iter(children(element, "country")), None)
    return _Place(
        child_text(element, "location"),
        child_text(element, "area"),
        _country(country) if country is not None else None,
    )


def _country(element: Element) -> Country:
    text = clean(element.text)
    code = element.get("iso-code") or country_code(text)
    return Country(code.upper() if code else None, text)


def _modification_date(element: Element) -> dt.date | None:
    for attr in ("effective-date", "publication-date", "enactment-date"):
        if value := parse_date(element.get(attr, "")):
            return value
    return None


def _is_delisted(target: Element) -> bool:
    """True when the latest de-listing is not followed by a new listing."""
    delisted: list[dt.date] = []
    listed: list[dt.date] = []
    for modification in children(target, "modification"):
        kind = modification.get("modification-type", "")
        date = _modification_date(modification) or dt.date.min
        if kind == "de-listed":
            delisted.append(date)
        elif kind == "listed":
            listed.append(date)
    return bool(delisted) and max(delisted) >= max(listed, default=dt.date.min)


def _listed_on(target: Element) -> dt.date | None:
    dates = [
        date
        for m in children(target, "modification")
        if m.get("modification-type") == "listed" and (date := _modification_date(m))
    ]
    return max(dates) if dates else None


def _subject(target: Element) -> tuple[Element, EntityKind] | None:
    for element in target:
        name = local_name(element.tag)
        if name in _SUBJECTS:
            return element, _SUBJECTS[name]
        if name == "object":
            return element, _OBJECT_KINDS.get(element.get("object-type", ""), "unknown")
    return None


def _read_target(
    target: Element, source_id: str, path: Path, location: str, issues: IssueLog
) -> _Pending | None:
    ssid = clean(target.get("ssid"))
    if not ssid:
        issues.report("target has no ssid", path=path, location=location)
        return None
    found = _subject(target)
    if found is None:
        issues.report(
            "target has no individual, entity or object",
            path=path,
            location=location,
            record_id=ssid,
        )
        return None
    subject, kind = found
    identities = sorted(children(subject, "identity"), key=lambda i: i.get("main") != "true")
    names: list[Name] = []
    birth_dates: list[BirthDate] = []
    birth_place_ids: list[str] = []
    nationalities: list[Country] = []
    identifiers: list[Identifier] = []
    addresses: list[tuple[Address, str]] = []
    remarks: list[str] = []
    for identity in identities:
        main = identity.get("main") == "true"
        for name_element in children(identity, "name"):
            names.extend(_names(name_element, main=main))
        for date_element in children(identity, "day-month-year"):
            if (birth_date := _birth_date(date_element)) is not None:
                birth_dates.append(birth_date)
        birth_place_ids.extend(p.get("place-id", "") for p in children(identity, "place-of-birth"))
        for nationality in children(identity, "nationality"):
            nationalities.extend(_country(c) for c in children(nationality, "country"))
        for document in children(identity, "identification-document"):
            if (identifier := _document(document)).number:
                identifiers.append(identifier)
            else:
                remarks.append(f"{identifier.label}: {identifier.note}".rstrip(": "))
        addresses.extend(_address(a, remarks) for a in children(identity, "address"))
    if not names:
        issues.report("target has no name", path=path, location=location, record_id=ssid)
        return None
    for tag in ("justification", "other-information"):
        for element in children(subject, tag):
            text = clean(element.text)
            remarks.append(text)
            if fact := _FACT.match(text):
                key = fact["key"].lower()
                value = re.sub(r"\D", "", fact["value"]) if key.startswith("imo") else fact["value"]
                identifiers.append(Identifier(_FACT_KINDS[key], value, label=fact["key"]))
    related = [
        f"{source_id}:{target_id}"
        for relation in children(subject, "relation")
        if (target_id := clean(relation.get("target-id")))
    ]
    designation = Designation(
        id=f"{source_id}:{ssid}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        birth_dates=deduplicate(birth_dates),
        nationalities=deduplicate(nationalities),
        identifiers=deduplicate(identifiers),
        listed_on=_listed_on(target),
        gender=_GENDERS.get(subject.get("sex", "")),
        related=deduplicate(related),
        remarks="\n".join(deduplicate([r for r in remarks if r])),
    )
    set_ids = tuple(clean(e.text) for e in children(target, "sanctions-set-id"))
    return _Pending(
        designation,
        set_ids,
        tuple(addresses),
        tuple(p for p in birth_place_ids if p),
    )


def _names(element: Element, *, main: bool) -> list[Name]:
    """The name and one extra name per group of spelling variants."""
    name_type = _NAME_TYPES.get(element.get("name-type", ""), "aka")
    if name_type == "primary" and not main:
        name_type = "aka"
    quality = _QUALITIES.get(element.get("quality", ""), "strong")
    language = language_code(element.get("lang", ""))
    part_elements = sorted(
        children(element, "name-part"), key=lambda p: int(p.get("order", "0") or 0)
    )
    parts: list[NamePart] = []
    variants: dict[tuple[str, str, int], dict[int, str]] = {}
    for part in part_elements:
        value = child_text(part, "value")
        if not value:
            continue
        kind = _PART_KINDS.get(part.get("name-part-type", ""), "other")
        parts.append(NamePart(kind, value))
        seen: dict[tuple[str, str], int] = {}
        for variant in children(part, "spelling-variant"):
            text = clean(variant.text)
            if not text:
                continue
            key = (variant.get("lang", ""), variant.get("script", "").upper())
            seen[key] = seen.get(key, 0) + 1
            variants.setdefault((*key, seen[key]), {})[len(parts) - 1] = text
    if not parts:
        return []
    names = [Name(" ".join(p.value for p in parts), name_type, quality, tuple(parts), language)]
    for (lang, script, _nth), texts in variants.items():
        variant_parts = tuple(NamePart(p.kind, texts.get(i, p.value)) for i, p in enumerate(parts))
        full = " ".join(p.value for p in variant_parts)
        latin = script in ("LATN", "")
        variant_type: NameType = (
            "original_script" if not latin else ("aka" if name_type == "primary" else name_type)
        )
        name = Name(full, variant_type, quality, variant_parts, language_code(lang))
        if len(texts) == len(parts) and script:
            name = attrs.evolve(name, script=script.title())  # stated, not guessed
        names.append(name)
    return names


def _birth_date(element: Element) -> BirthDate | None:
    year, month, day = (element.get(a, "") for a in ("year", "month", "day"))
    if not year.isdigit():
        return None
    date = PartialDate(
        int(year), int(month) if month.isdigit() else None, int(day) if day.isdigit() else None
    )
    circa = element.get("quality", "") == "low"
    return BirthDate(date, None, circa, f"circa {date}" if circa else str(date))


def _document(element: Element) -> Identifier:
    document_type = element.get("document-type", "")
    issuer = next(iter(children(element, "issuer")), None)
    country = None
    if issuer is not None:
        code = issuer.get("code") or country_code(clean(issuer.text))
        country = Country(code.upper() if code else None, clean(issuer.text))
    notes = [
        f"{label} {value}"
        for tag, label in (("date-of-issue", "issued"), ("date-of-expiration", "expires"))
        if (value := child_text(element, tag))
    ]
    notes.extend(clean(r.text) for r in children(element, "remark") if clean(r.text))
    return Identifier(
        _DOCUMENT_KINDS.get(document_type, "other"),
        child_text(element, "number"),
        country,
        document_type,
        "; ".join(notes),
    )


def _address(element: Element, remarks: list[str]) -> tuple[Address, str]:
    lines = []
    if care_of := child_text(element, "c-o"):
        lines.append(f"c/o {care_of}")
    lines.append(child_text(element, "address-details"))
    if po_box := child_text(element, "p-o-box"):
        lines.append(f"PO Box {po_box}")
    remarks.extend(clean(r.text) for r in children(element, "remark"))
    address = Address(
        lines=tuple(line for line in lines if line), postal_code=child_text(element, "zip-code")
    )
    return address, element.get("place-id", "")


def _resolve(pending: _Pending, programs: dict[str, str], places: dict[str, _Place]) -> Designation:
    addresses = []
    for address, place_id in pending.addresses:
        place = places.get(place_id)
        if place is not None:
            address = attrs.evolve(
                address, city=place.location, region=place.area, country=place.country
            )
        if address != Address():
            addresses.append(address)
    birth_places = []
    for place_id in pending.birth_place_ids:
        place = places.get(place_id)
        if place is not None:
            country = place.country.text if place.country else ""
            birth_places.append(", ".join(p for p in (place.location, place.area, country) if p))
    return attrs.evolve(
        pending.designation,
        programs=deduplicate([programs[s] for s in pending.set_ids if s in programs]),
        addresses=deduplicate(addresses),
        birth_places=deduplicate([p for p in birth_places if p]),
    )


def _sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT


FORMATS: tuple[ListFormat, ...] = (
    ListFormat(
        id="ch-seco-xml",
        version="SECO swiss-sanctions-list XML (whole-list and amendment)",
        description="Swiss SECO sanctions list, XML",
        sniff=_sniff,
        parse=parse,
        default_source=lambda files: "ch-seco",
    ),
)
