"""`CandidateIndex`: keys, retrieval, and agreement with a brute-force scan.

The oracle below scores every listed name the way `Screener.match` scores its
candidates, without the index: `unit_matches` compares the query with every
distinct listed unit of the whole index, then each listed name is aligned
(``align`` + ``alignment_score``), weak aliases are discounted, and the best
name per designation wins. A name none of whose units matches the query
scores 0 and is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import attrs
import numpy as np
import pytest

from screening import Screener
from screening.index import CandidateIndex, deletions, unit_keys
from screening.normalize.normalizer import NormalizedName, Normalizer
from screening.score import (
    Unit,
    align,
    alignment_score,
    may_be_cut_short,
    unit_matches,
    units_of,
)
from tests.matching_fixtures import drop_token, reorder, small_list_set, to_cyrillic, typo

AGREEMENT_TARGET = 0.995
SAMPLE_SEED = 20260301
QUERIES_PER_CLASS = {"typo": 60, "reorder": 40, "drop": 40, "cyrillic": 30, "native": 30}


# --- the brute-force oracle ---------------------------------------------------


@attrs.frozen
class Oracle:
    """Every listed name of a screener, grouped so each distinct token sequence is scored once."""

    screener: Screener
    groups: dict[tuple[tuple[str, str], ...], list[int]]
    units: list[Unit]
    group_units: dict[tuple[tuple[str, str], ...], frozenset[tuple[str, str]]]

    @classmethod
    def build(cls, screener: Screener) -> Oracle:
        groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
        units: dict[tuple[str, str], Unit] = {}
        group_units: dict[tuple[tuple[str, str], ...], frozenset[tuple[str, str]]] = {}
        for name_id, indexed in enumerate(screener.index.names):
            key = tuple((t.text, t.role) for t in indexed.normalized.tokens)
            if key not in groups:
                for unit in indexed.units:
                    units.setdefault((unit.text, unit.role), unit)
                group_units[key] = frozenset((u.text, u.role) for u in indexed.units)
            groups.setdefault(key, []).append(name_id)
        return cls(screener, groups, list(units.values()), group_units)

    def best(self, name: str) -> dict[str, float]:
        """Best score per designation id over every listed name (no threshold applied)."""
        screener = self.screener
        query = screener.normalizer.normalize(name)
        variants: Sequence[NormalizedName] = getattr(screener, "_query_variants", lambda q: [q])(
            query
        )
        best: dict[str, float] = {}
        for variant in variants:
            for designation_id, score in self._best_for(variant).items():
                best[designation_id] = max(score, best.get(designation_id, 0.0))
        return best

    def _best_for(self, query: NormalizedName) -> dict[str, float]:
        screener, index = self.screener, self.screener.index
        config = screener.config
        q_units = units_of(query.tokens)
        q_weights = [index.token_weight(t.text, t.role) for t in query.tokens]
        matches = unit_matches(
            q_units,
            self.units,
            screener.similarity,
            config.min_token_similarity,
            cut_possible=may_be_cut_short(query),
        )
        live = set(matches)
        best: dict[str, float] = {}
        for key, name_ids in self.groups.items():
            if not live & self.group_units[key]:
                continue  # no unit of this name matches the query: score 0
            first = index.names[name_ids[0]]
            chosen, q_used, l_used = align(q_units, first.units, matches)
            score = alignment_score(
                chosen,
                q_used,
                l_used,
                first.units,
                q_weights,
                index.name_weights[name_ids[0]],
                config,
                cut_possible=index.may_be_cut(query),
            )
            if score <= 0.0:
                continue
            for name_id in name_ids:
                indexed = index.names[name_id]
                designation = screener.designations[indexed.designation]
                name_score = score
                if designation.names[indexed.name].quality != "strong":
                    name_score *= config.weak_alias_factor
                if name_score > best.get(designation.id, 0.0):
                    best[designation.id] = name_score
        return best


def agrees(
    indexed_top: tuple[str, float] | None, brute: dict[str, float], threshold: float
) -> bool:
    """Same top hit: both empty, or the index's top is one of the brute-force top ties."""
    above = {d: s for d, s in brute.items() if s >= threshold}
    if not above:
        return indexed_top is None
    if indexed_top is None:
        return False
    top_score = max(above.values())
    designation_id, score = indexed_top
    return (
        abs(score - round(top_score, 4)) <= 1e-4 and abs(above[designation_id] - top_score) <= 1e-4
    )


# --- generated queries ------------------------------------------------------


