"""Korean Hangul: Revised Romanization, McCune-Reischauer and conventional forms.

Names are romanised syllable by syllable (as RR prescribes for personal names,
no sound changes across syllables). Tag ``R`` marks the Revised Romanization,
``M`` an ASCII McCune-Reischauer (ŏ -> o, ŭ -> u, k/t/p/ch at the start of the
token): 정은 jeongeun / jongun. The first syllable, when it is a frequent
surname, takes its conventional spellings from ``data/korean_surnames.txt``
(김 Kim/Gim, 이 Lee/Yi/Rhee). ㅡ may vanish after a consonant, as in foreign
names written in Hangul (포레스트 = Forest).
"""

from __future__ import annotations

import functools

from screening.normalize.romanizers import hangul_loan
from screening.normalize.romanizers.beam import LIQUID, Alt, Segment, alt
from screening.normalize.romanizers.tables import variant_table

LEAD = "RM"
LOANWORD_TAIL = "R"
"""A foreign word's loanword readings come first, its Revised Romanization last."""

_FIRST = 0xAC00
_LAST = 0xD7A3

# Initial consonants: (in the middle of a token, at its start).
_INITIALS: tuple[tuple[Segment, Segment], ...] = tuple(
    (tuple(medial), tuple(start))
    for medial, start in (
        ([alt("g", 0, "RM"), alt("k", 0.3)], [alt("g", 0, "R"), alt("k", 0.2, "M")]),
        ([alt("kk", 0, "RM"), alt("gg", 0.3), alt("k", 0.3)],) * 2,
        ([alt("n", 0, "RM")],) * 2,
        ([alt("d", 0, "RM"), alt("t", 0.3)], [alt("d", 0, "R"), alt("t", 0.2, "M")]),
        ([alt("tt", 0, "RM"), alt("dd", 0.3), alt("t", 0.3)],) * 2,
        ([alt("r", 0, "RM"), alt("l", 0.2)],) * 2,
        ([alt("m", 0, "RM")],) * 2,
        ([alt("b", 0, "RM"), alt("p", 0.3), alt("v", 0.5)], [alt("b", 0, "R"), alt("p", 0.2, "M")]),
        ([alt("pp", 0, "RM"), alt("bb", 0.3), alt("p", 0.3)],) * 2,
        ([alt("s", 0, "RM"), alt("sh", 0.35)],) * 2,
        ([alt("ss", 0, "RM"), alt("s", 0.3)],) * 2,
        ([alt("", 0, "RM")],) * 2,
        ([alt("j", 0, "RM"), alt("ch", 0.3)], [alt("j", 0, "R"), alt("ch", 0.2, "M")]),
        ([alt("jj", 0, "RM"), alt("tch", 0.3), alt("j", 0.3)],) * 2,
        ([alt("ch", 0, "RM"), alt("c", 0.6)],) * 2,
        ([alt("k", 0, "RM"), alt("c", 0.5)],) * 2,
        ([alt("t", 0, "RM")],) * 2,
        ([alt("p", 0, "RM"), alt("f", 0.3)],) * 2,
        ([alt("h", 0, "RM")],) * 2,
    )
)
_MEDIALS: tuple[Segment, ...] = (
    (alt("a", 0, "RM"),),
    (alt("ae", 0, "RM"), alt("ai", 0.3), alt("e", 0.4)),
    (alt("ya", 0, "RM"),),
    (alt("yae", 0, "RM"), alt("ye", 0.4)),
    (alt("eo", 0, "R"), alt("o", 0.2, "M"), alt("u", 0.25), alt("e", 0.5)),
    (alt("e", 0, "RM"),),
    (alt("yeo", 0, "R"), alt("yo", 0.2, "M"), alt("yu", 0.25), alt("ye", 0.4)),
    (alt("ye", 0, "RM"),),
    (alt("o", 0, "RM"), alt("oh", 0.6)),
    (alt("wa", 0, "RM"),),
    (alt("wae", 0, "RM"), alt("wai", 0.4)),
    (alt("oe", 0, "RM"), alt("oi", 0.4), alt("we", 0.5)),
    (alt("yo", 0, "RM"),),
    (alt("u", 0, "RM"), alt("oo", 0.3)),
    (alt("wo", 0, "RM"), alt("weo", 0.4)),
    (alt("we", 0, "RM"),),
    (alt("wi", 0, "RM"), alt("wee", 0.5)),
    (alt("yu", 0, "RM"), alt("yoo", 0.3)),
    (alt("eu", 0, "R"), alt("u", 0.2, "M"), alt("", 0.15)),
    (alt("ui", 0, "RM"), alt("eui", 0.4), alt("i", 0.5)),
    (alt("i", 0, "RM"), alt("ee", 0.5)),
)
_K = (alt("k", 0, "RM"), alt("g", 0.3))
_T = (alt("t", 0, "RM"), alt("d", 0.3))
_L = (alt("l", 0, "RM"), alt("r", 0.3))
_P = (alt("p", 0, "RM"), alt("b", 0.3))
_FINALS: tuple[Segment, ...] = (
    (alt("", 0, "RM"),),
    _K,
    _K,
    _K,
    (alt("n", 0, "RM"),),
    (alt("n", 0, "RM"),),
    (alt("n", 0, "RM"),),
    _T,
    _L,
    _K,
    (alt("m", 0, "RM"),),
    _L,
    _L,
    _L,
    _P,
    _L,
    (alt("m", 0, "RM"),),
    _P,
    _P,
    (alt("t", 0, "RM"), alt("s", 0.3)),
    (alt("t", 0, "RM"), alt("s", 0.3)),
    (alt("ng", 0, "RM"),),
    (alt("t", 0, "RM"), alt("j", 0.4)),
    (alt("t", 0, "RM"), alt("ch", 0.4)),
    (alt("k", 0, "RM"),),
    (alt("t", 0, "RM"),),
    (alt("p", 0, "RM"), alt("f", 0.4)),
    (alt("t", 0, "RM"), alt("h", 0.4)),
)
_Y_OR_I_MEDIALS = frozenset((2, 3, 6, 7, 12, 16, 17, 20))


