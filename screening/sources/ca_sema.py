"""Canada Consolidated Autonomous Sanctions List (SEMA and JVCFOA), XML ``sema-lmes.xml``.

Root ``data-set`` (no namespace, no publication date), flat ``record``
elements: Country, LastName, GivenName, EntityOrShip, TitleOrShip,
ShipIMONumber, Aliases, DateOfBirthOrShipBuildDate, Schedule, Item,
DateOfListing (``YYYY-MM-DD``).

Decisions and quirks:

- The file has no ids. A record is identified by its regulation (Country),
  schedule and item number: ``ca-sema:<country slug>:<schedule slug>:<item>``
  (``ca-sema:russia:1-part-1:12``); the slug takes the English half of the
  bilingual Country (``Russia / Russie`` -> ``russia``), and records without a
  Schedule (329 in the 2025 file: Venezuela, Zimbabwe, JVCFOR ...) leave that
  segment out (``ca-sema:venezuela:35``). The triple is unique over the 2025
  file (4,759 records, 4,759 ids). Should a later file repeat one, the second
  and later records get ``-2``, ``-3`` ... in file order, which is
  deterministic but not stable across editions: such ids are only as stable
  as the schedule numbering itself.
- Country is the regulation, not a nationality (``Justice for Victims of
  Corrupt Foreign Officials Regulations (JVCFOR) / …``, ``Hamas Terrorist
  Attacks``), so it becomes the program.
- Kind: a ShipIMONumber makes a vessel; otherwise EntityOrShip without
  LastName/GivenName an organization; otherwise a person. TitleOrShip is a
  title for people (``Brigadier``) and a ship type for vessels (remarks);
  DateOfBirthOrShipBuildDate is a birth date for people and a build date for
  vessels (remarks). ``1965-03-01 or 1966-02-03`` gives two dates.
- Aliases is one free-text string: split on new lines, ``;``, ``,`` and the
  word ``or``; ``Belarusian:``/``Russian:``/``Arabic:`` labels set the
  language of what follows; a bare legal form after a comma (``Банк Зенит,
  ПАО``) stays with its name. Aliases in a non-Latin script are
  ``original_script`` names. The split is a heuristic: fragments such as a
  lone given name can result, and are kept rather than guessed away.
- An organisation's EntityOrShip may carry its alias: ``X (also known as
  Y)`` becomes the primary name X and the alias Y, one name (Y's commas and
  "and" are part of organisation names as often as separators).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

from screening.model import Designation, EntityKind, Identifier, Name, NamePart, NameType
from screening.scripts import detect_script
from screening.sources.base import (
    IssueLog,
    ListFormat,
    ParsedList,
    child_text,
    deduplicate,
    iter_xml,
    require_xml_root,
    xml_root_name,
)
from screening.sources.dates import parse_birth_dates, parse_date

ROOT = "data-set"

_LANGUAGES = {
    "belarusian": "be",
    "belarussian": "be",
    "russian": "ru",
    "ukrainian": "uk",
    "arabic": "ar",
    "persian": "fa",
    "farsi": "fa",
    "chinese": "zh",
    "hebrew": "he",
    "burmese": "my",
    "korean": "ko",
}
_LANGUAGE_LABEL = re.compile(r"\b(" + "|".join(_LANGUAGES) + r")\s*:", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:\n|;|,|\s\bor\b\s|\s\bOR\b\s)\s*")
_LEGAL_FORMS = {
    "ао",
    "пао",
    "оао",
    "зао",
    "ооо",
    "сао",
    "нао",
    "фгуп",
    "jsc",
    "pjsc",
    "ojsc",
    "cjsc",
    "llc",
    "ltd",
    "ltd.",
    "inc",
    "inc.",
    "co.",
    "llp",
    "s.a.",
}
_TRAILING_AKA = re.compile(r"\s+AKA$")
_HYPHEN_WRAP = re.compile(r"-\s*\n\s*")
_LINE_WRAP = re.compile(r"\s*\n\s*")
_ALSO_KNOWN_AS = re.compile(r"\s*\(\s*also\s+known\s+as\s+", re.IGNORECASE)
_LATIN_SCRIPTS = {"Latn", "Zyyy"}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``-`` (``Myanmar (Burma)`` -> ``myanmar-burma``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT and b"<record" in head


def parse(files: Sequence[Path], source_id: str, issues: IssueLog) -> ParsedList:
    """One designation per ``record``; ids from country, schedule and item."""
    designations: list[Designation] = []
    seen: dict[str, int] = {}
    for path in files:
        require_xml_root(path, ROOT, source_id=source_id)
        for index, record in enumerate(
            iter_xml(path, source_id=source_id, tags={"record"}), start=1
        ):
            location = f"record #{index}"
            base_id = _record_id(record, source_id)
            if base_id is None:
                issues.report("record without Country or Item", path=path, location=location)
                record.clear()
                continue
            seen[base_id] = seen.get(base_id, 0) + 1
            designation_id = base_id if seen[base_id] == 1 else f"{base_id}-{seen[base_id]}"
            try:
                designations.append(_designation(record, designation_id, source_id))
            except ValueError as exc:
                issues.report(str(exc), path=path, location=location, record_id=designation_id)
            record.clear()
    return ParsedList(tuple(designations), None)


def _record_id(record: Element, source_id: str) -> str | None:
    country = child_text(record, "Country").split(" / ")[0]
    item = child_text(record, "Item")
    if not country or not item:
        return None
    schedule = slug(child_text(record, "Schedule"))
    segments = [slug(country), schedule, slug(item)]
    return ":".join([source_id, *[s for s in segments if s]])


def _designation(record: Element, designation_id: str, source_id: str) -> Designation:
    last, given = child_text(record, "LastName"), child_text(record, "GivenName")
    entity = child_text(record, "EntityOrShip")
    imo = child_text(record, "ShipIMONumber")
    kind: EntityKind = "person"
    if imo:
        kind = "vessel"
    elif entity and not (last or given):
        kind = "organization"
    names: list[Name] = []
    if kind == "person" and (last or given):
        parts = [NamePart("given", given)] if given else []
        parts += [NamePart("family", last)] if last else []
        names.append(Name(" ".join(p.value for p in parts), "primary", "strong", tuple(parts)))
    elif entity:
        entity, also_known_as = split_also_known_as(entity)
        names.append(Name(entity, "primary", "strong", (NamePart("whole", entity),)))
        if also_known_as:
            names.append(Name(also_known_as, "aka", "strong"))
    names.extend(split_aliases(child_text(record, "Aliases")))
    title = child_text(record, "TitleOrShip")
    dates_text = child_text(record, "DateOfBirthOrShipBuildDate")
    remarks = []
    if kind == "vessel":
        remarks += [f"Ship type: {title}"] if title else []
        remarks += [f"Build date: {dates_text}"] if dates_text else []
    birth_dates = (
        parse_birth_dates(re.sub(r"\s+or\s+", "; ", dates_text, flags=re.IGNORECASE))
        if dates_text and kind == "person"
        else []
    )
    program = child_text(record, "Country")
    return Designation(
        id=designation_id,
        source_id=source_id,
        kind=kind,
        names=deduplicate(names),
        programs=(program,) if program else (),
        birth_dates=deduplicate(birth_dates),
        identifiers=(Identifier("imo", imo),) if imo else (),
        listed_on=parse_date(child_text(record, "DateOfListing")),
        titles=(title,) if title and kind == "person" else (),
        remarks="\n".join(remarks),
    )


def split_also_known_as(entity: str) -> tuple[str, str]:
    """``X (also known as Y)`` in an EntityOrShip cell -> (X, Y); (entity, "") otherwise.

    67 organisations of the 2025 file carry their alias inside the name; kept
    there, "Y" would be matched as part of one long name and found by neither.
    """
    found = _ALSO_KNOWN_AS.search(entity)
    if found is None or not entity[: found.start()].strip():
        return entity, ""
    # The cell is wrapped at a fixed width: "Almaz-\nAntey" is one word.
    alias = _LINE_WRAP.sub(" ", _HYPHEN_WRAP.sub("-", entity[found.end() :])).strip()
    if alias.endswith(")") and alias.count("(") < alias.count(")"):
        alias = alias[:-1].strip()  # the closing bracket of "(also known as"
    return entity[: found.start()].strip(), alias


def split_aliases(text: str) -> list[Name]:
    """Names out of the free-text Aliases cell (see the module docstring)."""
    names: list[Name] = []
    pieces = _LANGUAGE_LABEL.split(text)
    segments: list[tuple[str | None, str]] = [(None, pieces[0])]
    segments += [
        (_LANGUAGES[label.casefold()], body)
        for label, body in zip(pieces[1::2], pieces[2::2], strict=True)
    ]
    for language, segment in segments:
        values: list[str] = []
        for raw in _SEPARATOR.split(segment):
            value = _TRAILING_AKA.sub("", raw.strip()).strip(" .:-")
            if not value:
                continue
            if values and value.casefold() in _LEGAL_FORMS:
                values[-1] = f"{values[-1]}, {value}"
            else:
                values.append(value)
        for value in values:
            if len(value) < 2:
                continue
            script = detect_script(value)
            name_type: NameType = "aka" if script in _LATIN_SCRIPTS else "original_script"
            names.append(Name(value, name_type, "strong", language=language))
    return names


FORMATS = (
    ListFormat(
        id="ca-sema-xml",
        version="sema-lmes",
        description="Canada Consolidated Autonomous Sanctions List (SEMA/JVCFOA), XML",
        sniff=_sniff,
        parse=parse,
        default_source=lambda files: "ca-sema",
    ),
)