def generated_queries(screener: Screener) -> list[tuple[str, str]]:
    """(variation class, query) pairs from listed names, seeded and reproducible."""
    rng = random.Random(SAMPLE_SEED)
    latin: list[str] = []
    native: list[str] = []
    for designation in screener.designations:
        for name in designation.names:
            if name.script == "Latn" and 2 <= len(name.full.split()) <= 6:
                latin.append(name.full)
            elif name.script in ("Arab", "Cyrl", "Hani", "Hang", "Grek", "Hebr"):
                native.append(name.full)
    latin.sort()
    native.sort()
    makers = {"typo": typo, "reorder": reorder, "drop": drop_token}
    queries: list[tuple[str, str]] = []
    for kind, count in QUERIES_PER_CLASS.items():
        made = 0
        while made < count:
            if kind == "native":
                query: str | None = reorder(rng.choice(native), rng) or rng.choice(native)
            elif kind == "cyrillic":
                query = to_cyrillic(rng.choice(latin))
            else:
                query = makers[kind](rng.choice(latin), rng)
            if query:
                queries.append((kind, query))
                made += 1
    return queries


@pytest.fixture(scope="module")
def oracle(all_lists_screener: Screener) -> Oracle:
    return Oracle.build(all_lists_screener)


def test_oracle_agrees_with_match_on_known_cases(oracle: Oracle) -> None:
    brute = oracle.best("Muhammad Al Kani")
    top = oracle.screener.match("Muhammad Al Kani", limit=1)[0]
    # The index scores at most a few aliases per designation, so its score for a
    # designation may come from a slightly weaker alias than the oracle's best.
    assert brute[top.designation.id] == pytest.approx(top.score, abs=5e-3)
    assert top.score == pytest.approx(max(brute.values()), abs=5e-3)
    assert {"us-ofac-sdn:29119", "uk-ofsi:14105"} <= {d for d, s in brute.items() if s > 0.95}


def test_a_designation_scores_its_best_name_even_beyond_the_indexed_few(oracle: Oracle) -> None:
    # Rostelecom has seven names; the one scoring best for this query (its legal
    # form written out in Russian) shares no index key with "PJSC", so it is not
    # among the names the index offers, and is scored because the designation
    # is among the best.
    query = "ROSTEEKOM PJSC"
    top = oracle.screener.match(query, limit=1)[0]
    assert top.score == pytest.approx(oracle.best(query)[top.designation.id], abs=1e-4)
    assert "OBSHCHESTVO" in top.matched_name.full


def test_indexed_match_agrees_with_brute_force(
    oracle: Oracle, capsys: pytest.CaptureFixture[str]
) -> None:
    screener = oracle.screener
    threshold = screener.config.threshold
    queries = generated_queries(screener)
    per_class: dict[str, list[bool]] = {}
    any_score: list[bool] = []
    misses = []
    for kind, query in queries:
        brute = oracle.best(query)
        hits = screener.match(query, limit=1)
        top = (hits[0].designation.id, hits[0].score) if hits else None
        ok = agrees(top, brute, threshold)
        per_class.setdefault(kind, []).append(ok)
        if not ok:
            misses.append((kind, query, top, max(brute.items(), key=lambda kv: kv[1])))
        loose = screener.match(query, limit=1, threshold=0.0)
        any_score.append(
            agrees((loose[0].designation.id, loose[0].score) if loose else None, brute, 0.0)
        )
    outcomes = [ok for oks in per_class.values() for ok in oks]
    agreement = sum(outcomes) / len(outcomes)
    with capsys.disabled():
        print(
            f"\nindex vs brute force, {len(outcomes)} queries: top-hit agreement "
            f"{agreement:.2%} at threshold {threshold}, {sum(any_score) / len(any_score):.2%} "
            "at any score"
        )
        for kind, oks in per_class.items():
            print(f"  {kind:9s} {sum(oks)}/{len(oks)}")
        for miss in misses:
            print("  miss:", miss)
    assert agreement >= AGREEMENT_TARGET, misses


# --- keys and retrieval on a small index ------------------------------------------


@pytest.fixture(scope="module")
def small_index() -> CandidateIndex:
    return CandidateIndex(small_list_set().designations(), Normalizer())


def test_deletions() -> None:
    assert deletions("kani") == {"ani", "kni", "kai", "kan"}
    assert deletions("ali") == set()


def test_query_keys_cover_every_romanisation() -> None:
    normalizer = Normalizer()
    (unit,) = units_of(normalizer.normalize("محمد").tokens)
    keys = unit_keys(unit, query=True)
    assert {"t" + form for form in unit.forms} <= keys
    assert any(key.startswith("s") for key in keys)  # consonant skeleton for abjad tokens


