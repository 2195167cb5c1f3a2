"""Readers for the shared name data the generator draws on (``shared/namedata``).

Each reader parses one upstream file format and returns plain tuples/dicts;
nothing here is random. The files are read from where they lie, never copied.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from functools import cache
from pathlib import Path

import attrs
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from screening.scripts import detect_script


@attrs.frozen
class Rule:
    """A FEBRL character rule: replace ``old`` by ``new`` at ``where`` (ALL/START/END/MIDDLE).

    ``before``/``after`` are ``V`` (vowel), ``C`` (consonant) or empty (any).
    """

    where: str
    old: str
    new: str
    before: str = ""
    after: str = ""


@attrs.frozen
class PopulationName:
    """A name not on any list, with its group for the alert-rate parity table."""

    name: str
    kind: str
    culture: str
    script: str
    origin: str


def _fields(line: str) -> list[str]:
    return [f.strip() for f in line.split(",")]


@cache
def read_ocr_rules(namedata: Path) -> tuple[Rule, ...]:
    """``lib_ocr_rules.txt``: ``ALL, old, new`` lines."""
    rules = []
    for line in (namedata / "febrl" / "lib_ocr_rules.txt").read_text().splitlines():
        fields = _fields(line)
        if len(fields) == 3 and fields[1] and fields[2] and not line.startswith("#"):
            rules.append(Rule(fields[0], fields[1], fields[2]))
    return tuple(rules)


@cache
def read_phonetic_rules(namedata: Path) -> tuple[Rule, ...]:
    """``lib_phonetic_rules.txt``, keeping the rules whose conditions are plain V/C/None.

    ``@`` means the empty string; rules with compound conditions
    (``y;-2;b;h;d``) are dropped rather than half-implemented.
    """
    rules = []
    for line in (namedata / "febrl" / "lib_phonetic_rules.txt").read_text().splitlines():
        fields = _fields(line)
        if len(fields) < 5 or line.startswith("#"):
            continue
        where, old, new, before, after = fields[:5]
        if before not in {"None", "V", "C"} or after not in {"None", "V", "C"}:
            continue
        rules.append(
            Rule(
                where,
                old.lower(),
                "" if new == "@" else new.lower(),
                "" if before == "None" else before,
                "" if after == "None" else after,
            )
        )
    return tuple(rules)


@cache
def read_culture_names(namedata: Path, filename: str) -> dict[str, tuple[str, ...]]:
    """FEBRL ``*-culture-lookup.tbl``: ``KEY : NAME,NAME,...`` (key ``ARA-m``, ``RUS`` ...)."""
    table: dict[str, list[str]] = defaultdict(list)
    key = ""
    for line in (namedata / "febrl" / filename).read_text(errors="replace").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if ":" in line:
            key, _, rest = line.partition(":")
            key = key.strip()
        else:
            rest = line
        table[key].extend(n.strip().title() for n in rest.split(",") if n.strip().isalpha())
    return {k: tuple(v) for k, v in table.items() if v}


@cache
def read_org_types(namedata: Path) -> tuple[tuple[str, ...], ...]:
    """Legal-form alias groups from rigour's ``org_types.yml`` (one tuple per type).

    The file is a flat YAML list; a line-based reader avoids a YAML dependency.
    """
    groups: list[list[str]] = []
    in_aliases = False
    for line in (namedata / "rigour_resources" / "org_types.yml").read_text().splitlines():
        stripped = line.strip()
        key, _, value = stripped.lstrip("- ").partition(":")
        if line.startswith("  - "):
            groups.append([])
            in_aliases = stripped == "- aliases:"
        if key in {"display", "compare"} and value.strip() and groups:
            groups[-1].append(value.strip().strip("'\""))
        elif stripped in {"aliases:", "- aliases:"}:
            in_aliases = True
        elif stripped.startswith("- ") and in_aliases and groups:
            alias = stripped[2:].strip().strip("'\"")
            if alias:
                groups[-1].append(alias)
        elif stripped and not stripped.startswith("#") and not stripped.startswith("- "):
            in_aliases = False
    return tuple(tuple(dict.fromkeys(g)) for g in groups if len(set(g)) >= 2)


TRANSLIT_SCRIPTS = frozenset({"Arab", "Cyrl", "Grek", "Hani", "Hang", "Hebr", "Kana"})
"""Scripts that constructed other-script queries are written in."""


def _skeleton(text: str) -> str:
    return "".join(c for c in text if c not in "aeiouy'`-")


def _plausible(latin: str, script: str, native: str) -> bool:
    """Whether a wikidata cluster form is a rendering of ``latin`` and not cluster noise.

    Clusters are wide (``bong`` shares one with ``ким``): an alphabetic form
    must resemble the Latin word once romanised (consonant skeletons for
    abjads). CJK forms cannot be checked that way and are taken from netranslit
    only, whose pairs are 1:1.
    """
    if script in {"Hani", "Hang", "Kana"}:
        return False
    romanised = unidecode(native).lower()
    if script in {"Arab", "Hebr"}:
        return Levenshtein.normalized_similarity(_skeleton(latin), _skeleton(romanised)) >= 0.5
    return Levenshtein.normalized_similarity(latin, romanised) >= 0.5


@cache
def read_native_forms(
    namedata: Path, words: frozenset[str]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Latin token -> script -> native spellings, for the lower-case ``words`` asked for.

    Sources: netranslit pairs and wikidata name-part clusters.

    netranslit pairs are ordered by how often they were seen; wikidata clusters
    add every form in a non-Latin script of each cluster a Latin form belongs to.
    """
    forms: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    folder = namedata / "netranslit_wikidata"
    for path in sorted(folder.glob("en_*.dev.tsv")):
        rows = []
        with path.open(encoding="utf-8") as handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)
            for row in reader:
                if len(row) >= 3 and row[0].lower() in words and row[2].isdigit():
                    rows.append((int(row[2]), row[0].lower(), row[1]))
        for _count, english, native in sorted(rows, reverse=True):
            script = detect_script(native)
            plausible = script in {"Hani", "Hang", "Kana"} or _plausible(english, script, native)
            if script in TRANSLIT_SCRIPTS and plausible and native not in forms[english][script]:
                forms[english][script].append(native)
    parts = namedata / "wikidata_name_parts" / "person_name_parts.dev.txt.gz"
    with gzip.open(parts, "rt", encoding="utf-8") as handle:
        for line in handle:
            cluster = [f.strip() for f in line.partition("=>")[0].split(",") if f.strip()]
            latin = [f for f in cluster if f in words]
            if not latin:
                continue
            renderings = [(detect_script(f), f) for f in cluster if not f.isascii()]
            for word in latin:
                for script, form in renderings:
                    if script not in TRANSLIT_SCRIPTS:
                        continue
                    if _plausible(word, script, form) and form not in forms[word][script]:
                        forms[word][script].append(form)
    return {k: {s: tuple(v) for s, v in d.items()} for k, d in forms.items()}


