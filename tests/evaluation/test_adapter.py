"""The `screening` system adapter: listed entries become designations; errors never end a run."""

from __future__ import annotations

from typing import Any

from screening.errors import ScreeningError
from screening.evaluation.adapter import ScreeningSearcher, to_list_set
from screening.evaluation.corpus import ListedEntry


def test_entries_become_one_snapshot_per_source() -> None:
    entries = [
        ListedEntry(
            "us-ofac-sdn:29119", "person", ("AL-KANI, Mohamed", "AL-KANI, Mohammed"), "us-ofac-sdn"
        ),
        ListedEntry("un-sc:LYi.013", "person", ("MUAMMAR QADHAFI",), "un-sc"),
        ListedEntry("x:1", "weird", ("Nobody",), "x"),
        ListedEntry("x:2", "person", (), "x"),  # every name held out: not indexed
    ]
    lists = to_list_set(entries)
    assert sorted(s.source.id for s in lists.snapshots) == ["un-sc", "us-ofac-sdn", "x"]
    kani = lists.get("us-ofac-sdn:29119")
    assert kani is not None
    assert [(n.full, n.type) for n in kani.names] == [
        ("AL-KANI, Mohamed", "primary"),
        ("AL-KANI, Mohammed", "aka"),
    ]
    assert lists.source("un-sc").scope == "un"
    odd = lists.get("x:1")
    assert odd is not None and odd.kind == "unknown"
    assert lists.get("x:2") is None


class Raising:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def match(self, query: str, **options: Any) -> list[Any]:
        raise self.error


def test_errors_are_recorded_as_misses() -> None:
    searcher = ScreeningSearcher(Raising(ScreeningError("no letters")))
    assert searcher.search("!!!") == []
    crashing = ScreeningSearcher(Raising(IndexError("string index out of range")))
    assert crashing.search("Moh'd") == []
    assert searcher.errors == [("!!!", "ScreeningError: no letters")]
    assert crashing.errors == [("Moh'd", "crash IndexError: string index out of range")]
