"""UK Sanctions List (FCDO): the full XML (schema 4.33.x) and the 8-column summary ODS.

**XML** (``uk-fcdo-xml``): root ``Designations`` (``DateGenerated`` child
``dd/mm/yyyy`` = publication date), one ``Designation`` per target; one
designation ``uk-fcdo:<UniqueID>`` (``uk-fcdo:LIB0072``) each.

- A ``Designation`` without ``UniqueID`` is reported as an issue and skipped.
  We do not fall back to ``OFSIGroupID``: ids are the source's own stable
  reference, the group id is OFSI's key (optional here, absent on ships such
  as DPR0075), and an id minted from it would change when the entry gains its
  UniqueID. The carved sample's fifth, synthetic record exercises this.
- ``OFSIGroupID`` -> ``references`` (it links the entry to ``uk-ofsi:<id>``);
  ``UNReferenceNumber`` -> ``un_reference``.
- ``Names/Name``: ``Name1`` .. ``Name6`` as in OFSI (Name6 = surname or whole
  name). ``NameType`` casing varies (``Primary Name``, ``Primary name``):
  anything starting "primary" is primary, else an aka. ``AliasStrength``
  ``Low quality a.k.a`` -> low, ``Good quality a.k.a`` or absent -> strong.
  ``NonLatinNames/NonLatinName/NameNonLatinScript`` -> original_script names.
- DOBs use ``dd``/``mm`` placeholders (``dd/mm/1968`` = 1968, ``dd/09/1958``
  = Sept 1958); repeated dates are deduplicated. Passport and national id
  numbers are stripped (`` D0009720``); leading zeros are kept (``0075258``).
- ``IMONumber`` (``IMO9562233``) -> identifier ``imo`` with the digits only.
- ``DesignationSource`` (UK/UN), ``SanctionsImposed``, ``Positions``,
  ``OtherInformation``, the statement of reasons, entity types and ship flags
  go to ``remarks``.

**Summary ODS** (``uk-fcdo-ods``): one sheet ``UK_Sanction_List``, columns
Unique ID, OFSI Group ID, Name, Regime Name, Type (Individual/Entity/Ship),
Designation source (UK/UN/UK|UN), Date Designated (``dd-mm-yyyy``), Sanctions
Imposed. One name per designation, written surname-first in mixed case
(``al Kani Mohamed``); where the surname ends is not marked, so the name is
kept whole without parts. The sheet states no publication date.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

from screening.model import (
    Address,
    BirthDate,
    Country,
    Designation,
    EntityKind,
    Identifier,
    IdentifierKind,
    Name,
    NamePart,
)
from screening.sources.base import (
    IssueLog,
    ListFormat,
    ParsedList,
    child_text,
    clean,
    deduplicate,
    iter_xml,
    local_name,
    require_xml_root,
    xml_root_name,
)
from screening.sources.countries import to_country
from screening.sources.dates import parse_date
from screening.sources.spreadsheet import Cells, column_map, is_ods, iter_rows, zip_member_head
from screening.sources.uk_common import (
    alias_quality,
    entity_kind,
    imo_number,
    six_part_name,
    uk_birth_dates,
)

ROOT = "Designations"
NAME_FIELDS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6")
ODS_SHEET = "UK_Sanction_List"
ODS_REQUIRED = ("Unique ID", "Name", "Type")


def _descendants(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if local_name(e.tag) == name]


def _texts(element: Element, name: str) -> list[str]:
    return [text for e in _descendants(element, name) if (text := clean(e.text))]


# --- XML ------------------------------------------------------------------------------


def _sniff_xml(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT


def parse_xml_files(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Every ``Designation`` with a UniqueID; those without are reported, not guessed."""
    designations: list[Designation] = []
    published = None
    for path in files:
        require_xml_root(path, ROOT, source_id=source_id)
        index = 0
        for element in iter_xml(path, source_id=source_id, tags={"Designation", "DateGenerated"}):
            if local_name(element.tag) == "DateGenerated":
                published = published or parse_date(clean(element.text))
                continue
            index += 1
            location = f"Designation #{index}"
            unique_id = child_text(element, "UniqueID")
            if not unique_id:
                names = ", ".join(_texts(element, "Name6")) or "no name"
                issues.report(
                    f"Designation without UniqueID ({names}); skipped",
                    path=path,
                    location=location,
                )
            else:
                try:
                    designations.append(_xml_designation(element, unique_id, source_id))
                except ValueError as exc:
                    issues.report(str(exc), path=path, location=location, record_id=unique_id)
            element.clear()
    return ParsedList(tuple(designations), published)


