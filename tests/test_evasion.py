"""Evasion resistance: listed names disguised the way evaders disguise them are still found.

Properties over real listed names (the UN Consolidated List plus the embedded
samples): hypothesis picks a listed name and a disguise of one class; the
listed designation must still be found. Each test's docstring says which
names or disguises it leaves out and why. The recall of each class on the
full benchmark corpus is in the quality benchmark (``screening.evaluation``,
group ``evasion``); the cases where a disguise still wins are kept at the end
of this file as strict xfails, so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening import Screener, load
from screening.normalize.normalizer import NormalizedName
from screening.normalize.tables import char_map
from screening.paths import sample_files
from tests.conftest import LISTS

# Rendered as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen,
# bidi marks, embeddings and isolates, Arabic letter mark, Mongolian vowel separator.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u180e"
)
DIGITS_FOR_LETTERS = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7"}
INNER_MARKS = (".", "-", "_", "*", "/", " ", "'", ",", "·", "+")
WORD = re.compile(r"[A-Za-z]+")
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def screener() -> Screener:
    """UN Consolidated List plus the OFAC, EU and UK samples (the UN sample repeats the UN list)."""
    samples = [path for path in sample_files() if path.parent.name != "un"]
    return Screener(load(LISTS / "un" / "consolidated.xml", *samples))


@functools.cache
def look_alikes() -> dict[str, tuple[str, ...]]:
    """Latin letter -> the Cyrillic, Greek and Armenian letters that render like it."""
    table: dict[str, list[str]] = {}
    for char, latin in char_map("confusables.txt").items():
        if unicodedata.normalize("NFKC", char) == char:
            table.setdefault(latin, []).append(char)
    return {latin: tuple(chars) for latin, chars in table.items()}


@functools.cache
def listed_names() -> tuple[tuple[str, str], ...]:
    """(designation id, name): strong Latin-script names that find their designation when clean.

    A deterministic sample of 400 across the lists. Names of fewer than four
    letters are left out (disguising "Al" hides it by any standard).
    """
    found = []
    for designation in screener().designations:
        for name in designation.names:
            text = name.full
            letters = sum(c.isalpha() for c in text)
            if name.quality != "strong" or letters < 4:
                continue
            if not all(c.isascii() and (c.isalpha() or c in " -'.,") for c in text):
                continue
            found.append((designation.id, text))
    found.sort()
    step = max(1, len(found) // 400)
    sample = []
    for designation_id, text in found[::step]:
        if _score_of(designation_id, text) >= 0.99:
            sample.append((designation_id, text))
    return tuple(sample)


def _score_of(designation_id: str, query: str) -> float:
    """The designation's score for ``query`` (-1.0 when not returned above the threshold)."""
    for match in screener().match(query, limit=50):
        if match.designation.id == designation_id:
            return match.score
    return -1.0


def assert_top_hit(designation_id: str, original: str, query: str) -> None:
    """The designation is returned above the threshold with the best score of all parties."""
    matches = screener().match(query, limit=50)
    scores = {m.designation.id: m.score for m in matches}
    assert designation_id in scores, (
        f"{query!r} (disguised {original!r}) did not find {designation_id}; "
        f"best: {[(m.designation.id, m.score) for m in matches[:3]]}"
    )
    top = matches[0]
    if scores[designation_id] >= top.score:
        return
    # Another listing of the same party may win ("MINGGUO CCHEN": the EU's Chen Mingguo).
    assert designation_id in {listing.designation_id for listing in top.listings.listings}, (
        f"{query!r}: {designation_id} scores {scores[designation_id]}, "
        f"below {top.designation.id} at {top.score}"
    )


def assert_found(designation_id: str, original: str, query: str) -> None:
    """The designation is returned above the default threshold (not necessarily first)."""
    score = _score_of(designation_id, query)
    assert score >= screener().config.threshold, (
        f"{query!r} (disguised {original!r}) did not find {designation_id}"
    )


def normalized(name: str) -> NormalizedName:
    return screener().normalizer.normalize(name)


