"""`screening` itself as a benchmark system, through its public API only.

The listed entries become synthetic designations (first name primary, the
rest aliases) in one snapshot per source, so the screener indexes exactly the
names every peer sees. Until ``screening.Screener`` exists the system is
reported as unavailable rather than skipped silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from screening.errors import ScreeningError
from screening.evaluation.corpus import ListedEntry
from screening.evaluation.systems import Hit, SystemUnavailable
from screening.model import (
    ENTITY_KINDS,
    Designation,
    EntityKind,
    ListSet,
    ListSnapshot,
    Name,
)


def to_list_set(entries: Sequence[ListedEntry]) -> ListSet:
    """Synthetic snapshots holding exactly the given names (sources from the registry)."""
    from screening.sources.registry import load_registry

    registry = load_registry()
    by_source: dict[str, list[Designation]] = defaultdict(list)
    for entry in entries:
        if not entry.names:
            continue
        kind: EntityKind = entry.kind if entry.kind in ENTITY_KINDS else "unknown"
        names = tuple(
            Name(full=name, type="primary" if i == 0 else "aka")
            for i, name in enumerate(entry.names)
        )
        by_source[entry.source_id].append(Designation(entry.id, entry.source_id, kind, names))
    snapshots = tuple(
        ListSnapshot(
            source=registry.get_or_adhoc(source_id, "benchmark"),
            designations=tuple(designations),
            published=None,
            files=(),
            parser="benchmark",
            parser_version="1",
        )
        for source_id, designations in by_source.items()
    )
    return ListSet(snapshots, origin="files")


class ScreeningSearcher:
    """Answers through ``Screener.match``; a query that raises counts as a miss and is kept.

    A `ScreeningError` is the documented answer to an unusable query (no letters
    left after normalisation); any other exception is a matcher bug, recorded
    with its query so the report can show it rather than the run dying.
    """

    def __init__(self, screener: Any) -> None:
        self.screener = screener
        self.errors: list[tuple[str, str]] = []

    def search(self, query: str, *, kind: str | None = None, limit: int = 50) -> list[Hit]:
        try:
            matches = self.screener.match(query, kind=kind, threshold=0.0, limit=limit)
        except ScreeningError as exc:
            self.errors.append((query, f"{type(exc).__name__}: {exc}"))
            return []
        except Exception as exc:  # a matcher bug must not end the benchmark run
            self.errors.append((query, f"crash {type(exc).__name__}: {exc}"))
            return []
        return [(m.designation.id, float(m.score)) for m in matches]


class ScreeningSystem:
    """``screening.Screener`` with its default configuration (scores 0..1)."""

    name = "screening"

    def __init__(self) -> None:
        import screening

        screener_class = getattr(screening, "Screener", None)
        config_class = getattr(screening, "MatchConfig", None)
        if screener_class is None or config_class is None:
            raise SystemUnavailable(
                "screening.Screener / screening.MatchConfig do not exist yet "
                "(the matcher is not merged); only the peers were measured"
            )
        self.screener_class = screener_class
        self.default_threshold: float | None = float(config_class().threshold)

    def build(self, entries: Sequence[ListedEntry]) -> ScreeningSearcher:
        return ScreeningSearcher(self.screener_class(to_list_set(entries)))
