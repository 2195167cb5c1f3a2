"""Romanisation of one name token into ranked candidate Latin forms.

A name listed as ``Mohammed`` may be queried as ``محمد``, ``Мухаммед`` or
``ムハンマド``; the matcher compares Latin forms, so every token is turned into
the few spellings the usual romanisation standards and habits produce, best
first. Rules are generic per script (see `screening.normalize.romanizers`); the
only lookup tables are small reviewed lists of frequent exceptions (Arabic
names with unguessable vowels, Korean and Chinese surnames).

Scripts: Latin (diacritics folded, German ue/oe/ae as a variant), Cyrillic,
Arabic/Persian/Urdu, Hebrew, Greek, Japanese kana, Korean Hangul, Chinese
characters (pinyin; Japanese kanji also come out as pinyin, a known limitation).
Anything else goes through unidecode as a single form.

>>> romanize("Путин")
('putin',)
>>> romanize("習近平")[0]
'xijinping'
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

from screening.normalize.romanizers import (
    arabic,
    chinese,
    chinese_foreign,
    cyrillic,
    greek,
    hangul,
    hangul_loan,
    hebrew,
    kana,
)
from screening.normalize.romanizers.beam import LIQUID, Segment, alt, expand, fixed
from screening.scripts import COMMON, char_script, detect_script

__all__ = [
    "MAX_VARIANTS",
    "foreign_words",
    "is_abjad",
    "romanize",
    "romanize_chinese_name",
    "split_chinese",
]

MAX_VARIANTS = 8
"""Candidates per token: enough for the standards plus the common habits, few
enough to keep the index small."""

ABJADS = frozenset({"Arab", "Hebr", "Syrc"})
"""Scripts that leave short vowels unwritten."""

_CACHE_SIZE = 1 << 16
_NOT_LATIN = re.compile(r"[^a-z]+")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_SCRIPT_GROUP = {"Hira": "Kana"}
_GERESHES = frozenset("'`\u05f3\u2019")  # Hebrew ג׳ = j; dropped again by the Latin filter


def is_abjad(token: str) -> bool:
    """True when ``token`` is written in Arabic, Hebrew or Syriac script.

    Those scripts omit short vowels, so the matcher compares consonant
    skeletons rather than trusting the guessed vowels.
    """
    return detect_script(token) in ABJADS


def romanize(token: str) -> tuple[str, ...]:
    """Candidate romanisations of one token (any script), best first.

    ``token`` is a single name token without spaces. The result holds
    lower-case ASCII letters only, is deduplicated, has at most
    `MAX_VARIANTS` entries and is never empty when the token contains a
    letter (``""`` gives ``()``). Arabic and Hebrew tokens always include their
    bare consonant skeleton (محمد -> ``mhmd``).
    """
    return _romanize(token)


def romanize_chinese_name(text: str) -> tuple[tuple[str, ...], ...]:
    """Pinyin syllables per character of a Chinese name, family name first.

    The first character (or two, for 欧阳-like compound surnames) is read as a
    surname: 单 -> ``shan``, 曾 -> ``zeng``. Each inner tuple lists a
    character's readings, best first; characters without a reading are skipped.
    """
    return chinese.name_syllables(text)


def family_name_length(token: str) -> int:
    """Characters of a Chinese or Korean name token that form the family name.

    Korean names: the first syllable block (the rare two-block surnames such as
    남궁 are not told apart). Chinese names: a compound surname from the table
    (欧阳) or else the first character.
    """
    if not token:
        return 0
    if all("\uac00" <= ch <= "\ud7a3" for ch in token):
        return 1
    table = chinese._surnames()
    return 2 if token[:2] in table and len(token) > 2 else 1


def foreign_words(token: str) -> tuple[str, ...] | None:
    """The words of a foreign name written in Hangul or Chinese characters, else None.

    Such a token is not a family name followed by a given name, as a Korean
    or Chinese name written without spaces is: 에드워드 (Edward) is one word,
    by the Korean loanword rules; a Chinese transcription is cut into its
    words where the transcription tables start or end one (马尔科夫亞歷山大 ->
    马尔科夫, 亞歷山大).
    """
    script = detect_script(token)
    if script == "Hang" and hangul_loan.is_loanword(token):
        return (token,)
    if script == "Hani" and chinese_foreign.is_transcription(token):
        return tuple(chinese_foreign.split_words(token))
    return None


def split_chinese(token: str) -> tuple[str, ...]:
    """The best pinyin syllable of each character: 习近平 -> ("xi", "jin", "ping")."""
    return tuple(readings[0] for readings in chinese.name_syllables(token))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _romanize(token: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", token).lower()
    runs = _runs(text)
    segments: list[Segment] = []
    skeleton_parts: list[str] = []
    lead = tail = ""
    abjad = False
    for index, (script, run) in enumerate(runs):
        run_segments, skeleton = _run_segments(script, run, token_start=index == 0)
        segments.extend(run_segments)
        skeleton_parts.append(skeleton)
        abjad = abjad or script in ABJADS
        if len(runs) == 1:
            lead, tail = _STANDARDS.get(script, ("", ""))
            if script == "Hang":
                lead, tail = hangul.standards(run)
            elif script == "Hani":
                lead, tail = chinese.standards(run)
    room = MAX_VARIANTS - 1 if abjad else MAX_VARIANTS
    forms = [_NOT_LATIN.sub("", form) for form in expand(segments, room, lead=lead, tail=tail)]
    if abjad:
        forms.append(_NOT_LATIN.sub("", "".join(skeleton_parts)))
    out = tuple(dict.fromkeys(form for form in forms if form))
    if not out and any(ch.isalpha() for ch in text):
        out = (_NOT_LATIN.sub("", unidecode(text).lower()) or _opaque(text),)
    return out


def _runs(text: str) -> list[tuple[str, str]]:
    """Maximal runs of one script; marks stay with their letter, other symbols go."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        script = char_script(ch)
        if script == COMMON:
            if runs and (unicodedata.category(ch).startswith("M") or ch in _GERESHES):
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
            continue
        script = _SCRIPT_GROUP.get(script, script)
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, ch))
    return runs