def name_words(name: str) -> list[tuple[int, int]]:
    """Spans of the words of ``name`` that the normaliser reads as name parts.

    Titles (Sheikh, Mullah, General), particles (al, bin) and legal forms are
    left out: see the xfail cases below for disguised titles.
    """
    words = list(WORD.finditer(name))
    tokens = normalized(name).tokens
    if len(words) != len(tokens):
        return []
    return [
        (word.start(), word.end())
        for word, token in zip(words, tokens, strict=True)
        if token.role == "name"
    ]


# --- characters ----------------------------------------------------------------------


@PROFILE
@given(data=st.data())
def test_invisible_characters_anywhere_change_nothing(data: st.DataObject) -> None:
    """Zero-width and other format characters, anywhere (inside words, at the ends, in runs)."""
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    chars = list(name)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(chars)))
        chars.insert(at, data.draw(st.sampled_from(INVISIBLE)))
    disguised = "".join(chars)
    assert normalized(disguised).text == normalized(name).text
    assert _score_of(designation_id, disguised) == _score_of(designation_id, name)


def _substitute_look_alikes(data: st.DataObject, name: str, *, keep_latin: bool) -> str | None:
    table = look_alikes()
    positions = [i for i, c in enumerate(name) if c in table]
    if not positions:
        return None
    chosen = data.draw(st.sets(st.sampled_from(positions), min_size=1))
    if keep_latin and not any(c.isalpha() and i not in chosen for i, c in enumerate(name)):
        chosen.discard(min(chosen))
        if not chosen:
            return None
    chars = list(name)
    for i in chosen:
        chars[i] = data.draw(st.sampled_from(table[chars[i]]))
    return "".join(chars)


@PROFILE
@given(data=st.data())
def test_look_alike_letters_score_as_the_clean_name(data: st.DataObject) -> None:
    """Cyrillic, Greek and Armenian look-alikes for any number of Latin letters.

    At least one Latin letter is kept somewhere in the name: a name written
    wholly in Cyrillic look-alikes ("НАМАЅ") is indistinguishable from a
    genuine Cyrillic name and is transliterated as one.
    """
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    disguised = _substitute_look_alikes(data, name, keep_latin=True)
    if disguised is None:
        return
    assert normalized(disguised).text == normalized(name).text, disguised
    assert _score_of(designation_id, disguised) == _score_of(designation_id, name)


@PROFILE
@given(data=st.data())
def test_words_mixing_three_scripts_are_folded(data: st.DataObject) -> None:
    """Mixed scripts within a token: every letter of a word that has a look-alike is replaced,
    drawing from Cyrillic, Greek and Armenian at once ("Ԝοօ"), next to a plain Latin word."""
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    words = name_words(name)
    if len(words) < 2:
        return
    start, end = data.draw(st.sampled_from(words))
    table = look_alikes()
    word = "".join(
        data.draw(st.sampled_from(table[c])) if c in table else c for c in name[start:end]
    )
    disguised = name[:start] + word + name[end:]
    assert normalized(disguised).text == normalized(name).text, disguised
    assert_top_hit(designation_id, name, disguised)


@PROFILE
@given(data=st.data())
def test_digits_for_letters(data: st.DataObject) -> None:
    """0/o 1/i/l 3/e 4/a 5/s 7/t, one or two digits in the name's name words.

    A disguised word keeps at least two letters: "73" for "Te" is a number.
    Titles are left alone (a disguised title is an xfail case below).
    """
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    words = name_words(name)
    positions = [
        i
        for start, end in words
        for i in range(start, end)
        if name[i].lower() in DIGITS_FOR_LETTERS
    ]
    if not positions:
        return
    chosen = data.draw(st.sets(st.sampled_from(positions), min_size=1, max_size=2))
    chars = list(name)
    for i in chosen:
        chars[i] = DIGITS_FOR_LETTERS[chars[i].lower()]
    disguised = "".join(chars)
    for start, end in words:
        if sum(c.isalpha() for c in disguised[start:end]) < 2:
            return
    assert_top_hit(designation_id, name, disguised)


