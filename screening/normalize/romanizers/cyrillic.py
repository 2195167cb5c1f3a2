"""Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian, Kazakh).

Standards, by tag letter: ``B`` BGN/PCGN 1947 (US/UK gazetteers, most sanctions
lists), ``I`` ICAO Doc 9303 (Russian passports since 2013), ``G`` GOST 7.79-2000
system B in ASCII, ``O`` ISO 9 with diacritics folded (ž -> z, č -> c). Untagged
alternatives are the colloquial English and German spellings seen in lists
(Alexander, Yuri, Tchaikovsky, Schukin). Ukrainian letters (і ї є ґ) switch
г/и to their Ukrainian values for the whole word.
"""

from __future__ import annotations

from unidecode import unidecode

from screening.normalize.romanizers.beam import Segment, alt, fixed

LEAD = "BI"
TAIL = "GO"

VOWELS = frozenset("аеёиоуыэюяіїєәөүұ")
_SOFT_OR_HARD = frozenset("ьъй")
_UKRAINIAN = frozenset("іїєґ")
_BELARUSIAN_ONLY = frozenset("ў")
_NOT_UKRAINIAN = frozenset("ыэё")  # with і, the word is Belarusian
_SOFTENING = frozenset("іеёюяь")
_BELARUSIAN: dict[str, Segment] = {
    # Belarusian spells the Russian form of a name by its own sounds, and
    # lists spell that Russian form: ц/дз before a soft vowel are Russian т/д
    # (цеканне, дзеканне: Цімафей Timofey), unstressed о is written а
    # (аканне: Канстанцін Konstantin).
    "ц": (alt("ts", 0, "BIE"), alt("t", 0.15), alt("c", 0.5, "GO")),
    "а": (alt("a"), alt("o", 0.25)),
}
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")

# Letters whose alternatives do not depend on context.
_PLAIN: dict[str, Segment] = {
    "а": fixed("a"),
    "б": fixed("b"),
    "в": (alt("v"), alt("w", 0.5)),
    "д": fixed("d"),
    "ж": (alt("zh", 0, "BIGE"), alt("j", 0.5), alt("z", 0.6, "O"), alt("sh", 0.8)),
    "з": (alt("z"), alt("s", 0.7)),
    "к": fixed("k"),
    "л": fixed("l"),
    "м": fixed("m"),
    "н": fixed("n"),
    "о": fixed("o"),
    "п": fixed("p"),
    "р": fixed("r"),
    "с": fixed("s"),
    "т": fixed("t"),
    "у": (alt("u"), alt("ou", 0.7)),
    "ф": (alt("f"), alt("ph", 0.8)),
    # х also writes Spanish j (Хосе Jose, Рохас Rojas)
    "х": (
        alt("kh", 0, "BIE"),
        alt("h", 0.3, "O"),
        alt("ch", 0.6),
        alt("j", 0.6),
        alt("x", 0.7, "G"),
    ),
    "ц": (alt("ts", 0, "BIE"), alt("tz", 0.4), alt("c", 0.5, "GO"), alt("z", 0.6)),
    "ч": (alt("ch", 0, "BIGE"), alt("tch", 0.5), alt("c", 0.7, "O"), alt("tsch", 0.8)),
    "ш": (alt("sh", 0, "BIGE"), alt("sch", 0.5), alt("s", 0.7, "O")),
    "щ": (
        alt("shch", 0, "BIE"),
        alt("sch", 0.4),
        alt("sh", 0.5),
        alt("sht", 0.6),
        alt("shh", 0.6, "G"),
        alt("s", 0.8, "O"),
    ),
    "ы": (alt("y"), alt("i", 0.4)),
    "ь": fixed(""),
    "э": (alt("e"), alt("eh", 0.8)),
    # Ukrainian and Belarusian
    "і": fixed("i"),
    "ґ": fixed("g"),
    # ў ends the Belarusian -оў/-еў that lists spell from Russian -ov/-ev.
    "ў": (alt("w", 0, "B"), alt("v", 0.15), alt("u", 0.2, "IGO")),
    # Serbian and Macedonian
    "ђ": (alt("dj"), alt("d", 0.4), alt("dzh", 0.6)),
    "ј": (alt("j"), alt("y", 0.3)),
    "љ": (alt("lj"), alt("l", 0.4), alt("ly", 0.5)),
    "њ": (alt("nj"), alt("n", 0.4), alt("ny", 0.5)),
    "ћ": (alt("ch"), alt("c", 0.2), alt("tj", 0.5)),
    "џ": (alt("dzh"), alt("dz", 0.2), alt("j", 0.4)),
    "ѓ": (alt("gj"), alt("g", 0.3)),
    "ќ": (alt("kj"), alt("k", 0.3)),
    "ѕ": fixed("dz"),
    # Kazakh, Tatar, Bashkir
    "ә": (alt("a"), alt("ae", 0.3)),
    "ғ": (alt("gh"), alt("g", 0.2)),
    "қ": (alt("q"), alt("k", 0.2)),
    "ң": (alt("ng"), alt("n", 0.2)),
    "ө": (alt("o"), alt("oe", 0.3)),
    "ұ": fixed("u"),
    "ү": (alt("u"), alt("ue", 0.3)),
    "һ": fixed("h"),
}

