"""Delta re-screening: after a list update, screen customers against what changed only.

Customers screened clean yesterday can only hit today through a designation
added or changed since: `rescreen` builds a screener over that delta alone (a
`ListSet` of the added and changed designations of every source) and screens
every customer against it, in a fraction of a full re-screen's time.

Same result as a full re-screen restricted to the delta designations: a
score depends on the query, the listed name and the *rarity weights* of
tokens, which come from the whole list set. A screener over the delta alone
would find every token rare and score differently, so the delta screener is
built with the full new list set's `TokenStatistics` (token and index-key
rarity, and the vocabulary used to split run-on words). Candidate support
then equals the full index's for every delta name, and the full screener
masked to the delta ids retrieves and scores exactly the same names
(tests/test_delta.py checks it).

A designation is *changed* when any aspect that matching reads differs
(names, kind, birth dates, countries) or its programs or identifiers do
(`screening.diff`); removed designations need no screening.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from screening.config import MatchConfig
from screening.diff import DEFAULT_ASPECTS, Aspect, diff_snapshots
from screening.errors import InputError
from screening.index import CandidateIndex, TokenStatistics
from screening.model import Designation, EntityKind, ListSet, ListSnapshot
from screening.normalize.normalizer import Normalizer
from screening.screener import Match, Screener


def delta_lists(
    old_lists: ListSet, new_lists: ListSet, *, aspects: Sequence[Aspect] = DEFAULT_ASPECTS
) -> ListSet:
    """The new snapshots cut down to designations added or changed since the old ones.

    A source absent from ``old_lists`` is new as a whole. Old snapshots of one
    source are merged by id, so a source loaded from several files works too.
    """
    old_by_source: dict[str, list[ListSnapshot]] = {}
    for snapshot in old_lists.snapshots:
        old_by_source.setdefault(snapshot.source.id, []).append(snapshot)
    cut = []
    for snapshot in new_lists.snapshots:
        olds = old_by_source.get(snapshot.source.id)
        if not olds:
            cut.append(snapshot)
            continue
        old = attrs.evolve(olds[0], designations=tuple(d for o in olds for d in o.designations))
        diff = diff_snapshots(old, snapshot, aspects=aspects)
        wanted = {d.id for d in diff.added} | set(diff.changed_ids)
        designations = tuple(d for d in snapshot.designations if d.id in wanted)
        cut.append(attrs.evolve(snapshot, designations=designations))
    return ListSet(tuple(cut), origin=new_lists.origin)


def full_statistics(lists: ListSet, *, config: MatchConfig | None = None) -> TokenStatistics:
    """Rarity statistics of a whole list set (costs one index build; reuse a full
    screener's ``screener.index.statistics()`` when one is at hand)."""
    config = config or MatchConfig()
    normalizer = Normalizer(max_length=config.max_name_length, max_tokens=config.max_tokens)
    return CandidateIndex(lists.designations(), normalizer).statistics()


@attrs.frozen
class Customer:
    """One row to screen: an id of the caller's, a name and optional evidence."""

    id: str
    name: str
    kind: EntityKind | None = None
    birth_date: str | None = None
    countries: tuple[str, ...] = ()


@attrs.frozen
class RescreenResult:
    """Hits per customer against the delta, and what the delta was."""

    delta_ids: tuple[str, ...]
    hits: tuple[tuple[Customer, tuple[Match, ...]], ...]

    @property
    def alerts(self) -> tuple[tuple[Customer, tuple[Match, ...]], ...]:
        """Only the customers with at least one hit."""
        return tuple((c, m) for c, m in self.hits if m)


_KINDS = {"person", "organization", "vessel", "aircraft"}


def read_customers(rows: Iterable[Mapping[str, str]]) -> list[Customer]:
    """Customers from rows with a ``name`` column and optional ``id``, ``kind``,
    ``birth_date`` (or ``dob``) and ``country`` (``;``-separated)."""
    customers = []
    for number, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()
        if not name:
            raise InputError(f"customer row {number} has no name; every row needs a 'name' value")
        kind = (row.get("kind") or "").strip().lower() or None
        if kind is not None and kind not in _KINDS:
            raise InputError(f"customer row {number}: unknown kind {kind!r}")
        countries = tuple(c.strip() for c in (row.get("country") or "").split(";") if c.strip())
        customers.append(
            Customer(
                id=(row.get("id") or "").strip() or str(number),
                name=name,
                kind=kind,  # type: ignore[arg-type]
                birth_date=(row.get("birth_date") or row.get("dob") or "").strip() or None,
                countries=countries,
            )
        )
    return customers


def rescreen(
    rows: Iterable[Mapping[str, str]] | str | Path,
    *,
    old_lists: ListSet,
    new_lists: ListSet,
    config: MatchConfig | None = None,
    statistics: TokenStatistics | None = None,
    threshold: float | None = None,
    limit: int = 10,
) -> RescreenResult:
    """Screen customers against designations added or changed from ``old_lists`` to ``new_lists``.

    Args:
        rows: customer rows (mappings, see `read_customers`) or a CSV file path.
        old_lists: the lists the customers were last screened against.
        new_lists: the updated lists.
        config: matching configuration (default `MatchConfig()`).
        statistics: the new lists' rarity statistics; computed when not given
            (pass ``full_screener.index.statistics()`` to save an index build).
        threshold: minimum score; default the config's.
        limit: at most this many hits per customer.
    """
    if isinstance(rows, str | Path):
        with Path(rows).open(encoding="utf-8-sig", newline="") as handle:
            customers = read_customers(csv.DictReader(handle))
    else:
        customers = read_customers(rows)
    config = config or MatchConfig()
    if statistics is None:
        statistics = full_statistics(new_lists, config=config)
    delta = delta_lists(old_lists, new_lists)
    delta_ids: tuple[str, ...] = tuple(d.id for d in delta.designations())
    if not delta_ids:
        return RescreenResult((), tuple((c, ()) for c in customers))
    screener = Screener(delta, config=config, statistics=statistics)
    hits = []
    for customer in customers:
        matches = screener.match(
            customer.name,
            kind=customer.kind,
            birth_date=customer.birth_date,
            countries=customer.countries,
            threshold=threshold,
            limit=limit,
        )
        hits.append((customer, tuple(matches)))
    return RescreenResult(delta_ids, tuple(hits))


def changed_designations(old_lists: ListSet, new_lists: ListSet) -> tuple[Designation, ...]:
    """The designations `rescreen` screens against."""
    return delta_lists(old_lists, new_lists).designations()