_STANDARDS: dict[str, tuple[str, str]] = {
    "Cyrl": (cyrillic.LEAD, cyrillic.TAIL),
    "Grek": (greek.LEAD, ""),
    "Kana": (kana.HEPBURN, LIQUID),
}


def _run_segments(script: str, run: str, *, token_start: bool) -> tuple[list[Segment], str]:
    """Segments of one run, and its consonant skeleton (abjads only)."""
    if script == "Latn":
        return [_latin(run)], ""
    if script == "Cyrl":
        return cyrillic.segments(run), ""
    if script == "Arab":
        return arabic.segments(run)
    if script == "Hebr":
        return hebrew.segments(run)
    if script == "Grek":
        return greek.segments(run), ""
    if script == "Kana":
        return kana.segments(run), ""
    if script == "Hang":
        return hangul.segments(run, token_start=token_start), ""
    if script == "Hani":
        return chinese.segments(run, token_start=token_start), ""
    folded = _NOT_LATIN.sub("", unidecode(run).lower())
    return [fixed(folded)], folded if script in ABJADS else ""


def _latin(run: str) -> Segment:
    """Diacritics folded (ü -> u, ß -> ss, ø -> o, ł -> l), German ue/oe/ae second."""
    plain = _NOT_LATIN.sub("", unidecode(run).lower())
    german = _NOT_LATIN.sub("", unidecode(run.translate(_GERMAN)).lower())
    return (alt(plain), alt(german, 0.1)) if german != plain else (alt(plain),)


def _opaque(text: str) -> str:
    """Letters that no table knows: a stable a-z code of their code points, so the
    same token still matches itself."""
    out = []
    for ch in text:
        if ch.isalpha():
            code = ord(ch)
            digits = ""
            while code:
                code, rest = divmod(code, 26)
                digits += chr(ord("a") + rest)
            out.append(digits)
    return "".join(out)
