"""`LiveScreener`: screen against lists that are replaced while queries run.

A `Screener` is immutable, so swapping lists means building a new one. The
live screener holds the current screener behind a single reference: `reload`
builds the new screener completely (parsing, normalising, indexing) and only
then replaces the reference, which is one atomic assignment. A query reads the
reference once and runs to the end on that screener, so it sees either the old
lists or the new ones, never a half-built index; queries in flight when the swap
happens finish on the old screener.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence

from screening.config import MatchConfig
from screening.model import EntityKind, ListSet, PartialDate, Scope
from screening.screener import Comparison, Match, Screener


class LiveScreener:
    """A `Screener` whose lists can be reloaded without stopping the queries.

    Args:
        lists: the initial lists (default: `screening.load()`).
        config: the matching config, kept across reloads unless `reload` gets one.
    """

    def __init__(self, lists: ListSet | None = None, *, config: MatchConfig | None = None) -> None:
        self._current = Screener(lists, config=config)
        # Serialises reloads (two concurrent reloads would build twice and race to
        # publish); queries never take it.
        self._reload_lock = threading.Lock()
        self.generation = 0
        """How many reloads have been published (0 for the initial lists)."""

    @property
    def current(self) -> Screener:
        """The screener queries use now. Hold on to it to run several queries on one list set."""
        return self._current

    def reload(self, lists: ListSet, *, config: MatchConfig | None = None) -> Screener:
        """Build a screener over ``lists``, then make it current; returns it.

        If building fails (an `InputError`, a `ConfigError` ...), the current
        screener stays in place and the error propagates.
        """
        with self._reload_lock:
            built = Screener(lists, config=config or self._current.config)
            self._current = built  # the one atomic publication
            self.generation += 1
            return built

    def match(
        self,
        name: str,
        *,
        kind: EntityKind | None = None,
        birth_date: str | dt.date | PartialDate | None = None,
        countries: Sequence[str] = (),
        sources: Iterable[str] | None = None,
        scope: Scope | Sequence[Scope] | None = None,
        threshold: float | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """`Screener.match` on the current screener (see there for the arguments)."""
        return self._current.match(
            name,
            kind=kind,
            birth_date=birth_date,
            countries=countries,
            sources=sources,
            scope=scope,
            threshold=threshold,
            limit=limit,
        )

    def compare(self, name_a: str, name_b: str) -> Comparison:
        """`Screener.compare` on the current screener."""
        return self._current.compare(name_a, name_b)
