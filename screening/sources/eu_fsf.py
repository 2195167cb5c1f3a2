"""EU Financial Sanctions Files (FSF), consolidated list XML version 1.1.

Root ``export`` in namespace ``http://eu.europa.ec/fpi/fsd/export``
(``generationDate`` = publication date); one ``sanctionEntity`` per designation.
Almost every fact sits in attributes, and every child repeats a
``regulationSummary`` we do not need.

Mapping and decisions:

- id ``eu-fsf:<euReferenceNumber>`` (``eu-fsf:EU.27.28``), falling back to
  ``logicalId``; the ``logicalId`` is kept in ``references``.
  ``unitedNationId`` -> ``un_reference``; ``designationDate`` -> ``listed_on``.
- ``regulation/@programme`` -> programs (``IRQ``, ``TERR``, ``TAQA`` ...); the
  regulation's ``numberTitle`` and ``publicationUrl`` go to the remarks.
- ``subjectType/@code``: ``person`` -> person, ``enterprise`` -> organization.
- ``nameAlias``: ``wholeName`` (or first/middle/last joined) with parts
  given/middle/family. The EU marks no primary name: the first strong alias
  split into first/last name parts is taken as primary (the first strong alias
  if none is split; e.g. ``Khalid Sheikh MOHAMMED`` rather than the French
  spelling listed before it), the rest as aka. ``strong="false"`` -> weak;
  ``nameLanguage`` -> ISO 639-1 language; ``title`` -> titles; ``function`` ->
  remarks; ``gender`` M/F -> gender. A ``sanctionEntity`` without any named
  ``nameAlias`` cannot be screened and is reported as an issue.
- ``citizenship`` -> citizenships; ``birthdate`` (``birthdate`` attribute, or
  ``dayOfMonth``/``monthOfYear``/``year``, or ``yearRangeFrom``/``yearRangeTo``;
  ``circa``) -> birth dates, its ``place``/``city``/``region``/country -> birth
  places. ``countryIso2Code="00"`` means unknown. ``city="-"`` means none.
- ``identification`` -> identifiers (``passport``, ``id`` -> national id,
  fiscal codes -> tax id, registration numbers ...), with ``knownFalse``,
  ``knownExpired``, ``reportedLost``, ``revokedByIssuer``, ``diplomatic``,
  issuer and validity in the note.
- ``address`` -> addresses; its ``contactInfo`` (PHONE, FAX, EMAIL, WEB)
  -> phone/email/website identifiers.
- ``remark`` elements anywhere in the entity go to the remarks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
from screening.sources.dates import parse_date, parse_partial_date
from screening.sources.languages import language_code

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ROOT = "export"
_KINDS: dict[str, EntityKind] = {"person": "person", "enterprise": "organization"}
_PART_ATTRS: tuple[tuple[NamePartKind, str], ...] = (
    ("given", "firstName"),
    ("middle", "middleName"),
    ("family", "lastName"),
)
_GENDERS: dict[str, Gender] = {"m": "male", "f": "female"}
_NONE_VALUES = {"", "-", "unknown", "00"}
_ID_KINDS: dict[str, IdentifierKind] = {
    "passport": "passport",
    "id": "national_id",
    "ssn": "national_id",
    "fiscalcode": "tax_id",
    "tax": "tax_id",
    "regnumber": "registration",
    "swiftbic": "swift_bic",
    "imo": "imo",
}
_CONTACT_KINDS: dict[str, IdentifierKind] = {
    "phone": "phone",
    "fax": "phone",
    "email": "email",
    "web": "website",
    "website": "website",
}
_FLAGS = (
    ("knownFalse", "known false"),
    ("knownExpired", "known expired"),
    ("reportedLost", "reported lost"),
    ("revokedByIssuer", "revoked by issuer"),
    ("diplomatic", "diplomatic"),
)


def parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Stream every ``sanctionEntity`` of one FSF 1.1 export into designations."""
    path = files[0]
    require_xml_root(path, ROOT, source_id=source_id)
    designations: list[Designation] = []
    published: dt.date | None = None
    count = 0
    for element in iter_xml(path, source_id=source_id, tags={ROOT, "sanctionEntity"}):
        if local_name(element.tag) == ROOT:
            published = parse_date(element.get("generationDate", ""))
            continue
        count += 1
        location = f"export/sanctionEntity[{count}] (logicalId {element.get('logicalId', '?')})"
        designation = _read_entity(element, source_id, path, location, issues)
        if designation is not None:
            designations.append(designation)
        element.clear()
    return ParsedList(tuple(designations), published)


