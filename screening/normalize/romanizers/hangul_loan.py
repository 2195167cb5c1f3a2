"""Foreign names written in Hangul: the Korean loanword orthography read backwards.

Korea's loanword rules (외래어 표기법, National Institute of Korean Language,
1986) spell a foreign consonant that ends a syllable with an added ㅡ (Edward
-> 에드워드, Ruth -> 루스), write an intervocalic l as ㄹㄹ (Helena -> 헬레나),
use ㅓ for the English schwa and -er (Peter -> 피터) and ㅍ/ㅂ for f/v and p/b
(Joseph -> 조지프, Pavlovich -> 파블로비치). Such a word is one foreign name,
not a Korean surname followed by a given name, and reading it with the Revised
Romanization (``edeuwodeu``) leaves it far from its Latin spelling; reversing
those rules gives ``edwod`` / ``edward``.

`is_loanword` tells such words from Korean names by syllables that the
Sino-Korean readings used in Korean names never contain (see its docstring).
"""

from __future__ import annotations

from screening.normalize.romanizers.beam import LIQUID, Alt, Segment, alt

_FIRST = 0xAC00
_LAST = 0xD7A3
_PER_INITIAL = 21 * 28

# Jamo indices of the Unicode Hangul syllable block.
_IEUNG = 11  # ㅇ: no sound as an initial
_RIEUL = 5  # ㄹ as an initial
_RIEUL_FINAL = 8
_EU = 18  # ㅡ
_E = 5  # ㅔ
_EO = 4  # ㅓ
_WO = 14  # ㅝ
_I = 20  # ㅣ
_KIEUK = 15  # ㅋ
_WAE = 10  # ㅙ (쾌 is the one Sino-Korean syllable with ㅋ)
_E_SINO_INITIALS = frozenset((9, 10, 12, 14))  # 세 쎄 제 체: Sino-Korean syllables with ㅔ
_EO_FOREIGN_INITIALS = frozenset((2, 3, 5, 6, 7, 15, 16, 17))  # 너 더 러 머 버 커 터 퍼
_COMPOUND_SURNAMES = frozenset(("남궁", "황보", "제갈", "사공", "선우", "독고", "서문", "동방"))
_MAX_NATIVE_SYLLABLES = 3
"""A Korean name written as one word has a surname and a (usually two-syllable)
given name; four syllables or more, without a compound surname, is a foreign
word or a Sino-Korean term such as the legal form 주식회사 (kept whole, it is
then recognised as a legal form)."""