@cache
def read_wikidata_clusters(namedata: Path) -> dict[str, frozenset[int]]:
    """Latin form -> ids of the wikidata clusters it belongs to (to tell variants apart)."""
    clusters: dict[str, set[int]] = defaultdict(set)
    parts = namedata / "wikidata_name_parts" / "person_name_parts.dev.txt.gz"
    with gzip.open(parts, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            for form in line.partition("=>")[0].split(","):
                form = form.strip()
                if form.isascii() and form.isalpha():
                    clusters[form].add(number)
    return {k: frozenset(v) for k, v in clusters.items()}


def _script_group(name: str) -> str:
    script = detect_script(name)
    return "Jpan" if script in {"Hira", "Kana"} else script


@cache
def read_population(namedata: Path) -> tuple[PopulationName, ...]:
    """Every population negative: yente's synthetic people and Faker persons/companies.

    Culture is the Faker locale's language (``ru``, ``zh`` ...); yente's global
    file has no locale, so its rows are grouped by script only (culture
    ``yente-global`` / ``yente-us``).
    """
    names: list[PopulationName] = []
    folder = namedata / "synthetic_negatives_people"
    for label, filename in (("global", "negatives_global.dev.csv"), ("us", "negatives_us.dev.csv")):
        with (folder / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = " ".join(row["full_name"].split())
                if name:
                    script = _script_group(name)
                    names.append(PopulationName(name, "person", f"yente-{label}", script, filename))
    faker = namedata / "faker_negatives"
    with (faker / "persons.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = " ".join(row["full_name"].split())
            if name:
                culture = row["locale"].split("_")[0]
                names.append(
                    PopulationName(name, "person", culture, _script_group(name), "persons.csv")
                )
    with (faker / "companies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = " ".join(row["company_name"].split())
            if name:
                culture = row["locale"].split("_")[0]
                names.append(
                    PopulationName(
                        name, "organization", culture, _script_group(name), "companies.csv"
                    )
                )
    return tuple(names)