def _attr(element: Element, name: str) -> str:
    return clean(element.get(name))


def _read_entity(
    element: Element, source_id: str, path: Path, location: str, issues: IssueLog
) -> Designation | None:
    reference = _attr(element, "euReferenceNumber")
    logical_id = _attr(element, "logicalId")
    own_id = reference or logical_id
    if not own_id:
        issues.report(
            "sanctionEntity has neither euReferenceNumber nor logicalId",
            path=path,
            location=location,
        )
        return None
    remarks = [*_remarks(element), _attr(element, "designationDetails")]
    names: list[Name] = []
    titles: list[str] = []
    genders: list[Gender] = []
    for alias in children(element, "nameAlias"):
        name = _alias_name(alias)
        if name is None:
            continue
        names.append(name)
        if title := _attr(alias, "title"):
            titles.append(title)
        if function := _attr(alias, "function"):
            remarks.append(f"Function ({name.full}): {function}")
        if gender := _GENDERS.get(_attr(alias, "gender").lower()):
            genders.append(gender)
        remarks.extend(_remarks(alias))
    if not names:
        issues.report(
            "sanctionEntity has no nameAlias with a name",
            path=path,
            location=location,
            record_id=own_id,
        )
        return None
    names = _with_primary(names)
    programs: list[str] = []
    for regulation in children(element, "regulation"):
        if programme := _attr(regulation, "programme"):
            programs.append(programme)
        url = child_text(regulation, "publicationUrl")
        number_title = _attr(regulation, "numberTitle")
        if number_title or url:
            remarks.append(f"Regulation {number_title}: {url}".strip(": "))
        remarks.extend(_remarks(regulation))
    birth_dates, birth_places = _birth_facts(element, remarks)
    subject = next(iter(children(element, "subjectType")), None)
    kind = _KINDS.get(_attr(subject, "code"), "unknown") if subject is not None else "unknown"
    return Designation(
        id=f"{source_id}:{own_id}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=deduplicate(programs),
        birth_dates=deduplicate(birth_dates),
        birth_places=deduplicate(birth_places),
        citizenships=deduplicate(
            [c for e in children(element, "citizenship") if (c := _country(e, remarks))]
        ),
        identifiers=deduplicate([*_identifiers(element, remarks), *_contacts(element)]),
        addresses=deduplicate(_addresses(element, remarks)),
        listed_on=parse_date(_attr(element, "designationDate")),
        un_reference=_attr(element, "unitedNationId") or None,
        references=(logical_id,) if reference and logical_id else (),
        gender=genders[0] if len(set(genders)) == 1 else None,
        titles=deduplicate(titles),
        remarks="\n".join(deduplicate([r for r in remarks if r])),
    )


def _remarks(element: Element) -> list[str]:
    return [text for r in children(element, "remark") if (text := clean(r.text))]


def _alias_name(alias: Element) -> Name | None:
    parts = tuple(
        NamePart(kind, value) for kind, attr in _PART_ATTRS if (value := _attr(alias, attr))
    )
    full = _attr(alias, "wholeName") or " ".join(p.value for p in parts)
    if not full:
        return None
    return Name(
        full,
        type="aka",
        quality="weak" if _attr(alias, "strong").lower() == "false" else "strong",
        parts=parts,
        language=language_code(_attr(alias, "nameLanguage")),
    )


def _with_primary(names: list[Name]) -> list[Name]:
    """The names with the main one first and typed primary (see the module docstring)."""
    strong = [n for n in names if n.quality == "strong"] or names
    main = next((n for n in strong if n.parts), strong[0])
    rest = [n for n in names if n is not main]
    return [attrs.evolve(main, type="primary"), *rest]


def _country(element: Element, remarks: list[str]) -> Country | None:
    """The element's country (``countryIso2Code``/``countryDescription``), None if unknown.

    Also collects the element's ``remark``s into ``remarks``: every element that
    carries a country (citizenship, birthdate, identification, address) may have them.
    """
    remarks.extend(_remarks(element))
    code = _attr(element, "countryIso2Code").upper()
    text = _attr(element, "countryDescription")
    if code.lower() in _NONE_VALUES:
        code = country_code(text) or "" if text.lower() not in _NONE_VALUES else ""
    if not code and text.lower() in _NONE_VALUES:
        return None
    return Country(code or None, text)


