"""Each variation class changes a listed name the way it claims, and only that way."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from screening.evaluation import variations as v
from screening.evaluation.corpus import Corpus, CorpusEntry, ListedName
from screening.evaluation.variations import Resources
from tests.conftest import NAMEDATA

NAMES = (
    "AL-KANI, Mohamed",
    "Mohamed Khalifa Abderrahim AL-KANI",
    "MUAMMAR MOHAMMED ABU MINYAR QADHAFI",
    "KOREA MYONGDOK SHIPPING CO",
    "Hannibal Muammar Qadhafi",
    "ROSNEFT TRADING LLC",
    "Vladimir Vladimirovich Putin",
    "CEMENT INDUSTRY INVESTMENT AND DEVELOPMENT COMPANY",
)
WORDS = frozenset(w for n in NAMES for w in re.findall(r"[a-z]+", n.lower()))


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources.load(NAMEDATA, WORDS)


def outputs(function: v.VariationFunction, res: Resources) -> list[tuple[str, str]]:
    """(name, query) for every name and a few seeds where the class applies."""
    pairs = []
    for name in NAMES:
        for seed in range(5):
            query = function(name, random.Random(seed), res)
            if query is not None:
                pairs.append((name, query))
    assert pairs, f"{function.__name__} never applied"
    return pairs


def letters_only(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def test_insertion_adds_one_letter(res: Resources) -> None:
    for name, query in outputs(v.typo_insertion, res):
        assert len(query) == len(name) + 1
        assert any(query[:i] + query[i + 1 :] == name for i in range(len(query)))


def test_deletion_removes_one_letter(res: Resources) -> None:
    for name, query in outputs(v.typo_deletion, res):
        assert any(name[:i] + name[i + 1 :] == query for i in range(len(name)))


def test_substitution_replaces_one_letter_by_a_neighbouring_key(res: Resources) -> None:
    for name, query in outputs(v.typo_substitution, res):
        diff = [(a, b) for a, b in zip(name, query, strict=True) if a != b]
        assert len(diff) == 1
        old, new = diff[0]
        assert new.lower() in v.KEY_NEIGHBOURS[old.lower()]


def test_transposition_swaps_two_adjacent_letters(res: Resources) -> None:
    for name, query in outputs(v.typo_transposition, res):
        diff = [i for i, (a, b) in enumerate(zip(name, query, strict=True)) if a != b]
        assert len(diff) == 2 and diff[1] == diff[0] + 1
        i = diff[0]
        assert query[i] == name[i + 1] and query[i + 1] == name[i]


def test_zero_width_inserts_only_zero_width_characters(res: Resources) -> None:
    for name, query in outputs(v.zero_width, res):
        extra = [c for c in query if c in v.ZERO_WIDTH]
        assert 1 <= len(extra) <= 2
        assert "".join(c for c in query if c not in v.ZERO_WIDTH) == name


def test_homoglyphs_swap_latin_letters_for_cyrillic_or_greek(res: Resources) -> None:
    for name, query in outputs(v.homoglyphs, res):
        diff = [(a, b) for a, b in zip(name, query, strict=True) if a != b]
        assert 1 <= len(diff) <= 2
        for old, new in diff:
            assert new in v.HOMOGLYPHS[old]
            assert unicodedata.name(new).split()[0] in {"CYRILLIC", "GREEK"}


def test_digits_replace_letters_by_look_alike_digits(res: Resources) -> None:
    for name, query in outputs(v.digits_for_letters, res):
        diff = [(a, b) for a, b in zip(name, query, strict=True) if a != b]
        assert 1 <= len(diff) <= 2
        assert all(v.LEET[a.lower()] == b for a, b in diff)


def test_diacritics_only_add_marks(res: Resources) -> None:
    for name, query in outputs(v.diacritics, res):
        stripped = "".join(
            c for c in unicodedata.normalize("NFD", query) if not unicodedata.combining(c)
        )
        assert query != name
        assert stripped.lower().replace("ø", "o") == name.lower()


def test_truncation_cuts_to_35_characters(res: Resources) -> None:
    for name, query in outputs(v.truncation, res):
        assert len(name) > 35 and len(query) == 35 and name.startswith(query)
    assert v.truncation("AL-KANI, Mohamed", random.Random(0), res) is None


def test_double_and_undouble(res: Resources) -> None:
    for name, query in outputs(v.double_letter, res):
        assert len(query) == len(name) + 1
        assert any(
            query[i] == query[i + 1] and query[:i] + query[i + 1 :] == name
            for i in range(len(query) - 1)
        )
    for name, query in outputs(v.undouble_letter, res):
        assert any(
            name[i] == name[i + 1] and name[:i] + name[i + 1 :] == query
            for i in range(len(name) - 1)
        )


def test_dropped_vowels_keep_consonants(res: Resources) -> None:
    for name, query in outputs(v.drop_vowels, res):
        assert [c for c in letters_only(query).lower() if c not in v.VOWELS] == [
            c for c in letters_only(name).lower() if c not in v.VOWELS
        ]
        assert len(query) < len(name)


def test_repeated_letters_repeat_one_letter(res: Resources) -> None:
    for name, query in outputs(v.repeated_letters, res):
        assert len(query) - len(name) in {2, 3}
        assert re.sub(r"(.)\1+", r"\1", query) == re.sub(r"(.)\1+", r"\1", name)


def test_inner_punctuation_inserts_one_mark_inside_a_word(res: Resources) -> None:
    for name, query in outputs(v.inner_punctuation, res):
        assert len(query) == len(name) + 1
        i = next(i for i, (a, b) in enumerate(zip(name, query, strict=False)) if a != b)
        assert query[i] in v.INNER_PUNCTUATION and query[i - 1].isalpha() and query[i + 1].isalpha()


def test_token_classes_keep_the_words(res: Resources) -> None:
    for function in (v.token_reorder, v.reversed_order, v.surname_comma):
        for name, query in outputs(function, res):
            assert sorted(v.name_key(query)) == sorted(v.name_key(name))
            assert query != name
    for name, query in outputs(v.reversed_order, res):
        assert query.split() == name.replace(",", " ").split()[::-1]
    assert v.surname_comma("AL-KANI, Mohamed", random.Random(0), res) == "Mohamed AL-KANI"
    assert v.surname_comma("Hannibal Muammar Qadhafi", random.Random(0), res) == (
        "QADHAFI, Hannibal Muammar"
    )


def test_run_on_is_upper_case_without_separators(res: Resources) -> None:
    assert v.run_on("AL-KANI, Mohamed", random.Random(0), res) == "ALKANIMOHAMED"
    assert v.run_on("ROSNEFT", random.Random(0), res) is None


def test_drop_and_extra_middle(res: Resources) -> None:
    for name, query in outputs(v.drop_middle, res):
        assert len(query.split()) == len(v.given_first(name)) - 1
        assert set(query.split()) < set(v.given_first(name))
    for name, query in outputs(v.extra_middle, res):
        tokens = query.split()
        assert tokens[:1] + tokens[2:] == v.given_first(name)


def test_initials(res: Resources) -> None:
    for _name, query in outputs(v.initials, res):
        assert re.match(r"^([A-Z]\. )+\S", query)
    assert v.initials("AL-KANI, Mohamed", random.Random(0), res) == "M. AL-KANI"


def test_joined_and_split(res: Resources) -> None:
    for name, query in outputs(v.joined_tokens, res):
        assert query.replace(" ", "") == name.replace(",", "").replace(" ", "")
        assert len(query.split()) == len(name.split()) - 1
    for name, query in outputs(v.split_token, res):
        assert query.replace(" ", "") == name.replace(" ", "").replace("-", "")
    assert v.split_token("Moh KANI", random.Random(0), res) is None  # no 6-letter word
    assert v.split_token("ALKANIYAT", random.Random(0), res) == "AL KANIYAT"  # after a particle
    assert v.split_token("AL-KANI", random.Random(0), res) == "AL KANI"


def test_particles_and_honorifics(res: Resources) -> None:
    def without_particles(text: str) -> list[str]:
        words = text.lower().replace("-", " ").replace(",", " ").split()
        return [w for w in words if w not in v.PARTICLES]

    for name, query in outputs(v.particles, res):
        assert query != name
        assert without_particles(query) == without_particles(name)
    assert v.particles("Vladimir Vladimirovich Putin", random.Random(0), res) is None
    for name, query in outputs(v.honorific, res):
        title, _, rest = query.partition(" ")
        assert title in v.HONORIFICS and rest.split() == v.given_first(name)


def test_legal_form_changes_only_the_legal_form(res: Resources) -> None:
    for seed in range(10):
        query = v.legal_form("ROSNEFT TRADING LLC", random.Random(seed), res)
        assert query is not None and query.startswith("ROSNEFT TRADING")
        assert query != "ROSNEFT TRADING LLC"
    added = v.legal_form("KANIYAT MILITIA", random.Random(1), res)
    assert added is not None and added.split()[-1] in {f.split()[-1] for f in v.COMMON_LEGAL_FORMS}


def test_ocr_and_phonetic_apply_one_rule(res: Resources) -> None:
    for name, query in outputs(v.ocr_confusion, res):
        assert query != name and abs(len(query) - len(name)) <= 2
    for name, query in outputs(v.phonetic_respelling, res):
        assert query != name and query.split()[0][0].isalpha()


def test_other_script_writes_no_latin_letter(res: Resources) -> None:
    for _name, query in outputs(v.other_script, res):
        assert not re.search(r"[A-Za-z]", query)


def corpus() -> Corpus:
    def entry(i: int, kind: str, *names: tuple[str, str, str]) -> CorpusEntry:
        return CorpusEntry(f"t:{i}", kind, "t", tuple(ListedName(*n) for n in names))

    return Corpus(
        (
            entry(
                1,
                "person",
                ("AL-KANI, Mohamed", "primary", "Latn"),
                ("AL-KANI, Muhammad", "aka", "Latn"),
                ("محمد الكاني", "original_script", "Arab"),
            ),
            entry(
                2,
                "person",
                ("QADHAFI, Muammar", "primary", "Latn"),
                ("GADDAFI, Muammar", "aka", "Latn"),
                ("Abu Minyar", "aka", "Latn"),
            ),
            entry(3, "organization", ("ROSNEFT TRADING LLC", "primary", "Latn")),
            entry(
                4,
                "person",
                ("Hannibal Muammar Qadhafi", "primary", "Latn"),
                ("Hanibal Gaddafi", "aka", "Latn"),
            ),
        ),
        ("test",),
        (),
    )


def test_generation_is_seeded_and_deterministic(res: Resources) -> None:
    first, dropped = v.generate_positives(corpus(), res, per_class=3, seed=7)
    again, dropped_again = v.generate_positives(corpus(), res, per_class=3, seed=7)
    other, _ = v.generate_positives(corpus(), res, per_class=3, seed=8)
    assert first == again and dropped == dropped_again
    assert [c.query for c in first] != [c.query for c in other]
    for case in first:
        rebuilt = (
            next(x for x in v.VARIATIONS if x.name == case.cls) if case.index == "full" else None
        )
        if rebuilt is not None:
            assert rebuilt.function(case.listed_name, random.Random(case.seed), res) == case.query


def test_holdout_cases_remove_their_query_from_the_index(res: Resources) -> None:
    cases, dropped = v.generate_positives(corpus(), res, per_class=3, seed=7)
    held = [c for c in cases if c.index == "holdout"]
    assert {c.cls for c in held} <= set(v.HOLDOUT_CLASSES)
    by_id = corpus().by_id()
    for case in held:
        assert case.query in dropped[case.target]
        kept = by_id[case.target].to_listed(dropped[case.target]).names
        assert kept and all(v.name_key(n) != v.name_key(case.query) for n in kept)
    original = [c for c in held if c.cls == "original_script"]
    assert original and original[0].query == "محمد الكاني"


def test_spelling_difference_needs_a_close_word_on_both_sides() -> None:
    assert v._differs_by_spelling("QADHAFI, Muammar", "GADDAFI, Muammar")
    assert not v._differs_by_spelling("QADHAFI, Muammar", "QADHAFI, Muammar")
    assert not v._differs_by_spelling("ABU ABU", "ABU SAYYAF")  # repeated word, no partner
    assert not v._differs_by_spelling("KIM Jong", "KIM Jong Un")
