"""UN Security Council Consolidated List, XML (``sc-sanctions.xsd``, English edition).

Root ``CONSOLIDATED_LIST`` (``dateGenerated`` = publication date), no namespace,
``INDIVIDUALS/INDIVIDUAL*`` and ``ENTITIES/ENTITY*``. Each record becomes one
designation ``un-sc:<REFERENCE_NUMBER>`` (``un-sc:LYi.014``); the reference is
unique in every snapshot seen. When it is missing the stable ``DATAID`` stands
in; ``DATAID`` is always kept in ``references``.

Decisions and quirks:

- Names are given-first: ``FIRST_NAME`` .. ``FOURTH_NAME`` joined in order; the
  first part is ``given``, the last ``family``, the ones between ``middle``
  (the UN keeps this field order even for family-first Korean names such as
  KIM CHOL SAM; the parts say what the source's fields say). Entities carry
  their whole name in ``FIRST_NAME``.
- ``NAME_ORIGINAL_SCRIPT`` becomes an ``original_script`` name.
- Individual aliases: quality ``Good`` -> strong, ``Low`` -> low, empty -> strong.
  Entity aliases: ``a.k.a.`` -> aka, ``f.k.a.`` -> fka. Alias elements with an
  empty ``ALIAS_NAME`` are placeholders (169 in the 2026 file) and are skipped;
  a non-empty alias is never dropped.
- Alias strings pack other data: ``Akrin Saleh Akrin (أقرين صالح أقرين)`` and
  ``جبهة النصرة (the Victory Front; Jabhat al-Nusrah; ...)`` become separate
  Latin and original-script names, as do ``Agha Jan Alizai اغا جان عالیزی``
  (one switch of script), alias notes ``In Arabic: ...`` / ``original script: ...``
  and aliases written wholly in another script (Chinese company names of
  KPe.*), which are typed ``original_script``; a trailing parenthesis with digits
  (document numbers, ``(KPE.018)``) is moved to the remarks;
  ``<name>, born 1 Jan. 1953 (Oman passport no.03825239, ...)`` (LYi.019) keeps
  the name, adds the birth date and passport, and keeps the text in remarks.
  Alias ``DATE_OF_BIRTH``/``CITY_OF_BIRTH``/``COUNTRY_OF_BIRTH`` join the
  designation's birth facts; alias ``NOTE`` goes to the remarks.
- Birth dates: ``TYPE_OF_DATE`` EXACT/APPROXIMATELY/BETWEEN with ``DATE``,
  ``YEAR`` or ``FROM_YEAR``+``TO_YEAR``; APPROXIMATELY means circa, BETWEEN a
  range; a date given only in ``NOTE`` ("Nov. 1973") is parsed from it.
- ``DESIGNATION`` values are positions ("Libyan Ambassador to Chad"), not parts
  of a name, so they go to the remarks as ``Position: ...``; ``TITLE`` values
  (Colonel, Maulavi, Haji) become ``titles``.
- Documents without a ``NUMBER`` (the number hides in ``NOTE`` or the type text)
  go to the remarks rather than becoming identifiers without a number.
- Address ``NOTE``s ("Believed location - Egypt") go to the remarks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

from screening.model import (
    Address,
    BirthDate,
    Designation,
    EntityKind,
    Gender,
    Identifier,
    IdentifierKind,
    Name,
    NamePart,
    NameQuality,
    NameType,
)
from screening.scripts import detect_script
from screening.sources.base import (
    IssueLog,
    ListFormat,
    ParsedList,
    child_text,
    children,
    clean,
    deduplicate,
    iter_xml,
    require_xml_root,
    xml_root_name,
)
from screening.sources.countries import to_country
from screening.sources.dates import parse_birth_date, parse_date, parse_partial_date

ROOT = "CONSOLIDATED_LIST"
_RECORDS: dict[str, EntityKind] = {"INDIVIDUAL": "person", "ENTITY": "organization"}
_NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ALIAS_QUALITY: dict[str, NameQuality] = {"good": "strong", "low": "low", "": "strong"}
_ALIAS_TYPE: dict[str, NameType] = {"a.k.a.": "aka", "f.k.a.": "fka", "": "aka"}
_LATIN_SCRIPTS = {"Latn", "Zyyy"}
_ORIGINAL_SCRIPT_MARK = re.compile(
    r"^original script\s*:\s*|\s*\(original script\)\s*$", re.IGNORECASE
)
_NOTE_SCRIPT_NAME = re.compile(r"(?:original script|in arabic(?: script)?)\s*:\s*([^;]+)", re.I)
_BORN = re.compile(r"^(?P<name>.+?),\s+born\s+(?P<date>[^(]+?)\s*(?:\((?P<extra>.*)\))?\.?$")
_PASSPORT = re.compile(
    r"(?P<country>[A-Z][\w ]*?)\s+passport\s+no\.?\s*(?P<number>[A-Z0-9]+)", re.IGNORECASE
)


def parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """Stream every INDIVIDUAL and ENTITY of one consolidated.xml into designations."""
    path = files[0]
    require_xml_root(path, ROOT, source_id=source_id)
    designations: list[Designation] = []
    published = None
    counts = dict.fromkeys(_RECORDS, 0)
    for element in iter_xml(path, source_id=source_id, tags={ROOT, *_RECORDS}):
        tag = element.tag
        if tag == ROOT:
            published = parse_date(element.get("dateGenerated", ""))
            continue
        counts[tag] += 1
        group = "INDIVIDUALS" if tag == "INDIVIDUAL" else "ENTITIES"
        location = f"{group}/{tag}[{counts[tag]}]"
        designation = _read_record(element, _RECORDS[tag], source_id, path, location, issues)
        if designation is not None:
            designations.append(designation)
        element.clear()
    return ParsedList(tuple(designations), published)


def _read_record(
    element: Element,
    kind: EntityKind,
    source_id: str,
    path: Path,
    location: str,
    issues: IssueLog,
) -> Designation | None:
    reference = child_text(element, "REFERENCE_NUMBER")
    data_id = child_text(element, "DATAID")
    own_id = reference or data_id
    if not own_id:
        issues.report(
            "record has neither REFERENCE_NUMBER nor DATAID", path=path, location=location
        )
        return None
    facts = _Facts()
    facts.remarks.append(child_text(element, "COMMENTS1"))
    names = [*_primary_names(element, kind), *_aliases(element, kind, facts)]
    if not names:
        issues.report(
            "record has no name (FIRST_NAME and every alias are empty)",
            path=path,
            location=location,
            record_id=own_id,
        )
        return None
    for position in _values(element, "DESIGNATION"):
        facts.remarks.append(f"Position: {position}")
    if kind == "person":
        for date_element in children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
            facts.add_birth_date(_birth_date(date_element))
        for place_element in children(element, "INDIVIDUAL_PLACE_OF_BIRTH"):
            facts.add_birth_place(_place(place_element))
        for document in children(element, "INDIVIDUAL_DOCUMENT"):
            _read_document(document, facts)
    address_tag = "INDIVIDUAL_ADDRESS" if kind == "person" else "ENTITY_ADDRESS"
    addresses = [_address(a, facts) for a in children(element, address_tag)]
    gender = child_text(element, "GENDER").lower()
    return Designation(
        id=f"{source_id}:{own_id}",
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=tuple(p for p in (child_text(element, "UN_LIST_TYPE"),) if p),
        birth_dates=deduplicate(facts.birth_dates),
        birth_places=deduplicate(facts.birth_places),
        nationalities=deduplicate([to_country(v) for v in _values(element, "NATIONALITY")]),
        identifiers=deduplicate(facts.identifiers),
        addresses=deduplicate([a for a in addresses if a is not None]),
        listed_on=parse_date(child_text(element, "LISTED_ON")),
        un_reference=reference or None,
        references=(data_id,) if data_id else (),
        gender=_gender(gender),
        titles=deduplicate(_values(element, "TITLE")),
        remarks="\n".join(deduplicate([r for r in facts.remarks if r])),
    )


class _Facts:
    """Facts gathered from several places of one record (main fields and aliases)."""

    def __init__(self) -> None:
        self.birth_dates: list[BirthDate] = []
        self.birth_places: list[str] = []
        self.identifiers: list[Identifier] = []
        self.remarks: list[str] = []

    def add_birth_date(self, date: BirthDate | None) -> None:
        if date is not None and all(str(d) != str(date) for d in self.birth_dates):
            self.birth_dates.append(date)

    def add_birth_place(self, place: str) -> None:
        if place:
            self.birth_places.append(place)

    def add_identifier(self, identifier: Identifier) -> None:
        if all(i.number != identifier.number for i in self.identifiers):
            self.identifiers.append(identifier)


def _gender(text: str) -> Gender | None:
    if text == "male":
        return "male"
    if text == "female":
        return "female"
    return None


def _values(element: Element, name: str) -> list[str]:
    """The ``VALUE`` texts under every ``name`` child (TITLE, NATIONALITY ...)."""
    return [
        value
        for holder in children(element, name)
        for value in (clean(v.text) for v in children(holder, "VALUE"))
        if value
    ]


def _primary_names(element: Element, kind: EntityKind) -> list[Name]:
    values = [child_text(element, field) for field in _NAME_FIELDS]
    values = [v for v in values if v]
    names: list[Name] = []
    if values:
        full = " ".join(values)
        names.append(Name(full, parts=_parts(values) if kind == "person" else ()))
    original = child_text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(Name(original, type="original_script"))
    return names


def _parts(values: list[str]) -> tuple[NamePart, ...]:
    if len(values) == 1:
        return (NamePart("whole", values[0]),)
    middle = [NamePart("middle", v) for v in values[1:-1]]
    return (NamePart("given", values[0]), *middle, NamePart("family", values[-1]))


def _aliases(element: Element, kind: EntityKind, facts: _Facts) -> list[Name]:
    names: list[Name] = []
    tag = "INDIVIDUAL_ALIAS" if kind == "person" else "ENTITY_ALIAS"
    for alias in children(element, tag):
        text = child_text(alias, "ALIAS_NAME").rstrip(" ,;")
        if not text:
            continue  # an empty placeholder element, not data
        quality_text = child_text(alias, "QUALITY").lower()
        if kind == "person":
            name_type: NameType = "aka"
            quality = _ALIAS_QUALITY.get(quality_text, "strong")
        else:
            name_type = _ALIAS_TYPE.get(quality_text, "aka")
            quality = "strong"
        found = _split_alias(text, name_type, quality, facts)
        note = child_text(alias, "NOTE")
        if note:
            facts.remarks.append(f"Alias {found[0].full}: {note}")
            # "In Arabic: سيف العدل", "original script: Абу Банат"
            if (script_name := _NOTE_SCRIPT_NAME.search(note)) and not _is_latin(script_name[1]):
                found.append(Name(script_name[1].strip(), "original_script", quality))
        names.extend(found)
        date_of_birth = child_text(alias, "DATE_OF_BIRTH")
        if date_of_birth:
            facts.add_birth_date(parse_birth_date(date_of_birth))
        place = (child_text(alias, "CITY_OF_BIRTH"), child_text(alias, "COUNTRY_OF_BIRTH"))
        facts.add_birth_place(", ".join(p for p in place if p))
    return names


def _split_alias(text: str, name_type: NameType, quality: NameQuality, facts: _Facts) -> list[Name]:
    """One alias string as one or more names, moving embedded facts to ``facts``."""

    def named(piece: str) -> Name:
        return Name(piece, name_type if _is_latin(piece) else "original_script", quality)

    if born := _BORN.match(text):
        facts.add_birth_date(parse_birth_date(born["date"]))
        extra = born["extra"] or ""
        if passport := _PASSPORT.search(extra):
            country = to_country(passport["country"])
            facts.add_identifier(Identifier("passport", passport["number"], country, "", extra))
        facts.remarks.append(f"Alias {text}")
        return [Name(born["name"], name_type, quality)]
    split = _trailing_group(text)
    if split is None:
        # "Agha Jan Alizai اغا جان عالیزی": a Latin and an original-script run.
        return [named(piece) for piece in _script_runs(text)]
    outer, inner = split
    segments = [_ORIGINAL_SCRIPT_MARK.sub("", s).strip() for s in inner.split(";")]
    pieces = [p for p in (outer, *segments) if p]
    if len({_is_latin(p) for p in pieces}) > 1:
        return [named(piece) for piece in pieces]
    if outer and re.search(r"\d", inner):
        facts.remarks.append(f"Alias {text}")
        return [Name(outer, name_type, quality)]
    return [Name(text, name_type, quality)]


def _script_runs(text: str) -> list[str]:
    """``text`` split where it switches once between Latin and another script, else whole."""
    tokens = text.split()
    flips = [i for i in range(1, len(tokens)) if _is_latin(tokens[i]) != _is_latin(tokens[i - 1])]
    if len(flips) != 1:
        return [text]
    return [" ".join(tokens[: flips[0]]), " ".join(tokens[flips[0] :])]


def _trailing_group(text: str) -> tuple[str, str] | None:
    """``("outer", "inner")`` for ``outer (inner)`` with balanced parentheses, else None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return text[:index].strip(), text[index + 1 : -1].strip()
    return None