def is_syllable(ch: str) -> bool:
    return _FIRST <= ord(ch) <= _LAST


def _syllable(ch: str, at_start: bool) -> Segment:
    code = ord(ch) - _FIRST
    initial, rest = divmod(code, 21 * 28)
    medial, final = divmod(rest, 28)
    onsets = _INITIALS[initial][1 if at_start else 0]
    if initial == 9 and medial not in _Y_OR_I_MEDIALS:
        onsets = onsets[:1]  # sh only before i/y: 시 shi, 서 seo
    nuclei = _MEDIALS[medial]
    if medial == 18 and (final or initial == 11):
        nuclei = nuclei[:2]  # ㅡ stays a vowel in 은, 으
    options: dict[str, tuple[float, str]] = {}
    for a_text, a_cost, a_tags in onsets:
        for b_text, b_cost, b_tags in nuclei:
            for c_text, c_cost, c_tags in _FINALS[final]:
                text = a_text + b_text + c_text
                cost = a_cost + b_cost + c_cost
                tags = "".join(t for t in "RM" if t in a_tags and t in b_tags and t in c_tags)
                if text not in options or cost < options[text][0]:
                    options[text] = (cost, tags)
    ranked: list[Alt] = sorted(
        ((text, cost, tags) for text, (cost, tags) in options.items()), key=lambda a: a[1]
    )
    return tuple(ranked)


def standards(run: str) -> tuple[str, str]:
    """The standards whose spellings lead and close the forms of ``run``."""
    return ("", LIQUID + LOANWORD_TAIL) if hangul_loan.is_loanword(run) else (LEAD, "")


def segments(run: str, *, token_start: bool = True) -> list[Segment]:
    """Segments of a Hangul run, one per syllable; the first may be a surname.

    A foreign word (`hangul_loan.is_loanword`) is read by the loanword rules,
    with its Revised Romanization kept as a costly alternative tagged ``R``.
    """
    if hangul_loan.is_loanword(run):
        loan = hangul_loan.segments(run)
        if loan is not None:
            native = _native_segments(run, token_start=False)
            return [
                (*foreign, alt(generic[0][0], _NATIVE_IN_LOANWORD, LOANWORD_TAIL))
                for foreign, generic in zip(loan, native, strict=True)
            ]
    return _native_segments(run, token_start=token_start)


_NATIVE_IN_LOANWORD = 2.0
"""Cost of the Revised Romanization syllable inside a foreign word: high enough
that only the ``R`` tail rebuilds it."""


def _native_segments(run: str, *, token_start: bool) -> list[Segment]:
    out: list[Segment] = []
    for index, ch in enumerate(run):
        if not is_syllable(ch):
            continue
        generic = _syllable(ch, at_start=index == 0 and token_start)
        if not out and token_start and ch in _surnames():
            # Conventional surname spellings first, the rule-based ones after them.
            forms = _surnames()[ch]
            table = [
                alt(form, 0.1 * rank, "RM" if rank == 0 else "") for rank, form in enumerate(forms)
            ]
            extra = [alt(text, cost + 0.15) for text, cost, _t in generic if text not in forms]
            out.append(tuple(table + extra))
            continue
        out.append(generic)
    return out


@functools.cache
def _surnames() -> dict[str, tuple[str, ...]]:
    return variant_table("korean_surnames.txt")
