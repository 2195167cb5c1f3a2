"""Arabic script: Arabic, Persian and Urdu letters.

Consonants get the alternatives of the usual systems (UN/BGN q/k/g for ق, th/s
for ث, dh/z for ذ, Egyptian g for ج, French ch for ش); و and ي are read as
consonants at the start of a word or before a vowel letter and as long vowels
(u/o/ou, i/e/ee/ei/ai) elsewhere; unwritten short vowels come from
`abjad.build`. Vowel points (tashkeel), when present, decide the vowels and
the shadda doubles its consonant. The article ال stays attached (al-/el-) or
is dropped; عبد ال gives Abdul/Abdel/Abdal. A reviewed table
(``data/arabic_names.txt``) spells the handful of very frequent names whose
vowels no rule can guess (محمد Muhammad/Mohammed).
"""

from __future__ import annotations

import functools

from screening.normalize.romanizers.abjad import Unit, build
from screening.normalize.romanizers.beam import Segment, alt, fixed
from screening.normalize.romanizers.tables import variant_table

_CONSONANTS: dict[str, Segment] = {
    "ب": fixed("b"),
    "ت": fixed("t"),
    "ث": (alt("th"), alt("s", 0.3), alt("t", 0.5)),
    "ج": (alt("j"), alt("g", 0.3), alt("dj", 0.4), alt("zh", 0.7)),
    "ح": (alt("h"), alt("", 0.7)),
    "خ": (alt("kh"), alt("h", 0.4), alt("ch", 0.5), alt("x", 0.7)),
    "د": fixed("d"),
    "ذ": (alt("dh"), alt("z", 0.2), alt("th", 0.3), alt("d", 0.4)),
    "ر": fixed("r"),
    "ز": (alt("z"), alt("s", 0.6)),
    "س": fixed("s"),
    "ش": (alt("sh"), alt("ch", 0.4), alt("sch", 0.6), alt("s", 0.7)),
    "ص": fixed("s"),
    "ض": (alt("d"), alt("dh", 0.3), alt("z", 0.5)),
    "ط": fixed("t"),
    "ظ": (alt("z"), alt("dh", 0.3), alt("th", 0.5), alt("d", 0.6)),
    "ع": (alt(""), alt("a", 0.5)),
    "غ": (alt("gh"), alt("g", 0.3), alt("r", 0.8)),
    "ف": (alt("f"), alt("v", 0.5), alt("ph", 0.7)),
    "ق": (alt("q"), alt("k", 0.2), alt("g", 0.3), alt("c", 0.7)),
    "ك": (alt("k"), alt("c", 0.4), alt("ck", 0.8)),
    "ک": (alt("k"), alt("c", 0.4), alt("ck", 0.8)),
    "ل": fixed("l"),
    "م": fixed("m"),
    "ن": fixed("n"),
    "ه": fixed("h"),
    "ہ": fixed("h"),
    # Persian
    "پ": fixed("p"),
    "چ": (alt("ch"), alt("tch", 0.5), alt("c", 0.7)),
    "ژ": (alt("zh"), alt("j", 0.3), alt("z", 0.5)),
    "گ": fixed("g"),
    # Maghrebi
    "ڤ": fixed("v"),
    "ڨ": fixed("g"),
    "ڭ": fixed("g"),
    # Urdu retroflexes and nasal
    "ٹ": fixed("t"),
    "ڈ": fixed("d"),
    "ڑ": fixed("r"),
    "ں": (alt("n"), alt("", 0.4)),
}
_SKELETON = {"ع": "", "ں": "n"}
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")

