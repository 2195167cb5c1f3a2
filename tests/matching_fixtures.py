"""All of ``../shared/lists`` as one `ListSet`, and the one `Screener` over it.

Parsing every snapshot takes most of a minute (the OFSI workbook alone about
20 s), so matching tests share one screener per test session (the
``all_lists_screener`` fixture in ``tests/conftest.py``) and the speed
benchmark builds its own from the same `load_all_lists`.

Every file set in the folder is loaded. Where a source has more than one
snapshot there (OFAC SDN 2021-07 and 2024-05, UN 2026-02 and 2025-04 ...), the
one the README calls alias-complete or current keeps the registered source id
and the others are loaded under a derived id (``us-ofac-sdn-2024-05``) with the
same authority and scope, so designation ids stay unique and filters by
source still mean one snapshot.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import attrs

from screening.loader import parse_files
from screening.model import (
    BirthDate,
    Country,
    Designation,
    EntityKind,
    ListSet,
    ListSnapshot,
    Name,
    NameQuality,
    PartialDate,
    Scope,
    Source,
)
from screening.sources.formats import detect_format
from screening.sources.registry import Registry, load_registry
from tests.conftest import LISTS

# (file set's main file relative to the lists folder, source id override or None).
# The first snapshot of a source keeps its registered id.
LIST_FILES: tuple[tuple[str, str | None], ...] = (
    ("ofac/sdn-2021-07/sdn.csv", None),  # alias-complete quartet: us-ofac-sdn
    ("ofac/consolidated.xml", None),  # us-ofac-cons
    ("un/consolidated.xml", None),  # un-sc, 2026-02
    ("uk/ConList.xlsx", None),  # uk-ofsi
    ("uk/FCDO_SL_Mon_Aug_11_2025.ods", None),  # uk-fcdo
    ("canada/sema-lmes.xml", None),  # ca-sema
    ("australia/regulation8_consolidated.xlsx", None),  # au-dfat
    ("samples/eu_fsf_1_1_carved_sample.xml", None),  # eu-fsf
    ("samples/ch_seco_carved_sample.xml", None),  # ch-seco
    ("opensanctions/targets.simple.excerpt.csv", None),  # opensanctions
    ("ofac/sdn.csv", "us-ofac-sdn-2024-05"),
    ("ofac/consolidated-csv/cons_prim.csv", "us-ofac-cons-csv"),
    ("un/2025-04-19/consolidated.xml", "un-sc-2025-04"),
    ("samples/uk_fcdo_sanctions_list_carved_sample.xml", "uk-fcdo-sample"),
    ("seco/amendment-example.xml", "ch-seco-example"),
    ("opensanctions/entities.ftm.json", "opensanctions-ftm"),
)

OFAC_SDN_2021 = LISTS / "ofac" / "sdn-2021-07" / "sdn.csv"
UK_OFSI = LISTS / "uk" / "ConList.xlsx"


def _registry(base: Registry, lists_dir: Path) -> Registry:
    """The built-in registry plus the derived ids, each a copy of its source's entry."""
    sources = {source_id: base[source_id] for source_id in base.ids()}
    for relative, override in LIST_FILES:
        if override is not None:
            list_format = detect_format(lists_dir / relative)
            original = base[list_format.default_source([lists_dir / relative])]
            sources[override] = attrs.evolve(
                original, id=override, title=f"{original.title} ({relative})"
            )
    return Registry(sources)


@functools.cache
def load_all_lists(lists_dir: Path = LISTS) -> ListSet:
    """Every list file set under ``lists_dir`` (see the module docstring), parsed once."""
    registry = _registry(load_registry(), lists_dir)
    snapshots = []
    for relative, override in LIST_FILES:
        path = lists_dir / relative
        list_format = detect_format(path)
        files = list_format.companions(path) or [path]
        snapshots.append(
            parse_files(files, list_format=list_format, source_id=override, registry=registry)
        )
    return ListSet(tuple(snapshots), origin="files")


