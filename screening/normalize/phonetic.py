"""Phonetic keys for romanised name tokens.

Romanisations of one name differ in vowels, doubled letters and in how one
sound is spelt (q/k/g for Arabic qaf, dh/th/z/d for dhal, kh/h, sh/ch/sch,
ph/f, w/v/u, y/i/j). ``phonetic_key`` folds exactly those differences, so
Qadhafi, Gaddafi, Kadhafi and Gadhafi share the key ``KTF``, and Hussein,
Husayn and Hossein share ``HSN``. It is one kind of evidence among several,
deliberately coarse; the scorer weighs it below an exact or variant match.
"""

from __future__ import annotations

import functools
import itertools
import re

# Multi-letter spellings first; each maps a sound to one class letter.
_DIGRAPHS = (
    ("sch", "S"),
    ("tch", "C"),
    ("kh", "H"),
    ("gh", "K"),
    ("ch", "C"),
    ("sh", "S"),
    ("zh", "J"),
    ("dh", "T"),
    ("th", "T"),
    ("ph", "F"),
    ("ts", "Z"),
    ("tz", "Z"),
    ("dj", "J"),
    ("dzh", "J"),
    ("ck", "K"),
    ("qu", "K"),
    ("ou", "U"),
)
_LETTERS = {
    "b": "P",
    "p": "P",
    "c": "K",
    "g": "K",
    "k": "K",
    "q": "K",
    "x": "KS",
    "d": "T",
    "t": "T",
    "z": "Z",
    "s": "S",
    "f": "F",
    "v": "F",
    "w": "F",
    "j": "J",
    "l": "L",
    "r": "R",
    "m": "M",
    "n": "N",
    "h": "H",
}
_DIGRAPH_RE = re.compile("|".join(sorted((d for d, _ in _DIGRAPHS), key=len, reverse=True)))
_DIGRAPH_MAP = dict(_DIGRAPHS)


_CLASSES = str.maketrans({**dict.fromkeys("aeiouyU", "."), **_LETTERS})
_NON_CLASS = re.compile(r"[^A-Z.]")


@functools.lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Consonant-class skeleton of a lower-case ASCII token (``""`` if it has no consonant).

    Vowels (and y, which romanisations use as a vowel) are dropped except a
    leading one, which is kept as ``A`` so "Omar" and "Umar" agree but do not
    collapse onto "Mar". Doubled letters collapse (Mohammed = Mohamed); the
    same consonant twice across a vowel does not (Muammar keeps M-M-R). A final
    ``h`` after a vowel is dropped (Abdullah/Abdulla, Fatimah/Fatima).
    """
    if not token:
        return ""
    text = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], token)
    if len(text) > 1 and text[-1] == "h" and text[-2] in "aeiouyU":
        text = text[:-1]
    classes = _NON_CLASS.sub("", text.translate(_CLASSES))
    # runs of one class collapse; vowels (".") separate runs, then go
    key = "".join(c for c, _run in itertools.groupby(classes)).replace(".", "")
    return "A" + key if classes[:1] == "." else key


@functools.lru_cache(maxsize=200_000)
def consonant_skeleton(token: str) -> str:
    """The consonants of a token in order, doubled letters collapsed, for abjad comparison.

    Arabic and Hebrew script write no short vowels, so a romanised abjad name
    is compared with a Latin name on consonants alone ("mhmd" ~ "mohamed").
    Unlike `phonetic_key`, the leading vowel is dropped too.
    """
    # w and y double as long vowels in abjad scripts (و, ي), so they are not
    # consonants to compare on: Aswad = اسود ("swd" or "sud") = "ST".
    key = phonetic_key(token.replace("w", "").replace("y", ""))
    return key[1:] if key.startswith("A") else key


@functools.lru_cache(maxsize=100_000)
def letter_skeleton(token: str) -> str:
    """Consonant classes letter by letter, no digraphs, repeats folded.

    For words written without their vowels ("TSTD" for Tostado): there the
    letters of a digraph may belong to different syllables (t-s), so each
    letter is classed alone.
    """
    out: list[str] = []
    for char in token:
        code = _LETTERS.get(char, "")
        if not code or char in "wy":
            continue
        if not out or out[-1] != code:
            out.append(code)
    return "".join(out)


_REPEAT = re.compile(r"(.)\1", re.DOTALL)


@functools.lru_cache(maxsize=100_000)
def collapse_repeats(text: str) -> str:
    """Runs of one letter folded to one ("yyaaya" -> "yaya", "mohammed" -> "mohamed")."""
    if _REPEAT.search(text) is None:
        return text  # most words: one scan in C
    return "".join(letter for letter, _run in itertools.groupby(text))


_SPELLINGS = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"qu(?=[eiy])"), "k"),  # Duque = Duke, Quintero = Kintero
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),  # Garcia = Garsia, Cesar = Sesar
    (re.compile(r"c(?!h)"), "k"),  # Carla = Karla; ch stays
    (re.compile(r"z"), "s"),  # Gomez = Gomes, Ortiz = Ortis
    (re.compile(r"x"), "ks"),
    (re.compile(r"oo|ou"), "u"),  # Yousuf = Yusuf, Mouhamed = Muhamed
    (re.compile(r"ow(?![aeiouy])"), "au"),  # Brown = Braun (Браун, ブラウン)
    (re.compile(r"y"), "i"),  # Yuri = Iuri
)


@functools.lru_cache(maxsize=200_000)
def spelling_fold(token: str) -> str:
    """A lower-case ASCII token with the letters that spell one sound in several
    ways written one way, vowels kept: Duque and Duke, Gomez and Gomes, Garcia
    and Garsia, Mohammed and Mohamed agree.

    Finer than `phonetic_key` (which drops vowels), so it also serves short words.
    """
    text = token
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    text = collapse_repeats(text)
    if len(text) > 2 and text[-1] == "h" and text[-2] in "aeiou":
        text = text[:-1]  # Abdullah = Abdulla
    return text