def test_index_shape(small_index: CandidateIndex) -> None:
    designations = small_list_set().designations()
    assert len(small_index) == sum(len(d.names) for d in designations)
    assert small_index.skipped_names == 0
    assert small_index.normalizer_fingerprint == Normalizer().fingerprint
    assert list(small_index.all_ids()) == list(range(len(small_index)))


@pytest.mark.parametrize(
    "query", ["Viktor Petrenko", "Petrenko", "Viktor Petrneko", "Виктор Петренко", "PETRENKO V."]
)
def test_retrieves_the_name_with_typos_and_scripts(small_index: CandidateIndex, query: str) -> None:
    ids = small_index.candidates(Normalizer().normalize(query), 10)
    found = {small_index.names[i].normalized.text for i in ids}
    assert "viktor petrenko" in found or "petrenko viktor" in found


def test_letters_swapped_at_a_distance_still_retrieve_the_name(
    small_index: CandidateIndex,
) -> None:
    # "Petnerko": r and n swapped across a letter, no one-deletion key in common;
    # the sorted letters agree
    ids = small_index.candidates(Normalizer().normalize("Petnerko"), 10)
    assert "viktor petrenko" in {small_index.names[i].normalized.text for i in ids}


def test_allowed_mask_and_limit(small_index: CandidateIndex) -> None:
    query = Normalizer().normalize("Viktor Petrenko")
    allowed = np.zeros(len(small_index), dtype=bool)
    allowed[0] = True
    assert small_index.candidates(query, 10, allowed) == [0]
    assert len(small_index.candidates(query, 1)) == 1
    assert small_index.candidates(Normalizer().normalize("Zzyzx Qwv"), 10) == []


def test_run_on_words_split_into_listed_words(all_lists_screener: Screener) -> None:
    segment = all_lists_screener.index.segment
    assert segment("mohamedalkani") == ["mohamed", "al", "kani"]
    assert segment("kani") is None  # a listed word stays whole


def test_ordinary_words_are_not_cut_into_fragments(all_lists_screener: Screener) -> None:
    """An unlisted surname splits into short listed fragments ("he nr iks en"): not a run-on."""
    segment = all_lists_screener.index.segment
    for word in ("henriksen", "weerdenburg", "parmentier", "vusumuzi"):
        assert segment(word) is None, word


def test_rarity_weights(all_lists_screener: Screener) -> None:
    weight = all_lists_screener.index.token_weight
    assert weight("mohamed", "name") < weight("kani", "name")
    assert weight("trading", "name") < weight("kaniyat", "name")
    assert weight("mr", "title") == 0.0
    assert weight("llc", "legal") < weight("llc", "name")


@pytest.mark.parametrize(
    "cut",
    ["KONSTRUKTORSKOE BYURO PRIBOROSTROEN", "Basamad Electronic Pouya Engineerin"],
)
def test_a_name_cut_at_35_characters_is_found(all_lists_screener: Screener, cut: str) -> None:
    found = all_lists_screener.match(cut, kind="organization", limit=3)
    assert found, cut
    assert found[0].matched_name.full.upper().startswith(cut.upper())


def test_a_listed_last_word_is_not_taken_for_a_cut_one(all_lists_screener: Screener) -> None:
    index, normalizer = all_lists_screener.index, all_lists_screener.normalizer
    assert not index.may_be_cut(normalizer.normalize("Svetlana Aleksandrovna Nikolaev"))
    assert index.may_be_cut(normalizer.normalize("Svetlana Aleksandrovna Nikolaevn"))
    # too short for a field that cuts names: a whole name
    assert not index.may_be_cut(normalizer.normalize("Elena Nikolaevn"))


def test_listing_order_does_not_change_support(all_lists_screener: Screener) -> None:
    # "'ALI, Ahmad" holds both words of "Ahmad Ali" as much as "Ahmad 'Ali al-Hamzi"
    # does; holding them also run together in the query's order adds nothing.
    index, normalizer = all_lists_screener.index, all_lists_screener.normalizer
    support = index.support(normalizer.normalize("Ahmad Ali"))
    by_text = {n.normalized.text: i for i, n in enumerate(index.names)}
    assert support[by_text["ali ahmad"]] == support[by_text["ahmad ali al hamzi"]]


def test_among_many_sharing_the_query_words_the_name_with_no_others_is_found(
    all_lists_screener: Screener,
) -> None:
    # Hundreds of listed names hold "Ahmad" and "Ali"; "'ALI, Ahmad" holds nothing else.
    found = all_lists_screener.match("Haji Ahmad 'ALI", kind="person", limit=10)
    assert "us-ofac-sdn:21908" in {m.designation.id for m in found if m.score == 1.0}
