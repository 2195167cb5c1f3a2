"""Character-level clean-up of a name before tokenising.

Each step is a named function so the normaliser (and its fingerprint) lists
them explicitly: NFKC, removal of invisible characters, look-alike folding,
digits used as letters, and splitting into raw tokens.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from screening.normalize.tables import char_map
from screening.scripts import COMMON, char_script

# Categories that render as nothing: format (zero-width, bidi, soft hyphen),
# control, private use, unassigned, surrogates.
_INVISIBLE = frozenset({"Cf", "Cc", "Co", "Cn", "Cs"})
_WHITESPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c\x85")
# Apostrophes and ayn/hamza signs are dropped inside words (Mu'ammar = Muammar).
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")
_APOSTROPHES = frozenset("'`´‘’ʻʼʽʾʿ′ˈ")
_GERESH = "\u05f3"
# A geresh (or an apostrophe standing for one) after these Hebrew letters
# writes a sound Hebrew lacks (ג׳ j, ז׳ zh, צ׳ ch, ת׳ th, ח׳ kh); it is part
# of the word.
_GERESH_LETTERS = frozenset("גזצץתח")


def normalize_unicode(text: str) -> str:
    """NFKC (fullwidth, ligatures, compatibility forms), then drop invisible characters.

    Invisible characters are the classic evasion trick ("Put\u200bin"); line
    breaks and tabs become spaces.
    """
    text = unicodedata.normalize("NFKC", text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char in _WHITESPACE_CONTROLS:
            out.append(" ")
        elif unicodedata.category(char) in _INVISIBLE:
            continue
        else:
            out.append(char)
    return "".join(out)


MAX_TOKEN_LENGTH = 100
"""Characters kept of one word. The longest word in a listed name (a run-on
organisation name) is well under this; a longer one is hostile input, and the
index's typo keys grow with the square of a word's length."""


def split_raw_tokens(text: str) -> list[str]:
    """Split on whitespace, punctuation and symbols; apostrophes are removed, not split on.

    A geresh after a Hebrew letter stays, as ``׳``: it changes the letter's sound.

    Words are cut to `MAX_TOKEN_LENGTH` characters, which bounds the work per word.
    """
    tokens: list[str] = []
    current: list[str] = []
    for char in text:
        if char in _APOSTROPHES or char == _GERESH:
            if current and current[-1] in _GERESH_LETTERS:
                current.append(_GERESH)
            continue
        category = unicodedata.category(char)
        if category[0] in "LMN":
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return [token[:MAX_TOKEN_LENGTH] for token in tokens]


_LETTER_RUN = re.compile(r"([a-z])\1{2,}")


def shorten_letter_runs(form: str) -> str:
    """A romanised form with each letter repeated three or more times kept twice.

    No name triples a letter; evaders do ("Obaiddddah" becomes "obaiddah", one
    typo from "obaidah"). A form of one repeated letter ("ooo" for ООО, "iii")
    is a word in itself and kept whole. Applied to final forms, so the
    normalised text stays a fixed point (a "ß" read as "ss" cannot make a new run).
    """
    if len(set(form)) < 2:
        return form
    return _LETTER_RUN.sub(r"\1\1", form)


def token_scripts(token: str) -> set[str]:
    if token.isascii():
        return {"Latn"} if any(c.isalpha() for c in token) else set()
    return {s for s in map(char_script, token) if s != COMMON}


def fold_confusables(tokens: list[str]) -> list[str]:
    """Replace look-alike Cyrillic/Greek letters by the Latin letters they imitate.

    Applied to a token of look-alikes that mixes scripts ("Pаvel" with a
    Cyrillic а, or "Ԝοօ" of Cyrillic, Greek and Armenian letters: no genuine
    word mixes scripts), and then to a token made only of look-alikes of one
    script when another token of the name is Latin ("МОНАМЕD" next to "ALI").
    A genuine Cyrillic or Greek name is left alone for transliteration, and a
    word mostly in one of them takes its few Latin letters back into it: a
    Ukrainian name typed with a Latin i for і ("Вiкторiвна") is Cyrillic.
    """
    if all(token.isascii() for token in tokens):
        return tokens
    table = char_map("confusables.txt")

    def all_lookalike(token: str, scripts: set[str]) -> bool:
        return bool(scripts) and all(
            char in table or char_script(char) in ("Latn", COMMON) for char in token
        )

    def fold(token: str) -> str:
        return "".join(table.get(char, char) for char in token)

    folded = []
    for token in tokens:
        scripts = token_scripts(token)
        if len(scripts) > 1:
            token = _fold_into_majority(token, scripts) or (
                fold(token) if all_lookalike(token, scripts) else token
            )
        folded.append(token)
    if not any(token_scripts(t) == {"Latn"} for t in folded):
        return folded
    for i, token in enumerate(folded):
        scripts = token_scripts(token)
        if "Latn" not in scripts and all_lookalike(token, scripts):
            folded[i] = fold(token)
    return folded


@functools.cache
def _latin_lookalikes() -> dict[tuple[str, str], str]:
    """(script, Latin letter) -> the letter of that script it looks like (i -> Cyrillic і)."""
    reverse: dict[tuple[str, str], str] = {}
    for char, latin in char_map("confusables.txt").items():
        if len(latin) == 1:
            reverse.setdefault((char_script(char), latin), char)
    return reverse


def _fold_into_majority(token: str, scripts: set[str]) -> str | None:
    """A word mostly of one non-Latin script with its Latin letters replaced by that
    script's look-alikes, or None (mostly Latin, several scripts, or no look-alike)."""
    others = scripts - {"Latn"}
    if "Latn" not in scripts or len(others) != 1:
        return None
    (other,) = others
    letters = [(char, char_script(char)) for char in token if char.isalpha()]
    latin = sum(script == "Latn" for _char, script in letters)
    if latin * 2 >= len(letters):
        return None
    reverse = _latin_lookalikes()
    out = []
    for char in token:
        if char.isascii() and char.isalpha():
            if (other, char) not in reverse:
                return None
            char = reverse[other, char]
        out.append(char)
    return "".join(out)


