"""Concurrency: one `Screener` shared by many threads, and `LiveScreener` reloads under load.

Results are compared exactly (designation, score, matched name, explanation)
with sequential runs. Overlap between a reload and queries is forced with
events, never with sleeps or timing assertions.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import screening
from screening import ListSet, LiveScreener, Match, Screener, load
from screening.index import CandidateIndex
from screening.paths import sample_files
from tests.conftest import LISTS
from tests.matching_fixtures import small_list_set

Result = tuple[tuple[str, float, str, str], ...]


def summary(matches: list[Match]) -> Result:
    return tuple(
        (m.designation.id, m.score, m.matched_name.full, str(m.explanation)) for m in matches
    )


@functools.cache
def samples() -> ListSet:
    return load(*sample_files())


@functools.cache
def un_2025() -> ListSet:
    return load(LISTS / "un" / "2025-04-19" / "consolidated.xml")


@functools.cache
def queries() -> tuple[str, ...]:
    """Listed names of both list sets, some disguised, plus names on neither."""
    names = [n.full for d in samples().designations() for n in d.names][::3]
    names += [n.full for d in un_2025().designations() for n in d.names][::40]
    disguised = [n.upper().replace("A", "4").replace(" ", "") for n in names[::5]]
    return (*names, *disguised, "John Smith", "Maria Garcia", "Muhammad Al Kani")


def test_threads_get_the_sequential_results() -> None:
    screener = Screener(samples())
    expected = {q: summary(screener.match(q, threshold=0.5)) for q in queries()}
    work = list(queries()) * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda q: (q, summary(screener.match(q, threshold=0.5))), work))
    assert len(got) == len(work)
    for query, result in got:
        assert result == expected[query], query


def test_threads_with_filters_and_compare_agree_with_sequential() -> None:
    screener = Screener(samples())
    calls: list[Callable[[], Any]] = []
    for q in queries()[:60]:
        calls.append(functools.partial(screener.match, q, sources=["un-sc"], threshold=0.6))
        calls.append(functools.partial(screener.compare, q, "Mohamed Al Kani"))
    expected = [repr(call()) for call in calls]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda call: repr(call()), calls * 3))
    assert got == expected * 3


def test_live_screener_delegates_and_counts_reloads() -> None:
    live = LiveScreener(samples())
    assert live.generation == 0
    assert summary(live.match("Mohamed Al Kani")) == summary(
        Screener(samples()).match("Mohamed Al Kani")
    )
    new = live.reload(small_list_set())
    assert live.current is new and live.generation == 1
    assert (
        live.compare("Ali Hassan", "Hassan Ali").score
        == new.compare("Ali Hassan", "Hassan Ali").score
    )
    assert "LiveScreener" in screening.__all__


def test_a_failed_reload_keeps_the_current_lists() -> None:
    live = LiveScreener(samples())
    before = live.current
    with pytest.raises(AttributeError):
        live.reload("not a list set")  # type: ignore[arg-type]
    assert live.current is before and live.generation == 0


def test_reload_under_load_is_atomic() -> None:
    """Threads query while another thread swaps between two list sets, back and forth.

    Every result must equal the sequential result of exactly one of the two sets.
    """
    first, second = samples(), un_2025()
    first_screener, second_screener = Screener(first), Screener(second)
    expected = {
        id(first): {q: summary(first_screener.match(q)) for q in queries()},
        id(second): {q: summary(second_screener.match(q)) for q in queries()},
    }
    differing = [q for q in queries() if expected[id(first)][q] != expected[id(second)][q]]
    assert len(differing) > 20, "the two list sets must give different answers"
    live = LiveScreener(first)
    stop = threading.Event()
    seen: list[tuple[str, Result]] = []
    lock = threading.Lock()

    def query_loop(offset: int) -> None:
        index = offset
        while not stop.is_set():
            q = differing[index % len(differing)]
            result = summary(live.match(q))
            with lock:
                seen.append((q, result))
            index += 1

    def reloads() -> None:
        for lists in (second, first, second, first):
            live.reload(lists)
        stop.set()

    workers = [threading.Thread(target=query_loop, args=(i,)) for i in range(6)]
    for worker in workers:
        worker.start()
    reloader = threading.Thread(target=reloads)
    reloader.start()
    reloader.join()
    for worker in workers:
        worker.join()
    assert live.generation == 4
    sources = {"first": 0, "second": 0}
    for q, result in seen:
        in_first = result == expected[id(first)][q]
        in_second = result == expected[id(second)][q]
        assert in_first or in_second, f"{q!r}: result from neither list set: {result[:2]}"
        sources["first" if in_first else "second"] += 1
    assert sources["first"] and sources["second"], sources


def test_queries_during_a_build_use_the_old_lists_and_in_flight_queries_finish_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = samples(), small_list_set()
    query = "Mohamed Al Kani"
    old_result = summary(Screener(first).match(query, threshold=0.3))
    new_result = summary(Screener(second).match(query, threshold=0.3))
    assert old_result != new_result
    live = LiveScreener(first)
    old = live.current

    # 1. A query blocked inside the old screener while the reload completes.
    entered, release = threading.Event(), threading.Event()
    original = old._score_candidates

    def blocking(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        assert release.wait(60), "test deadlock"
        return original(*args, **kwargs)

    monkeypatch.setattr(old, "_score_candidates", blocking)
    with ThreadPoolExecutor(max_workers=1) as pool:
        in_flight = pool.submit(lambda: summary(live.match(query, threshold=0.3)))
        assert entered.wait(60)
        # 2. A reload whose index build waits until a query has run meanwhile.
        building, queried = threading.Event(), threading.Event()
        real_index = CandidateIndex

        def slow_index(*args: Any, **kwargs: Any) -> Any:
            building.set()
            assert queried.wait(60), "test deadlock"
            return real_index(*args, **kwargs)

        monkeypatch.setattr("screening.screener.CandidateIndex", slow_index)
        monkeypatch.setattr(old, "_score_candidates", original)  # later queries run freely
        reload_thread = threading.Thread(target=live.reload, args=(second,))
        reload_thread.start()
        assert building.wait(60)
        during = summary(live.match(query, threshold=0.3))
        queried.set()
        reload_thread.join()
        after = summary(live.match(query, threshold=0.3))
        release.set()
        assert in_flight.result() == old_result
    assert during == old_result
    assert after == new_result
    assert live.current is not old
