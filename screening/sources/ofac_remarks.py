"""OFAC's Remarks mini-language, read into facts.

OFAC's legacy CSV files put most of what they know about an entry in one
Remarks cell: ``;``-separated statements such as ``DOB 03 May 1979; alt. DOB
1980; POB Tripoli, Libya; nationality Libya; citizen Libya; Gender Male;
Passport F86JKFJF (Libya) issued 01 Jan 2010 expires 31 Dec 2015; Tax ID No.
123 (Russia); a.k.a. 'X'; f.k.a. 'Y'; Linked To: NAME.`` The XML files keep
most of these in elements but still leave some in ``remarks`` and write the
identifier statements' labels as ``idType``, so both parsers share the
vocabulary here.

Quirks handled:

- quoted aliases may contain apostrophes (``'AL QA'IDA'``) and semicolons; a
  quote closes only where a ``;`` or the end follows it;
- the whole cell ends with a period that is not part of the last statement,
  except that OFAC does not double it after an abbreviation
  (``Linked To: PETROLEOS DE VENEZUELA, S.A.``), where it is kept;
- ``alt.`` (or ``Alt.``) marks an alternative value of the same fact;
- identifier numbers may carry a country in trailing parentheses and
  ``issued`` / ``expires`` dates; the label is kept as written;
- statements that are not names, dates, places, countries, gender, links or
  identifiers (``Secondary sanctions risk: ...``, ``Organization Established
  Date 1969``, job titles) are kept as free text.

Aliases found in remarks are OFAC's weak (low-quality) aliases; the strong ones
come from ``alt.csv`` or ``akaList``.
"""

from __future__ import annotations

import re

import attrs

from screening.model import (
    BirthDate,
    Country,
    Gender,
    Identifier,
    IdentifierKind,
    Name,
    NameType,
)
from screening.sources.countries import to_country
from screening.sources.dates import parse_birth_date


