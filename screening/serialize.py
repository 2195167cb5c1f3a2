"""Designations and snapshots as plain JSON data, and back.

Used by the persisted index (`screening.persist`), ``screening show --json``
and anything that stores or ships list data. Plain dicts, lists, strings and
numbers only: readable by any language, tied to no library version (unlike
pickle). Dates are ISO strings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

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
    ListSnapshot,
    Name,
    NamePart,
    NamePartKind,
    NameQuality,
    NameType,
    ParseIssue,
    PartialDate,
    Scope,
    SnapshotFile,
    Source,
)


def to_data(value: Any) -> Any:
    """Any model object as JSON-able data (attrs classes become dicts)."""
    if attrs.has(type(value)):
        return {
            field.name: to_data(getattr(value, field.name)) for field in attrs.fields(type(value))
        }
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _partial(data: dict[str, Any] | None) -> PartialDate | None:
    return PartialDate(data["year"], data["month"], data["day"]) if data else None


def _country(data: dict[str, Any] | None) -> Country | None:
    return Country(data["code"], data["text"]) if data else None


def _name(data: dict[str, Any]) -> Name:
    return Name(
        full=data["full"],
        type=cast(NameType, data["type"]),
        quality=cast(NameQuality, data["quality"]),
        parts=tuple(NamePart(cast(NamePartKind, p["kind"]), p["value"]) for p in data["parts"]),
        language=data["language"],
        script=data["script"],
    )


def designation_from_data(data: dict[str, Any]) -> Designation:
    """The inverse of ``to_data`` for a `Designation`."""
    return Designation(
        id=data["id"],
        source_id=data["source_id"],
        kind=cast(EntityKind, data["kind"]),
        names=tuple(_name(n) for n in data["names"]),
        programs=tuple(data["programs"]),
        birth_dates=tuple(
            BirthDate(_partial(b["earliest"]), _partial(b["latest"]), b["circa"], b["text"])
            for b in data["birth_dates"]
        ),
        birth_places=tuple(data["birth_places"]),
        nationalities=tuple(Country(c["code"], c["text"]) for c in data["nationalities"]),
        citizenships=tuple(Country(c["code"], c["text"]) for c in data["citizenships"]),
        identifiers=tuple(
            Identifier(
                cast(IdentifierKind, i["kind"]),
                i["number"],
                _country(i["country"]),
                i["label"],
                i["note"],
            )
            for i in data["identifiers"]
        ),
        addresses=tuple(
            Address(
                tuple(a["lines"]),
                a["city"],
                a["region"],
                a["postal_code"],
                _country(a["country"]),
            )
            for a in data["addresses"]
        ),
        listed_on=_date(data["listed_on"]),
        un_reference=data["un_reference"],
        references=tuple(data["references"]),
        gender=cast(Gender | None, data["gender"]),
        titles=tuple(data["titles"]),
        related=tuple(data["related"]),
        remarks=data["remarks"],
    )


def source_from_data(data: dict[str, Any]) -> Source:
    return Source(
        id=data["id"],
        authority=data["authority"],
        jurisdiction=data["jurisdiction"],
        scope=cast(Scope, data["scope"]),
        format=data["format"],
        title=data["title"],
        urls=tuple(data["urls"]),
        licence=data["licence"],
    )


def snapshot_header(snapshot: ListSnapshot) -> dict[str, Any]:
    """Everything of a snapshot except its designations."""
    data: dict[str, Any] = to_data(attrs.evolve(snapshot, designations=()))
    del data["designations"]
    return data


def snapshot_from_data(
    header: dict[str, Any], designations: tuple[Designation, ...]
) -> ListSnapshot:
    """A snapshot from `snapshot_header` data and its designations."""
    return ListSnapshot(
        source=source_from_data(header["source"]),
        designations=designations,
        published=_date(header["published"]),
        files=tuple(SnapshotFile(f["path"], f["sha256"], f["size"]) for f in header["files"]),
        parser=header["parser"],
        parser_version=header["parser_version"],
        issues=tuple(
            ParseIssue(i["path"], i["location"], i["reason"], i["record_id"])
            for i in header["issues"]
        ),
    )