# Initial consonants as loanword orthography uses them (Table 1 of the rules):
# ㅂ for b and v, ㅍ for p and f, ㅈ for j, z and soft g, ㅋ for k and c.
_INITIALS: tuple[Segment, ...] = (
    (alt("g"), alt("k", 0.3), alt("c", 0.5)),  # ㄱ
    (alt("k"), alt("kk", 0.3)),  # ㄲ
    (alt("n"),),  # ㄴ
    (alt("d"), alt("t", 0.4)),  # ㄷ
    (alt("t"), alt("d", 0.3)),  # ㄸ
    (alt("r"), alt("l", 0.1, LIQUID)),  # ㄹ
    (alt("m"),),  # ㅁ
    (alt("b"), alt("v", 0.2), alt("p", 0.5)),  # ㅂ
    (alt("p"), alt("b", 0.3)),  # ㅃ
    (alt("s"), alt("sh", 0.4), alt("c", 0.5), alt("z", 0.5)),  # ㅅ
    (alt("s"), alt("ss", 0.3)),  # ㅆ
    (alt(""),),  # ㅇ
    (alt("j"), alt("z", 0.25), alt("g", 0.3), alt("s", 0.5)),  # ㅈ
    (alt("z"), alt("ts", 0.3), alt("j", 0.3)),  # ㅉ
    (alt("ch"), alt("c", 0.4), alt("ts", 0.5), alt("tch", 0.5)),  # ㅊ
    (alt("k"), alt("c", 0.1), alt("ch", 0.5), alt("q", 0.6)),  # ㅋ
    (alt("t"), alt("th", 0.3)),  # ㅌ
    (alt("p"), alt("f", 0.1), alt("ph", 0.4)),  # ㅍ
    (alt("h"), alt("j", 0.35), alt("", 0.5), alt("kh", 0.6)),  # ㅎ; Spanish j: 호세 Jose
)
_MEDIALS: tuple[Segment, ...] = (
    (alt("a"), alt("e", 0.5)),  # ㅏ
    (alt("a"), alt("e", 0.2), alt("ae", 0.4)),  # ㅐ: Franklin 프랭클린
    (alt("ya"), alt("ia", 0.2)),  # ㅑ
    (alt("ya"), alt("ia", 0.3)),  # ㅒ
    (alt("e"), alt("o", 0.1), alt("a", 0.2), alt("u", 0.3), alt("i", 0.5)),  # ㅓ: schwa
    (alt("e"), alt("a", 0.5)),  # ㅔ
    (alt("yo"), alt("ye", 0.2), alt("io", 0.3)),  # ㅕ
    (alt("ye"), alt("e", 0.2)),  # ㅖ
    (alt("o"), alt("au", 0.5), alt("ou", 0.5)),  # ㅗ
    (alt("wa"), alt("oa", 0.2), alt("ua", 0.3)),  # ㅘ
    (alt("wa"), alt("we", 0.3)),  # ㅙ
    (alt("we"), alt("oe", 0.3), alt("oi", 0.4)),  # ㅚ
    (alt("yo"), alt("io", 0.2)),  # ㅛ
    (alt("u"), alt("oo", 0.3), alt("ou", 0.4), alt("o", 0.5)),  # ㅜ
    (alt("wo"), alt("wa", 0.1), alt("uo", 0.4)),  # ㅝ: Edward, Howard
    (alt("we"), alt("ue", 0.3)),  # ㅞ
    (alt("wi"), alt("ui", 0.3)),  # ㅟ
    (alt("yu"), alt("iu", 0.2), alt("u", 0.4)),  # ㅠ
    (alt("e"), alt("u", 0.2), alt("i", 0.4)),  # ㅡ (a written vowel)
    (alt("ui"), alt("i", 0.3)),  # ㅢ
    (alt("i"), alt("e", 0.3), alt("y", 0.4)),  # ㅣ
)
_EPENTHETIC: Segment = (alt(""), alt("e", 0.5), alt("u", 0.6))
"""ㅡ added after a final consonant (드 d, 스 s, 르 r)."""
_OPENING_EU: Segment = (alt("e"), alt("", 0.3), alt("u", 0.4))
"""ㅡ opening a word before a consonant that cannot follow is French e (르 Le-)."""
# The seven finals the loanword rules allow (ㄱ ㄴ ㄹ ㅁ ㅂ ㅅ ㅇ); the others
# never occur in loanwords and are read as in native words.
_FINALS: dict[int, Segment] = {
    0: (alt(""),),
    1: (alt("k"), alt("c", 0.2), alt("g", 0.4)),
    4: (alt("n"),),
    7: (alt("t"), alt("d", 0.3)),
    8: (alt("l"), alt("r", 0.1, LIQUID)),
    16: (alt("m"),),
    17: (alt("p"), alt("b", 0.3), alt("v", 0.3)),  # 로코솝스키 Rokossovsky
    19: (alt("t"), alt("s", 0.3)),
    21: (alt("ng"), alt("n", 0.3)),  # 프랭클린 frank-
    26: (alt("p"), alt("f", 0.2)),
}
_LAST_EO: Segment = (alt("er"), alt("e", 0.1), alt("a", 0.2), alt("o", 0.2), alt("ar", 0.3))
"""ㅓ ending a word is usually English -er (피터 Peter, 베즐러 Bezler)."""
_FINAL_AFFRICATE: Segment = (alt(""), alt("i", 0.2), alt("e", 0.5))
"""치/지 ending a word is a final ch/j with the ㅣ the rules add after it
(리치 Rich, 파블로비치 Pavlovich)."""
_CHIEUCH = 14  # ㅊ
_AFFRICATES = frozenset((12, _CHIEUCH))  # ㅈ ㅊ
_BIEUP = 7
_SIOS = 9  # ㅅ
_PALATALS = frozenset((_SIOS, 12, _CHIEUCH))  # ㅅ ㅈ ㅊ
_IOTATED = {2: "a", 3: "a", 6: "o", 7: "e", 12: "o", 17: "u"}  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ
_SH: Segment = (alt("sh"), alt("s", 0.3), alt("sch", 0.5))
_R_COLOURED = frozenset((0, _EO, 8, _WO))  # ㅏ ㅓ ㅗ ㅝ: ar, er, or, war


