"""Foreign names transcribed into Chinese characters, read back towards Latin.

Chinese writes a foreign name with a fixed set of transcription characters
(the Xinhua News Agency tables, 《世界人名翻译大辞典》): 尔 for r/l, 斯 for s,
夫 for -v/-f, 克 for k, 德 for d, 维 for v, 罗 for ro/lo ... A run made of
those characters is a transcription, not a Chinese name: 马尔科夫 is Markov,
whose pinyin ``maerkefu`` is far from it. Three habits of the tables are
reversed here:

* characters that stand for a bare consonant (克 k, 斯 s, 尔 r) lose their
  pinyin vowel;
* pinyin l also writes r (罗 ro, 里 ri), w also v (维 vi, 瓦 va), and the
  vowels are the foreign ones (uo -> o, ei -> e/i, ie -> e);
* the words of a name, written without a space, start again at a character
  that only opens a word (阿 A-, 埃 E-, 伊 I-, 奥 O-, 乌 U-, 弗 before l/r
  for Fl-/Vl-) and end after 夫 (-ov) or 奇 (-vich): 阿巴斯埃姆加德 is
  Abbas Amjad.

The pinyin spelling stays first (tag ``P``), so a Chinese name written with
the same characters keeps its own romanisation.
"""

from __future__ import annotations

import functools

from pypinyin import Style, pinyin

from screening.normalize.romanizers.beam import LIQUID, Alt, Segment, alt

PINYIN = "P"

# Characters of the transcription tables, simplified and traditional forms.
# Chinese given names use some of them too; a run counts as a transcription
# only when all its characters are here (see `is_transcription`).
TRANSCRIPTION_CHARS = frozenset(
    "阿埃艾爱安昂奥奧巴拜班邦保鲍贝貝本比彼宾賓波伯博布查彻徹楚达達代戴丹道德登迪蒂丁东東杜"
    "多厄恩尔爾法凡范菲费費芬丰豐佛夫弗福富盖蓋甘冈岡戈格根贡貢古哈海汉漢豪赫黑亨胡华華霍基吉"
    "加贾賈杰傑金卡凯凱坎康考科克肯库庫奎拉莱萊赖賴兰蘭朗劳勞勒雷蕾里利莉列林琳卢盧鲁魯路伦倫"
    "罗羅洛马馬玛瑪迈邁麦麥曼芒梅门門蒙米明莫默姆穆纳納娜奈南瑙内內尼妮涅宁寧纽紐努诺諾欧歐"
    "帕派潘佩彭皮普奇契乔喬切钦欽琼瓊丘萨薩塞赛賽桑瑟森沙莎舍申什施史舒斯松苏蘇索塔泰坦汤湯"
    "唐特提图圖托瓦旺威韦韋维維温溫沃乌烏西希锡錫谢謝辛休雅亚亞扬揚耶伊因尤于约約泽澤扎詹兹"
    "茨祖佐歷历山大霍茂默罗萊蕾莲蓮娃哥戈列莱尤契科多斯蒂立万萬伏娅婭丽麗柯叶葉日热熱季根"
)
_BARE: dict[str, Segment] = {
    # The character stands for a consonant without a vowel (its pinyin vowel
    # is a carrier); the vowel reading is kept, dearer.
    **dict.fromkeys("尔爾", (alt("r"), alt("l", 0.1, LIQUID), alt("er", 0.3, PINYIN))),
    **dict.fromkeys("斯", (alt("s"), alt("si", 0.2, PINYIN), alt("z", 0.3))),
    **dict.fromkeys("兹", (alt("z"), alt("s", 0.3), alt("zi", 0.3, PINYIN))),
    **dict.fromkeys("茨", (alt("ts"), alt("z", 0.1), alt("tz", 0.2), alt("ci", 0.4, PINYIN))),
    **dict.fromkeys("克", (alt("k"), alt("c", 0.1), alt("ke", 0.2, PINYIN), alt("ck", 0.3))),
    **dict.fromkeys("德", (alt("d"), alt("de", 0.2, PINYIN), alt("t", 0.4))),
    **dict.fromkeys("特", (alt("t"), alt("te", 0.2, PINYIN), alt("th", 0.4))),
    **dict.fromkeys("格", (alt("g"), alt("ge", 0.2, PINYIN))),
    **dict.fromkeys("勒", (alt("l"), alt("le", 0.2, PINYIN), alt("r", 0.3, LIQUID))),
    **dict.fromkeys("赫", (alt("h"), alt("kh", 0.2), alt("he", 0.3, PINYIN))),
    **dict.fromkeys("姆", (alt("m"), alt("mu", 0.3, PINYIN))),
    **dict.fromkeys("布", (alt("b"), alt("bu", 0.2, PINYIN))),
    **dict.fromkeys("普", (alt("p"), alt("pu", 0.2, PINYIN))),
    **dict.fromkeys("夫", (alt("v"), alt("f", 0.1), alt("fu", 0.3, PINYIN), alt("ff", 0.4))),
    **dict.fromkeys("弗", (alt("f"), alt("v", 0.1), alt("fu", 0.3, PINYIN))),
    **dict.fromkeys("什", (alt("sh"), alt("sch", 0.3), alt("shi", 0.3, PINYIN))),
    **dict.fromkeys("奇契", (alt("ch"), alt("qi", 0.2, PINYIN), alt("chi", 0.3), alt("ki", 0.4))),
}
_OPENERS: dict[str, Segment] = {
    # A vowel that opens a word, as the foreign word spells it.
    **dict.fromkeys("亚亞", (alt("a"), alt("ya", 0.1, PINYIN), alt("ia", 0.3))),
    **dict.fromkeys("阿", (alt("a", 0, PINYIN), alt("aa", 0.4))),
    **dict.fromkeys("埃", (alt("e"), alt("ai", 0.2, PINYIN), alt("a", 0.3))),
    **dict.fromkeys("艾", (alt("ai", 0, PINYIN), alt("e", 0.1), alt("a", 0.3))),
    **dict.fromkeys("奥奧", (alt("o"), alt("ao", 0.2, PINYIN), alt("au", 0.2))),
    **dict.fromkeys("伊", (alt("i"), alt("e", 0.2), alt("y", 0.3), alt("yi", 0.3, PINYIN))),
    **dict.fromkeys("乌烏", (alt("u"), alt("wu", 0.3, PINYIN), alt("v", 0.4), alt("ou", 0.4))),
    **dict.fromkeys("厄", (alt("e", 0, PINYIN), alt("a", 0.3))),
    **dict.fromkeys("欧歐", (alt("o"), alt("ou", 0.2, PINYIN), alt("eu", 0.3))),
}
_WORD_OPENERS = frozenset(_OPENERS) | frozenset("安")
"""Characters for a vowel that opens a word: inside a word the vowel goes with
the consonant before it (马 ma, 尼 ni), so these start a new word."""
_WORD_CLOSERS = frozenset("夫奇")
"""-ov/-ev and -vich end Slavic surnames and patronymics."""
_MIN_WORD = 2
_CLUSTER_SECOND = frozenset("lr")
_PALATAL = frozenset("jqx")
"""Pinyin initials that may follow a consonant at the start of a word (kl-, fr-)."""