def _xml_designation(element: Element, unique_id: str, source_id: str) -> Designation:
    kind = entity_kind(child_text(element, "IndividualEntityShip"))
    names: list[Name] = []
    for name_element in _descendants(element, "Name"):
        name_type = child_text(name_element, "NameType").casefold()
        name = six_part_name(
            [child_text(name_element, field) for field in NAME_FIELDS],
            kind,
            type="primary" if name_type.startswith("primary") else "aka",
            quality=alias_quality(child_text(name_element, "AliasStrength")),
        )
        if name is not None:
            names.append(name)
    for text in _texts(element, "NameNonLatinScript"):
        names.append(Name(text, "original_script"))
    names.sort(key=lambda n: n.type != "primary")
    birth_dates: list[BirthDate] = []
    for text in _texts(element, "DOB"):
        birth_dates.extend(uk_birth_dates(text))
    remarks = [
        f"Designation source: {source}"
        for source in [child_text(element, "DesignationSource")]
        if source
    ]
    sanctions = child_text(element, "SanctionsImposed")
    if sanctions:
        remarks.append(f"Sanctions imposed: {sanctions.replace('|', ', ')}")
    remarks.extend(f"Position: {text}" for text in _texts(element, "Position"))
    remarks.extend(f"Type of entity: {text}" for text in _texts(element, "TypeOfEntity"))
    remarks.extend(f"Flag: {text}" for text in _texts(element, "CurrentBelievedFlagOfShip"))
    for field in ("OtherInformation", "UKStatementofReasons"):
        text = child_text(element, field)
        if text:
            remarks.append(text)
    group_id = child_text(element, "OFSIGroupID")
    return Designation(
        id=f"{source_id}:{unique_id}",
        source_id=source_id,
        kind=kind,
        names=tuple(deduplicate(names)),
        programs=deduplicate(_texts(element, "RegimeName")),
        birth_dates=deduplicate(birth_dates),
        birth_places=deduplicate(_birth_places(element)),
        nationalities=deduplicate([to_country(t) for t in _texts(element, "Nationality")]),
        identifiers=deduplicate(_identifiers(element)),
        addresses=deduplicate(_addresses(element)),
        listed_on=parse_date(child_text(element, "DateDesignated")),
        un_reference=child_text(element, "UNReferenceNumber") or None,
        references=(group_id,) if group_id else (),
        titles=deduplicate(_texts(element, "Title")),
        remarks="\n".join(deduplicate(remarks)),
    )


def _birth_places(element: Element) -> list[str]:
    places = []
    for location in _descendants(element, "Location"):
        parts = [child_text(location, "TownOfBirth"), child_text(location, "CountryOfBirth")]
        place = ", ".join(p for p in parts if p)
        if place:
            places.append(place)
    return places


def _identifiers(element: Element) -> list[Identifier]:
    found: list[Identifier] = []
    documents: tuple[tuple[str, str, str, IdentifierKind], ...] = (
        ("Passport", "PassportNumber", "PassportAdditionalInformation", "passport"),
        (
            "NationalIdentifier",
            "NationalIdentifierNumber",
            "NationalIdentifierAdditionalInformation",
            "national_id",
        ),
    )
    for container, number_field, note_field, kind in documents:
        for document in _descendants(element, container):
            number = child_text(document, number_field)
            if number:
                found.append(Identifier(kind, number, note=child_text(document, note_field)))
    for text in _texts(element, "IMONumber"):
        found.append(Identifier("imo", imo_number(text)))
    return found


def _addresses(element: Element) -> list[Address]:
    found = []
    for address in _descendants(element, "Address"):
        lines = tuple(
            clean(child.text)
            for child in address
            if local_name(child.tag).startswith("AddressLine") and clean(child.text)
        )
        postal_code = child_text(address, "AddressPostalCode") or child_text(address, "PostalCode")
        country_text = child_text(address, "AddressCountry")
        country: Country | None = to_country(country_text) if country_text else None
        if lines or postal_code or country:
            found.append(Address(lines, postal_code=postal_code, country=country))
    return found


# --- summary ODS ----------------------------------------------------------------------


def _sniff_ods(path: Path, head: bytes) -> bool:
    if not is_ods(path, head):
        return False
    text = zip_member_head(path, "content.xml").decode("utf-8", "replace")
    return "Unique ID" in text and "OFSI Group ID" in text


def parse_ods_files(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """One designation per row of the summary sheet."""
    designations: list[Designation] = []
    for path in files:
        columns: dict[str, int] | None = None
        for row in iter_rows(path, sheet=ODS_SHEET, source_id=source_id):
            if columns is None:
                columns = column_map(row, ODS_REQUIRED, path=path, source_id=source_id)
                continue
            cell = Cells(row, columns)
            unique_id, full = cell["Unique ID"], cell["Name"]
            if not unique_id or not full:
                missing = "Unique ID" if not unique_id else "Name"
                issues.report(
                    f"row without {missing}; skipped",
                    path=path,
                    location=row.location,
                    record_id=unique_id or None,
                )
                continue
            kind: EntityKind = entity_kind(cell["Type"])
            parts = () if kind == "person" else (NamePart("whole", full),)
            remarks = [
                f"{label}: {value}"
                for label, value in (
                    ("Designation source", cell["Designation source"]),
                    ("Sanctions imposed", cell["Sanctions Imposed"]),
                )
                if value
            ]
            group_id = cell["OFSI Group ID"]
            designations.append(
                Designation(
                    id=f"{source_id}:{unique_id}",
                    source_id=source_id,
                    kind=kind,
                    names=(Name(full, "primary", "strong", parts),),
                    programs=(cell["Regime Name"],) if cell["Regime Name"] else (),
                    listed_on=parse_date(cell["Date Designated"]),
                    references=(group_id,) if group_id else (),
                    remarks="\n".join(remarks),
                )
            )
    return ParsedList(tuple(designations), None)


FORMATS = (
    ListFormat(
        id="uk-fcdo-xml",
        version="4.33",
        description="UK Sanctions List (FCDO), full XML, schema 4.33.x",
        sniff=_sniff_xml,
        parse=parse_xml_files,
        default_source=lambda files: "uk-fcdo",
    ),
    ListFormat(
        id="uk-fcdo-ods",
        version="summary-8-columns",
        description="UK Sanctions List (FCDO), 8-column summary spreadsheet (ODS)",
        sniff=_sniff_ods,
        parse=parse_ods_files,
        default_source=lambda files: "uk-fcdo",
    ),
)