def _birth_facts(element: Element, remarks: list[str]) -> tuple[list[BirthDate], list[str]]:
    dates: list[BirthDate] = []
    places: list[str] = []
    for birth in children(element, "birthdate"):
        country = _country(birth, remarks)
        place = [_attr(birth, a) for a in ("place", "city", "zipCode", "region")]
        place.append(country.text if country else "")
        place_text = ", ".join(p for p in place if p.lower() not in _NONE_VALUES)
        if place_text:
            places.append(place_text)
        date = _birth_date(birth)
        if date is not None:
            dates.append(date)
    return dates, places


def _birth_date(birth: Element) -> BirthDate | None:
    circa = _attr(birth, "circa").lower() == "true"
    full = _attr(birth, "birthdate")
    year, month, day = (_attr(birth, a) for a in ("year", "monthOfYear", "dayOfMonth"))
    range_from, range_to = _attr(birth, "yearRangeFrom"), _attr(birth, "yearRangeTo")
    earliest = latest = None
    if full:
        earliest = parse_partial_date(full)
        text = full
    elif year.isdigit():
        earliest = PartialDate(
            int(year), int(month) if month.isdigit() else None, int(day) if day.isdigit() else None
        )
        text = str(earliest)
    elif range_from.isdigit() and range_to.isdigit():
        earliest, latest = PartialDate(int(range_from)), PartialDate(int(range_to))
        text = f"{range_from} to {range_to}"
    else:
        return None
    return BirthDate(earliest, latest, circa, f"circa {text}" if circa else text)


def _identifiers(element: Element, remarks: list[str]) -> list[Identifier]:
    found: list[Identifier] = []
    for document in children(element, "identification"):
        number = _attr(document, "number") or _attr(document, "latinNumber")
        country = _country(document, remarks)
        code = _attr(document, "identificationTypeCode").lower()
        label = _attr(document, "identificationTypeDescription") or code
        notes = [text for attr, text in _FLAGS if _attr(document, attr).lower() == "true"]
        for attr, text in (
            ("issuedBy", "issued by"),
            ("issueDate", "issued"),
            ("validFrom", "valid from"),
            ("validTo", "valid to"),
            ("nameOnDocument", "name on document"),
        ):
            if value := _attr(document, attr):
                notes.append(f"{text} {value}")
        document_remarks = _remarks(document)
        if not number:
            remarks.append(f"{label}: {'; '.join([*notes, *document_remarks])}".rstrip(": "))
            continue
        found.append(
            Identifier(
                _ID_KINDS.get(code, "other"),
                number,
                country,
                label,
                "; ".join([*notes, *document_remarks]),
            )
        )
    return found


def _addresses(element: Element, remarks: list[str]) -> list[Address]:
    found: list[Address] = []
    for address in children(element, "address"):
        country = _country(address, remarks)
        lines = [_attr(address, "street"), _attr(address, "place")]
        if po_box := _attr(address, "poBox"):
            lines.append(f"PO Box {po_box}")
        parsed = Address(
            lines=tuple(line for line in lines if line),
            city=_attr(address, "city"),
            region=_attr(address, "region"),
            postal_code=_attr(address, "zipCode"),
            country=country,
        )
        if parsed != Address():
            found.append(parsed)
    return found


def _contacts(element: Element) -> list[Identifier]:
    found: list[Identifier] = []
    for address in children(element, "address"):
        for contact in children(address, "contactInfo"):
            key, value = _attr(contact, "key"), _attr(contact, "value")
            if value:
                found.append(Identifier(_CONTACT_KINDS.get(key.lower(), "other"), value, label=key))
    return found


def _sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT and NAMESPACE.encode() in head


FORMATS: tuple[ListFormat, ...] = (
    ListFormat(
        id="eu-fsf-xml",
        version="EU FSF XML 1.1 (namespace http://eu.europa.ec/fpi/fsd/export)",
        description="EU Financial Sanctions Files consolidated list, XML 1.1",
        sniff=_sniff,
        parse=parse,
        default_source=lambda files: "eu-fsf",
    ),
)
