"""Hebrew (and Yiddish letters): consonants, matres lectionis and points.

ו and י are consonants (v/y) at the start of a word, when doubled (וו, יי) or
before a vowel letter, and long vowels (o/u, i/e) otherwise; א and ע are
silent vowel carriers; ה at the end is a vowel (-a/-ah). ב כ פ without a
dagesh point have both the stop and the fricative reading (b/v, k/kh, p/f),
because Latin names written in Hebrew use them for the stops; ב ending a word
is v first (-ov). A geresh (׳ or ')
after ג ז צ ת ח gives j, zh, ch, th, kh. Unwritten vowels come from
`abjad.build`; niqqud, when present, decides them.
"""

from __future__ import annotations

from screening.normalize.romanizers.abjad import Unit, build
from screening.normalize.romanizers.beam import Segment, alt, fixed

_CONSONANTS: dict[str, Segment] = {
    "ב": (alt("b"), alt("v", 0.1)),
    "ג": fixed("g"),
    "ד": fixed("d"),
    "ה": (alt("h"), alt("", 0.5)),
    "ז": fixed("z"),
    "ח": (alt("h"), alt("ch", 0.1), alt("kh", 0.3)),
    "ט": fixed("t"),
    "כ": (alt("k"), alt("kh", 0.15), alt("ch", 0.2), alt("c", 0.4)),
    "ך": (alt("kh"), alt("ch", 0.1), alt("k", 0.2)),
    "ל": fixed("l"),
    "מ": fixed("m"),
    "ם": fixed("m"),
    "נ": fixed("n"),
    "ן": fixed("n"),
    "ס": fixed("s"),
    "פ": (alt("p"), alt("f", 0.1), alt("ph", 0.5)),
    "ף": (alt("f"), alt("ph", 0.4), alt("p", 0.5)),
    "צ": (alt("tz"), alt("ts", 0.1), alt("z", 0.3), alt("c", 0.5), alt("s", 0.6)),
    "ץ": (alt("tz"), alt("ts", 0.1), alt("z", 0.3), alt("c", 0.5), alt("s", 0.6)),
    "ק": (alt("k"), alt("c", 0.3), alt("q", 0.5)),
    "ר": fixed("r"),
    "ש": (alt("sh"), alt("s", 0.2), alt("sch", 0.5)),
    "ת": (alt("t"), alt("th", 0.5), alt("s", 0.6)),
}
_INITIAL: dict[str, Segment] = {
    "ב": (alt("b"), alt("v", 0.5)),
    "כ": (alt("k"), alt("kh", 0.3), alt("c", 0.4), alt("ch", 0.4)),
    "פ": (alt("p"), alt("f", 0.3)),
}
_FINAL_BET: Segment = (alt("v"), alt("b", 0.2))
"""ב ending a word has no dagesh, so it is v (יעקב Yaakov), and it writes the
-ov/-ev of Slavic surnames (בולגקוב Bulgakov)."""
_GERESH: dict[str, Segment] = {
    "ג": (alt("j"), alt("g", 0.3), alt("dj", 0.5)),
    "ז": (alt("zh"), alt("j", 0.2), alt("g", 0.4)),
    "צ": (alt("ch"), alt("tch", 0.4), alt("c", 0.5)),
    "ץ": (alt("ch"), alt("tch", 0.4), alt("c", 0.5)),
    "ת": (alt("th"), alt("t", 0.3)),
    "ח": (alt("kh"), alt("ch", 0.2), alt("h", 0.4)),
}
_SILENT = (alt("a"), alt("e", 0.2), alt("", 0.3), alt("o", 0.5), alt("i", 0.5))
_VAV_VOWEL: Segment = (alt("o"), alt("u", 0.1), alt("v", 0.3), alt("ou", 0.5), alt("w", 0.6))
_VAV_CONSONANT: Segment = (alt("v"), alt("w", 0.3), alt("u", 0.5))
_YOD_VOWEL: Segment = (alt("i"), alt("e", 0.2), alt("y", 0.3), alt("ei", 0.4), alt("ai", 0.5))
_YOD_FINAL: Segment = (alt("i"), alt("y", 0.2), alt("ey", 0.4), alt("ai", 0.5), alt("e", 0.5))
_YOD_CONSONANT: Segment = (alt("y"), alt("i", 0.3), alt("j", 0.5))
_HE_FINAL: Segment = (alt("a"), alt("ah", 0.2), alt("e", 0.4), alt("", 0.5), alt("eh", 0.5))
# Yiddish digraphs.
_DIGRAPHS: dict[str, Unit] = {
    "וו": ("C", (alt("v"), alt("w", 0.3)), "v"),
    "יי": ("V", (alt("ey"), alt("ei", 0.1), alt("ay", 0.2), alt("ai", 0.3), alt("y", 0.4)), ""),
}
_POINTS: dict[str, Segment] = {
    "\u05b7": fixed("a"),  # patah
    "\u05b8": (alt("a"), alt("o", 0.5)),  # qamats
    "\u05b2": fixed("a"),
    "\u05b3": fixed("o"),
    "\u05b6": fixed("e"),  # segol
    "\u05b5": fixed("e"),  # tsere
    "\u05b1": fixed("e"),
    "\u05b4": fixed("i"),  # hiriq
    "\u05b9": fixed("o"),  # holam
    "\u05ba": fixed("o"),
    "\u05bb": fixed("u"),  # qubuts
    "\u05b0": (alt(""), alt("e", 0.3)),  # shva
}
_DAGESH = "\u05bc"
_SHIN_DOT = "\u05c1"
_SIN_DOT = "\u05c2"
_GERESH_MARKS = "\u05f3'`\u2019"
_CARRIERS = frozenset("אע")