_INITIALS: tuple[str, ...] = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k")
_INITIALS += ("h", "j", "q", "x", "r", "z", "c", "s", "y", "w")
_CONSONANTS: dict[str, Segment] = {
    "l": (alt("l"), alt("r", 0.1, LIQUID)),  # 罗 ro/lo, 里 ri/li
    "w": (alt("v"), alt("w", 0.1), alt("b", 0.4)),  # 维 vi, 瓦 va (Spanish -bar)
    "f": (alt("f"), alt("v", 0.2), alt("ph", 0.5)),
    "h": (alt("h"), alt("kh", 0.3), alt("", 0.5)),
    "sh": (alt("sh"), alt("s", 0.2)),
    "k": (alt("k"), alt("c", 0.1)),
    "q": (alt("ch"), alt("j", 0.2), alt("k", 0.3), alt("q", 0.5)),  # 乔 jo
    "x": (alt("s"), alt("sh", 0.2), alt("x", 0.4)),
    "j": (alt("j"), alt("g", 0.2), alt("k", 0.3), alt("z", 0.4)),  # 基 ki (斯基 -sky)
    "r": (alt("r"), alt("zh", 0.2), alt("j", 0.4)),  # 日 zhi, 热 zhe (Russian ж)
    "zh": (alt("zh"), alt("j", 0.1), alt("z", 0.3)),
    "z": (alt("z"), alt("ts", 0.3)),
    "c": (alt("ts"), alt("c", 0.2), alt("z", 0.3)),
    "g": (alt("g"), alt("k", 0.4)),
    "y": (alt("y"), alt("i", 0.2), alt("j", 0.4)),
    "b": (alt("b"), alt("p", 0.5)),
    "d": (alt("d"), alt("t", 0.5)),
    "t": (alt("t"), alt("th", 0.4)),
}
_FINALS: dict[str, Segment] = {
    "e": (alt("e"), alt("a", 0.3), alt("o", 0.3)),
    "ai": (alt("ai"), alt("a", 0.2), alt("e", 0.2), alt("ay", 0.3)),
    "ei": (alt("e"), alt("ei", 0.1), alt("i", 0.25), alt("ey", 0.3)),
    "ao": (alt("o"), alt("ao", 0.1), alt("au", 0.2)),
    "ou": (alt("ou"), alt("o", 0.1), alt("u", 0.2)),
    "an": (alt("an"), alt("en", 0.3), alt("on", 0.4)),
    "en": (alt("en"), alt("an", 0.3), alt("in", 0.4)),
    "ang": (alt("ang"), alt("an", 0.1), alt("ong", 0.4)),
    "eng": (alt("en"), alt("eng", 0.1), alt("an", 0.3)),
    "ong": (alt("on"), alt("ong", 0.1), alt("un", 0.4)),
    "i": (alt("i"), alt("e", 0.3), alt("y", 0.3)),
    "ia": (alt("ia"), alt("ya", 0.2), alt("a", 0.4)),
    "ie": (alt("e"), alt("ie", 0.1), alt("ye", 0.2)),
    "iu": (alt("iu"), alt("yu", 0.1), alt("u", 0.3)),
    "in": (alt("in"), alt("en", 0.3)),
    "ing": (alt("ing"), alt("in", 0.1), alt("en", 0.4)),
    "iao": (alt("io"), alt("iao", 0.2), alt("yo", 0.3)),
    "ian": (alt("ian"), alt("en", 0.2), alt("yan", 0.3)),
    "iang": (alt("iang"), alt("ian", 0.2)),
    "iong": (alt("ion"), alt("iong", 0.2)),
    "u": (alt("u"), alt("o", 0.3), alt("ou", 0.4)),
    "ua": (alt("ua"), alt("wa", 0.1)),
    "uo": (alt("o"), alt("uo", 0.3)),
    "uai": (alt("uai"), alt("wai", 0.2)),
    "ui": (alt("ui"), alt("wi", 0.2), alt("ue", 0.4)),
    "uan": (alt("uan"), alt("wan", 0.2), alt("an", 0.4)),
    "un": (alt("un"), alt("on", 0.3)),
    "uang": (alt("uang"), alt("wan", 0.1)),
    "ue": (alt("ue"), alt("ye", 0.2), alt("e", 0.3)),
}


