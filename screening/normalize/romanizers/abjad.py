"""Vowel insertion for scripts that leave short vowels unwritten (Arabic, Hebrew).

The script modules turn letters into *units*: consonants, written vowels
(long-vowel letters, vowel points) and attached letters (Urdu aspiration ھ).
Between two consonants with nothing written between them a *gap* segment
offers the likely short vowels, ranked by the gap's place in the word: the
first syllable of an Arabic name often has a/u/o (Muhammad, Mustafa), the last
closed syllable a/e (Ahmad/Ahmed), and an empty gap is always possible (Latin
names written in Arabic script drop e in clusters: شلاج = Schlag).
"""

from __future__ import annotations

from typing import Literal

from screening.normalize.romanizers.beam import Segment, alt

UnitKind = Literal["C", "V", "A", "P"]
"""C consonant, V written vowel, A letter attached to the consonant before it
(no gap), P prefix such as the article (a new word starts after it)."""
Unit = tuple[UnitKind, Segment, str]
"""Kind, Latin alternatives, and the letter's contribution to the consonant skeleton."""

# Costs set on the dev benchmark (benchmarks/translit_recall.py, en_arabic/en_hebrew).
GAP_FIRST: Segment = (
    alt("a"),
    alt("u", 0.2),
    alt("o", 0.25),
    alt("i", 0.25),
    alt("e", 0.3),
    alt("", 0.35),
)
GAP_ONSET: Segment = (
    alt("a"),
    alt("", 0.2),
    alt("u", 0.2),
    alt("o", 0.25),
    alt("i", 0.25),
    alt("e", 0.3),
)
"""First gap of a pair that Latin names start with (br, pl, st, sp): Spilak, Prager."""
_LIQUIDS = frozenset(("r", "l"))
_S_STOPS = frozenset(("t", "p", "k", "q", "c", "ch"))
GAP_MIDDLE: Segment = (
    alt(""),
    alt("a", 0.1),
    alt("e", 0.25),
    alt("i", 0.3),
    alt("u", 0.35),
    alt("o", 0.4),
)
GAP_LAST: Segment = (
    alt("a"),
    alt("", 0.1),
    alt("e", 0.15),
    alt("i", 0.3),
    alt("u", 0.35),
    alt("o", 0.4),
)
GAP_VOCALISED: Segment = (alt(""), alt("a", 0.5))
"""Between consonants of a pointed word where no point was written: usually sukun."""


def build(
    units: list[Unit],
    *,
    first: Segment = GAP_FIRST,
    middle: Segment = GAP_MIDDLE,
    last: Segment = GAP_LAST,
    vocalised: bool = False,
) -> tuple[list[Segment], str]:
    """Segments with gap vowels inserted, and the consonant skeleton."""
    segments: list[Segment] = []
    skeleton = []
    previous: UnitKind | None = None
    vowel_seen = False
    for index, (kind, segment, consonant) in enumerate(units):
        if kind == "C" and previous in ("C", "A"):
            if vocalised:
                segments.append(GAP_VOCALISED)
            elif not vowel_seen:
                before = units[index - 1][2]
                onset = consonant in _LIQUIDS or (before in ("s", "sh") and consonant in _S_STOPS)
                segments.append(GAP_ONSET if onset and first is GAP_FIRST else first)
            elif all(k == "A" for k, _s, _c in units[index + 1 :]):
                segments.append(last)
            else:
                segments.append(middle)
            vowel_seen = True
        if kind == "V":
            vowel_seen = True
        elif kind == "P":
            vowel_seen = False
        segments.append(segment)
        skeleton.append(consonant)
        previous = None if kind == "P" else kind
    return segments, "".join(skeleton)