def _is_latin(text: str) -> bool:
    return detect_script(text) in _LATIN_SCRIPTS


def _birth_date(element: Element) -> BirthDate | None:
    kind = child_text(element, "TYPE_OF_DATE").upper()
    date, year = child_text(element, "DATE"), child_text(element, "YEAR")
    from_year, to_year = child_text(element, "FROM_YEAR"), child_text(element, "TO_YEAR")
    note = child_text(element, "NOTE")
    circa = kind == "APPROXIMATELY" or "approx" in note.lower()
    if date or year:
        value = date or year
        # "YEAR 1958" + "NOTE Sep." is September 1958.
        with_note = parse_partial_date(f"{note} {year}") if year and note else None
        earliest = with_note or parse_partial_date(value)
        if with_note:
            value, note = f"{note} {year}", ""
        text = _date_text(value, circa, note)
        return BirthDate(earliest, None, circa, text)
    if from_year and to_year:
        start, end = parse_partial_date(from_year), parse_partial_date(to_year)
        text = _date_text(f"{from_year} to {to_year}", circa, note)
        return BirthDate(start, end, circa, text)
    if note:
        parsed = parse_birth_date(note)
        return BirthDate(parsed.earliest, parsed.latest, parsed.circa or circa, note)
    return None


def _date_text(value: str, circa: bool, note: str) -> str:
    text = f"circa {value}" if circa else value
    return f"{text} ({note})" if note and note.lower() != "approximately" else text