# Vowels written with a y-glide after a vowel, a soft/hard sign or at the start.
_IOTATED: dict[str, tuple[Segment, Segment]] = {
    # letter: (after a consonant, at the start or after a vowel/sign)
    "е": (
        fixed("e"),
        (alt("ye", 0, "BE"), alt("e", 0.3, "IGO"), alt("ie", 0.6), alt("je", 0.7)),
    ),
    "ё": (
        (alt("e", 0, "BIO"), alt("yo", 0.2, "GE"), alt("io", 0.4), alt("o", 0.5)),
        (alt("yo", 0, "BGE"), alt("e", 0.3, "IO"), alt("ye", 0.4), alt("io", 0.5), alt("jo", 0.7)),
    ),
    "ю": (
        (alt("yu", 0, "BGE"), alt("iu", 0.2, "I"), alt("u", 0.5, "O"), alt("ju", 0.6)),
        (alt("yu", 0, "BGE"), alt("iu", 0.2, "I"), alt("ju", 0.5), alt("u", 0.7, "O")),
    ),
    "я": (
        (alt("ya", 0, "BGE"), alt("ia", 0.2, "I"), alt("a", 0.5, "O"), alt("ja", 0.6)),
        (alt("ya", 0, "BGE"), alt("ia", 0.2, "I"), alt("ja", 0.5), alt("a", 0.7, "O")),
    ),
    "є": (
        (alt("ie", 0, "I"), alt("ye", 0.1, "BE"), alt("je", 0.5, "G"), alt("e", 0.5, "O")),
        (alt("ye", 0, "BE"), alt("ie", 0.2, "I"), alt("je", 0.5, "G"), alt("e", 0.5, "O")),
    ),
    "ї": (
        (alt("i", 0, "IO"), alt("yi", 0.1, "BE"), alt("ji", 0.5, "G")),
        (alt("yi", 0, "BE"), alt("i", 0.2, "IO"), alt("ji", 0.5, "G")),
    ),
}

_FINAL_IY: dict[str, Segment] = {
    # Adjectival surname and given-name endings: Юрий, Достоевский, Толстой, Сергей.
    "ий": (
        alt("iy", 0, "B"),
        alt("ii", 0.2, "I"),
        alt("y", 0.2, "E"),
        alt("i", 0.25),
        alt("ij", 0.6, "GO"),
    ),
    "ый": (
        alt("yy", 0, "B"),
        alt("y", 0.1, "E"),
        alt("yi", 0.2, "I"),
        alt("iy", 0.4),
        alt("yj", 0.6, "GO"),
    ),
}
_FINAL_Y: Segment = (alt("y", 0, "BE"), alt("i", 0.15, "I"), alt("j", 0.5, "GO"))
_Y_BEFORE_VOWEL: Segment = (alt("y", 0, "BE"), alt("i", 0.2, "I"), alt("j", 0.5, "GO"))