_FINAL_H: Segment = (alt("h"), alt("", 0.3))
_TA_MARBUTA: Segment = (alt("a"), alt("ah", 0.2), alt("at", 0.4), alt("e", 0.4), alt("eh", 0.5))
_ALIF_MAQSURA: Segment = (alt("a"), alt("i", 0.3), alt("y", 0.4), alt("e", 0.5))
_ALIF_MID: Segment = (alt("a"), alt("aa", 0.4), alt("e", 0.5))
_INITIAL_ALIF: dict[str, Segment] = {
    "ا": (alt("a"), alt("i", 0.2), alt("e", 0.25), alt("o", 0.35), alt("u", 0.4)),
    "أ": (alt("a"), alt("o", 0.3), alt("u", 0.35), alt("e", 0.4)),
    "إ": (alt("i"), alt("e", 0.2)),
    "آ": (alt("a"), alt("aa", 0.4)),
}
_INITIAL_LONG: dict[bool, Segment] = {
    True: (alt("u"), alt("o", 0.1), alt("ou", 0.3), alt("au", 0.5)),
    False: (alt("i"), alt("e", 0.2), alt("ei", 0.3), alt("ai", 0.5)),
}
_HAMZA: dict[str, Segment] = {
    "أ": (alt("a"), alt("", 0.2), alt("e", 0.3)),
    "إ": (alt("i"), alt("e", 0.2), alt("", 0.3)),
    "آ": (alt("a"), alt("aa", 0.3)),
    "ؤ": (alt("u"), alt("o", 0.1), alt("", 0.2), alt("w", 0.4)),
    "ئ": (alt("i"), alt("e", 0.1), alt("", 0.2), alt("a", 0.3), alt("y", 0.4)),
    "ء": (alt(""), alt("a", 0.4)),
}
_WAW_VOWEL: Segment = (
    alt("u"),
    alt("o", 0.1),
    alt("ou", 0.3),
    alt("oo", 0.35),
    alt("w", 0.45),
    alt("aw", 0.5),
)
_WAW_CONSONANT: Segment = (alt("w"), alt("v", 0.4), alt("u", 0.5))
_WAW_PERSIAN: Segment = (alt("v"), alt("w", 0.2), alt("u", 0.5))
_PERSIAN = frozenset("پچژگکی")
_YA_VOWEL: Segment = (
    alt("i"),
    alt("e", 0.15),
    alt("ee", 0.3),
    alt("ei", 0.35),
    alt("ai", 0.4),
    alt("y", 0.45),
    alt("ay", 0.5),
)
_YA_FINAL: Segment = (alt("i"), alt("y", 0.2), alt("ee", 0.3), alt("e", 0.35), alt("ie", 0.5))
_YA_CONSONANT: Segment = (alt("y"), alt("i", 0.3), alt("j", 0.5))
_YA_BARREE: Segment = (alt("e"), alt("ay", 0.2), alt("ai", 0.3), alt("y", 0.4))

# Vowel points: fatha, damma, kasra, their tanwin forms, sukun, superscript alif.
_POINTS: dict[str, Segment] = {
    "\u064e": (alt("a"), alt("e", 0.3)),
    "\u064f": (alt("u"), alt("o", 0.2)),
    "\u0650": (alt("i"), alt("e", 0.2)),
    "\u064b": (alt(""), alt("an", 0.5)),
    "\u064c": (alt(""), alt("un", 0.5)),
    "\u064d": (alt(""), alt("in", 0.5)),
    "\u0652": fixed(""),
    "\u0670": fixed("a"),
}
_SHADDA = "\u0651"
_WAW_LETTERS = frozenset("وۥ")
_VOWEL_LETTERS: dict[str, Segment] = {
    # Kurdish (Sorani) and Uyghur letters that always write a vowel.
    "ۆ": (alt("o"), alt("u", 0.3)),
    "ێ": (alt("e"), alt("i", 0.3)),
    "ۇ": (alt("u"), alt("o", 0.3)),
    "ۈ": (alt("u"), alt("ue", 0.3)),
    "ۉ": (alt("o"), alt("u", 0.3)),
}
_YA_LETTERS = frozenset("يیۍې")
_ALIFS = frozenset("اآ")
_HEH = frozenset("هہ")
_YA_BARREE_LETTERS = frozenset("ےۓ")
_TATWEEL = "\u0640"


def _letters(run: str) -> list[tuple[str, str]]:
    """Base letters with their vowel points."""
    out: list[tuple[str, str]] = []
    for ch in run:
        if ch in _POINTS or ch == _SHADDA:
            if out:
                out[-1] = (out[-1][0], out[-1][1] + ch)
        elif ch != _TATWEEL:
            out.append((ch, ""))
    return out


def _doubled(segment: Segment) -> Segment:
    return tuple(
        # a letter romanised as nothing (ع dropped) stays nothing when doubled
        (text * 2 if len(text) == 1 else text + text[-1] if text else text, cost, tags)
        for text, cost, tags in segment
    )


