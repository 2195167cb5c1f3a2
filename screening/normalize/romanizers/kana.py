"""Japanese kana (hiragana and katakana): modified Hepburn with list variants.

Long vowels are folded the passport way (Satō -> sato) with ou/oo/oh as
alternatives; ん is n, also m before b/m/p; っ/ッ doubles the next consonant
(tch before ch). Katakana mostly spells foreign names, so for it the vowels
Japanese adds after a final consonant (ku, su, to, do, ru ...) may be dropped,
r may be l, b may be v, ー may stand for an English -er (グラウン = Graun,
ピーター = Peter), a final ン may be ng (アウン Aung) and ハ before a consonant
a bare h (アハメド Ahmed). Kunrei spellings (si, ti, tu, hu, zi) are cheap extra
alternatives.
"""

from __future__ import annotations

from screening.normalize.romanizers.beam import LIQUID, Segment, alt

_ROWS = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ヴ": "vu",
    "ヷ": "va", "ヸ": "vi", "ヹ": "ve", "ヺ": "vo",
    "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
    "ヵ": "ka", "ヶ": "ke", "ヮ": "wa",
}  # fmt: skip
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_SMALL_V = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ヮ": "wa"}
_N = "ン"
_SOKUON = "ッ"
_CHOON = "ー"
_LABIALS = frozenset("bmp")
# Consonants after which Japanese adds a vowel to a foreign final consonant.
_EPENTHETIC = {
    "u": frozenset(("k", "g", "s", "z", "f", "p", "b", "m", "r", "n", "ts", "v", "sh")),
    "o": frozenset(("t", "d")),
    "i": frozenset(("ch", "j", "sh")),
}

HEPBURN = "H"
"""Tag of the modified Hepburn spelling, which always leads the forms."""
_SILENT = frozenset(("", "L", "N", "Q"))

Mora = tuple[str, str]
"""Consonant and vowel of one mora; ("N", "") for ん and ("Q", "") for っ."""


def to_katakana(run: str) -> str:
    """Hiragana folded to katakana (same sounds, one table)."""
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in run)


def _split(romaji: str) -> Mora:
    if romaji[-1:] in "aiueo":
        return romaji[:-1], romaji[-1]
    return romaji, ""


def _moras(run: str) -> list[Mora]:
    out: list[Mora] = []
    i = 0
    while i < len(run):
        ch = run[i]
        nxt = run[i + 1] if i + 1 < len(run) else ""
        if ch == _N:
            out.append(("N", ""))
        elif ch == _SOKUON or ch == "っ":
            out.append(("Q", ""))
        elif ch == _CHOON:
            out.append(("L", ""))
        elif ch in _ROWS:
            consonant, vowel = _split(_ROWS[ch])
            if nxt and nxt in _SMALL_Y and vowel == "i":
                # キャ kya, シャ sha, チャ cha, ジャ ja; デュ dyu.
                consonant = consonant if consonant in ("sh", "ch", "j") else consonant + "y"
                out.append((consonant, _SMALL_Y[nxt]))
                i += 2
                continue
            if nxt and nxt in _SMALL_Y:
                out.append((consonant + "y", _SMALL_Y[nxt]))
                i += 2
                continue
            if nxt and nxt in _SMALL_V and ch not in _SMALL_V:
                # ファ fa, ティ ti, ウィ wi, シェ she, イェ ye, ツァ tsa.
                consonant = {"": "w" if vowel == "u" else "y"}.get(consonant, consonant)
                out.append((consonant, _SMALL_V[nxt]))
                i += 2
                continue
            out.append((consonant, vowel))
        i += 1
    return out


def _consonant_alts(consonant: str, vowel: str, foreign: bool) -> Segment:
    alts = [alt(consonant)]
    if consonant == "r":
        alts.append(alt("l", 0.25 if foreign else 0.6, LIQUID))
    elif consonant == "sh" and vowel == "i":
        alts.append(alt("s", 0.4))
    elif consonant == "sh" and foreign:
        alts.append(alt("sch", 0.35))  # German sch: シュナイダー Schneider
    elif (consonant, vowel) in (("ch", "i"), ("ts", "u")):
        alts.append(alt("t", 0.5))
    elif consonant == "f" and vowel == "u":
        alts.extend((alt("v", 0.3), alt("h", 0.4)) if foreign else (alt("h", 0.4),))
    elif consonant == "j" and foreign:
        # ジ also writes di (Vladimir ウラジーミル) and soft g (Georgia).
        alts.extend((alt("g", 0.5), alt("d", 0.4)) if vowel == "i" else (alt("g", 0.5),))
    elif consonant == "j":
        alts.append(alt("z", 0.5))
    elif consonant == "b" and foreign:
        alts.append(alt("v", 0.35))
    elif consonant == "v":
        alts.append(alt("b", 0.3))
    elif consonant == "k" and foreign:
        alts.append(alt("c", 0.4))
    elif consonant == "h" and foreign:
        alts.append(alt("j", 0.5))  # Spanish j: ホセ Jose, ロハス Rojas
    return tuple(alts)


def _ends_in_vich(moras: list[Mora]) -> bool:
    """ビチ or ビッチ ending the word: -vich (Pavlovich パブロビッチ)."""
    return moras in ([("b", "i"), ("ch", "i")], [("b", "i"), ("Q", ""), ("ch", "i")])


