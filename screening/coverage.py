"""How the loaded lists overlap: parties per source, shared parties, UN coverage.

Counts are of *parties* (linked groups, `screening.linking`), not rows: a
party the UK lists twice (OFSI and FCDO files are two sources) counts once
per source. A party is UN-listed when its group holds a UN designation or a
UN reference number (`screening.listings`).

`coverage` returns the numbers for the CLI table and for plots; nothing here
prints.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from screening.linking import PartyLinks
from screening.model import Source


@attrs.frozen
class SourceCoverage:
    """One source's parties and how many of them others share."""

    source_id: str
    scope: str
    designations: int
    parties: int
    un_parties: int
    """Parties this source lists that the UN lists too."""
    not_un: int
    """Parties this source lists that the UN does not."""
    only_here: int
    """Parties no other loaded source lists."""


@attrs.frozen
class Coverage:
    """Per-source figures and the source-by-source matrix of shared parties."""

    sources: tuple[SourceCoverage, ...]
    shared: tuple[tuple[str, str, int], ...]
    """(source a, source b, parties both list) for every ordered pair; a == b gives parties."""
    un_parties: int
    """Parties the UN lists (by designation or reference), among all loaded."""

    def shared_count(self, a: str, b: str) -> int:
        return next(count for x, y, count in self.shared if x == a and y == b)

    def largest_differences(self, top: int = 5) -> list[tuple[str, str, int]]:
        """(a, b, parties a lists and b does not), largest first."""
        parties = {s.source_id: s.parties for s in self.sources}
        differences = [(a, b, parties[a] - count) for a, b, count in self.shared if a != b]
        differences.sort(key=lambda item: (-item[2], item[0], item[1]))
        return differences[:top]

    def matrix(self) -> list[list[int]]:
        """Shared parties as rows and columns in ``sources`` order (for a heat map)."""
        ids = [s.source_id for s in self.sources]
        return [[self.shared_count(a, b) for b in ids] for a in ids]


def coverage(links: PartyLinks, sources: dict[str, Source]) -> Coverage:
    """Overlap figures of the loaded sources, from party links."""
    ids = sorted(sources)
    parties_of: dict[str, set[int]] = {s: set() for s in ids}
    rows: dict[str, int] = dict.fromkeys(ids, 0)
    un_groups: set[int] = set()
    group_sources: list[set[str]] = []
    for number, group in enumerate(links.groups):
        members = links.members(group)
        present = {d.source_id for d in members}
        group_sources.append(present)
        if any(sources[d.source_id].scope == "un" or d.un_reference for d in members):
            un_groups.add(number)
        for source_id in present:
            parties_of[source_id].add(number)
        for designation in members:
            rows[designation.source_id] += 1
    per_source = []
    for source_id in ids:
        mine = parties_of[source_id]
        per_source.append(
            SourceCoverage(
                source_id=source_id,
                scope=sources[source_id].scope,
                designations=rows[source_id],
                parties=len(mine),
                un_parties=len(mine & un_groups),
                not_un=len(mine - un_groups),
                only_here=sum(1 for g in mine if group_sources[g] == {source_id}),
            )
        )
    shared = tuple((a, b, len(parties_of[a] & parties_of[b])) for a in ids for b in ids)
    return Coverage(tuple(per_source), shared, len(un_groups))


def format_coverage(result: Coverage, *, top: int = 5) -> str:
    """Per-source table, the shared-parties matrix and the largest differences."""
    rows = [("source", "scope", "rows", "parties", "UN-listed", "not UN", "only here")]
    rows += [
        (
            s.source_id,
            s.scope,
            str(s.designations),
            str(s.parties),
            str(s.un_parties),
            str(s.not_un),
            str(s.only_here),
        )
        for s in result.sources
    ]
    ids = [s.source_id for s in result.sources]
    matrix = [("shared parties", *ids)]
    matrix += [(a, *(str(v) for v in row)) for a, row in zip(ids, result.matrix(), strict=True)]
    lines = [_table(rows), f"(parties the UN lists, among all loaded: {result.un_parties})", ""]
    lines += [_table(matrix), "", "largest differences (parties listed by A, not by B):"]
    lines += [f"  {a} not in {b}: {count}" for a, b, count in result.largest_differences(top)]
    return "\n".join(lines)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
