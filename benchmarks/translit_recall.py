"""How often `romanize` reaches the English spelling of a native-script name.

Data: ``shared/namedata/netranslit_wikidata/en_<lang>.dev.tsv`` (english, native,
count; single-token person names mined from Wikidata). Per language it reports,
as a markdown table:

* ``exact any`` / ``exact top1``: the English form is among the variants / is the first;
* ``sim>=0.8 top1`` / ``sim>=0.8 any``: RapidFuzz ``fuzz.ratio`` similarity of the
  first variant / of the closest variant to the English form is at least 0.8;
* the same two figures for a plain ``unidecode`` baseline;
* ``us/token``: romanisation time per token (cold cache).

With ``--variants`` it also checks the native names of
``name_variants_tables/name_variants.tsv`` (Arabs' Arabic names, Koreans' Korean
names ...), since the Wikidata pairs are mostly foreign names written in the
script. A few very frequent names there are also in our reviewed tables.

The English side is folded the same way for both (unidecode, lower case, a-z).
This is a dev set: improve generic rules with it, never add per-name entries.

Usage: ``python benchmarks/translit_recall.py [--limit 5000] [--lang arabic]``
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz
from unidecode import unidecode

from screening.normalize.translit import romanize

VARIANT_MODULES = (
    "arabic_names",
    "persian_names",
    "hebrew_names",
    "greek_names",
    "russian_surnames",
    "korean_surnames",
    "korean_given_names",
    "chinese_surnames",
    "chinese_given_names",
    "japanese_surnames",
    "japanese_given_names",
)
LANGUAGES = ("arabic", "russian", "hebrew", "chinese", "korean", "katakana", "japanese")
NAMEDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "namedata"
DATA = NAMEDATA / "netranslit_wikidata"
VARIANTS = NAMEDATA / "name_variants_tables" / "name_variants.tsv"
THRESHOLD = 0.8
_NOT_LATIN = re.compile(r"[^a-z]+")


def fold(text: str) -> str:
    return _NOT_LATIN.sub("", unidecode(text).lower())


def load_pairs(language: str, data: Path) -> list[tuple[str, str]]:
    """(english, native) pairs; the files are tab-separated without quoting."""
    pairs = []
    lines = (data / f"en_{language}.dev.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) == 3 and fields[0] and fields[1]:
            english = fold(fields[0])
            if english:
                pairs.append((english, fields[1]))
    return pairs


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


def measure(pairs: list[tuple[str, str]]) -> dict[str, float]:
    counts = dict.fromkeys(
        ("exact_any", "exact_top1", "sim_top1", "sim_any", "base_exact", "base_sim"), 0
    )
    started = time.perf_counter()
    variants = [romanize(native) for _english, native in pairs]
    elapsed = time.perf_counter() - started
    for (english, native), forms in zip(pairs, variants, strict=True):
        forms = forms or ("",)
        counts["exact_any"] += english in forms
        counts["exact_top1"] += english == forms[0]
        counts["sim_top1"] += similarity(forms[0], english) >= THRESHOLD
        counts["sim_any"] += max(similarity(form, english) for form in forms) >= THRESHOLD
        baseline = fold(native)
        counts["base_exact"] += baseline == english
        counts["base_sim"] += similarity(baseline, english) >= THRESHOLD
    n = max(len(pairs), 1)
    result = {key: value / n for key, value in counts.items()}
    result["us_per_token"] = elapsed / n * 1e6
    return result


def variant_clusters(path: Path) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Native names with their romanised forms, per source module (native-speaker names)."""
    clusters: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) >= 4 and fields[0] in VARIANT_MODULES:
            forms = tuple(fold(form) for form in fields[3].split("|") if fold(form))
            for token in fields[2].split():
                clusters.setdefault(fields[0], []).append((token, forms))
    return clusters


def measure_clusters(cases: list[tuple[str, tuple[str, ...]]]) -> tuple[float, float, float]:
    """Shares with a listed form among the variants, within 0.8, and for unidecode."""
    exact = close = base = 0
    for native, forms in cases:
        variants = romanize(native) or ("",)
        exact += any(v in forms for v in variants)
        close += max(similarity(v, f) for v in variants for f in forms) >= THRESHOLD
        base += max(similarity(fold(native), f) for f in forms) >= THRESHOLD
    n = max(len(cases), 1)
    return exact / n, close / n, base / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="netranslit_wikidata folder")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="repeatable")
    parser.add_argument("--limit", type=int, default=0, help="random sample per language (0 = all)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also check native-speaker names from name_variants_tables (a sanity check)",
    )
    args = parser.parse_args(argv)
    print(
        "| language | pairs | exact any | exact top1 | sim>=0.8 top1 | sim>=0.8 any "
        "| unidecode exact | unidecode sim>=0.8 | us/token |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for language in args.lang or LANGUAGES:
        pairs = load_pairs(language, args.data)
        if args.limit and len(pairs) > args.limit:
            pairs = random.Random(args.seed).sample(pairs, args.limit)
        r = measure(pairs)
        print(
            f"| {language} | {len(pairs)} | {r['exact_any']:.1%} | {r['exact_top1']:.1%} "
            f"| {r['sim_top1']:.1%} | {r['sim_any']:.1%} | {r['base_exact']:.1%} "
            f"| {r['base_sim']:.1%} | {r['us_per_token']:.0f} |"
        )
        sys.stdout.flush()
    if args.variants and VARIANTS.is_file():
        print()
        print("| name_variants module | tokens | exact any | sim>=0.8 any | unidecode sim>=0.8 |")
        print("|---|---:|---:|---:|---:|")
        for module, cases in variant_clusters(VARIANTS).items():
            exact, close, base = measure_clusters(cases)
            print(f"| {module} | {len(cases)} | {exact:.1%} | {close:.1%} | {base:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
