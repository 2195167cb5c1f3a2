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
from screening.normalize.romanizers import chinese_foreign, hangul_loan
from screening.normalize.translit import foreign_words, romanize


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
        ("조은경", False),  # a vowel after another is no sign
        ("김서아", False),
        ("안토니오", True),  # 니오: one vowel after another
        ("이", False),
        ("세영", False),  # 세 is Sino-Korean
        ("", False),
    ],
)
def test_hangul_loanwords_are_told_from_korean_names(token: str, foreign: bool) -> None:
    assert hangul_loan.is_loanword(token) is foreign
    assert (foreign_words(token) is not None) is foreign


def test_a_four_syllable_korean_legal_form_stays_whole_and_is_a_legal_form() -> None:
    tokens = Normalizer().normalize("주식회사 에코").tokens
    assert [t.role for t in tokens] == ["legal", "name"]


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
    assert foreign_words(text) is None or isinstance(foreign_words(text), tuple)


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
    ("ペトロビチ", "petrovich"),  # -ビチ is -vich
]


@pytest.mark.parametrize(("token", "latin"), KATAKANA)
def test_katakana_foreign_words_reach_their_latin_spelling(token: str, latin: str) -> None:
    assert closest_distance(token, latin) <= 1, romanize(token)


@pytest.mark.parametrize(
    ("token", "all_liquids_switched"),
    [("ドルゴポロフ", "dolgopolof"), ("コロコリツェフ", "kolokolitsef"), ("阿爾瓦雷斯", "alvares")],
)
def test_a_reading_with_every_liquid_switched_is_kept(
    token: str, all_liquids_switched: str
) -> None:
    assert all_liquids_switched in romanize(token), romanize(token)


def test_katakana_keeps_hepburn_first() -> None:
    assert romanize("ボグダーノフ")[0] == "bogudanofu"
    assert romanize("スズキ")[0] == "suzuki"
    assert romanize("さとう")[0] == "sato"
    assert "mh" not in romanize("ムハンマド")[1]  # no added vowel dropped at a word's start
    assert romanize("ドルゴポロフ")[1] == "dorgoporof"  # not drg-


CHINESE = [
    ("马尔科夫", "markov"),  # 尔 r, 夫 v
    ("德多夫", "dedov"),  # a bare consonant opening a word keeps its vowel
    ("阿巴斯", "abbas"),
    ("阿爾瓦雷斯", "alvares"),  # traditional characters, 雷 re
    ("乌斯蒂诺夫", "ustinov"),
    ("沙旺", "sawan"),
    ("克拉克", "klak"),  # 克拉 opens with a cluster
]


@pytest.mark.parametrize(("token", "latin"), CHINESE)
def test_chinese_transcriptions_reach_their_latin_spelling(token: str, latin: str) -> None:
    assert closest_distance(token, latin) <= 1, romanize(token)


@pytest.mark.parametrize(
    ("run", "words"),
    [
        (
            "马尔科夫亞歷山大维克托罗维奇",
            ("马尔科夫", "亞歷山大维克托罗维奇"),
        ),  # after 夫, before 亞
        ("阿巴斯埃姆加德", ("阿巴斯", "埃姆加德")),  # 埃 opens a word
        ("德多夫亞歷山大弗拉基米罗维奇", ("德多夫", "亞歷山大", "弗拉基米罗维奇")),  # 弗拉 vl-
        ("埃斯科瓦爾喬納森阿爾瓦雷斯", ("埃斯科瓦爾喬納森", "阿爾瓦雷斯")),
        ("莫雷諾丹尼爾", ("莫雷諾丹尼爾",)),  # no sign of a word boundary
        ("玛丽亚", ("玛丽亚",)),  # -ia ending, and too short to cut
        ("古普塔阿贾伊庫馬爾", ("古普塔", "阿贾伊庫馬爾")),  # 贾伊 -jay: 伊 closes a diphthong
    ],
)
def test_chinese_transcriptions_are_cut_into_words(run: str, words: tuple[str, ...]) -> None:
    assert tuple(chinese_foreign.split_words(run)) == words


