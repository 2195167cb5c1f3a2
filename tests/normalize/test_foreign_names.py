"""Foreign (non-native) names written in other scripts reach their Latin spelling.

Each script has its own conventions for spelling a foreign name (Korean
loanword orthography, katakana's added vowels, Chinese transcription
characters, Hebrew geresh letters, Belarusian and Ukrainian letters); these
tests check the rules that reverse them, word by word and on whole names.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

import screening
from screening.normalize.normalizer import Normalizer
from screening.normalize.romanizers import hangul_loan
from screening.normalize.translit import is_transcribed_foreign_name, romanize


def closest_distance(token: str, target: str) -> int:
    """Edit distance from ``target`` to the nearest reading of ``token``."""
    return min(Levenshtein.distance(form, target) for form in romanize(token))


# (native word, Latin spelling that a reading must reach within one edit)
HANGUL = [
    ("에드워드", "edward"),  # added ㅡ dropped, 워 = war
    ("가르시아", "garcia"),
    ("아르볼레다", "arboleda"),  # ㄹㄹ = l
    ("안드레이", "andrey"),
    ("파블로비치", "pavlovich"),  # ㅂ = v, final 치 = ch
    ("마르코프", "markov"),
    ("이호르", "ihor"),
    ("베즐러", "bezler"),  # final ㅓ = -er
    ("프랭클린", "franklin"),
    ("세르게이", "sergei"),
    ("헬레나", "helena"),
    ("블라디미르", "vladimir"),
    ("피터", "peter"),
    ("슈타인", "shtain"),  # 슈 = shu
]


@pytest.mark.parametrize(("token", "latin"), HANGUL)
def test_hangul_loanwords_reach_their_latin_spelling(token: str, latin: str) -> None:
    assert closest_distance(token, latin) <= 1, romanize(token)


@pytest.mark.parametrize(
    ("token", "foreign"),
    [
        ("에드워드", True),  # 드: ㅡ added after a final consonant
        ("루스", True),
        ("메디나", True),  # 메: ㅔ after most consonants
        ("피터", True),  # 터
        ("사엔코", True),  # ㅋ
        ("차우다리", True),  # four syllables
        ("미셔", True),  # ㅅ with a y-vowel spells sh
        ("김정은", False),
        ("박근혜", False),
        ("남궁민수", False),  # compound surname
        ("이", False),
        ("세영", False),  # 세 is Sino-Korean
        ("", False),
    ],
)
def test_hangul_loanwords_are_told_from_korean_names(token: str, foreign: bool) -> None:
    assert hangul_loan.is_loanword(token) is foreign
    assert is_transcribed_foreign_name(token) is foreign


def test_korean_names_keep_their_revised_romanization_first() -> None:
    assert romanize("김정은")[0] == "kimjeongeun"
    assert romanize("에드워드")[-1] == "edeuwodeu"  # the RR spelling is kept, last


def test_a_foreign_word_in_hangul_is_not_cut_into_family_and_given_name() -> None:
    normalizer = Normalizer()
    assert len(normalizer.normalize("에드워드").tokens) == 1
    assert len(normalizer.normalize("김정은").tokens) > 1


@given(st.text(max_size=10))
@settings(max_examples=300, deadline=None)
def test_loanword_detection_takes_any_text(text: str) -> None:
    assert isinstance(hangul_loan.is_loanword(text), bool)
    assert isinstance(is_transcribed_foreign_name(text), bool)


@given(st.text(alphabet="가나다라르드스프크에레워터샤쥬블치비", min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_loanword_segments_cover_every_syllable(text: str) -> None:
    segments = hangul_loan.segments(text)
    assert segments is not None and len(segments) == len(text)


KATAKANA = [
    ("ボグダーノフ", "bogdanov"),  # added u dropped, フ = v
    ("ストラグネル", "stragnel"),  # three added vowels dropped (Strugnell)
    ("ルイン", "lwin"),  # u before a vowel glides: lwi
    ("スエ", "swe"),
    ("ミハーイロヴィチ", "mihailovich"),
    ("ムハンマド", "muhammad"),
    ("ピーター", "peter"),
]


@pytest.mark.parametrize(("token", "latin"), KATAKANA)
def test_katakana_foreign_words_reach_their_latin_spelling(token: str, latin: str) -> None:
    assert closest_distance(token, latin) <= 1, romanize(token)


def test_katakana_keeps_hepburn_first() -> None:
    assert romanize("ボグダーノフ")[0] == "bogudanofu"
    assert romanize("スズキ")[0] == "suzuki"
    assert romanize("さとう")[0] == "sato"
    assert "mh" not in romanize("ムハンマド")[1]  # no added vowel dropped at a word's start


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("에드워드 가르시아 아르볼레다", "GARCIA ARBOLEDA, Edward"),
        ("안드레이 파블로비치 마르코프", "Andrey Pavlovich MARKOV"),
        ("이호르 베즐러", "BEZLER, Ihor"),
    ],
)
def test_foreign_names_in_other_scripts_match_their_listing(query: str, listed: str) -> None:
    assert screening.compare(query, listed, kind="person").score >= 0.85