MAX_ONES_MIXED = 3
"""Digit ones in a word up to which every i/l reading is made (2^3 = 8 readings)."""
_DIGIT_LETTERS = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g",
}  # fmt: skip
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th|e|er|eme|ème|º|ª)?$", re.IGNORECASE)


def case_lookalikes(token: str) -> tuple[str, ...]:
    """The reading of a word whose l and I stand in for each other ("JlN", "AIi").

    In most fonts a lower-case l and a capital I look alike; a word's case
    tells which was meant: an l among capitals is an I (JlN = JIN, KOTl =
    KOTI), a capital I inside a lower-case word an l (AIi = Ali). Returns
    ``()`` for a word of consistent case.
    """
    letters = [c for c in token if c.isalpha()]
    capitals = [c for c in letters if c != "l"]
    if "l" in token and len(capitals) >= 2 and all(c.isupper() for c in capitals):
        return (token.replace("l", "I"),)
    lower = [c for c in letters[1:] if c != "I"]
    if "I" in token[1:] and lower and all(c.islower() for c in lower):
        return (token[0] + token[1:].replace("I", "l"),)
    return ()


def unleet(token: str) -> tuple[str, ...]:
    """Readings of a word whose digits stand in for letters ("M0hamed", "Al1", "5E4").

    Returns the letter readings (``1`` read as both ``i`` and ``l``), or ``()``
    when the token has no letter, no such digit, or is an ordinal ("7TH").
    The caller keeps the token as written too: "A320" stays a possible code.
    """
    if not any(c.isdigit() for c in token) or _ORDINAL.match(token):
        return ()
    if not any(c.isalpha() for c in token) or not all(c.isalnum() for c in token):
        return ()
    if not all(c in _DIGIT_LETTERS for c in token if c.isdigit()):
        return ()
    base = "".join(_DIGIT_LETTERS.get(c, c) if c != "1" else "1" for c in token)
    ones = base.count("1")
    if ones > MAX_ONES_MIXED:  # both uniform readings only: 2^n would flood the keys
        return (base.replace("1", "i"), base.replace("1", "l"))
    # each 1 may be an i or an l ("11SIM" for Ilsim): all-i first, all-l last
    readings = []
    for letters in itertools.product("il", repeat=ones):
        pieces = iter(letters)
        readings.append("".join(next(pieces) if c == "1" else c for c in base))
    return tuple(readings)
