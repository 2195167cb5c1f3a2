"""The `Normalizer`: named steps, token roles, fingerprint, input validation, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening import InputError
from screening.normalize.normalizer import STEPS, Normalizer

NORMALIZER = Normalizer()


def texts(name: str) -> list[str]:
    return [token.text for token in NORMALIZER.normalize(name).tokens]


def roles(name: str) -> list[tuple[str, str]]:
    return [(token.text, token.role) for token in NORMALIZER.normalize(name).tokens]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AL-KANI, Mohamed", ["al", "kani", "mohamed"]),
        ("Mu'ammar al-Qaddafi", ["muammar", "al", "qaddafi"]),
        ("Put\u200bin", ["putin"]),  # zero-width space
        ("Vla\u00addimir", ["vladimir"]),  # soft hyphen
        ("\u202eNIKA\u202c", ["nika"]),  # bidi override
        ("ＭＯＨＡＭＥＤ", ["mohamed"]),  # fullwidth (NFKC)
        ("José Müller Łukasz Søren", ["jose", "muller", "lukasz", "soren"]),
        ("Pаvel", ["pavel"]),  # Cyrillic а inside a Latin word
        ("МОНАМЕD ALI", ["mohamed", "ali"]),  # a whole token of look-alikes
        ("SAIF AL\u2011ARAB QADHAFI", ["saif", "al", "arab", "qadhafi"]),  # U+2011 (DFAT)
        ("  line\nbreak\ttab  ", ["line", "break", "tab"]),
    ],
)
def test_normalised_tokens(raw: str, expected: list[str]) -> None:
    assert texts(raw) == expected


def test_digits_for_letters_are_a_second_form() -> None:
    (token,) = NORMALIZER.normalize("M0HAMED").tokens
    assert "mohamed" in token.forms


def test_each_digit_one_reads_as_i_or_l() -> None:
    (token,) = NORMALIZER.normalize("11SIM").tokens
    assert {"ilsim", "iisim", "llsim", "lisim"} <= set(token.forms)
    (many,) = NORMALIZER.normalize("A1B1C1D1").tokens  # 2^4 readings would be too many
    assert {"aibicidi", "alblcldl"} <= set(many.forms) and len(many.forms) <= 4


@pytest.mark.parametrize(
    ("raw", "reading"),
    [("JlN", "jin"), ("KOTl", "koti"), ("AIi", "ali"), ("M6", "mg")],
)
def test_look_alike_letters_and_digits_give_a_second_reading(raw: str, reading: str) -> None:
    forms = NORMALIZER.normalize(raw).tokens[0].forms
    assert forms[0] == raw.lower() and reading in forms


@pytest.mark.parametrize("raw", ["McLean", "Al", "ALI", "Ali", "LILI", "lili"])
def test_a_word_of_consistent_case_has_no_look_alike_reading(raw: str) -> None:
    assert NORMALIZER.normalize(raw).tokens[0].forms == (raw.lower(),)


def test_a_cyrillic_word_typed_with_a_latin_i_stays_cyrillic() -> None:
    # Ukrainian і typed as Latin i: the word is Cyrillic, and so are its neighbours
    typed = NORMALIZER.normalize("Оксана Вiкторiвна СIГIДIНА").tokens
    assert [t.script for t in typed] == ["Cyrl", "Cyrl", "Cyrl"]
    assert typed[0].text == "oksana" and "sigidina" in typed[2].forms  # Ukrainian г is h
    # a Latin word with one Cyrillic letter is still folded to Latin
    assert NORMALIZER.normalize("Pаvel").tokens[0].text == "pavel"


def test_genuine_cyrillic_is_romanised_not_folded() -> None:
    (token,) = NORMALIZER.normalize("Путин").tokens
    assert token.script == "Cyrl" and token.text == "putin" and token.original == "Путин"


def test_arabic_tokens_carry_romanisations_and_abjad_flag() -> None:
    tokens = NORMALIZER.normalize("محمد الكاني").tokens
    assert all(t.abjad and t.script == "Arab" for t in tokens)
    assert "mohamed" in tokens[0].forms or "muhammad" in tokens[0].forms
    assert any(form.endswith("kani") for form in tokens[1].forms)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dr. Viktor Petrenko", [("dr", "title"), ("viktor", "name"), ("petrenko", "name")]),
        ("Sheikh Mohamed", [("sheikh", "title"), ("mohamed", "name")]),
        ("Mohamed bin Salman", [("mohamed", "name"), ("bin", "particle"), ("salman", "name")]),
        ("Abu Bakr", [("abu", "particle"), ("bakr", "name")]),
        ("M. Al-Kani", [("m", "initial"), ("al", "particle"), ("kani", "name")]),
        ("Ocean Star LLC", [("ocean", "name"), ("star", "name"), ("llc", "legal")]),
        ("ООО Ромашка", [("ooo", "legal"), ("romashka", "name")]),
        ("Alpha GmbH", [("alpha", "name"), ("gmbh", "legal")]),
        ("Brigade 9", [("brigade", "legal"), ("9", "number")]),  # generic organisation word
        ("王彬", [("wang", "name"), ("bin", "name")]),  # a syllable, not the Arabic "bin"
        (
            "Hojjat al-Eslam Ali Saidi",  # a title of three words
            [("hojjat", "title"), ("al", "title"), ("eslam", "title"), ("ali", "name")],
        ),
        ("Hojjat Mohammadi", [("hojjat", "name"), ("mohammadi", "name")]),  # a given name
        ("Sheikh", [("sheikh", "name")]),  # a name of one title is somebody's name
        ("王军", [("wang", "name"), ("jun", "name")]),  # Wang Jun; 军 alone is no army
        (  # legal forms and organisation words run into a name are cut off it
            "东方集团有限公司",
            [("dong", "name"), ("fang", "name"), ("jituan", "legal"), ("youxiangongsi", "legal")],
        ),
        ("東芝株式会社", [("dong", "name"), ("zhi", "name"), ("zhushihuishe", "legal")]),
    ],
)
def test_roles(raw: str, expected: list[tuple[str, str]]) -> None:
    got = roles(raw)
    assert got[: len(expected)] == expected or got == expected


def test_multi_word_legal_form() -> None:
    tokens = roles("Alfa Mexicana S.A. de C.V.")
    assert tokens[:2] == [("alfa", "name"), ("mexicana", "name")]
    assert {role for _, role in tokens[2:]} == {"legal"}


def test_name_of_only_titles_keeps_them_as_names() -> None:
    assert {role for _, role in roles("General Colonel")} == {"name"}


def test_nothing_is_deleted() -> None:
    # Titles and legal forms stay as tokens; the scorer decides their weight.
    assert texts("Mr John Smith Ltd") == ["mr", "john", "smith", "ltd"]


@pytest.mark.parametrize("bad", ["", "   ", "\u200b", "!!! ---", "x" * 501])
def test_unusable_names(bad: str) -> None:
    with pytest.raises(InputError):
        NORMALIZER.normalize(bad)


def test_non_string_is_an_input_error() -> None:
    with pytest.raises(InputError, match="string"):
        NORMALIZER.normalize(b"bytes")  # type: ignore[arg-type]


def test_token_limit() -> None:
    normalizer = Normalizer(max_tokens=3)
    assert len(normalizer.normalize("a1 b2 c3 d4 e5 f6 g7").tokens) == 3


def test_fingerprint_is_stable_and_names_the_steps() -> None:
    assert Normalizer().fingerprint == NORMALIZER.fingerprint
    assert len(NORMALIZER.fingerprint) == 16
    assert "romanize" in STEPS and "fold-confusables" in STEPS


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_normalisation_is_idempotent_on_its_text(raw: str) -> None:
    try:
        once = NORMALIZER.normalize(raw)
    except InputError:
        return
    twice = NORMALIZER.normalize(once.text)
    assert twice.text == once.text
    assert len(twice.tokens) == len(once.tokens)
    for first, again in zip(once.tokens, twice.tokens, strict=True):
        if first.script in ("Hani", "Hang") and first.role == "name":
            # A Chinese or Korean syllable is a name part (彬 Bin, 军 Jun); read
            # again as Latin text it may be a particle or a legal word ("bin", "jun").
            continue
        assert again.role == first.role


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_output_is_lower_case_ascii(raw: str) -> None:
    try:
        tokens = NORMALIZER.normalize(raw).tokens
    except InputError:
        return
    for token in tokens:
        assert token.text and token.text.isascii() and token.text == token.text.lower()
        assert token.text.isalnum()
        assert token.forms[0] == token.text


@pytest.mark.parametrize(
    ("name", "roles"),
    [
        ("K. I. KIM", ["initial", "initial", "name"]),  # "i" alone may be "and"
        ("O. O. Malkevych", ["initial", "initial", "name"]),
        ("Silva e Costa", ["name", "particle", "name"]),  # a lone "e" stays a particle
    ],
)
def test_single_letters_in_a_run_are_initials(name: str, roles: list[str]) -> None:
    assert [t.role for t in NORMALIZER.normalize(name).tokens] == roles


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Kurganmashzavod Public Joint Stock", "jsc"),  # "Company" cut off
        ("AVIA GROUP TERMINAL LIMITED LIABILI", "llc"),  # cut inside a word
    ],
)
def test_a_legal_form_cut_short_at_the_end_is_a_legal_form(name: str, canonical: str) -> None:
    last = NORMALIZER.normalize(name).tokens[-1]
    assert (last.role, last.canonical) == ("legal", canonical)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        # romanised by another standard than the table's, word for word the same sounds
        ("Obshchestvo s Ogranichennoi Otvetstvennostiu Vega", "llc"),
        ("Vega Aktsionernoe Obshchestvo", "jsc"),
        # one word split by a hyphen or a stray mark
        ("Centrex Aktien-Gesellschaft", "jsc"),
        ("Lenpromtransproekt Joint Stock Comp-any", "jsc"),
        # Russian organisation types: Cyrillic, romanised and translated agree
        ("Научно-производственное предприятие Радар", "npp"),
        ("Nauchno-Proizvodstvennoe Predpriyatie Radar", "npp"),
        ("Radar Research and Production Enterprise", "npp"),
        ("Радар НПП", "npp"),
    ],
)
def test_a_legal_form_spelt_another_way_is_that_legal_form(name: str, canonical: str) -> None:
    legal = [t.canonical for t in NORMALIZER.normalize(name).tokens if t.role == "legal"]
    assert legal == [canonical]


@pytest.mark.parametrize(
    ("name", "roles"),
    [
        ("Sheeikh Abukar", ["title", "name"]),  # a vowel doubled to hide the title
        ("Marshall Smith", ["name", "name"]),  # a doubled consonant: a name, not Marshal
        ("Saad Moosa", ["name", "name"]),
        ("G3neral Mudacumura", ["title", "name"]),  # digits for letters
        ("Mu1lah Krekar", ["title", "name"]),
        ("M1ke Smith", ["name", "name"]),
    ],
)
def test_disguised_titles_are_titles(name: str, roles: list[str]) -> None:
    assert [t.role for t in NORMALIZER.normalize(name).tokens] == roles


def test_an_apostrophe_after_a_hebrew_letter_is_its_geresh() -> None:
    # ג' is j, צ' is ch; dropped, they would read as g and tz.
    tokens = NORMALIZER.normalize("ג'יימי פטרוביץ'").tokens
    assert "jeymi" in tokens[0].forms or "jaymi" in tokens[0].forms
    assert "petrovich" in tokens[1].forms or "patrovich" in tokens[1].forms


def test_words_that_only_begin_a_legal_form_elsewhere_stay_names() -> None:
    assert [t.role for t in NORMALIZER.normalize("Smith Joint").tokens] == ["name", "name"]
    # not at the end: the words are the name's own
    roles = [t.role for t in NORMALIZER.normalize("Joint Stock Harbour").tokens]
    assert roles == ["name", "name", "name"]


@pytest.mark.parametrize(("written", "plain"), [("Foo A/S", "Foo AS"), ("A:S", "as")])
def test_a_word_both_article_and_legal_form_reads_the_same_however_written(
    written: str, plain: str
) -> None:
    """ "as" is the Arabic article and the Norwegian AS: ending a name it is the legal form."""
    ours, theirs = NORMALIZER.normalize(written), NORMALIZER.normalize(plain)
    assert [(t.text, t.role) for t in ours.tokens] == [(t.text, t.role) for t in theirs.tokens]
    assert NORMALIZER.normalize("Ahmad as-Sayed").tokens[1].role == "particle"
