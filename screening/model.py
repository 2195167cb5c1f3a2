"""Frozen value objects for designations and list snapshots.

Parsers build these; writers and the matcher read them. No I/O lives here.
The vocabulary is fixed: a *source* is one authority's list (``us-ofac-sdn``),
a *list snapshot* is one parsed publication of it, a *designation* is one entry
in it, a *program* is the regime or legal basis the source gives for it, and
the *scope* tells whether the source is the UN Security Council (``un``), a
regional body such as the EU (``regional``) or one state (``unilateral``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

import attrs

from screening.scripts import detect_script

EntityKind = Literal["person", "organization", "vessel", "aircraft", "unknown"]
ENTITY_KINDS: tuple[EntityKind, ...] = ("person", "organization", "vessel", "aircraft", "unknown")

NameType = Literal["primary", "aka", "fka", "nka", "original_script"]
"""How the source presents a name: the main name, also/formerly/now known as, or
the name in its original (non-Latin) script."""

NameQuality = Literal["strong", "weak", "low"]
"""The source's own judgement of an alias: OFAC strong/weak, UN and UK Good/Low
quality (Low maps to ``low``), EU ``strong="false"`` maps to ``weak``."""

NamePartKind = Literal[
    "given", "middle", "family", "patronymic", "matronymic", "title", "whole", "other"
]

Scope = Literal["un", "regional", "unilateral", "mixed", "internal"]
SCOPES: tuple[Scope, ...] = ("un", "regional", "unilateral", "mixed", "internal")

Gender = Literal["male", "female"]

IdentifierKind = Literal[
    "passport",
    "national_id",
    "tax_id",
    "registration",
    "imo",
    "mmsi",
    "swift_bic",
    "digital_currency",
    "email",
    "website",
    "phone",
    "other",
]


@attrs.frozen
class NamePart:
    """One part of a name as the source splits it (``given``, ``family`` ...)."""

    kind: NamePartKind
    value: str


@attrs.frozen
class Name:
    """A name or alias of a designated party.

    ``script`` is an ISO 15924 code (``Latn``, ``Arab``, ``Cyrl``, ``Hani``,
    ``Zyyy`` for no letters, ``Mixd`` for several); it is detected from the text
    unless the source states it.
    """

    full: str
    type: NameType = "primary"
    quality: NameQuality = "strong"
    parts: tuple[NamePart, ...] = ()
    language: str | None = None
    script: str = attrs.field()

    @script.default
    def _detect_script(self) -> str:
        return detect_script(self.full)


@attrs.frozen(order=True)
class PartialDate:
    """A calendar date that may lack its day, or its day and month."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@attrs.frozen
class BirthDate:
    """A birth date as listed: exact, partial, approximate (``circa``) or a range.

    ``earliest`` is None only when the text could not be read as a date; the
    original ``text`` is always kept so nothing the source said is lost.
    """

    earliest: PartialDate | None
    latest: PartialDate | None = None
    circa: bool = False
    text: str = ""

    def __str__(self) -> str:
        if self.earliest is None:
            return self.text
        value = str(self.earliest)
        if self.latest is not None and self.latest != self.earliest:
            value = f"{value}..{self.latest}"
        return f"circa {value}" if self.circa else value


@attrs.frozen
class Country:
    """A country as the source names it, with its ISO 3166-1 alpha-2 code when known."""

    code: str | None
    text: str = ""

    def __str__(self) -> str:
        return self.code or self.text


@attrs.frozen
class Identifier:
    """A document or registry number: passport, national id, IMO, BIC, wallet ..."""

    kind: IdentifierKind
    number: str
    country: Country | None = None
    label: str = ""
    note: str = ""


@attrs.frozen
class Address:
    """A postal address; ``lines`` holds street-level parts in source order."""

    lines: tuple[str, ...] = ()
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: Country | None = None

    def __str__(self) -> str:
        parts = [*self.lines, self.city, self.region, self.postal_code]
        if self.country is not None:
            parts.append(str(self.country.text or self.country.code))
        return ", ".join(p for p in parts if p)


