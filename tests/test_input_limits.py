"""Input limits: unusable names are refused clearly, and every query does bounded work.

Work is measured by counting, never by timing: the calls of
`TokenSimilarity.compare` and the listed names scored per query. A name of
thousands of words does exactly the work of its first words; one enormous word
does the work of its first `MAX_TOKEN_LENGTH` characters, in bounded memory.
(``tests/test_screener.py`` covers the plain cases: "", "   ", punctuation only,
a 600-character name, None and 123.)
"""

from __future__ import annotations

import functools
import random
import string
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import screening
from screening import InputError, MatchConfig, Screener
from screening.normalize.text import MAX_TOKEN_LENGTH
from screening.score import TokenSimilarity, Unit
from tests.matching_fixtures import small_list_set

LONG = MatchConfig(max_name_length=100_000)
"""A config that lets huge names through the length check, to test what happens next."""


@functools.cache
def screener(config: MatchConfig = LONG) -> Screener:
    return Screener(small_list_set(), config=config)


class Work:
    """Counts token comparisons and listed names scored by one screener."""

    def __init__(self, target: Screener, monkeypatch: pytest.MonkeyPatch) -> None:
        self.compares = 0
        self.scored = 0
        compare = target.similarity.compare
        candidates = target.index.candidates

        def counting_compare(query: Unit, listed: Unit, *, last: bool = False) -> Any:
            self.compares += 1
            return compare(query, listed, last=last)

        def counting_candidates(*args: Any, **kwargs: Any) -> list[int]:
            found = candidates(*args, **kwargs)
            self.scored += len(found)
            return found

        monkeypatch.setattr(target.similarity, "compare", counting_compare)
        monkeypatch.setattr(target.index, "candidates", counting_candidates)

    def reset(self) -> None:
        self.compares = self.scored = 0


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    yield Work(screener(), monkeypatch)


def upper_bound(config: MatchConfig) -> int:
    """Most token comparisons one query may make: two query variants (as written and
    re-split run-ons), `candidates` names each, every query unit against every listed unit
    (a name of n tokens has at most 3n - 3 units: tokens and joins of two and three)."""
    units = 3 * config.max_tokens
    return 2 * config.candidates * units * units


# --- refused names -----------------------------------------------------------------------

BLANKS = st.text(
    alphabet=st.sampled_from(
        " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f"
        "\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
    ),
    min_size=0,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(BLANKS)
def test_blank_and_invisible_only_names_are_refused(name: str) -> None:
    with pytest.raises(InputError):
        screener().match(name)
    with pytest.raises(InputError):
        screening.compare("John Smith", name)


@pytest.mark.parametrize(
    "value", [b"Mohamed Al Kani", 3.5, True, ["Mohamed"], {"name": "x"}, ("a",), object()]
)
def test_non_string_names_are_refused(value: object) -> None:
    for call in (
        lambda: screener().match(value),  # type: ignore[arg-type]
        lambda: screening.compare(value, "John Smith"),  # type: ignore[arg-type]
        lambda: screening.compare("John Smith", value),  # type: ignore[arg-type]
    ):
        with pytest.raises(InputError, match="must be a string"):
            call()


@pytest.mark.parametrize("limit", [10, 64, 500])
def test_the_configured_maximum_length_is_the_boundary(limit: int) -> None:
    config = MatchConfig(max_name_length=limit)
    target = screener(config)
    name = ("Mohamed Al Kani " * limit)[: limit - 1] + "x"
    target.match(name)  # exactly at the limit: screened
    screening.compare(name, "Al Kani", config=config)
    with pytest.raises(InputError, match=f"maximum of {limit}"):
        target.match(name + "i")
    with pytest.raises(InputError, match="max_name_length"):
        screening.compare(name + "i", "Al Kani", config=config)


def test_the_length_limit_counts_characters_as_given() -> None:
    """Checked before NFKC, whose expansions (U+FDFA is 18 characters) stay bounded below."""
    with pytest.raises(InputError):
        screener(MatchConfig()).match("\ufdfa" * 501)


# --- bounded work ------------------------------------------------------------------------


def _words(count: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    pool = ["Mohamed", "Al", "Kani", "Ali", "Hassan", "Trading", "LLC", "bin", "Dr", "Ivan"]
    made = [rng.choice(pool) + rng.choice(string.ascii_lowercase) for _ in range(count)]
    return " ".join(made)


def test_thousands_of_words_do_the_work_of_the_first_few(work: Work) -> None:
    config = screener().config
    huge = _words(5_000)
    head = " ".join(huge.split()[: 2 * config.max_tokens])
    expected = screener().match(head, threshold=0.0)
    head_work = (work.compares, work.scored)
    work.reset()
    got = screener().match(huge, threshold=0.0)
    assert (work.compares, work.scored) == head_work
    assert [(m.designation.id, m.score) for m in got] == [
        (m.designation.id, m.score) for m in expected
    ]
    assert 0 < work.compares <= upper_bound(config)
    assert work.scored <= 2 * config.candidates


def test_one_enormous_word_does_bounded_work_in_bounded_memory(work: Work) -> None:
    rng = random.Random(7)
    word = "".join(rng.choice(string.ascii_letters) for _ in range(90_000))
    tracemalloc.start()
    try:
        screener().match(word, threshold=0.0)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Typo keys alone would be 90,000 strings of 90,000 characters without the word cap.
    assert peak < 32 * 1024 * 1024
    enormous_work = work.compares
    work.reset()
    screener().match(word[:MAX_TOKEN_LENGTH], threshold=0.0)
    assert enormous_work == work.compares
    assert enormous_work <= upper_bound(screener().config)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(alphabet=string.ascii_letters + "ÀÉßØЖЯαω中文ئ", min_size=1, max_size=300),
        min_size=1,
        max_size=300,
    )
)
def test_work_never_exceeds_the_bound(words: list[str]) -> None:
    target = screener()
    compares = 0
    compare = target.similarity.compare

    def counting(query: Unit, listed: Unit, *, last: bool = False) -> tuple[float, str]:
        nonlocal compares
        compares += 1
        return compare(query, listed, last=last)

    target.similarity.compare = counting  # type: ignore[method-assign]
    try:
        try:
            target.match(" ".join(words), threshold=0.0)
        except InputError:
            return
    finally:
        del target.similarity.compare
    assert compares <= upper_bound(target.config)


def test_token_similarity_is_the_class_counted() -> None:
    """The counters above patch the screener's `TokenSimilarity` instance."""
    assert isinstance(screener().similarity, TokenSimilarity)