def _added_vowels(moras: list[Mora]) -> list[bool]:
    """Per mora, whether its vowel may be one Japanese added to a bare consonant.

    Only before another consonant or at the end; at the start of a word only
    where a cluster can open it (st-, schn-, br-, kl-, tw-; not mh- or kt-). Of two
    such morae in a row the first keeps its vowel unless it is s: ドルゴ is
    dolgo (not drg), ストラ is stra.
    """
    out: list[bool] = []
    for index, (consonant, vowel) in enumerate(moras):
        nxt = moras[index + 1] if index + 1 < len(moras) else ("", "")
        closes = nxt == ("", "") or nxt[0] not in ("", "L", "N", "y")
        if index == 0 and consonant not in ("s", "sh") and nxt[0] not in ("r", "w"):
            closes = False
        out.append(closes and consonant in _EPENTHETIC.get(vowel, ()))
    for index in range(len(out) - 1):
        if out[index] and out[index + 1] and moras[index][0] != "s":
            out[index] = False
    return out


def _vowel_alts(consonant: str, vowel: str, nxt: Mora, *, foreign: bool, closes: bool) -> Segment:
    """The vowel of one mora and what it may stand for in a foreign word.

    In katakana a foreign consonant with no vowel after it gets one (Bogdanov
    ボグダーノフ, Strugnell ストラグネル): there the bare consonant is the
    cheaper reading and the written vowel, tagged as Hepburn's, the dearer.
    """
    if foreign and closes and consonant in _EPENTHETIC.get(vowel, ()):
        if vowel == "i":
            return (alt(vowel, 0, HEPBURN), alt("", 0.2))
        return (alt("", 0), alt(vowel, 0.1, HEPBURN))
    vowels = [alt(vowel, 0, HEPBURN)]
    if foreign and vowel == "a" and nxt[0] == "L":
        vowels.append(alt("er", 0.3))  # ダー -der (Gilder), ター -ter (Peter)
    if foreign and vowel == "i" and not nxt[0] and not nxt[1]:
        vowels.append(alt("y", 0.35))
    if foreign and vowel == "u" and consonant and not nxt[0] and nxt[1] in ("a", "i", "e", "o"):
        vowels.append(alt("w", 0.3))  # ルイン Lwin, スエ Swe: u before a vowel glides
    return tuple(vowels)


def segments(run: str) -> list[Segment]:
    """Segments of a kana run (hiragana, katakana or both)."""
    foreign = any("\u30a1" <= ch <= "\u30fa" for ch in run)
    moras = _moras(to_katakana(run))
    added = _added_vowels(moras) if foreign else [False] * len(moras)
    out: list[Segment] = []
    for index, (consonant, vowel) in enumerate(moras):
        prev = moras[index - 1] if index else ("", "")
        nxt = moras[index + 1] if index + 1 < len(moras) else ("", "")
        closes = added[index]
        if consonant == "N":
            following = nxt[0][:1]
            if following in _LABIALS:
                out.append((alt("n"), alt("m", 0.2)))
            elif foreign and nxt == ("", ""):
                out.append((alt("n"), alt("ng", 0.3)))  # アウン Aung, ワン Wang
            else:
                out.append((alt("n"),))
            continue
        if consonant == "Q":
            head = nxt[0][:1]
            if nxt[0] == "ch":
                out.append((alt("t"), alt("", 0.2)))
            elif nxt[0] == "j" and foreign:
                out.append((alt("j"), alt("d", 0.2), alt("", 0.2)))  # ッジ -dge (Bridge)
            elif head:
                options = [alt(head), alt("", 0.2)]
                if head == "k" and foreign:
                    options.append(alt("c", 0.3))
                out.append(tuple(options))
            continue
        if consonant == "L":
            long_alts = [alt(""), alt(prev[1], 0.3)] if prev[1] else [alt("")]
            if foreign and (not nxt[1] or nxt[0] not in ("", "r")):
                # English r after a vowel is written ー: スターン Stern, バサースト Bathurst.
                long_alts.append(alt("r", 0.35))
            if prev[1] == "o":
                long_alts.append(alt("h", 0.5))
            out.append(tuple(long_alts))
            continue
        if not consonant and index and prev[0] not in ("N", "Q", "L"):
            # Long vowels of native words: おう/おお -> o (ou, oo, oh), えい -> ei (e).
            if vowel == "u" and prev[1] in ("o", "u"):
                out.append((alt(""), alt("u", 0.1), alt("h", 0.3), alt(prev[1], 0.3)))
                continue
            if vowel == "o" and prev[1] == "o":
                out.append((alt(""), alt("o", 0.1), alt("h", 0.3)))
                continue
            if vowel == "i" and prev[1] == "e":
                out.append((alt("i"), alt("", 0.2)))
                continue
        vowels = _vowel_alts(consonant, vowel, nxt, foreign=foreign, closes=closes)
        if foreign and index and (consonant, vowel) == ("h", "a") and nxt[0] not in _SILENT:
            vowels += (alt("", 0.3),)  # ハ for a bare h: アハメド Ahmed, ラハマン Rahman
        consonants = _consonant_alts(consonant, vowel, foreign)
        if foreign and consonant == "b" and _ends_in_vich(moras[index:]):
            consonants = (alt("v"), alt("b", 0.2))  # -ビッチ is the Slavic -vich
        if foreign and index == 0 and not consonant and vowel == "u" and nxt[0] not in _SILENT:
            consonants, vowels = (alt(""),), (alt("u", 0, HEPBURN), alt("v", 0.3))
        out.append(
            tuple(
                sorted(
                    (
                        alt(c + v, c_cost + v_cost, c_tags + (v_tags if c == consonant else ""))
                        for c, c_cost, c_tags in consonants
                        for v, v_cost, v_tags in vowels
                    ),
                    key=lambda a: a[1],
                )
            )
        )
    return out