@PROFILE
@given(data=st.data())
def test_punctuation_or_space_inside_a_word(data: st.DataObject) -> None:
    """One mark or space inside a name word ("Al-Ka.ni", "Moha med", "W-ALIJAN").

    Both pieces read as name parts or initials: a piece that is a title
    ("KHA.DR": Dr) or a particle ("Colon/el") is an xfail case below. Names
    with a single name word whose only evidence is a very common name ("Hajj
    Ib,rahim") can lose their place among the index's candidates, so the name
    has two name words or more.
    """
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    words = [(s, e) for s, e in name_words(name) if e - s >= 4]
    if len(name_words(name)) < 2 or not words:
        return
    start, end = data.draw(st.sampled_from(words))
    at = data.draw(st.integers(start + 1, end - 1))
    disguised = name[:at] + data.draw(st.sampled_from(INNER_MARKS)) + name[at:]
    before = [t.role for t in normalized(name).tokens]
    after = [t.role for t in normalized(disguised).tokens]
    lettered = ("name", "initial")
    if len(after) != len(before) + 1 or sum(map(after.count, lettered)) != 1 + sum(
        map(before.count, lettered)
    ):
        return
    assert_found(designation_id, name, disguised)


@PROFILE
@given(data=st.data())
def test_repeated_letters(data: st.DataObject) -> None:
    """One or two letters of the name words repeated one to four extra times ("Obaiddddah")."""
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    positions = [i for start, end in name_words(name) for i in range(start, end)]
    if not positions:
        return
    chosen = data.draw(st.sets(st.sampled_from(positions), min_size=1, max_size=2))
    disguised = "".join(
        c * (1 + data.draw(st.integers(1, 4))) if i in chosen else c for i, c in enumerate(name)
    )
    assert_top_hit(designation_id, name, disguised)


# --- word order and spacing --------------------------------------------------------------


@PROFILE
@given(data=st.data())
def test_reversed_word_order(data: st.DataObject) -> None:
    """The words in reverse order ("KANI AL MOHAMED"), punctuation dropped."""
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    words = [w for w in re.split(r"[\s,]+", name) if w]
    if len(words) < 2:
        return
    assert_top_hit(designation_id, name, " ".join(reversed(words)))


@PROFILE
@given(data=st.data())
def test_all_caps_run_on(data: st.DataObject) -> None:
    """Upper case, spaces and punctuation removed ("MOHAMEDALKANI").

    Every word has three letters or more: a run-on swallowing an initial
    ("SAYEDMGADDEFEDDAM") or short words ("ISISINTHEGREATERSAHEL") can split
    wrongly (xfail cases below).
    """
    designation_id, name = data.draw(st.sampled_from(listed_names()))
    words = WORD.findall(name)
    if len(words) < 2 or any(len(word) < 3 for word in words):
        return
    assert_top_hit(designation_id, name, "".join(words).upper())


# --- known weaknesses, reported to the matcher --------------------------------------------


@pytest.mark.parametrize(
    ("query", "clean", "why"),
    [
        ("MUHSIN KHA/DR AL-KHAFAJI", "MUHSIN KHADR AL-KHAFAJI", "a split leaves a title (Dr)"),
        ("SAYEDMGADDEFEDDAM", "Sayed M. Gaddef Eddam", "a run-on with an initial inside"),
        ("ISISINTHEGREATERSAHEL", "ISIS in the Greater Sahel", "run-on split isi/sin/the"),
    ],
)
@pytest.mark.xfail(strict=True, reason="known evasion weakness (reported to the matcher)")
def test_known_weaknesses(query: str, clean: str, why: str) -> None:
    ids = {m.designation.id for m in screener().match(clean, limit=50) if m.score >= 0.99}
    assert ids, f"{clean!r} should find itself"
    found = {m.designation.id for m in screener().match(query, limit=50)}
    assert ids & found, why
