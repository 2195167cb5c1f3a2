"""Which input columns hold the name, kind, birth date, countries and id.

Auto-detection compares header names after lower-casing and dropping
everything but letters and digits (``Date of Birth`` = ``date_of_birth`` =
``dateofbirth``) against short lists of the usual spellings. When no column
holds a whole name but given and family name columns exist, the name is their
join ("given middle family"). Explicit options always win and must name an
existing column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from screening.batch.records import InputRow
from screening.errors import InputError

_NAME = ("name", "fullname", "customername", "clientname", "partyname", "counterparty",
         "counterpartyname", "entityname", "accountname", "accountholder", "legalname",
         "customer", "client", "party", "nom", "nombre")  # fmt: skip
_GIVEN = ("firstname", "givenname", "forename", "givennames", "first")
_MIDDLE = ("middlename", "middlenames", "middle")
_FAMILY = ("lastname", "surname", "familyname", "last")
_KIND = ("kind", "type", "entitytype", "partytype", "customertype", "clienttype",
         "entitykind", "schema", "category")  # fmt: skip
_DOB = ("dob", "dateofbirth", "birthdate", "birthday", "born", "datebirth", "birth")
_COUNTRY = ("country", "countries", "countrycode", "nationality", "nationalities",
            "citizenship", "countryofresidence", "residence", "countryofbirth")  # fmt: skip
_ID = ("id", "customerid", "clientid", "customerno", "customernumber", "clientnumber",
       "accountid", "accountnumber", "recordid", "reference", "ref", "uid", "key")  # fmt: skip


def _key(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.casefold())


@attrs.frozen
class ColumnOptions:
    """Column names given by the user; None means auto-detect (``country`` may repeat)."""

    name: str | None = None
    kind: str | None = None
    dob: str | None = None
    country: tuple[str, ...] = ()
    id: str | None = None


@attrs.frozen
class ColumnMap:
    """The resolved columns. ``name`` has one column, or several joined with spaces."""

    name: tuple[str, ...]
    kind: str | None = None
    dob: str | None = None
    countries: tuple[str, ...] = ()
    id: str | None = None

    def describe(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _find(keys: Mapping[str, str], spellings: Sequence[str]) -> str | None:
    for spelling in spellings:
        if spelling in keys:
            return keys[spelling]
    return None


def _require(header: Sequence[str], column: str, option: str) -> str:
    if column not in header:
        raise InputError(
            f"--{option} {column!r} is not a column of the input; columns: {', '.join(header)}"
        )
    return column


def resolve_columns(header: Sequence[str], options: ColumnOptions | None = None) -> ColumnMap:
    """Map the input's header to the fields screening needs; raises if no name is found."""
    options = options or ColumnOptions()
    keys: dict[str, str] = {}
    for column in header:
        keys.setdefault(_key(column), column)
    if options.name is not None:
        name: tuple[str, ...] = (_require(header, options.name, "name"),)
    else:
        whole = _find(keys, _NAME)
        parts = [_find(keys, spellings) for spellings in (_GIVEN, _MIDDLE, _FAMILY)]
        if whole is not None:
            name = (whole,)
        elif parts[0] is not None or parts[2] is not None:
            name = tuple(p for p in parts if p is not None)
        else:
            raise InputError(
                "no name column found; name it with --name (columns: "
                f"{', '.join(header) or 'none'})"
            )
    kind = _require(header, options.kind, "kind") if options.kind else _find(keys, _KIND)
    dob = _require(header, options.dob, "dob") if options.dob else _find(keys, _DOB)
    if options.country:
        countries = tuple(_require(header, c, "country") for c in options.country)
    else:
        found = _find(keys, _COUNTRY)
        countries = (found,) if found else ()
    record_id = _require(header, options.id, "id") if options.id else _find(keys, _ID)
    return ColumnMap(name=name, kind=kind, dob=dob, countries=countries, id=record_id)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_countries(value: Any) -> tuple[str, ...]:
    """Countries in one cell: a list, or text separated by ``;`` or ``|``."""
    if _blank(value):
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if not _blank(v))
    return tuple(part.strip() for part in re.split(r"[;|]", str(value)) if part.strip())


def row_from_mapping(row: int, values: Mapping[str, Any], columns: ColumnMap) -> InputRow:
    """An `InputRow` from one record's values; values keep their types (checked later)."""
    if len(columns.name) == 1:
        name = values.get(columns.name[0])
    else:
        parts = [values.get(column) for column in columns.name]
        name = " ".join(str(p).strip() for p in parts if not _blank(p))
    record_id = values.get(columns.id) if columns.id else None
    countries: tuple[str, ...] = ()
    for column in columns.countries:
        countries += split_countries(values.get(column))
    return InputRow(
        row=row,
        name=name,
        record_id=None if _blank(record_id) else str(record_id),
        kind=values.get(columns.kind) if columns.kind else None,
        birth_date=values.get(columns.dob) if columns.dob else None,
        countries=countries,
    )