def source(source_id: str, scope: Scope = "unilateral") -> Source:
    """A made-up source for small synthetic list sets."""
    return Source(
        id=source_id,
        authority=f"authority of {source_id}",
        jurisdiction="ZZ",
        scope=scope,
        format="internal",
        title=source_id,
    )


def designation(
    designation_id: str,
    *names: str | tuple[str, NameQuality],
    kind: EntityKind = "person",
    born: int | None = None,
    country: str | None = None,
) -> Designation:
    """A designation with the given names (the first primary, the rest a.k.a.)."""
    built = []
    for index, item in enumerate(names):
        quality: NameQuality = "strong"
        if isinstance(item, str):
            full = item
        else:
            full, quality = item
        built.append(Name(full, type="primary" if index == 0 else "aka", quality=quality))
    return Designation(
        id=designation_id,
        source_id=designation_id.partition(":")[0],
        kind=kind,
        names=tuple(built),
        birth_dates=(BirthDate(PartialDate(born)),) if born is not None else (),
        nationalities=(Country(country),) if country is not None else (),
    )


def list_set(*snapshots: tuple[Source, tuple[Designation, ...]]) -> ListSet:
    """A `ListSet` of synthetic snapshots."""
    return ListSet(
        tuple(
            ListSnapshot(
                source=src,
                designations=designations,
                published=None,
                files=(),
                parser="test",
                parser_version="0",
            )
            for src, designations in snapshots
        )
    )


@functools.cache
def small_list_set() -> ListSet:
    """A few designations over three sources of different scope, for filter and evidence tests."""
    un = source("test-un", "un")
    us = source("test-us")
    eu = source("test-eu", "regional")
    return list_set(
        (
            un,
            (
                designation("test-un:1", "Viktor Petrenko", born=1970, country="UA"),
                designation("test-un:2", "Ocean Star Trading LLC", kind="organization"),
            ),
        ),
        (
            us,
            (
                designation("test-us:1", "PETRENKO, Viktor", ("Viktor Petrenkov", "weak")),
                designation("test-us:2", "Amina Okonkwo", born=1985, country="NG"),
                designation("test-us:3", "Mohamed Al-Kani", born=1979, country="LY"),
            ),
        ),
        (eu, (designation("test-eu:1", "Viktor Petrenko", born=1990, country="FR"),)),
    )


# --- query variations (shared by the index agreement test and benchmarks/speed.py) ---

CYRILLIC = [
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"),
    ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("q", "к"),
    ("c", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("x", "кс"), ("j", "дж"),
]  # fmt: skip


def to_cyrillic(name: str) -> str:
    """A naive Russian-style rendering of a Latin name (as a clerk might type it)."""
    text, out, i = name.lower(), [], 0
    while i < len(text):
        for latin, cyrillic in CYRILLIC:
            if text.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out).title()


def typo(name: str, rng: random.Random) -> str | None:
    """One substitution, deletion, insertion or transposition inside a word of 5+ letters."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return None
    i = rng.choice(long_words)
    word = words[i]
    pos = rng.randrange(1, len(word) - 1)
    op = rng.choice(["substitute", "delete", "insert", "transpose"])
    letter = rng.choice("aeioulnrstkm")
    if op == "substitute":
        word = word[:pos] + letter + word[pos + 1 :]
    elif op == "delete":
        word = word[:pos] + word[pos + 1 :]
    elif op == "insert":
        word = word[:pos] + letter + word[pos:]
    else:
        word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
    words[i] = word
    return " ".join(words)


def reorder(name: str, rng: random.Random) -> str | None:
    """The words in another order."""
    words = name.replace(",", " ").split()
    if len(words) < 2:
        return None
    shuffled = words[:]
    while shuffled == words:
        rng.shuffle(shuffled)
    return " ".join(shuffled)


def drop_token(name: str, rng: random.Random) -> str | None:
    """One word of three or more left out."""
    words = name.replace(",", " ").split()
    if len(words) < 3:
        return None
    del words[rng.randrange(len(words))]
    return " ".join(words)