_DZH: Segment = (
    alt("dzh", 0, "BIGE"),
    alt("j", 0.2),
    alt("dj", 0.3),
    alt("dz", 0.5, "O"),
    alt("g", 0.6),
)
"""дж is English or Arabic j (Джамиль Jamil, Джонсон Johnson)."""
_DZ: Segment = (alt("dz", 0, "BIGEO"), alt("j", 0.35), alt("ds", 0.6))
"""дз is dz, and j in the Russian spelling of Korean and Japanese names (дзин jin)."""


def _affricate(second: str, *, belarusian: bool, soft: bool) -> Segment:
    """дж or дз, read as one sound."""
    if second == "ж":
        return _DZH
    if belarusian and soft:
        return (*_DZ[:1], alt("d", 0.3), *_DZ[1:])  # дзеканне: Дзмітрый Dmitry
    return _DZ


def _is_belarusian(run: str) -> bool:
    """ў is Belarusian only; і is Belarusian or Ukrainian, and Ukrainian has no ы э ё."""
    if any(ch in _BELARUSIAN_ONLY for ch in run):
        return True
    return "і" in run and any(ch in _NOT_UKRAINIAN for ch in run)


def segments(run: str) -> list[Segment]:
    """Segments of a lower-case Cyrillic run."""
    ukrainian = any(ch in _UKRAINIAN for ch in run)
    belarusian = _is_belarusian(run)
    out: list[Segment] = []
    i = 0
    n = len(run)
    while i < n:
        ch = run[i]
        prev = run[i - 1] if i else ""
        nxt = run[i + 1] if i + 1 < n else ""
        if run[i : i + 2] in _FINAL_IY and i + 2 == n and i > 0:
            out.append(_FINAL_IY[run[i : i + 2]])
            i += 2
            continue
        if ch == "д" and nxt in ("ж", "з"):
            out.append(
                _affricate(nxt, belarusian=belarusian, soft=run[i + 2 : i + 3] in _SOFTENING)
            )
            i += 2
            continue
        if belarusian and ch in _BELARUSIAN and (ch != "ц" or nxt in _SOFTENING):
            out.append(_BELARUSIAN[ch])
        elif ch in _IOTATED:
            after_consonant, glided = _IOTATED[ch]
            start = not prev or prev in VOWELS or prev in _SOFT_OR_HARD
            out.append(glided if start else after_consonant)
        elif ch == "й":
            out.append(_Y_BEFORE_VOWEL if nxt in VOWELS else _FINAL_Y)
        elif ch == "к" and nxt == "с":
            out.append((alt("ks", 0, "BIGO"), alt("x", 0.3, "E")))
            i += 2
            continue
        elif ch == "ц" and nxt == "з":
            # Palladius spelling of Chinese names: цзя = jia, цзы = zi.
            out.append((alt("tsz", 0, "BIGO"), alt("j", 0.3), alt("z", 0.4)))
            i += 2
            continue
        elif ch == "г":
            out.append((alt("h"), alt("g", 0.3)) if ukrainian else (alt("g"), alt("h", 0.6)))
        elif ch == "и":
            if ukrainian:
                out.append((alt("y"), alt("i", 0.3)))
            elif prev == "ь":
                out.append((alt("yi"), alt("i", 0.2)))
            else:
                out.append((alt("i"), alt("ee", 0.8)))
        elif ch == "ъ":
            if nxt in _CONSONANTS:
                # Bulgarian ъ is a vowel (Стъпки, Търново).
                out.append((alt("a"), alt("u", 0.4), alt("", 0.5)))
            else:
                out.append((alt("", 0, "BGO"), alt("ie", 0.5, "I")))
        elif ch == "р" and not nxt and prev in _CONSONANTS:
            # Александр -> Alexander, Пётр -> Peter.
            out.append((alt("r"), alt("er", 0.4)))
        elif ch in _PLAIN:
            out.append(_PLAIN[ch])
        else:
            out.append(fixed(unidecode(ch).lower()))
        i += 1
    return out