def is_transcription(run: str) -> bool:
    """True when ``run`` (Chinese characters) transcribes a foreign name.

    Every character must come from the transcription tables, and the run must
    be too long for a Chinese name (five characters or more) or hold a
    character that only transcription uses in names: a bare consonant (尔,
    斯, 克) or a vowel that opens a word (阿, 埃).
    """
    chars = [ch for ch in run if not ch.isspace()]
    if len(chars) < 3 or not all(ch in TRANSCRIPTION_CHARS for ch in chars):
        return False
    return len(chars) >= 5 or any(ch in _BARE or ch in _WORD_OPENERS for ch in chars)


def uses_transcription_chars(run: str) -> bool:
    """True when every character (two or more) is a transcription character.

    Weaker than `is_transcription`: a word cut from a transcription (喬納森,
    Jonathan) or a Chinese given name written with such characters; either
    way the pinyin stays first and the transcription readings follow.
    """
    chars = [ch for ch in run if not ch.isspace()]
    return len(chars) >= _MIN_WORD and all(ch in TRANSCRIPTION_CHARS for ch in chars)


def split_words(run: str) -> list[str]:
    """The words of an unspaced transcription, cut where one must start or end.

    A cut leaves no word shorter than two characters: 马尔科夫亞歷山大 ->
    马尔科夫, 亞歷山大; 阿巴斯埃姆加德 -> 阿巴斯, 埃姆加德.
    """
    words: list[str] = []
    current = ""
    for index, ch in enumerate(run):
        nxt = run[index + 1] if index + 1 < len(run) else ""
        opens = ch in _WORD_OPENERS and not _ends_in_i(current) and not _glides(current, ch)
        opens = opens or _opens_cluster(ch, nxt)
        if current and len(current) >= _MIN_WORD and opens and len(run) - index >= _MIN_WORD:
            words.append(current)
            current = ""
        current += ch
        closes = ch in _WORD_CLOSERS and len(run) - index - 1 >= _MIN_WORD
        if closes and len(current) >= _MIN_WORD:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return words


