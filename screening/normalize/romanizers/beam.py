"""Combining per-letter alternatives into ranked whole-word candidates.

A `Segment` is the tuple of Latin alternatives for one letter or digraph:
``(text, cost, tags)``. The candidate of a word is one alternative per segment;
its cost is the sum. ``tags`` name the romanisation standards an alternative
belongs to (one letter per standard), so a standard's own spelling of the whole
word can be rebuilt and kept even when mixed spellings are cheaper.
"""

from __future__ import annotations

Alt = tuple[str, float, str]
"""One alternative: Latin text, cost (0 = preferred), standards' tag letters."""
Segment = tuple[Alt, ...]

LIQUID = "L"
"""Tag of the other liquid (l for a written r, or r for a written l) in scripts
that do not tell r from l (kana, Hangul, Chinese transcriptions). Scored alone,
the cheapest forms change one liquid at a time; the tagged scheme rebuilds the
word with every liquid switched (ドルゴポロフ dolgopolof), a reading whose
consonants differ from all the others."""

BEAM_WIDTH = 16
"""Partial candidates kept after each segment: on 5,000 dev tokens of five scripts
(benchmarks/translit_recall.py data) widths 16 and 128 gave identical output, and
16 is 4-5x faster. It must stay above MAX_VARIANTS plus the standards' slots."""


def alt(text: str, cost: float = 0.0, tags: str = "") -> Alt:
    """Shorthand used by the rule tables."""
    return (text, cost, tags)


def fixed(text: str) -> Segment:
    """A segment without alternatives."""
    return ((text, 0.0, ""),)


def scheme_form(segments: list[Segment], tag: str) -> str:
    """The word as the standard ``tag`` spells it (its alternative, else the preferred one)."""
    parts = []
    for segment in segments:
        chosen = next((a for a in segment if tag in a[2]), segment[0])
        parts.append(chosen[0])
    return "".join(parts)


def best_forms(segments: list[Segment], limit: int) -> list[tuple[str, float]]:
    """Up to ``limit`` cheapest distinct words, cheapest first (ties in rule order)."""
    states: dict[str, float] = {"": 0.0}
    for segment in segments:
        grown: dict[str, float] = {}
        for prefix, cost in states.items():
            for text, extra, _tags in segment:
                word = prefix + text
                total = cost + extra
                if total < grown.get(word, float("inf")):
                    grown[word] = total
        ranked = sorted(grown.items(), key=lambda item: item[1])
        states = dict(ranked[:BEAM_WIDTH])
    return sorted(states.items(), key=lambda item: item[1])[:limit]


def expand(segments: list[Segment], limit: int, *, lead: str = "", tail: str = "") -> list[str]:
    """Ranked candidates: the ``lead`` standards' spellings, the cheapest mixed
    spellings, and the ``tail`` standards' spellings kept in the last places."""
    out: list[str] = []
    for tag in lead:
        form = scheme_form(segments, tag)
        if form not in out:
            out.append(form)
    tails: list[str] = []
    for tag in tail:
        form = scheme_form(segments, tag)
        if form not in out and form not in tails:
            tails.append(form)
    for form, _cost in best_forms(segments, limit + len(out) + len(tails)):
        if len(out) + len(tails) >= limit:
            break
        if form in out:
            continue
        if form in tails:
            tails.remove(form)
        out.append(form)
    out.extend(tails)
    return out[:limit]