@attrs.frozen
class RemarkFacts:
    """What a Remarks cell says, sorted by kind; ``text`` keeps the statements we do not model."""

    names: tuple[Name, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[Country, ...] = ()
    citizenships: tuple[Country, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    gender: Gender | None = None
    related: tuple[str, ...] = ()
    text: str = ""


# Identifier labels as OFAC writes them (lower-cased, without a trailing colon).
_LABELS: dict[str, IdentifierKind] = {
    "passport": "passport",
    "diplomatic passport": "passport",
    "passport booklet": "passport",
    "stateless person passport": "passport",
    "travel document number": "passport",
    "national id no.": "national_id",
    "national foreign id number": "national_id",
    "identification number": "national_id",
    "personal id card": "national_id",
    "cedula no.": "national_id",
    "d.n.i.": "national_id",
    "c.u.r.p.": "national_id",
    "c.u.r.p. #": "national_id",
    "c.u.i.": "national_id",
    "c.u.i.p.": "national_id",
    "i.f.e.": "national_id",
    "credencial electoral": "national_id",
    "electoral registry no.": "national_id",
    "birth certificate number": "national_id",
    "residency number": "national_id",
    "refugee id card": "national_id",
    "kenyan id no.": "national_id",
    "bosnian personal id no.": "national_id",
    "moroccan personal id no.": "national_id",
    "turkish identification number": "national_id",
    "tazkira national id card": "national_id",
    "uae identification": "national_id",
    "citizen's card number": "national_id",
    "numero de identidad": "national_id",
    "ssn": "national_id",
    "stateless person id card": "national_id",
    "tax id no.": "tax_id",
    "v.a.t. number": "tax_id",
    "r.f.c.": "tax_id",
    "r.f.c. #": "tax_id",
    "rfc": "tax_id",
    "nit #": "tax_id",
    "ruc #": "tax_id",
    "rif #": "tax_id",
    "rtn": "tax_id",
    "c.u.i.t.": "tax_id",
    "c.i.f.": "tax_id",
    "us fein": "tax_id",
    "italian fiscal code": "tax_id",
    "paraguayan tax identification number": "tax_id",
    "numero unico de identificacao tributaria (nuit)": "tax_id",
    "registration id": "registration",
    "registration number": "registration",
    "business registration number": "registration",
    "business registration document #": "registration",
    "business number": "registration",
    "commercial registry number": "registration",
    "company number": "registration",
    "uk company number": "registration",
    "c.r. no.": "registration",
    "romanian c.r.": "registration",
    "folio mercantil no.": "registration",
    "matricula mercantil no": "registration",
    "trade license no.": "registration",
    "public registration number": "registration",
    "government gazette number": "registration",
    "legal entity number": "registration",
    "le number": "registration",
    "unified social credit code (uscc)": "registration",
    "united social credit code certificate (usccc)": "registration",
    "chamber of commerce number": "registration",
    "istanbul chamber of comm. no.": "registration",
    "dubai chamber of commerce membership no.": "registration",
    "central registration system number": "registration",
    "economic register number (cbls)": "registration",
    "registered charity no.": "registration",
    "d-u-n-s number": "registration",
    "enterprise number": "registration",
    "branch unit number": "registration",
    "certificate of incorporation number": "registration",
    "organization code": "registration",
    "license": "registration",
    "permit number": "registration",
    "vessel registration identification": "imo",
    "mmsi": "mmsi",
    "swift/bic": "swift_bic",
    "email address": "email",
    "website": "website",
    "phone number": "phone",
    "telephone": "phone",
    "telephone no.": "phone",
    "phone": "phone",
    "fax": "phone",
    "fax no.": "phone",
    "isin": "other",
    "equity ticker": "other",
    "bik (ru)": "other",
    "aircraft tail number": "other",
    "previous aircraft tail number": "other",
    "aircraft manufacturer's serial number (msn)": "other",
    "aircraft construction number (also called l/n or s/n or f/n)": "other",
    "aircraft serial identification": "other",
    "aircraft mode s transponder code": "other",
    "vessel call sign": "other",
    "other vessel call sign": "other",
    "driver's license no.": "other",
    "pilot license number": "other",
    "immigration no.": "other",
    "visanumberid": "other",
    "military registration number": "other",
    "cartilla de servicio militar nacional": "other",
    "sre permit no.": "other",
    "afghan money service provider license number": "other",
    "chinese commercial code": "other",
    "file number": "other",
    "serial no.": "other",
}
_LONGEST_FIRST = sorted(_LABELS, key=len, reverse=True)

# An unknown label that still reads as "some document number".
_NUMBER_LABEL = re.compile(r"^[A-Z][\w.'/&() -]{0,60}?\b(?:No\.?|Number|#|ID)$")
_DIGITAL_CURRENCY = re.compile(r"^(Digital Currency Address - \w+)\s+(\S+)$", re.IGNORECASE)
_IMO = re.compile(r"^IMO\s*(\d+)$", re.IGNORECASE)
_DATES_TAIL = re.compile(r"\s+((?:issued|expires)\b.*)$", re.IGNORECASE)
_COUNTRY_TAIL = re.compile(r"^(.*\S)\s+\(([^()\d]+)\)$")
_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_ALIAS = re.compile(r"^([afn])\.k\.a\.,?\s*", re.IGNORECASE)
_QUOTES = "'\"‘’“”"
_CLOSED = re.compile(r"['\"’”](?=[\s(,])")
_QUOTE_END = re.compile(r"['\"’”]\s*\.?\s*(?:;|$)")
_ABBREVIATION = re.compile(
    r"(?:^|[\s,(])(?:(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}"
    r"|LTD|LTDA|INC|CO|CORP|CIA|JR|SR|ST|BHD|SDN|PTE|NO|[A-Z])$",
    re.IGNORECASE,
)


def identifier_kind(label: str) -> IdentifierKind | None:
    """The identifier kind of an OFAC label (remarks or ``idType``); None for a plain fact."""
    key = label.strip().rstrip(":").strip().lower()
    key = _ALT.sub("", key)
    if key in _LABELS:
        return _LABELS[key]
    if key.startswith("digital currency address"):
        return "digital_currency"
    if _NUMBER_LABEL.match(label.strip().rstrip(":").strip()):
        return "other"
    return None


def make_identifier(
    kind: IdentifierKind, label: str, value: str, country: str = "", note: str = ""
) -> Identifier:
    """An `Identifier` from OFAC's label and value, unwrapping ``IMO 9187629`` and ``(Country)``."""
    number = value.strip()
    notes = [note] if note else []
    if dates := _DATES_TAIL.search(number):
        notes.insert(0, dates[1])
        number = number[: dates.start()].strip()
    if not country and kind != "phone" and (tail := _COUNTRY_TAIL.match(number)):
        number, country = tail[1], tail[2]
    if imo := _IMO.match(number):
        kind, number = "imo", imo[1]
    return Identifier(
        kind=kind,
        number=number,
        country=to_country(country) if country.strip() else None,
        label=label.strip().rstrip(":").strip(),
        note=" ".join(notes),
    )


def split_remarks(text: str) -> list[str]:
    """The statements of a Remarks cell, quotes respected, the closing period removed."""
    statements: list[str] = []
    position, end = 0, len(text)
    while position < end:
        while position < end and text[position] in " \t\r\n;":
            position += 1
        if position >= end:
            break
        stop = -1
        head = _ALT.sub("", text[position : position + 20])
        alias = _ALIAS.match(head)
        if alias and head[alias.end() : alias.end() + 1] in tuple(_QUOTES):
            opening = position + (len(text[position : position + 20]) - len(head)) + alias.end()
            closing = _QUOTE_END.search(text, opening + 1)
            semicolon = text.find(";", opening + 1)
            # A ';' inside quotes is kept only if no quote closed before it
            # ("a.k.a. 'X' (old); Linked To: COMPANY 'Y'" is two statements).
            if (
                closing is not None
                and 0 <= semicolon < closing.start()
                and _CLOSED.search(text, opening + 1, semicolon)
            ):
                closing = None
            if closing is not None:
                stop = closing.end() - 1 if closing[0].endswith(";") else closing.end()
        if stop < 0:
            semicolon = text.find(";", position)
            stop = end if semicolon < 0 else semicolon
        statements.append(text[position:stop].strip())
        position = stop + 1
    statements = [s for s in statements if s]
    if statements:
        statements[-1] = _strip_final_period(statements[-1])
    return [s for s in statements if s]


def _strip_final_period(statement: str) -> str:
    if not statement.endswith("."):
        return statement
    body = statement[:-1].rstrip()
    if _ABBREVIATION.search(body):
        return statement
    return body


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 3 and value[-1] == "." and value[-2] in _QUOTES:
        value = value[:-1]
    if len(value) >= 2 and value[0] in _QUOTES and value[-1] in _QUOTES:
        return value[1:-1].strip()
    if value[:1] in _QUOTES:
        return value[1:].strip()  # an alias cut by a truncated cell
    return value


_ALIAS_TYPES: dict[str, NameType] = {"a": "aka", "f": "fka", "n": "nka"}
_KEYWORD = re.compile(
    r"^(?P<key>DOB|POB|nationality|citizen|Gender|Linked To)(?:\s*:\s*|\s+)(?!of\s)(?P<value>.*)$",
    re.IGNORECASE,
)


def parse_remarks(text: str) -> RemarkFacts:
    """Read a Remarks cell (or XML ``remarks``) into `RemarkFacts`; never raises on odd text."""
    names: list[Name] = []
    birth_dates: list[BirthDate] = []
    birth_places: list[str] = []
    nationalities: list[Country] = []
    citizenships: list[Country] = []
    identifiers: list[Identifier] = []
    related: list[str] = []
    rest: list[str] = []
    gender: Gender | None = None
    for statement in split_remarks(text):
        body = _ALT.sub("", statement)
        if body.startswith("(") and body.endswith(")"):
            body = body[1:-1].strip()  # XML remarks wrap links: "(Linked To: X)"
        if alias := _ALIAS.match(body):
            value = _unquote(body[alias.end() :])
            if value:
                kind = _ALIAS_TYPES[alias[1].lower()]
                names.append(Name(value, type=kind, quality="weak"))
                continue
        if keyword := _KEYWORD.match(body):
            key, value = keyword["key"].lower(), keyword["value"].strip()
            if value:
                if key == "dob":
                    birth_dates.append(parse_birth_date(value))
                elif key == "pob":
                    birth_places.append(value)
                elif key == "nationality":
                    nationalities.append(to_country(value))
                elif key == "citizen":
                    citizenships.append(to_country(value))
                elif key == "linked to":
                    related.append(value)
                elif value.lower() in ("male", "female"):
                    gender = "male" if value.lower() == "male" else "female"
                else:
                    rest.append(statement)
                continue
        identifier = _statement_identifier(body)
        if identifier is not None:
            identifiers.append(identifier)
        else:
            rest.append(statement)
    return RemarkFacts(
        names=tuple(names),
        birth_dates=tuple(birth_dates),
        birth_places=tuple(birth_places),
        nationalities=tuple(nationalities),
        citizenships=tuple(citizenships),
        identifiers=tuple(identifiers),
        gender=gender,
        related=tuple(related),
        text="; ".join(rest),
    )


def _statement_identifier(statement: str) -> Identifier | None:
    if currency := _DIGITAL_CURRENCY.match(statement):
        return make_identifier("digital_currency", currency[1], currency[2])
    lowered = statement.lower()
    for label in _LONGEST_FIRST:
        if lowered.startswith(label):
            after = statement[len(label) :]
            value = after.lstrip(":").strip()
            if value and (after[:1].isspace() or after[:1] == ":") and _has_digit_or_at(value):
                return make_identifier(_LABELS[label], statement[: len(label)], value)
    # An unknown "... No. / Number / # / ID" label followed by a value with digits.
    for match in re.finditer(r"\b(?:No\.?|Number|#|ID)(?=\s)", statement):
        label, value = statement[: match.end()], statement[match.end() :].strip()
        if _NUMBER_LABEL.match(label) and re.match(r"^\S*\d", value):
            return make_identifier("other", label, value)
    return None


def _has_digit_or_at(value: str) -> bool:
    # Keeps prose that merely starts like a label ("License revoked") out of identifiers,
    # while letting e-mail addresses, web sites and BICs without digits through.
    return any(c.isdigit() for c in value) or "@" in value or "." in value or value.isupper()


@attrs.frozen
class VesselFacts:
    """OFAC's vessel columns (CSV) or ``vesselInfo`` (XML), as identifiers, links and text.

    The flag is where a ship is registered, not a nationality of a person, so it
    stays in the text (``Vessel Flag Panama``) rather than in ``nationalities``;
    the owner is a party linked to the vessel, so it is also in ``related``.
    """

    identifiers: tuple[Identifier, ...] = ()
    related: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()


def vessel_facts(
    *,
    call_sign: str = "",
    vessel_type: str = "",
    flag: str = "",
    owner: str = "",
    tonnage: str = "",
    gross_tonnage: str = "",
) -> VesselFacts:
    """Facts from OFAC's vessel fields (empty strings for absent ones)."""
    identifiers = (Identifier("other", call_sign, label="Vessel Call Sign"),) if call_sign else ()
    statements = [
        f"{label} {value}"
        for label, value in (
            ("Vessel Type", vessel_type),
            ("Vessel Flag", flag),
            ("Vessel Owner", owner),
            ("Tonnage", tonnage),
            ("Gross Registered Tonnage", gross_tonnage),
        )
        if value
    ]
    return VesselFacts(identifiers, (owner,) if owner else (), tuple(statements))