@pytest.mark.parametrize(
    "name", ["习近平", "单田芳", "欧阳修", "马丽娜", "金华市海润动力科技有限公司"]
)
def test_chinese_names_are_not_transcriptions(name: str) -> None:
    assert foreign_words(name) is None


def test_chinese_transcriptions_keep_their_pinyin_first() -> None:
    assert romanize("马尔科夫")[0] == "maerkefu"
    assert romanize("丹尼")[0] == "danni"
    assert romanize("习近平")[0] == "xijinping"


@given(st.text(alphabet="马尔科夫亞歷山大维克托罗维奇阿巴斯埃姆加德习近平", max_size=14))
@settings(max_examples=200, deadline=None)
def test_transcription_words_cover_the_run(text: str) -> None:
    words = chinese_foreign.split_words(text)
    assert "".join(words) == text
    assert all(words)


@given(st.text(max_size=12))
@settings(max_examples=200, deadline=None)
def test_foreign_words_takes_any_text(text: str) -> None:
    words = foreign_words(text)
    assert words is None or "".join(words) == text


@pytest.mark.parametrize(
    ("token", "latin"),
    [
        ("בולגקוב", "bulgakov"),  # final ב is v: -ov
        ("ברסוקוב", "barsukov"),
        ("יעקב", "yakov"),
        ("ולדימירוביץ'", "vladimirovich"),  # ץ' = ch
        ("ג'יימי", "jaimi"),  # ג' = j
    ],
)
def test_hebrew_foreign_names_reach_their_latin_spelling(token: str, latin: str) -> None:
    assert closest_distance(token, latin) <= 1, romanize(token)


def test_final_bet_reads_v_first() -> None:
    assert romanize("בולגקוב")[0].endswith("v")
    assert romanize("ברק")[0] == "barak"  # ב opening a word stays b


@pytest.mark.parametrize(
    ("token", "latin"),
    [
        ("цімафееў", "timofeev"),  # ц before і is Russian т, а for о, ў for v
        ("канстантынавіч", "konstantinovich"),
        ("аляксандравіч", "aleksandrovich"),
    ],
)
def test_belarusian_spellings_reach_the_russian_based_listing(token: str, latin: str) -> None:
    assert closest_distance(token, latin) <= 2, romanize(token)


@pytest.mark.parametrize(
    ("token", "latin"),
    [("джамиль", "jamil"), ("джанг", "jang"), ("дзин", "jin"), ("садзи", "saji")],
)
def test_cyrillic_dzh_and_dz_may_be_j(token: str, latin: str) -> None:
    assert latin in romanize(token)[:3], romanize(token)


def test_arabic_script_final_nun_ghain_is_ng_and_kurdish_vowels_are_read() -> None:
    assert romanize("يونغ")[:2] == ("yung", "yong")  # Chinese and Korean -ng
    assert "antonio" in romanize("انتۆنىۆ")  # ۆ is o
    assert romanize("مبلغ")[0].endswith("gh")  # only after ن


def test_russian_words_are_not_read_as_belarusian() -> None:
    assert romanize("александр")[0] == "aleksandr"
    assert "olaksondr" not in romanize("александр")


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("에드워드 가르시아 아르볼레다", "GARCIA ARBOLEDA, Edward"),
        ("안드레이 파블로비치 마르코프", "Andrey Pavlovich MARKOV"),
        ("이호르 베즐러", "BEZLER, Ihor"),
        ("דמיטרי ולדימירוביץ' בולגקוב", "Dmitriy Vladimirovich BULGAKOV"),
        ("александар юрьевич цімафееў", "Aleksandr Yurievich TIMOFEEV"),
        ("阿巴斯埃姆加德", "Amjad Abbas"),
        ("乌斯蒂诺夫弗拉基米爾瓦西里耶维奇", "Vladimir Vasilyevich USTINOV"),
    ],
)
def test_foreign_names_in_other_scripts_match_their_listing(query: str, listed: str) -> None:
    assert screening.compare(query, listed, kind="person").score >= 0.85
