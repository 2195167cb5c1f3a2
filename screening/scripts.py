"""Writing-system detection per character and per string (ISO 15924 codes).

Used by the data model (to label names) and by normalisation (to choose a
transliteration per token). A range table keeps it fast and dependency-free.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata

# (first code point, last code point, ISO 15924 code), sorted, non-overlapping.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00AA, 0x00AA, "Latn"),
    (0x00BA, 0x00BA, "Latn"),
    (0x00C0, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x08A0, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"),
    (0x1C80, 0x1C8F, "Cyrl"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x3040, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"),
    (0x3100, 0x312F, "Bopo"),
    (0x3130, 0x318F, "Hang"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xAC00, 0xD7AF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF3A, "Latn"),
    (0xFF41, 0xFF5A, "Latn"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x20000, 0x2FA1F, "Hani"),
)
_STARTS = [r[0] for r in _RANGES]

COMMON = "Zyyy"
"""No letter of any script (digits, punctuation, spaces only)."""
MIXED = "Mixd"
"""Letters of more than one script (Japanese kanji+kana counts as ``Jpan``)."""


@functools.lru_cache(maxsize=16_384)  # names use few distinct characters; called per character
def char_script(char: str) -> str:
    """ISO 15924 code of one character; ``Zyyy`` for non-letters and unknown scripts."""
    code = ord(char)
    i = bisect.bisect_right(_STARTS, code) - 1
    if i >= 0:
        first, last, script = _RANGES[i]
        if first <= code <= last:
            if script in ("Latn", "Cyrl", "Grek", "Arab", "Hebr") and not char.isalpha():
                return COMMON
            return script
    if char.isalpha():
        # A letter of a script we do not tabulate: name it by its Unicode block word.
        name = unicodedata.name(char, "")
        return name.split(" ", 1)[0][:4].title() if name else COMMON
    return COMMON


def scripts_of(text: str) -> set[str]:
    """The set of scripts whose letters occur in ``text`` (common characters ignored)."""
    return {s for s in map(char_script, text) if s != COMMON}


def detect_script(text: str) -> str:
    """The one script of ``text``'s letters, ``Zyyy`` if none, ``Mixd`` if several.

    Kanji mixed with kana is Japanese (``Jpan``), Hanja with Hangul is Korean
    (``Kore``): those are single writing systems.
    """
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else COMMON
    found = scripts_of(text)
    if not found:
        return COMMON
    if len(found) == 1:
        return next(iter(found))
    if found <= {"Hani", "Hira", "Kana"}:
        return "Jpan"
    if found <= {"Hani", "Hang"}:
        return "Kore"
    return MIXED