def _units(letters: list[tuple[str, str]]) -> list[Unit]:
    units: list[Unit] = []
    start = 0
    bases = "".join(base for base, _marks in letters)
    if bases.startswith("ال") and len(bases) > 3:
        sun = bases[2] in _SUN_LETTERS
        assimilated = "a" + _CONSONANTS[bases[2]][0][0] if sun else "al"
        article = (alt("al"), alt("", 0.2), alt("el", 0.3), alt(assimilated, 0.5))
        units.append(("P", article, "l"))
        start = 2
    if bases.startswith("عبد", start) and len(bases) > start + 4:
        if bases.startswith("ال", start + 3):
            joint = (alt("abdul"), alt("abdel", 0.15), alt("abdal", 0.2), alt("abd", 0.4))
            units.append(("P", joint, "bdl"))
            start += 5
        else:
            units.append(("P", (alt("abd"), alt("abdu", 0.4), alt("abdel", 0.5)), "bd"))
            start += 3
    word_start = start
    persian = any(ch in _PERSIAN for ch in bases)
    skip = False
    for i in range(start, len(letters)):
        if skip:
            skip = False
            continue
        base, marks = letters[i]
        prev = letters[i - 1][0] if i > word_start else ""
        nxt = letters[i + 1][0] if i + 1 < len(letters) else ""
        final = not nxt
        unit: Unit
        long_vowel = base in _WAW_LETTERS or base in _YA_LETTERS
        # (before another vowel letter it is a consonant: ايوب Ayub, اويس Awais)
        before_vowel_letter = nxt in _ALIFS or (
            nxt in (_YA_LETTERS if base in _WAW_LETTERS else _WAW_LETTERS)
        )
        initial_long = i == word_start + 1 and prev in _INITIAL_ALIF and not before_vowel_letter
        if initial_long and long_vowel and not marks:
            # اي / او at the start spell one long vowel: إيفان Ivan, أوبراين O'Brien.
            units[-1] = ("V", _INITIAL_LONG[base in _WAW_LETTERS], "")
            continue
        if base in _VOWEL_LETTERS:
            units.append(("V", _VOWEL_LETTERS[base], ""))
            continue
        if base == "غ" and prev == "ن" and final:
            # نغ ends Chinese and Korean syllables: يونغ Yong, وانغ Wang.
            units[-1] = ("C", (alt("ng"), alt("ngh", 0.3)), "ng")
            continue
        if base == "ت" and nxt == "ش":
            # تش spells ch in foreign names (تشارلز Charles); تشرين keeps t-sh.
            units.append(("C", (alt("ch"), alt("tsh", 0.3), alt("tch", 0.4)), "ch"))
            skip = True
            continue
        if i == word_start and base in _INITIAL_ALIF:
            unit = ("V", _INITIAL_ALIF[base], "")
        elif base == "ا":
            unit = ("V", _ALIF_MID if not final else (alt("a"), alt("ah", 0.6)), "")
        elif base in _HAMZA:
            unit = ("V", _HAMZA[base], "")
        elif base in ("ة", "ۃ"):
            unit = ("V", _TA_MARBUTA, "")
        elif base == "ى":
            unit = ("V", _ALIF_MAQSURA, "")
        elif base in _YA_BARREE_LETTERS:
            unit = ("V", _YA_BARREE, "")
        elif base in _WAW_LETTERS or base in _YA_LETTERS:
            waw = base in _WAW_LETTERS
            consonant = (
                i == word_start
                or before_vowel_letter
                or prev in _ALIFS
                or _SHADDA in marks
                or any(m in _POINTS for m in marks)
            )
            if consonant:
                segment = _WAW_CONSONANT if waw else _YA_CONSONANT
                if waw and persian:
                    segment = _WAW_PERSIAN
                if _SHADDA in marks:
                    segment = _doubled(segment)
                unit = ("C", segment, "w" if waw else "y")
            elif waw:
                unit = ("V", _WAW_VOWEL, "")
            else:
                unit = ("V", _YA_FINAL if final else _YA_VOWEL, "")
        elif base == "ھ":
            unit = ("A", (alt("h"), alt("", 0.4)), "h")
        elif base in _CONSONANTS:
            segment = _FINAL_H if final and base in _HEH and i > word_start else _CONSONANTS[base]
            if _SHADDA in marks:
                segment = _doubled(segment)
            unit = ("C", segment, _SKELETON.get(base, segment[0][0]))
        else:
            continue
        units.append(unit)
        for mark in marks:
            if mark in _POINTS:
                units.append(("V", _POINTS[mark], ""))
    return units


def segments(run: str) -> tuple[list[Segment], str]:
    """Segments of an Arabic-script run, and its consonant skeleton."""
    letters = _letters(run)
    vocalised = any(m in _POINTS for _b, marks in letters for m in marks)
    units = _units(letters)
    known = _known_name(letters)
    if known is not None:
        skeleton = "".join(u[2] for u in units)
        return known, skeleton
    return build(units, vocalised=vocalised)


def _known_name(letters: list[tuple[str, str]]) -> list[Segment] | None:
    """The table's spellings, with the article's variants kept in front."""
    bases = "".join(base for base, _marks in letters)
    table = _names()
    if bases in table:
        return [tuple(alt(form, 0.1 * rank) for rank, form in enumerate(table[bases]))]
    if bases.startswith("ال") and bases[2:] in table:
        forms = table[bases[2:]]
        article = (alt("al"), alt("", 0.2), alt("el", 0.3))
        return [article, tuple(alt(form, 0.1 * rank) for rank, form in enumerate(forms))]
    return None


@functools.cache
def _names() -> dict[str, tuple[str, ...]]:
    return variant_table("arabic_names.txt")
