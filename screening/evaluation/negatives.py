"""Negatives: a population sample for the alert rate, and hard negatives near listed names.

Population names (people and companies from ``shared/namedata``, none listed)
fix each system's threshold at a chosen alert rate. Hard negatives are names a
careless matcher confuses with a listed party although they denote someone
else: another family name, the other gender's form, a subsidiary, the same
brand elsewhere. Any hard negative that happens to equal a listed name (by
`name_key`) is discarded, so a genuine match is never counted as a false alert.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

import attrs
from rapidfuzz.distance import Levenshtein

from screening.evaluation.corpus import Corpus, CorpusEntry
from screening.evaluation.namedata import PopulationName
from screening.evaluation.variations import (
    Resources,
    given_first,
    legal_form_at_end,
    name_key,
    restyle,
)


@attrs.frozen
class Negative:
    """A name that should not alert; ``group`` is its culture (population) or class (hard)."""

    id: str
    cls: str
    query: str
    kind: str
    culture: str
    script: str
    seed: int = 0
    near: str = ""
    """For hard negatives: the listed entry it was derived from."""


def sample_population(
    population: Sequence[PopulationName], *, count: int, seed: int
) -> list[Negative]:
    """A seeded sample stratified by origin file and culture, so small cultures stay present."""
    rng = random.Random(f"{seed}/population")
    groups: dict[tuple[str, str], list[PopulationName]] = defaultdict(list)
    for item in population:
        groups[(item.origin, item.culture)].append(item)
    share = count / max(1, len(population))
    chosen: list[PopulationName] = []
    for key in sorted(groups):
        members = groups[key]
        take = min(len(members), max(1, round(len(members) * share)))
        chosen.extend(rng.sample(members, take))
    rng.shuffle(chosen)
    chosen = chosen[:count]
    return [
        Negative(f"population-{i}", "population", p.name, p.kind, p.culture, p.script)
        for i, p in enumerate(chosen)
    ]


HardFunction = Callable[[CorpusEntry, str, random.Random, Resources], str | None]

SUBSIDIARY_WORDS = (
    "Trading",
    "Holding",
    "Services",
    "Logistics",
    "Capital",
    "Engineering",
    "International",
    "Group",
    "Investments",
    "Shipping",
)
CITIES = (
    "Hamburg",
    "Dubai",
    "Singapore",
    "Istanbul",
    "Limassol",
    "Hong Kong",
    "Rotterdam",
    "Panama",
    "Tallinn",
    "Almaty",
)
GENDER_SUFFIXES = (
    ("ov", "ova"),
    ("ev", "eva"),
    ("in", "ina"),
    ("sky", "skaya"),
    ("skiy", "skaya"),
    ("ski", "ska"),
    ("enko", "enko"),
)
GIVEN_GENDER = (("o", "a"), ("us", "a"), ("ander", "andra"), ("ei", "eya"), ("iy", "iya"))


def _clusters_overlap(a: str, b: str, res: Resources) -> bool:
    return bool(res.clusters.get(a.lower(), frozenset()) & res.clusters.get(b.lower(), frozenset()))


def near_miss(entry: CorpusEntry, name: str, rng: random.Random, res: Resources) -> str | None:
    """Surname replaced by a real surname two or three edits away that is not a variant of it."""
    tokens = given_first(name)
    if len(tokens) < 2:
        return None
    surname = tokens[-1]
    target = re.sub(r"[^a-z]", "", surname.lower())
    if len(target) < 4:
        return None
    options = [
        s
        for s in res.surnames
        if s[:1].lower() == target[:1]
        and abs(len(s) - len(target)) <= 1
        and 2 <= Levenshtein.distance(s.lower(), target) <= 3
        and not _clusters_overlap(s, target, res)
    ]
    if not options:
        return None
    tokens[-1] = restyle(surname, rng.choice(options).lower())
    return " ".join(tokens)


def given_other_family(
    entry: CorpusEntry, name: str, rng: random.Random, res: Resources
) -> str | None:
    """The listed given names with an unrelated family name."""
    tokens = given_first(name)
    if len(tokens) < 2:
        return None
    surname = tokens[-1].lower()
    for _ in range(20):
        other = rng.choice(res.surnames).lower()
        if Levenshtein.distance(other, surname) >= 4:
            tokens[-1] = restyle(tokens[-1], other)
            return " ".join(tokens)
    return None


def gender_variant(entry: CorpusEntry, name: str, rng: random.Random, res: Resources) -> str | None:
    """The other gender's form: Ivanov -> Ivanova, Aleksandr -> Aleksandra."""
    tokens = given_first(name)
    if len(tokens) < 2:
        return None
    surname = tokens[-1].lower()
    for male, female in GENDER_SUFFIXES:
        if surname.endswith(male) and male != female:
            tokens[-1] = restyle(tokens[-1], surname[: -len(male)] + female)
            return " ".join(tokens)
    given = tokens[0].lower()
    for male, female in GIVEN_GENDER:
        if given.endswith(male) and len(given) > 3:
            tokens[0] = restyle(tokens[0], given[: -len(male)] + female)
            return " ".join(tokens)
    return None


