"""Reading the many ways lists write (partial) dates.

Forms seen in the official files: ``03 May 1979``, ``May 1979``, ``1962``,
``circa 1970``, ``1955 to 1958`` (OFAC); ``1979-05-03`` (UN, EU); ``01/05/1979``,
``00/00/1978``, ``05/1979`` (UK, zeros for unknown parts); ``5 Feb. 1974``,
``a) 1976 b) 5 Feb. 1974`` (Australia). Anything unreadable is kept as text.
"""

from __future__ import annotations

import datetime as dt
import re

from screening.model import BirthDate, PartialDate

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "enero", "januar"),
            ("feb", "february", "fevrier", "février", "febrero", "februar"),
            ("mar", "march", "mars", "marzo", "märz", "marz"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "junio", "juni"),
            ("jul", "july", "juillet", "julio", "juli"),
            ("aug", "august", "aout", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "octubre", "oktober"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "decembre", "décembre", "diciembre", "dezember"),
        ],
        start=1,
    )
    for name in names
}

_CIRCA = re.compile(r"\b(circa|ca\.?|approx(?:imately)?\.?|about|c\.)\s*", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:T.*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_SLASHED_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_WORDY = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-zéû]+)\.?,?\s+(\d{4})$")
_WORDY_US = re.compile(r"^([A-Za-zéû]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s+(?:to|and|-|–)\s+(.+)$", re.IGNORECASE)
_ENUMERATED = re.compile(r"(?:^|\s)(?:[a-z]\)|\(\d+\))\s*")


def _checked(year: int, month: int | None, day: int | None) -> PartialDate | None:
    if not 1000 <= year <= 2100:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


def parse_partial_date(text: str) -> PartialDate | None:
    """One date in any of the forms above, or None if it is not one."""
    value = text.strip().rstrip(".").strip()
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month or None, day or None) if month else _checked(year, None, None)
    if match := _ISO_MONTH.match(value):
        return _checked(int(match[1]), int(match[2]) or None, None)
    if match := _SLASHED.match(value):
        day, month, year = (int(g) for g in match.groups())
        if month == 0:
            return _checked(year, None, None)
        return _checked(year, month, day or None)
    if match := _SLASHED_MONTH.match(value):
        month, year = int(match[1]), int(match[2])
        return _checked(year, month or None, None)
    if match := _YEAR.match(value):
        return _checked(int(match[1]), None, None)
    if match := _WORDY.match(value):
        month_number = _MONTHS.get(match[2].lower())
        if month_number is None:
            return None
        day_number = int(match[1]) if match[1] else None
        return _checked(int(match[3]), month_number, day_number)
    if match := _WORDY_US.match(value):
        month_number = _MONTHS.get(match[1].lower())
        if month_number is None:
            return None
        return _checked(int(match[3]), month_number, int(match[2]))
    return None


def parse_birth_date(text: str) -> BirthDate:
    """One birth date (exact, partial, circa or range); unreadable text is kept as text."""
    value = text.strip()
    circa = bool(_CIRCA.search(value))
    bare = _CIRCA.sub("", value).strip()
    single = parse_partial_date(bare)
    if single is not None:
        return BirthDate(single, None, circa, value)
    if match := _RANGE.match(bare):
        start, end = parse_partial_date(match[1]), parse_partial_date(match[2])
        if start is not None and end is not None:
            return BirthDate(start, end, circa, value)
    return BirthDate(None, None, circa, value)


def parse_birth_dates(text: str) -> list[BirthDate]:
    """Several dates in one cell: ``a) 1976 b) 5 Feb. 1974``, ``(1) .. (2) ..`` or ``;``-joined."""
    value = text.strip()
    if not value:
        return []
    pieces = [p for p in _ENUMERATED.split(value) if p.strip()]
    if len(pieces) == 1:
        pieces = [p for p in re.split(r"\s*;\s*", value) if p.strip()]
    return [parse_birth_date(piece.strip().rstrip(",")) for piece in pieces]


def parse_date(text: str) -> dt.date | None:
    """A full calendar date (listing dates, publication dates), or None."""
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(
                value[:10] if pattern == "%Y-%m-%d" else value, pattern
            ).date()
        except ValueError:
            continue
    return None