def _place(element: Element) -> str:
    fields = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")
    return ", ".join(deduplicate([v for v in (child_text(element, f) for f in fields) if v]))


def _address(element: Element, facts: _Facts) -> Address | None:
    note = child_text(element, "NOTE")
    country = child_text(element, "COUNTRY")
    street = child_text(element, "STREET")
    if note:
        facts.remarks.append(f"Address note{f' ({country})' if country else ''}: {note}")
    address = Address(
        lines=(street,) if street else (),
        city=child_text(element, "CITY"),
        region=child_text(element, "STATE_PROVINCE"),
        postal_code=child_text(element, "ZIP_CODE"),
        country=to_country(country) if country else None,
    )
    return address if address != Address() else None


def _read_document(element: Element, facts: _Facts) -> None:
    main_type = child_text(element, "TYPE_OF_DOCUMENT")
    sub_type = child_text(element, "TYPE_OF_DOCUMENT2")
    number = child_text(element, "NUMBER")
    label = (sub_type or main_type).rstrip(": ")
    issued = [
        f"issued {date}" if (date := child_text(element, "DATE_OF_ISSUE")) else "",
        f"in {city}" if (city := child_text(element, "CITY_OF_ISSUE")) else "",
        child_text(element, "NOTE"),
    ]
    note = "; ".join(p for p in issued if p)
    if not number:
        if label or note:
            facts.remarks.append(f"{label or 'Document'}: {note}".rstrip(": "))
        return
    country = child_text(element, "ISSUING_COUNTRY") or child_text(element, "COUNTRY_OF_ISSUE")
    kind = _document_kind(sub_type) if sub_type else _document_kind(main_type)
    facts.add_identifier(
        Identifier(kind, number, to_country(country) if country else None, label, note)
    )


def _document_kind(text: str) -> IdentifierKind:
    lowered = text.lower()
    if re.search(r"passport|passeport|pasaporte", lowered):
        return "passport"
    if re.search(r"fiscal|tax", lowered):
        return "tax_id"
    if re.search(
        r"national|identity|identification|id card|tazkira|civil|social security", lowered
    ):
        return "national_id"
    return "other"


def _sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT


FORMATS: tuple[ListFormat, ...] = (
    ListFormat(
        id="un-xml",
        version="UN SC Consolidated List XML (sc-sanctions.xsd)",
        description="UN Security Council Consolidated List, XML (consolidated.xml)",
        sniff=_sniff,
        parse=parse,
        default_source=lambda files: "un-sc",
    ),
)