Jamo = tuple[int, int, int]


def _jamo(ch: str) -> Jamo | None:
    code = ord(ch) - _FIRST
    if not 0 <= code <= _LAST - _FIRST:
        return None
    initial, rest = divmod(code, _PER_INITIAL)
    medial, final = divmod(rest, 28)
    return initial, medial, final


def _foreign_syllable(jamo: Jamo, nxt: Jamo | None) -> bool:
    """A syllable no Sino-Korean reading has, so it only spells a foreign sound."""
    initial, medial, final = jamo
    if _is_epenthetic(jamo, nxt) or (initial in _PALATALS and medial in _IOTATED):
        return True  # 블라, 셔 샤 쥬 (sh, j written with a y-vowel)
    if medial == _EU and not final and initial != _IEUNG:
        return True  # 드 르 스 프: the added ㅡ
    if medial == _E and initial not in _E_SINO_INITIALS:
        return True  # 에 데 레 베 케
    if medial == _WO and not final:
        return True  # 워 궈
    if medial == _EO and not final and initial in _EO_FOREIGN_INITIALS:
        return True  # 너 더 러 버 터
    return initial == _KIEUK and medial != _WAE


def is_loanword(run: str) -> bool:
    """True when a Hangul word spells a foreign name rather than a Korean one.

    Korean names are built from Sino-Korean syllables; loanword orthography
    needs others: ㅡ with no final consonant (드, 르, 스), ㅔ after most
    consonants (에, 레, 베), 워, 더/러/버/터 and ㅋ. A word of four syllables
    or more that does not open with a compound surname (남궁, 황보) is foreign
    too. A vowel after another (조은경, 서아) is no sign: Korean names have
    it. A short foreign word made only of Sino-Korean syllables (안토, Anto)
    is missed: it then reads like a Korean name, as a Korean would read it.
    """
    syllables = [j for j in map(_jamo, run) if j is not None]
    if not syllables:
        return False
    if len(syllables) > _MAX_NATIVE_SYLLABLES and run[:2] not in _COMPOUND_SURNAMES:
        return True
    return any(
        _foreign_syllable(j, syllables[i + 1] if i + 1 < len(syllables) else None)
        for i, j in enumerate(syllables)
    )


def _is_epenthetic(jamo: Jamo, nxt: Jamo | None) -> bool:
    """ㅡ that only carries a final consonant: 드, or 블 before ㄹ (블라디미르 = Vla-)."""
    initial, medial, final = jamo
    if medial != _EU or initial == _IEUNG:
        return False
    if not final:
        return True
    return final == _RIEUL_FINAL and nxt is not None and nxt[0] == _RIEUL


def _initial(jamo: Jamo, prev: Jamo | None, nxt: Jamo | None) -> Segment:
    initial = jamo[0]
    if initial == _RIEUL and prev is not None and prev[2] == _RIEUL_FINAL:
        return (alt(""), alt("l", 0.3))  # ㄹㄹ writes one l: 헬레나 Helena
    if initial == _SIOS and jamo[1] in _IOTATED:
        return _SH  # 샤 sha, 셔 sho/she: the rules write sh as ㅅ with a y-vowel
    if initial == _BIEUP and _ends_in_vich(jamo, nxt):
        return (alt("v"), alt("b", 0.2))  # the Slavic patronymic -vich, 비치
    return _INITIALS[initial]


