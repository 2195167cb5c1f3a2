"""Who lists a party: every listing of a linked party group, with plain flags.

A bank bound only by UN sanctions and a bank bound by US law act differently
on the same hit; `Listings` gives both what they need: each source's listing
(authority, scope, program, date) and ``listed_by_un`` / ``unilateral_only`` /
``jurisdictions``.

A party counts as listed by the UN when a designation of a ``un``-scope source
is in its group, or when any listing in the group carries a UN reference
number (a national listing implementing a UN designation, when the UN list
itself is not loaded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from screening.linking import Link, PartyGroup, PartyLinks
from screening.model import Designation, Scope, Source


@attrs.frozen
class Listing:
    """One source's listing of a party."""

    designation_id: str
    source_id: str
    authority: str
    jurisdiction: str
    scope: Scope
    programs: tuple[str, ...]
    listed_on: dt.date | None
    un_reference: str | None
    name: str

    @property
    def implements_un(self) -> bool:
        """A national or regional listing that carries a UN reference number."""
        return self.scope != "un" and self.un_reference is not None


@attrs.frozen
class Listings:
    """Every listing of one party (a linked group), and how they were linked."""

    party_id: str
    listings: tuple[Listing, ...]
    links: tuple[Link, ...] = ()
    possible: tuple[Link, ...] = ()

    @property
    def listed_by_un(self) -> bool:
        return any(item.scope == "un" or item.un_reference for item in self.listings)

    @property
    def unilateral_only(self) -> bool:
        """Listed only by single states, none of them implementing a UN designation."""
        return all(item.scope == "unilateral" and not item.un_reference for item in self.listings)

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        return tuple(sorted({item.jurisdiction for item in self.listings}))

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(sorted({item.source_id for item in self.listings}))

    def by_source(self, source_id: str) -> tuple[Listing, ...]:
        return tuple(item for item in self.listings if item.source_id == source_id)


def listing_of(designation: Designation, source: Source) -> Listing:
    return Listing(
        designation_id=designation.id,
        source_id=source.id,
        authority=source.authority,
        jurisdiction=source.jurisdiction,
        scope=source.scope,
        programs=designation.programs,
        listed_on=designation.listed_on,
        un_reference=designation.un_reference,
        name=designation.primary_name.full,
    )


def single_listing(designation: Designation, source: Source) -> Listings:
    """The listings of a designation that nothing is linked to."""
    return Listings(f"party:{designation.id}", (listing_of(designation, source),))


def group_listings(links: PartyLinks, group: PartyGroup, sources: Mapping[str, Source]) -> Listings:
    """Listings of a party group, sorted by scope (UN first), then source and id."""
    order = {"un": 0, "regional": 1, "unilateral": 2}
    items = sorted(
        (listing_of(d, sources[d.source_id]) for d in links.members(group)),
        key=lambda item: (order.get(item.scope, 3), item.source_id, item.designation_id),
    )
    return Listings(group.id, tuple(items), group.links, group.possible)
