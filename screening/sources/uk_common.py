"""Conventions shared by the UK lists (OFSI ConList and the FCDO UK Sanctions List).

Both write names in six parts (``Name 1`` .. ``Name 5`` given names,
``Name 6`` the surname or, for entities and ships, the whole name), dates as
``dd/mm/yyyy`` with unknown parts as ``00`` (OFSI) or literally ``dd``/``mm``
(FCDO), and several values in one cell as ``(1) … (2) …``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs
import pycountry

from screening.model import BirthDate, EntityKind, Name, NamePart, NameQuality, NameType
from screening.sources.base import clean
from screening.sources.dates import parse_birth_dates

KINDS: dict[str, EntityKind] = {
    "individual": "person",
    "entity": "organization",
    "ship": "vessel",
}

# "Good quality" / "Low quality" (OFSI), "Good quality a.k.a" (FCDO).
_LOW_QUALITY = re.compile(r"^low\b", re.IGNORECASE)


def entity_kind(text: str) -> EntityKind:
    return KINDS.get(clean(text).casefold(), "unknown")


def alias_quality(text: str) -> NameQuality:
    """Low quality aliases map to ``low``; good or unmarked ones are strong."""
    return "low" if _LOW_QUALITY.match(clean(text)) else "strong"


def six_part_name(
    parts: Sequence[str],
    kind: EntityKind,
    *,
    type: NameType = "primary",
    quality: NameQuality = "strong",
) -> Name | None:
    """A `Name` from Name 1 .. Name 6 (in that order), or None if all are empty.

    People are written given-first (``Mohamed AL KANI``): Name 1 is the given
    name, Names 2-5 middle names, Name 6 the family name. For entities and
    ships Name 6 is the whole name; other parts, if any, precede it.
    """
    values = [clean(p) for p in parts]
    if not any(values):
        return None
    *given, last = values
    full = " ".join(v for v in values if v)
    name_parts: list[NamePart] = []
    if kind == "person":
        for index, value in enumerate(given):
            if value:
                name_parts.append(NamePart("given" if index == 0 else "middle", value))
        if last:
            name_parts.append(NamePart("family", last))
    else:
        name_parts.append(NamePart("whole", full))
    return Name(full, type, quality, tuple(name_parts))


_PLACEHOLDER = re.compile(r"\b(dd|mm)(?=/)", re.IGNORECASE)


def uk_birth_dates(text: str) -> list[BirthDate]:
    """Birth dates of one cell; ``dd/mm/1968`` placeholders read as the year alone."""
    value = clean(text)
    if not value:
        return []
    dates = parse_birth_dates(_PLACEHOLDER.sub("00", value))
    if len(dates) == 1:  # keep the text as the list wrote it
        return [attrs.evolve(dates[0], text=value)]
    return dates


# "(1) x (2) y" and the ranged form "(1) to (6) Algeria (7) Morocco".
_ENUMERATION = re.compile(r"\(\d+\)(?:\s*to\s*\(\d+\))?")


def enumerated(text: str, *, keep_placeholders: bool = False) -> list[str]:
    """The values of a ``(1) … (2) …`` cell (one value if unnumbered).

    ``-`` stands for "none"; it is dropped unless ``keep_placeholders`` is set
    (as ``""``), for pairing numbers with their details by position.
    """
    value = clean(text)
    if not value:
        return []
    if _ENUMERATION.search(value):
        pieces = (
            _ENUMERATION.split(value)[1:] if value.startswith("(") else _ENUMERATION.split(value)
        )
    else:
        pieces = [value]
    values = [p.strip().rstrip(".;,").strip() for p in pieces]
    values = ["" if v == "-" else v for v in values]
    return values if keep_placeholders else [v for v in values if v]


@functools.cache
def language_code(text: str) -> str | None:
    """ISO 639-1 code for a language name such as ``Persian`` or ``Russian``; else the text."""
    value = clean(text)
    if not value:
        return None
    for candidate in re.split(r"\s*/\s*", value):
        try:
            language = pycountry.languages.lookup(candidate)
        except LookupError:
            continue
        return str(getattr(language, "alpha_2", None) or language.alpha_3)
    return value.casefold()


def imo_number(text: str) -> str:
    """An IMO number as digits only (``IMO9562233`` -> ``9562233``), as other lists write it."""
    return re.sub(r"^IMO\s*", "", clean(text), flags=re.IGNORECASE)
