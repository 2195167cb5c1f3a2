"""Chinese characters to Hanyu Pinyin (pypinyin), surname-aware.

pypinyin picks the reading from its phrase dictionary; its other readings
(heteronyms) follow as cheaper-ranked alternatives. A character that opens the
name is read as a surname when ``data/chinese_surnames.txt`` says its surname
reading differs (单 Shan, not dan; 曾 Zeng; 解 Xie); compound surnames (欧阳,
尉迟) are read as one. ü is written u (passport usage), with yu and v as
alternatives. Kanji of Japanese names also come out in pinyin: a known
limitation (no Japanese reading dictionary is bundled).
"""

from __future__ import annotations

import functools
import itertools

from pypinyin import Style, pinyin

from screening.normalize.romanizers import chinese_foreign
from screening.normalize.romanizers.beam import LIQUID, Segment, alt
from screening.normalize.romanizers.tables import variant_table

MAX_READINGS = 3
"""Readings kept per character: more only adds rare literary readings."""


def _u_forms(syllable: str) -> list[str]:
    """pypinyin writes ü as v (lv, nv, lve)."""
    if "v" not in syllable:
        return [syllable]
    return [syllable.replace("v", "u"), syllable.replace("v", "yu"), syllable]


def _char_readings(text: str) -> list[list[str]]:
    """Per character: pypinyin's reading in context first, then its heteronyms."""
    best = pinyin(text, style=Style.NORMAL)
    every = pinyin(text, style=Style.NORMAL, heteronym=True)
    out: list[list[str]] = []
    for chosen, others in zip(best, every, strict=False):
        readings: list[str] = []
        for reading in itertools.chain(chosen[:1], others):
            for form in _u_forms(reading):
                if form.isascii() and form.isalpha() and form not in readings:
                    readings.append(form)
        out.append(readings[:MAX_READINGS])
    return out


def _surname(text: str, readings: list[list[str]]) -> int:
    """How many leading characters form a listed surname (0, 1 or 2); adjusts ``readings``."""
    table = _surnames()
    for length in (2, 1):
        head = text[:length]
        if len(head) != length or head not in table:
            continue
        for form in reversed(table[head]):
            if length == 1:
                first = readings[0]
                readings[0] = [form] + [r for r in first if r != form]
                continue
            everyone = pinyin(head, style=Style.NORMAL, heteronym=True)
            for a, b in itertools.product(everyone[0], everyone[1]):
                if a + b == form:
                    readings[0] = [a] + [r for r in readings[0] if r != a]
                    readings[1] = [b] + [r for r in readings[1] if r != b]
                    break
        return length
    return 0


@functools.lru_cache(maxsize=4096)
def name_syllables(text: str, *, family_first: bool = True) -> tuple[tuple[str, ...], ...]:
    """Pinyin syllables per character of a Chinese name, best reading first."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return ()
    joined = "".join(chars)
    readings = _char_readings(joined)
    if family_first:
        _surname(joined, readings)
    return tuple(tuple(r) for r in readings if r)


def standards(run: str) -> tuple[str, str]:
    """The standard whose spelling leads the forms of ``run`` (pinyin, for a
    transcription of a foreign name; otherwise the first reading leads anyway)."""
    if chinese_foreign.uses_transcription_chars(run):
        return chinese_foreign.PINYIN, LIQUID
    return "", ""


def segments(run: str, *, token_start: bool = True) -> list[Segment]:
    """One segment per character: its readings, the first preferred.

    A run written in transcription characters (`chinese_foreign`) is read
    both as pinyin and as the foreign name those characters transcribe.
    """
    if chinese_foreign.uses_transcription_chars(run):
        return chinese_foreign.segments(run)
    return [
        tuple(alt(reading, 0.3 * rank) for rank, reading in enumerate(readings))
        for readings in name_syllables(run, family_first=token_start)
    ]


@functools.cache
def _surnames() -> dict[str, tuple[str, ...]]:
    return variant_table("chinese_surnames.txt")