def _opens_cluster(ch: str, nxt: str) -> bool:
    """弗 before an l/r syllable spells fl-, fr-, vl-, which open words
    (弗拉基米尔 Vladimir, 弗雷德 Fred)."""
    return ch == "弗" and _pinyin(nxt).startswith(tuple(_CLUSTER_SECOND))


_GLIDES = {"伊": "aeo", "乌": "ao", "烏": "ao"}
"""伊 and 乌 after these vowels close a diphthong (贾伊 jay, 劳乌 lau), not open a word."""


def _glides(word: str, ch: str) -> bool:
    return bool(word) and word[-1] not in _BARE and _pinyin(word[-1])[-1:] in _GLIDES.get(ch, "")


def _ends_in_i(word: str) -> bool:
    """玛丽亚 Maria: 亚 after an i-syllable is the ending -ia, not a new word."""
    return bool(word) and word[-1] not in _BARE and _pinyin(word[-1]).endswith("i")


@functools.lru_cache(maxsize=4096)
def _pinyin(ch: str) -> str:
    reading = pinyin(ch, style=Style.NORMAL)
    return reading[0][0] if reading and reading[0] else ""


def _split_syllable(syllable: str) -> tuple[str, str]:
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


_PINYIN_IN_MIX = 0.2
"""Cost of a character's pinyin inside a transcription reading (the whole
pinyin spelling leads anyway, through its tag)."""


def _syllable(ch: str, nxt: str, *, word_start: bool) -> Segment:
    """Readings of one transcription character, its pinyin tagged ``P``.

    A bare-consonant character opens a word with its vowel (德多夫 Dedov),
    unless a consonant cluster is possible there (克拉 kra, 斯塔 st-).
    """
    if ch in _BARE:
        bare = _BARE[ch]
        if word_start and ch not in "斯什" and not _pinyin(nxt).startswith(tuple(_CLUSTER_SECOND)):
            return tuple(
                sorted(
                    ((t, 0.0 if PINYIN in g else c + 0.3, g) for t, c, g in bare),
                    key=lambda a: a[1],
                )
            )
        return bare
    if word_start and ch in _OPENERS:
        return _OPENERS[ch]
    syllable = _pinyin(ch)
    if not syllable.isascii() or not syllable.isalpha():
        return ()
    initial, final = _split_syllable(syllable.replace("v", "u"))
    if initial in ("j", "q", "x", "y") and final.startswith("u"):
        final = "iu" if final == "u" else final  # ju, xu, yu are ü
    onsets = _CONSONANTS.get(initial, (alt(initial),))
    nuclei = _FINALS.get(final, (alt(final),))
    if initial in _PALATAL and final.startswith("i") and len(final) > 1:
        # The i of jia, qiao, xie only marks the palatal: 乔 jo, 谢 she.
        nuclei = (*nuclei, *((t[1:], c + 0.1, g) for t, c, g in nuclei if t.startswith("i")))
    if syllable == "yi":
        onsets, nuclei = (alt(""),), (alt("i"), alt("y", 0.1), alt("e", 0.3))  # 伊 i, 贾伊 jay
    if initial == "w" and final == "ei":
        nuclei = (alt("i"), alt("e", 0.1), alt("ei", 0.2))  # 维 vi (-vich), 韦 ve
    options: dict[str, tuple[float, str]] = {syllable: (_PINYIN_IN_MIX, PINYIN)}
    for a_text, a_cost, a_tags in onsets:
        for b_text, b_cost, _b in nuclei:
            text = a_text + b_text
            cost = a_cost + b_cost
            if cost < options.get(text, (float("inf"), ""))[0]:
                tags = a_tags + (PINYIN if text == syllable else "")
                options[text] = (cost, tags)
    ranked: list[Alt] = [alt(text, cost, tags) for text, (cost, tags) in options.items()]
    return tuple(sorted(ranked, key=lambda a: a[1]))


def segments(run: str) -> list[Segment]:
    """One segment per character of a transcription; pinyin first, tag ``P``."""
    chars = [ch for ch in run if not ch.isspace()]
    out = [
        _syllable(ch, chars[i + 1] if i + 1 < len(chars) else "", word_start=i == 0)
        for i, ch in enumerate(chars)
    ]
    return [segment for segment in out if segment]
