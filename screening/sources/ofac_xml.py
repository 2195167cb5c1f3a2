"""OFAC XML: ``SDN.XML`` and ``CONSOLIDATED.XML`` (root ``sdnList``).

Schema as published by the Sanctions List Service (2024-2025) and the older
treasury.gov exports; the default namespace changes between vintages
(``http://tempuri.org/sdnList.xsd``, ``https://sanctionslistservice...``),
so elements are matched by local name. Quirks:

- ``publshInformation`` (sic) holds ``Publish_Date`` as MM/DD/YYYY and
  ``Record_Count``;
- each ``sdnEntry`` has uid, firstName/lastName (entities: lastName only),
  title, sdnType (Individual, Entity, Vessel, Aircraft), remarks, programList,
  idList, akaList, addressList, dateOfBirthList, placeOfBirthList,
  nationalityList, citizenshipList, vesselInfo;
- ``akaList/aka`` carries ``category`` strong|weak and ``type``
  a.k.a./f.k.a./n.k.a.;
- ``idList/id/idType`` is used for documents (Passport, Tax ID No., SWIFT/BIC,
  Website, Email Address ...) and also for plain facts (``Secondary sanctions
  risk:``, ``Target Type``, ``Gender``); facts go to the remarks text, Gender
  to ``gender``;
- ``remarks`` holds what did not fit the elements and is read with
  `ofac_remarks` for any further facts.

Individuals' names are written ``LAST, First`` as in OFAC's CSV, so the two
formats give the same names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

from screening.errors import ListFormatError
from screening.model import (
    Address,
    BirthDate,
    Country,
    Designation,
    EntityKind,
    Gender,
    Identifier,
    Name,
    NamePart,
    NameQuality,
    NameType,
)
from screening.sources.base import (
    IssueLog,
    ListFormat,
    ParsedList,
    child_text,
    children,
    deduplicate,
    iter_xml,
    require_xml_root,
    xml_root_name,
)
from screening.sources.countries import to_country
from screening.sources.dates import parse_birth_date
from screening.sources.ofac_remarks import (
    VesselFacts,
    identifier_kind,
    make_identifier,
    parse_remarks,
    vessel_facts,
)

_ROOT = "sdnList"
_KINDS: dict[str, EntityKind] = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_ALIAS_TYPES: dict[str, NameType] = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
_QUALITIES: dict[str, NameQuality] = {"strong": "strong", "weak": "weak"}


def _sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == _ROOT


def _default_source(files: Sequence[Path]) -> str:
    return "us-ofac-cons" if files and "cons" in files[0].name.lower() else "us-ofac-sdn"


def _list(element: Element, list_name: str, item_name: str) -> list[Element]:
    return [item for lst in children(element, list_name) for item in children(lst, item_name)]


def _name(
    last: str,
    first: str,
    kind: EntityKind,
    name_type: NameType = "primary",
    quality: NameQuality = "strong",
) -> Name:
    if kind == "person" and first:
        full = f"{last}, {first}" if last else first
        parts = ((NamePart("family", last),) if last else ()) + (NamePart("given", first),)
        return Name(full, type=name_type, quality=quality, parts=parts)
    return Name(last or first, type=name_type, quality=quality)


def _main_first(items: list[Element]) -> list[Element]:
    """Entries marked ``mainEntry`` first, otherwise in source order."""
    return sorted(items, key=lambda item: child_text(item, "mainEntry").lower() != "true")


def _publish_date(info: Element, path: Path, issues: IssueLog) -> dt.date | None:
    text = child_text(info, "Publish_Date")
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%m/%d/%Y").date()
    except ValueError:
        issues.report(
            f"Publish_Date {text!r} is not MM/DD/YYYY",
            path=path,
            location="publshInformation/Publish_Date",
        )
        return None


def _parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    if len(files) != 1:
        raise ListFormatError(
            f"OFAC XML is one file; got {len(files)}", path=files[0] if files else None
        )
    path = files[0]
    require_xml_root(path, _ROOT, source_id=source_id)
    designations: list[Designation] = []
    published: dt.date | None = None
    record_count: str = ""
    entries = 0
    for element in iter_xml(path, source_id=source_id, tags={"sdnEntry", "publshInformation"}):
        if element.tag.endswith("publshInformation"):
            published = _publish_date(element, path, issues)
            record_count = child_text(element, "Record_Count")
        else:
            entries += 1
            designation = _designation(element, entries, source_id, path, issues)
            if designation is not None:
                designations.append(designation)
        element.clear()
    if entries == 0:
        raise ListFormatError(
            "no sdnEntry elements: not an OFAC list or an empty export",
            path=path,
            location=_ROOT,
            source_id=source_id,
        )
    if record_count.isdigit() and int(record_count) != entries:
        issues.report(
            f"Record_Count says {record_count} entries but the file has {entries}",
            path=path,
            location="publshInformation/Record_Count",
        )
    return ParsedList(tuple(designations), published=published)


def _designation(
    entry: Element, index: int, source_id: str, path: Path, issues: IssueLog
) -> Designation | None:
    uid = child_text(entry, "uid")
    location = f"sdnEntry #{index}"
    if not uid.isdigit():
        issues.report(f"uid {uid!r} is not a number", path=path, location=location)
        return None
    kind = _KINDS.get(child_text(entry, "sdnType").lower(), "unknown")
    last, first = child_text(entry, "lastName"), child_text(entry, "firstName")
    if not (last or first):
        issues.report("entry has no name", path=path, location=location, record_id=uid)
        return None
    facts = parse_remarks(child_text(entry, "remarks"))
    identifiers, statements, gender = _ids(entry)
    vessel = _vessel(entry)
    names = [_name(last, first, kind)]
    for aka in _list(entry, "akaList", "aka"):
        aka_last, aka_first = child_text(aka, "lastName"), child_text(aka, "firstName")
        if not (aka_last or aka_first):
            continue
        names.append(
            _name(
                aka_last,
                aka_first,
                kind,
                _ALIAS_TYPES.get(child_text(aka, "type").lower(), "aka"),
                _QUALITIES.get(child_text(aka, "category").lower(), "strong"),
            )
        )
    names.extend(facts.names)
    birth_dates: list[BirthDate] = [
        parse_birth_date(text)
        for item in _main_first(_list(entry, "dateOfBirthList", "dateOfBirthItem"))
        if (text := child_text(item, "dateOfBirth"))
    ]
    birth_places = [
        text
        for item in _main_first(_list(entry, "placeOfBirthList", "placeOfBirthItem"))
        if (text := child_text(item, "placeOfBirth"))
    ]
    text = "; ".join(p for p in (*vessel.statements, *statements, facts.text) if p)
    return Designation(
        id=f"{source_id}:{uid}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=deduplicate(
            [t for p in _list(entry, "programList", "program") if (t := (p.text or "").strip())]
        ),
        birth_dates=deduplicate([*birth_dates, *facts.birth_dates]),
        birth_places=deduplicate([*birth_places, *facts.birth_places]),
        nationalities=deduplicate(
            [*_countries(entry, "nationalityList", "nationality"), *facts.nationalities]
        ),
        citizenships=deduplicate(
            [*_countries(entry, "citizenshipList", "citizenship"), *facts.citizenships]
        ),
        identifiers=deduplicate([*vessel.identifiers, *identifiers, *facts.identifiers]),
        addresses=tuple(_address(a) for a in _list(entry, "addressList", "address")),
        gender=gender or facts.gender,
        titles=(title,) if (title := child_text(entry, "title")) else (),
        related=deduplicate([*facts.related, *vessel.related]),
        remarks=text,
    )


def _ids(entry: Element) -> tuple[list[Identifier], list[str], Gender | None]:
    """Identifiers, fact statements and gender from ``idList``."""
    identifiers: list[Identifier] = []
    statements: list[str] = []
    gender: Gender | None = None
    for item in _list(entry, "idList", "id"):
        label, number = child_text(item, "idType"), child_text(item, "idNumber")
        country = child_text(item, "idCountry")
        dates = [
            f"{word} {value}"
            for word, tag in (("issued", "issueDate"), ("expires", "expirationDate"))
            if (value := child_text(item, tag))
        ]
        kind = identifier_kind(label)
        if label.lower() == "gender" and number.lower() in ("male", "female"):
            gender = "male" if number.lower() == "male" else "female"
        elif kind is not None and number:
            identifiers.append(make_identifier(kind, label, number, country, " ".join(dates)))
        elif label or number:
            place = f" ({country})" if country else ""
            statements.append(" ".join(p for p in (label, number + place, *dates) if p))
    return identifiers, statements, gender


def _countries(entry: Element, list_name: str, item_name: str) -> list[Country]:
    return [
        to_country(text)
        for item in _main_first(_list(entry, list_name, item_name))
        if (text := child_text(item, "country"))
    ]


def _address(element: Element) -> Address:
    country = child_text(element, "country")
    return Address(
        lines=tuple(
            line
            for tag in ("address1", "address2", "address3")
            if (line := child_text(element, tag))
        ),
        city=child_text(element, "city"),
        region=child_text(element, "stateOrProvince"),
        postal_code=child_text(element, "postalCode"),
        country=to_country(country) if country else None,
    )


def _vessel(entry: Element) -> VesselFacts:
    info = next(iter(children(entry, "vesselInfo")), None)
    if info is None:
        return vessel_facts()
    return vessel_facts(
        call_sign=child_text(info, "callSign"),
        vessel_type=child_text(info, "vesselType"),
        flag=child_text(info, "vesselFlag"),
        owner=child_text(info, "vesselOwner"),
        tonnage=child_text(info, "tonnage"),
        gross_tonnage=child_text(info, "grossRegisteredTonnage"),
    )


FORMAT = ListFormat(
    id="ofac-xml",
    version="OFAC sdnList XML (SDN.XML / CONSOLIDATED.XML, 2020-2025)",
    description="OFAC SDN or Consolidated (non-SDN) list, XML",
    sniff=_sniff,
    parse=_parse,
    default_source=_default_source,
)
FORMATS: tuple[ListFormat, ...] = (FORMAT,)
