"""`who`: which loaded sources list the best-matching party, and which do not.

The answer an analyst needs on a hit: the UN does (or does not) list this
party, these states do, under these programs since these dates. Built on
`Screener.match` (best hit) and `Match.listings` (the linked party).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from screening.listings import Listing, Listings
from screening.model import EntityKind, Source
from screening.screener import Match, Screener


@attrs.frozen
class SourceVerdict:
    """One loaded source: does it list the party, and how."""

    source: Source
    listings: tuple[Listing, ...]

    @property
    def lists_party(self) -> bool:
        return bool(self.listings)


@attrs.frozen
class WhoLists:
    """The best hit, its party's listings, and a verdict for every loaded source."""

    match: Match
    listings: Listings
    verdicts: tuple[SourceVerdict, ...]


def who_lists(
    screener: Screener,
    name: str,
    *,
    kind: EntityKind | None = None,
    birth_date: str | dt.date | None = None,
    countries: Sequence[str] = (),
    threshold: float | None = None,
) -> WhoLists | None:
    """Who lists the party that best matches ``name``; None when nothing matches."""
    matches = screener.match(
        name, kind=kind, birth_date=birth_date, countries=countries, threshold=threshold, limit=1
    )
    if not matches:
        return None
    best = matches[0]
    listings = best.listings
    sources = sorted(
        {s.source.id: s.source for s in screener.lists.snapshots}.values(),
        key=lambda s: ({"un": 0, "regional": 1}.get(s.scope, 2), s.id),
    )
    verdicts = tuple(SourceVerdict(s, listings.by_source(s.id)) for s in sources)
    return WhoLists(best, listings, verdicts)


def format_who(report: WhoLists) -> str:
    """The report as text: the hit, the flags, one line per source, the link evidence."""
    best, listings = report.match, report.listings
    lines = [
        f"best match: {best.designation.id}  {best.matched_name.full}  score {best.score:.3f}",
        f"party {listings.party_id}: listed by the UN: {'yes' if listings.listed_by_un else 'no'}"
        f"; unilateral only: {'yes' if listings.unilateral_only else 'no'}"
        f"; jurisdictions: {', '.join(listings.jurisdictions)}",
    ]
    for verdict in report.verdicts:
        source = verdict.source
        if not verdict.lists_party:
            lines.append(f"  no   {source.id:<14} {source.scope:<10} {source.jurisdiction}")
            continue
        for item in verdict.listings:
            programs = ", ".join(item.programs) or "-"
            date = item.listed_on.isoformat() if item.listed_on else "date not given"
            reference = f"  UN ref {item.un_reference}" if item.un_reference else ""
            lines.append(
                f"  yes  {source.id:<14} {source.scope:<10} {source.jurisdiction:<3} "
                f"{item.designation_id}  {item.name}  [{programs}]  {date}{reference}"
            )
    for link in listings.links:
        lines.append(f"  linked: {link}")
    for link in listings.possible:
        lines.append(f"  possible (not merged): {link}")
    return "\n".join(lines)