def _ends_in_vich(jamo: Jamo, nxt: Jamo | None) -> bool:
    """비 followed by 치: the Slavic -vich (Pavlovich, Petrovich)."""
    return jamo[1:] == (_I, 0) and nxt is not None and nxt == (_CHIEUCH, _I, 0)


def _medial(jamo: Jamo, prev: Jamo | None, nxt: Jamo | None) -> Segment:
    initial, medial, final = jamo
    if _is_epenthetic(jamo, nxt):
        if prev is None and initial != _SIOS and (nxt is None or nxt[0] != _RIEUL):
            return _OPENING_EU  # 르블랑 Leblanc: no cluster rb- opens a word
        return _EPENTHETIC
    if medial == _EO and not final and nxt is None:
        return _LAST_EO
    if medial == _EO and not final:
        return (*_MEDIALS[medial], alt("er", 0.35))  # 에머슨 Emerson, 버나드 Bernard
    if initial == _IEUNG and medial in _IOTATED:
        # 요, 유, 야 also write a German or Slavic j (Jovica, Jürgen, Jan).
        glide = _MEDIALS[medial]
        return (*glide, *(("j" + t[1:], c + 0.3, g) for t, c, g in glide if t.startswith("y")))
    if medial == _I and not final and nxt is None and initial in _AFFRICATES and prev:
        return _FINAL_AFFRICATE
    nuclei = _MEDIALS[medial]
    if initial in _PALATALS and medial in _IOTATED:
        plain = _IOTATED[medial]  # the y only marks the palatal: 쥬 ju, 쇼 sho
        nuclei = (alt(plain), *((t[1:] or plain, c + 0.1, g) for t, c, g in nuclei[1:]))
    if not final and medial in _R_COLOURED and nxt is not None and _is_epenthetic(nxt, None):
        # English r before a consonant is not written: 워드 -ward, 처드 -chard.
        nuclei = (*nuclei, *((text + "r", cost + 0.3, tags) for text, cost, tags in nuclei[:2]))
    if medial == _I and initial == _IEUNG and prev is not None and not prev[2]:
        nuclei = (alt("i"), alt("y", 0.2))  # 세르게이 Sergei, 안드레이 Andrey
    return nuclei


def _syllable(jamo: Jamo, prev: Jamo | None, nxt: Jamo | None) -> Segment:
    """One syllable's readings, cheapest first."""
    options: dict[str, tuple[float, str]] = {}
    finals = _FINALS.get(jamo[2])
    if finals is None:
        return ()
    for a_text, a_cost, a_tags in _initial(jamo, prev, nxt):
        for b_text, b_cost, _b in _medial(jamo, prev, nxt):
            for c_text, c_cost, c_tags in finals:
                text = a_text + b_text + c_text
                cost = a_cost + b_cost + c_cost
                if cost < options.get(text, (float("inf"), ""))[0]:
                    options[text] = (cost, a_tags + c_tags)
    ranked: list[Alt] = [alt(text, cost, tags) for text, (cost, tags) in options.items()]
    return tuple(sorted(ranked, key=lambda a: a[1]))


def segments(run: str) -> list[Segment] | None:
    """Segments of a foreign word in Hangul, one per syllable; None when some
    syllable has a final consonant that loanwords never use (read it as Korean)."""
    syllables = [j for j in map(_jamo, run) if j is not None]
    out: list[Segment] = []
    for index, jamo in enumerate(syllables):
        prev = syllables[index - 1] if index else None
        nxt = syllables[index + 1] if index + 1 < len(syllables) else None
        segment = _syllable(jamo, prev, nxt)
        if not segment:
            return None
        out.append(segment)
    return out