def _letters(run: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch in run:
        if ch in _POINTS or ch in (_DAGESH, _SHIN_DOT, _SIN_DOT) or ch in _GERESH_MARKS:
            if out:
                out[-1] = (out[-1][0], out[-1][1] + ch)
        elif "\u0590" <= ch <= "\u05ff" or "\ufb1d" <= ch <= "\ufb4f":
            out.append((ch, ""))
    return out


def segments(run: str) -> tuple[list[Segment], str]:
    """Segments of a Hebrew run, and its consonant skeleton."""
    letters = _letters(run)
    vocalised = any(m in _POINTS for _b, marks in letters for m in marks)
    units: list[Unit] = []
    i = 0
    n = len(letters)
    while i < n:
        base, marks = letters[i]
        pair = base + (letters[i + 1][0] if i + 1 < n else "")
        nxt = letters[i + 1][0] if i + 1 < n else ""
        if pair in _DIGRAPHS and i > 0 and not vocalised:
            units.append(_DIGRAPHS[pair])
            i += 2
            continue
        unit: Unit
        if any(g in marks for g in _GERESH_MARKS) and base in _GERESH:
            segment = _GERESH[base]
            unit = ("C", segment, segment[0][0])
        elif base in "אע":
            unit = ("V", _SILENT, "")
        elif base == "ו":
            if i == 0 or nxt in _CARRIERS or (nxt == "י" and i + 2 == n):
                unit = ("C", _VAV_CONSONANT, "v")
            else:
                unit = ("V", _VAV_VOWEL, "")
        elif base == "י":
            if i == 0 or nxt in _CARRIERS:
                unit = ("C", _YOD_CONSONANT, "y")
            else:
                unit = ("V", _YOD_FINAL if not nxt else _YOD_VOWEL, "")
        elif base == "ה" and not nxt and i > 0:
            unit = ("V", _HE_FINAL, "")
        elif base in _CONSONANTS:
            segment = _CONSONANTS[base]
            if base in _INITIAL and (i == 0 or _DAGESH in marks):
                segment = _INITIAL[base]
            elif base == "ב" and not nxt and i > 0:
                segment = _FINAL_BET
            if base == "ש" and _SIN_DOT in marks:
                segment = fixed("s")
            elif base == "ש" and _SHIN_DOT in marks:
                segment = fixed("sh")
            unit = ("C", segment, segment[0][0])
        else:
            i += 1
            continue
        units.append(unit)
        for mark in marks:
            if mark in _POINTS:
                units.append(("V", _POINTS[mark], ""))
        i += 1
    return build(units, vocalised=vocalised)