@attrs.frozen
class Designation:
    """One entry of one list snapshot.

    ``id`` is unique across sources: ``<source id>:<the source's own reference>``
    (``us-ofac-sdn:29119``, ``uk-ofsi:14105``). ``un_reference`` is set when the
    listing implements a UN designation (``LYi.009``); for the UN list itself it
    is the entry's own reference number. ``references`` holds the source's other
    numbers for the entry (UK Sanctions List Ref ``LIB0072`` on an OFSI group,
    EU reference ``EU.27.28``, OFSI group id on an FCDO entry).
    """

    id: str
    source_id: str
    kind: EntityKind
    names: tuple[Name, ...]
    programs: tuple[str, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[Country, ...] = ()
    citizenships: tuple[Country, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    listed_on: dt.date | None = None
    un_reference: str | None = None
    references: tuple[str, ...] = ()
    gender: Gender | None = None
    titles: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    remarks: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.names:
            raise ValueError(f"designation {self.id} has no name")

    @property
    def primary_name(self) -> Name:
        """The first primary name, or the first name if none is marked primary."""
        for name in self.names:
            if name.type == "primary":
                return name
        return self.names[0]

    @property
    def countries(self) -> tuple[str, ...]:
        """ISO codes of every nationality, citizenship and address country, deduplicated."""
        codes: dict[str, None] = {}
        for country in (*self.nationalities, *self.citizenships):
            if country.code:
                codes[country.code] = None
        for address in self.addresses:
            if address.country is not None and address.country.code:
                codes[address.country.code] = None
        return tuple(codes)


@attrs.frozen
class Source:
    """An official list as the registry describes it."""

    id: str
    authority: str
    jurisdiction: str
    scope: Scope
    format: str
    title: str = ""
    urls: tuple[str, ...] = ()
    licence: str = ""


@attrs.frozen
class SnapshotFile:
    """One input file of a snapshot, fingerprinted."""

    path: str
    sha256: str
    size: int


@attrs.frozen
class ParseIssue:
    """A record the parser could not read; reported, counted, never dropped silently."""

    path: str
    location: str
    reason: str
    record_id: str | None = None

    def __str__(self) -> str:
        record = f" (record {self.record_id})" if self.record_id else ""
        return f"{self.path}: {self.location}{record}: {self.reason}"


@attrs.frozen
class ListSnapshot:
    """One parsed publication of one source."""

    source: Source
    designations: tuple[Designation, ...]
    published: dt.date | None
    files: tuple[SnapshotFile, ...]
    parser: str
    parser_version: str
    issues: tuple[ParseIssue, ...] = ()

    @property
    def entry_count(self) -> int:
        return len(self.designations)

    @property
    def sha256(self) -> str:
        """Fingerprint of the whole snapshot: the single file's sha256, or a hash over all files."""
        if len(self.files) == 1:
            return self.files[0].sha256
        digest = hashlib.sha256()
        for file in sorted(self.files, key=lambda f: f.path):
            digest.update(file.sha256.encode())
        return digest.hexdigest()


@attrs.frozen
class ListSet:
    """The snapshots a screener works on, with where they came from.

    ``origin`` says how they were found: ``cache`` (fetched official lists),
    ``samples`` (the small embedded sample lists) or ``files`` (paths given).
    """

    snapshots: tuple[ListSnapshot, ...]
    origin: str = "files"

    def designations(self) -> tuple[Designation, ...]:
        return tuple(d for snapshot in self.snapshots for d in snapshot.designations)

    def source(self, source_id: str) -> Source:
        for snapshot in self.snapshots:
            if snapshot.source.id == source_id:
                return snapshot.source
        raise KeyError(source_id)

    def get(self, designation_id: str) -> Designation | None:
        for snapshot in self.snapshots:
            for designation in snapshot.designations:
                if designation.id == designation_id:
                    return designation
        return None

    def __len__(self) -> int:
        return sum(s.entry_count for s in self.snapshots)
