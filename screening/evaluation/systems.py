"""The interface every system under test implements, and the registry of systems.

A system sees listed parties only as `ListedEntry` objects and answers queries
with ``(entry id, score)`` pairs on its own scale (higher is closer), so the
benchmark measures `screening` and its peers alike without touching matcher
internals. Thresholds are chosen per system on the population negatives,
which is what makes different score scales comparable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from screening.evaluation.corpus import ListedEntry

Hit = tuple[str, float]
Query = tuple[str, str | None]
"""A query name and the entity kind to screen it as (None: any kind)."""


class SystemUnavailable(Exception):  # noqa: N818 - reads as a state, like StopIteration
    """The system cannot run here (an optional package is missing); the report says why."""


class Searcher(Protocol):
    def search(self, query: str, *, kind: str | None = None, limit: int = 50) -> list[Hit]:
        """Best entries first, as (entry id, score)."""
        ...


@runtime_checkable
class BatchSearcher(Protocol):
    """Optional: a searcher that answers many queries at once (vectorised peers)."""

    def search_many(self, queries: Sequence[Query], *, limit: int = 50) -> list[list[Hit]]: ...


class System(Protocol):
    name: str
    default_threshold: float | None
    """The system's own documented alert threshold, if it has one."""

    def build(self, entries: Sequence[ListedEntry]) -> Searcher: ...


def search_all(searcher: Searcher, queries: Sequence[Query], *, limit: int) -> list[list[Hit]]:
    """Answer every query, through ``search_many`` when the searcher has it."""
    if isinstance(searcher, BatchSearcher):
        return searcher.search_many(queries, limit=limit)
    return [searcher.search(q, kind=k, limit=limit) for q, k in queries]


def registry(*, blocker_depth: int = 50) -> dict[str, Callable[[], System]]:
    """Every known system by name; a factory raises `SystemUnavailable` when it cannot run.

    The plain baseline is always present (STYLE: every scorer registry carries one).
    """
    from screening.evaluation import adapter, peers

    blocker = peers.CandidateBlocker(depth=blocker_depth)
    return {
        "screening": adapter.ScreeningSystem,
        "baseline": peers.BaselineSystem,
        "ofac-emulation": peers.OfacEmulationSystem,
        "nk-logic-v2": lambda: peers.NomenklaturaSystem("logic-v2", blocker),
        "nk-name-based": lambda: peers.NomenklaturaSystem("name-based", blocker),
        "nk-ofac": lambda: peers.NomenklaturaSystem("ofac", blocker),
    }