def _brand(name: str, res: Resources) -> str:
    found = legal_form_at_end(name, res)
    return name[: found[0]].rstrip(" ,(") if found else name


def parent_subsidiary(
    entry: CorpusEntry, name: str, rng: random.Random, res: Resources
) -> str | None:
    """A subsidiary-style name of the listed company (``X Trading``, ``X Holding``)."""
    brand = _brand(name, res)
    words = {w.title() for w in brand.split()}
    options = [w for w in SUBSIDIARY_WORDS if w not in words]
    return f"{brand} {restyle(brand, rng.choice(options).lower())}"


def brand_elsewhere(
    entry: CorpusEntry, name: str, rng: random.Random, res: Resources
) -> str | None:
    """The same brand with another city and legal form (``X Hamburg GmbH``)."""
    brand = _brand(name, res)
    if not brand.strip():
        return None
    form = rng.choice(("GmbH", "LLC", "Ltd", "S.A.", "B.V.", "FZE", "AG", "SARL"))
    return f"{brand} {rng.choice(CITIES)} {form}"


HARD_NEGATIVES: tuple[tuple[str, str, tuple[str, ...], HardFunction], ...] = (
    ("near_miss", "surname two or three edits away, not a variant", ("person",), near_miss),
    (
        "given_other_family",
        "listed given names, other family name",
        ("person",),
        given_other_family,
    ),
    ("gender_variant", "the other gender's form of the name", ("person",), gender_variant),
    (
        "parent_subsidiary",
        "subsidiary or parent of a listed company",
        ("organization",),
        parent_subsidiary,
    ),
    (
        "brand_elsewhere",
        "same brand, other city and legal form",
        ("organization",),
        brand_elsewhere,
    ),
)
HARD_DESCRIPTIONS = {name: description for name, description, _, _ in HARD_NEGATIVES}


def generate_hard_negatives(
    corpus: Corpus, res: Resources, *, per_class: int, seed: int
) -> list[Negative]:
    """Up to ``per_class`` hard negatives per class, none equal to any listed name."""
    listed_keys = {name_key(n.full) for e in corpus.entries for n in e.names}
    out: list[Negative] = []
    for cls, _description, kinds, function in HARD_NEGATIVES:
        rng = random.Random(f"{seed}/{cls}")
        pool = [e for e in corpus.entries if e.kind in kinds and e.latin_names()]
        rng.shuffle(pool)
        made = 0
        for entry in pool:
            if made >= per_class:
                break
            case_seed = rng.getrandbits(32)
            case_rng = random.Random(case_seed)
            name = entry.latin_names()[0].full
            query = function(entry, name, case_rng, res)
            if not query or name_key(query) in listed_keys:
                continue
            out.append(
                Negative(f"{cls}-{made}", cls, query, entry.kind, cls, "Latn", case_seed, entry.id)
            )
            made += 1
    return out
