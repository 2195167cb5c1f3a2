"""Name comparison: token similarity with reasons, order-free alignment, one score scale.

How two names are scored:

1. Each name is normalised into tokens (``screening.normalize``); adjacent
   tokens may also be joined ("al kani" = "alkani", "xi jin ping" = "xijinping").
2. Every query token (or join) is compared with every listed token (or join).
   The similarity is the best of: ``exact``; ``variant`` (same name family,
   0.95); ``transliteration`` (a romanisation of a non-Latin token equals or
   is close to the listed token); ``skeleton`` (same consonants, for names
   written in Arabic or Hebrew script without short vowels); ``phonetic``
   (same consonant-class key: Qadhafi/Gaddafi); ``edit`` (OSA edit distance,
   so a transposition costs one); ``initial`` (an initial against a name).
   Below ``min_token_similarity`` a pair does not match.
3. Pairs are chosen greedily, best first, without reusing a token; order in
   the names does not matter.
4. Each token weighs by its rarity in the lists (a rare family name matters
   more than "Mohamed" or "Trading"); titles weigh nothing, particles and
   legal forms little. The score is the weighted share of agreement::

       score = sum(sim * 2w, matched) / (sum(2w, matched)
               + extra_query_cost * sum(w, unmatched query)
               + missing_listed_cost * sum(w, unmatched listed))

   So 1.0 is identical after normalisation, ~0.9 is agreement with minor
   spelling variation, and a listed middle name missing from the query costs
   less than an unknown extra word in the query. When the query's last word
   is cut short (a prefix of the listed word it matches: a name truncated by
   a payment field), the listed words after it cost ``truncated_tail_factor``
   of that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from screening.config import MatchConfig
from screening.normalize.normalizer import NormalizedName, Token, TokenRole, single_syllable
from screening.normalize.phonetic import (
    collapse_repeats,
    consonant_skeleton,
    letter_skeleton,
    phonetic_key,
    spelling_fold,
)
from screening.variants import VariantTable, default_variants

MAX_JOIN = 3
MAX_ABBREVIATION = 3
"""Letters of a legal form that is an abbreviation (LLC, Ltd, d.d.), never part of a word."""
"""Longest run of adjacent tokens compared as one joined token."""

ROLE_WEIGHT: dict[str, float] = {
    "name": 1.0,
    "initial": 0.35,
    "number": 0.6,
    "particle": 0.2,
    "legal": 0.1,
    "title": 0.0,
}


@attrs.frozen
class TokenMatch:
    """One aligned pair: query part, listed part, how similar and why."""

    query: str
    listed: str
    similarity: float
    how: str
    weight: float

    def __str__(self) -> str:
        sign = "=" if self.similarity >= 1.0 else "~"
        return f"{self.query}{sign}{self.listed} ({self.how} {self.similarity:.2f})"


@attrs.frozen
class NameComparison:
    """The comparison of one query name with one listed name."""

    score: float
    pairs: tuple[TokenMatch, ...]
    unmatched_query: tuple[str, ...]
    unmatched_listed: tuple[str, ...]

    def describe(self) -> str:
        parts = [str(pair) for pair in self.pairs]
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_listed:
            parts.append("listed only: " + " ".join(self.unmatched_listed))
        return "; ".join(parts)


class Unit(NamedTuple):
    """A token or a run of adjacent tokens of one name, as compared.

    A named tuple rather than an attrs class: hundreds of thousands are made
    at index build time, and tuple construction is several times cheaper.
    """

    start: int
    end: int  # exclusive
    forms: tuple[str, ...]
    role: TokenRole
    abjad: bool
    foreign: str  # "" (Latin letters), "word" or "syllable" (one Chinese or Korean character)
    canonical: str | None
    text: str  # forms[0]
    size: int  # end - start
    mask: int  # bit i set for each token i covered


def make_unit(
    start: int,
    end: int,
    forms: tuple[str, ...],
    role: TokenRole,
    abjad: bool,
    foreign: str = "",
    canonical: str | None = None,
) -> Unit:
    size = end - start
    return Unit(
        start,
        end,
        forms,
        role,
        abjad,
        foreign,
        canonical,
        forms[0],
        size,
        ((1 << size) - 1) << start,
    )


def _foreignness(token: Token) -> str:
    if token.script in _LATIN:
        return ""
    return "syllable" if single_syllable(token.original, token.script) else "word"


def units_of(tokens: Sequence[Token], *, query: bool = False) -> list[Unit]:
    """Single tokens and joins of up to `MAX_JOIN` adjacent tokens (main forms concatenated).

    A query also joins a single letter to its neighbouring word: a letter split
    off a word ("A BBES", "S/hwe", "Gazpromnef t") reads as an initial, and
    whether it is one, the alignment decides. Listed names do not: their
    initials are initials, and joined they would only widen the index.
    """
    texts = [t.text for t in tokens]
    abjads = [t.abjad for t in tokens]
    foreigns = [_foreignness(t) for t in tokens]
    units = [
        make_unit(i, i + 1, token.forms, token.role, abjads[i], foreigns[i], token.canonical)
        for i, token in enumerate(tokens)
    ]
    # joinable_until[i]: where the run of joinable tokens from i ends (titles,
    # initials, numbers and abbreviated legal forms opening or closing the name
    # are not joined into runs: "Car d.d." is not "Card", but "Gazprom Bank" is
    # "Gazprombank" and "Paya Par Tov Co." is "Paya Partov Co.")
    joinable_until = [0] * (len(tokens) + 1)
    joinable_until[len(tokens)] = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        joinable = tokens[i].role not in ("title", "initial", "number") and not (
            tokens[i].role == "legal"
            and len(tokens[i].text) <= MAX_ABBREVIATION
            and i in (0, len(tokens) - 1)
        )
        joinable_until[i] = joinable_until[i + 1] if joinable else i
    for width in range(2, MAX_JOIN + 1):
        for start in range(len(tokens) - width + 1):
            end = start + width
            if joinable_until[start] < end:
                continue
            joined = "".join(texts[start:end])
            abjad = any(abjads[start:end])
            foreign = "word" if any(foreigns[start:end]) else ""
            units.append(make_unit(start, start + width, (joined,), "name", abjad, foreign))
    for i in range(len(tokens) - 1 if query else 0):
        if {tokens[i].role, tokens[i + 1].role} == {"initial", "name"}:
            abjad = abjads[i] or abjads[i + 1]
            foreign = "word" if foreigns[i] or foreigns[i + 1] else ""
            units.append(make_unit(i, i + 2, (texts[i] + texts[i + 1],), "name", abjad, foreign))
    return units


INITIAL_SIMILARITY = 0.9
"""An initial against a name with that first letter."""
INITIAL_WEIGHT = 0.6
"""Share of the listed token's weight an initial carries (it says less than the name)."""
SKELETON_SIMILARITY = {1: 0.0, 2: 0.72, 3: 0.86}
"""Similarity of equal consonant skeletons by their length (4 or more: 0.92)."""
TRUNCATED_SIMILARITY = 0.9
"""The query's last token is a prefix of the listed token."""
LEGAL_FORM_SIMILARITY = 0.98
"""Two spellings of one legal form (ООО and LLC; SARL and Soc. a Resp. Limitee)."""
TRANSPOSED_SIMILARITY = 0.85
"""Two adjacent letters swapped in a word of four letters or more."""
SPELT_ALIKE_SIMILARITY = 0.9
"""Two spellings of the same sounds, vowels and all (`spelling_fold`: Duque/Duke, Gomez/Gomes)."""
KEYBOARD_SLIP_COST = 0.5
"""Share of a letter a substituted neighbouring key costs (Akmad typed Aknad):
a word of five letters with one slip scores 0.9, with one unrelated letter 0.8."""
MIN_SLIP_LENGTH = 5
"""Letters a word needs for a keyboard slip to cost less: Sami and Sani are two names."""
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """Letters next to each letter on a QWERTY keyboard (rows are staggered to the right:
    s touches a, d, w, e, z and x)."""
    position = {c: (r, i) for r, row in enumerate(_KEYBOARD_ROWS) for i, c in enumerate(row)}
    touching = {0: (-1, 1), -1: (0, 1), 1: (-1, 0)}  # row offset -> column offsets
    return {
        c: frozenset(
            d
            for d, (r2, i2) in position.items()
            if r2 - r in touching and i2 - i in touching[r2 - r]
        )
        for c, (r, i) in position.items()
    }


_NEIGHBOURS = _keyboard_neighbours()


def keyboard_slip(query: str, listed: str) -> bool:
    """One letter of the listed word typed as a neighbouring key, nothing else changed."""
    if len(query) != len(listed) or len(query) < MIN_SLIP_LENGTH:
        return False
    differ = [(a, b) for a, b in zip(query, listed, strict=True) if a != b]
    return len(differ) == 1 and differ[0][0] in _NEIGHBOURS.get(differ[0][1], ())


def vowel_edges(word: str) -> tuple[bool, bool]:
    """Whether a word begins and ends with a vowel (a final "ah", "eh" counts as one).

    An abjad leaves short vowels out but writes a word's initial alif or ayn
    and its final long vowel: Hamidi (حمیدی) ends in one that Ahmad (أحمد)
    lacks, Ibrahim (إبراهيم) opens with one that Parham (پرهام) lacks, though
    their consonants agree.
    """
    end = word[:-1] if len(word) > 2 and word[-1] == "h" and word[-2] in "aeiou" else word
    return word[:1] in "aeiou", end[-1:] in "aeiouy"


_LATIN = frozenset({"Latn", "Zyyy"})
_SOUND_EVIDENCE = frozenset({"skeleton", "phonetic"})
JOIN_SOUND_MIN_EDIT = 0.6
"""Edit similarity query words run together need for sound or skeleton evidence."""


PAIR_CACHE_SIZE = 100_000
"""Token pairs a `TokenSimilarity` remembers (about 100 bytes each)."""


class TokenSimilarity:
    """Similarity of two token strings with the reason; bounded caches, thread-safe."""

    def __init__(self, variants: VariantTable | None = None, *, floor: float = 0.7) -> None:
        self.variants = variants or default_variants()
        self.floor = floor
        # Bounded so a long batch run's memory levels off; frequent pairs stay.
        self.pair = functools.lru_cache(maxsize=PAIR_CACHE_SIZE)(self._pair)

    def _pair(self, query: str, listed: str, abjad: bool) -> tuple[float, str]:
        if query == listed:
            return 1.0, "exact"
        same_family = self.variants.same_family(query, listed)
        if same_family:
            return 0.95, "variant"
        edit = OSA.normalized_similarity(query, listed)
        vowelless = len(query) >= 3 and not any(v in query for v in "aeiouy")
        if edit < 0.5 and not abjad and not vowelless:
            # Fast exit for the bulk of pairs: below 0.5 only the skeleton
            # evidence (abjad or vowel-less words) could still lift the score,
            # and doubled letters alone never halve the similarity.
            return edit, "edit"
        if collapse_repeats(query) == collapse_repeats(listed):
            return 0.95, "spelling"  # doubled letters: Mohammed/Mohamed, Goo/Go
        best, how = edit, "edit"
        if (
            edit < TRANSPOSED_SIMILARITY
            and len(query) >= 4
            and len(query) == len(listed)
            and OSA.distance(query, listed) == 1
            and Levenshtein.distance(query, listed) == 2
        ):
            # two adjacent letters swapped: the commonest typing slip
            best, how = TRANSPOSED_SIMILARITY, "edit"
        elif edit < 1.0 and keyboard_slip(query, listed):
            best, how = 1.0 - KEYBOARD_SLIP_COST / len(query), "keyboard"
        if best <= SPELT_ALIKE_SIMILARITY and spelling_fold(query) == spelling_fold(listed):
            best, how = SPELT_ALIKE_SIMILARITY, "phonetic"  # Duque/Duke, Gomez/Gomes
        # an abjad writes a word's initial alif or ayn and its final long vowel
        edges_differ = abjad and not vowelless and vowel_edges(query) != vowel_edges(listed)
        if (abjad or vowelless) and not edges_differ:
            skeleton_q, skeleton_l = consonant_skeleton(query), consonant_skeleton(listed)
            if vowelless:
                # written without vowels ("TSTD" for Tostado): compare letter by letter
                skeleton_q, skeleton_l = letter_skeleton(query), letter_skeleton(listed)
            if skeleton_q == skeleton_l:
                # Equal consonants say more the more consonants there are:
                # "mhmd"/Mohamed is strong evidence, "mr"/Omar is weak.
                same = SKELETON_SIMILARITY.get(len(skeleton_l), 0.92 if skeleton_l else 0.0)
                if same > best:
                    return same, "skeleton"
            elif len(skeleton_l) >= 4:
                skeleton_sim = OSA.normalized_similarity(skeleton_q, skeleton_l) * 0.85
                if skeleton_sim > best:
                    best, how = skeleton_sim, "skeleton"
        key = phonetic_key(query)
        if (
            len(key) >= 3
            and edit >= 0.5
            and not edges_differ
            and key == phonetic_key(listed)
            and same_family is None
        ):
            # Same sounds, different spelling (Qadhafi/Gaddafi); the edit floor keeps
            # coarse keys from pairing unrelated short names (Wang/Phung).
            phonetic = 0.65 + 0.3 * edit
            if phonetic > best:
                best, how = phonetic, "phonetic"
        return best, how

    def compare(self, query: Unit, listed: Unit, *, last: bool = False) -> tuple[float, str]:
        """Best similarity over the query unit's forms (romanisations) against the listed unit.

        ``last`` marks the query's final token, which may be cut short (a
        payment field truncated at 35 characters): a name word that is a
        prefix of the listed token then counts as ``truncated`` (a particle
        such as "el" is a whole word, not the start of "Elkaddafi").
        """
        if query.role == "initial" or listed.role == "initial":
            if query.size > 1 or listed.size > 1:
                return 0.0, "none"  # an initial stands for one word, never a join
            other = listed.role if query.role == "initial" else query.role
            if query.text[:1] == listed.text[:1] and other in ("name", "particle"):
                # (for a name or a particle, "A. A. Al-Rahman": Abu Abd; never a legal form)
                return INITIAL_SIMILARITY, "initial"
            if query.role == listed.role == "initial" and query.text == listed.text:
                return 1.0, "initial"  # two initials agree: weighs as an initial
            return 0.0, "none"
        if listed.role == "title" and query.role != "title":
            return 0.0, "none"  # a listed "Mr" is no evidence for a query word
        if query.canonical is not None and query.canonical == listed.canonical:
            return 1.0 if query.text == listed.text else LEGAL_FORM_SIMILARITY, "legal form"
        best, how, used = 0.0, "none", 0
        for index, form in enumerate(query.forms):
            sim, reason = self.pair(form, listed.text, query.abjad)
            if query.size > 1 and reason in _SOUND_EVIDENCE:
                # Sounds and skeletons of query words run together match unrelated
                # words ("shalio darai" ~ Iseldor): such a join counts by its
                # letters unless they are close already.
                edit = OSA.normalized_similarity(form, listed.text)
                if edit < JOIN_SOUND_MIN_EDIT:
                    sim, reason = edit, "edit"
            elif (query.foreign and reason == "keyboard") or (
                query.foreign == "syllable" and reason == "phonetic"
            ):
                # A slipped QWERTY key needs Latin letters typed on one; a
                # Chinese or Korean syllable's romanisations are all its forms
                # already, another sound is another syllable (陈芳 Fang is not Wang).
                sim, reason = OSA.normalized_similarity(form, listed.text), "edit"
            if sim > best:
                best, how, used = sim, reason, index
                if best >= 1.0:
                    break
        if query.foreign == "syllable" and how == "edit":
            # A syllable a letter off is another character (芳 fang, 方 fong is
            # Cantonese at best): the letters it lacks count twice.
            best = max(0.0, 2 * best - 1)
        if query.foreign and how in ("exact", "edit"):
            how = "transliteration"
        elif used and how in ("exact", "edit"):
            # another reading of a Latin token: digits as letters, or ä as ae
            how = "digits" if any(c.isdigit() for c in query.text) else "spelling"
        if (
            last
            and best < TRUNCATED_SIMILARITY
            and query.size == 1
            and query.role == "name"
            and not query.foreign  # a romanised syllable is not a word cut short
        ):
            text = query.text
            if len(text) >= 2 and len(listed.text) > len(text) and listed.text.startswith(text):
                return TRUNCATED_SIMILARITY, "truncated"
        return best, how


MIN_CUT_LENGTH = 20
"""Characters a query needs to be a name cut short by a field's length: the shortest
fields that cut names hold 21 to 26 (card embossing) or 22 (US ACH); SWIFT's hold
35. A shorter query is a whole name ("Monica Jara" is not "Monica Jaramillo")."""


def may_be_cut_short(query: NormalizedName) -> bool:
    """Whether the query's last word may have been cut by a field's length: a query of
    two words or more, `MIN_CUT_LENGTH` characters long."""
    return len(query.tokens) >= 2 and len(query.original.strip()) >= MIN_CUT_LENGTH


WeightFunction = Callable[[str, TokenRole], float]


def uniform_weight(_text: str, role: TokenRole) -> float:
    """Weights without list statistics: by role only (used by `compare`)."""
    return ROLE_WEIGHT[role]


Alignment = list[tuple[float, int, int, str]]
"""Chosen pairs: (similarity, query unit index, listed unit index, how)."""


UnitMatches = dict[tuple[str, str], list[tuple[int, float, str]]]
"""For a listed unit's (text, role): the query units it matches, (index, similarity, how)."""


def unit_matches(
    q_units: Sequence[Unit],
    l_units: Iterable[Unit] | ListedUnits,
    similarity: TokenSimilarity,
    floor: float,
    *,
    cut_possible: bool = True,
) -> UnitMatches:
    """Every query unit against every distinct listed unit, keeping pairs at or above ``floor``.

    ``cut_possible``: whether the query's last word may be cut short (`may_be_cut_short`),
    so that it may be the start of a listed word.

    One query is compared with all its candidates' words at once: rapidfuzz's
    ``cdist`` computes the edit similarity of every romanisation of every
    query unit against every distinct listed text in C, and `_may_reach`
    picks, by the same rules as `TokenSimilarity.compare` but on arrays, the
    pairs that some evidence could lift to ``floor``. Only those go through
    the full (Python) comparison; the result is the same as comparing every
    pair.
    """
    listed = l_units if isinstance(l_units, ListedUnits) else ListedUnits.of(l_units, similarity)
    matches: UnitMatches = {}
    if not listed.units or not q_units:
        return matches
    forms = [form for unit in q_units for form in unit.forms]
    matrix = process.cdist(forms, listed.texts, scorer=OSA.normalized_similarity, dtype=np.float32)
    last_token = max(unit.end for unit in q_units)
    row = 0
    for qi, q_unit in enumerate(q_units):
        best = matrix[row : row + len(q_unit.forms)].max(axis=0)
        row += len(q_unit.forms)
        # (a one-word query is not a name cut short by a field's length)
        last = cut_possible and q_unit.end == last_token >= 2 and q_unit.size == 1
        for j in np.flatnonzero(_may_reach(q_unit, listed, best, floor, last)).tolist():
            unit = listed.units[j]
            sim, how = similarity.compare(q_unit, unit, last=last)
            if sim >= floor:
                matches.setdefault((unit.text, unit.role), []).append((qi, sim, how))
    return matches


_VOWELS = frozenset("aeiouy")
_SLACK = 1e-4
"""Float32 edit similarities are compared against thresholds with this slack."""


def _vowelless(text: str) -> bool:
    return len(text) >= 3 and _VOWELS.isdisjoint(text)


@functools.lru_cache(maxsize=200_000)
def sound_keys(text: str) -> tuple[str, str]:
    """A token's phonetic key and its text with repeated letters folded."""
    return phonetic_key(text), collapse_repeats(text)


@functools.lru_cache(maxsize=200_000)
def _skeleton(text: str, letters: bool) -> str:
    return letter_skeleton(text) if letters else consonant_skeleton(text)


def _canonical_hash(canonical: str | None) -> int:
    return 0 if canonical is None else hash(canonical)


@attrs.frozen
class UnitFlags:
    """Per listed unit, as arrays: what `_may_reach` tests without touching the units.

    The sound keys are stored as string hashes: equal keys have equal
    hashes, and the rare collision only sends one more pair to the full
    comparison, which decides.
    """

    initial: npt.NDArray[np.bool_]
    family: npt.NDArray[np.bool_]  # the text is in a known name family
    phonetic: npt.NDArray[np.int64]  # hash of the phonetic key
    collapsed: npt.NDArray[np.int64]  # hash of the text with repeated letters folded
    spelled: npt.NDArray[np.int64]  # hash of its `spelling_fold`
    canonical: npt.NDArray[np.int64]  # hash of its canonical legal form, or 0

    @classmethod
    def of(cls, units: Sequence[Unit], variants: VariantTable) -> UnitFlags:
        count = len(units)
        keys = [sound_keys(u.text) for u in units]
        return cls(
            np.fromiter((u.role == "initial" for u in units), dtype=bool, count=count),
            np.fromiter((variants.family(u.text) is not None for u in units), bool, count),
            np.fromiter((hash(p) for p, _ in keys), dtype=np.int64, count=count),
            np.fromiter((hash(c) for _, c in keys), dtype=np.int64, count=count),
            np.fromiter((hash(spelling_fold(u.text)) for u in units), np.int64, count),
            np.fromiter((_canonical_hash(u.canonical) for u in units), np.int64, count),
        )

    def __getitem__(self, numbers: npt.NDArray[np.int32]) -> UnitFlags:
        return UnitFlags(
            self.initial[numbers],
            self.family[numbers],
            self.phonetic[numbers],
            self.collapsed[numbers],
            self.spelled[numbers],
            self.canonical[numbers],
        )


class ListedUnits:
    """Distinct listed units (by text and role) with per-unit flags as arrays.

    Made per call from any units (`of`), or taken from a `UnitVocabulary`
    that computed the flags once for a whole index.
    """

    def __init__(
        self,
        units: Sequence[Unit],
        texts: Sequence[str],
        flags: UnitFlags,
        variants: VariantTable,
    ) -> None:
        self.units = units
        self.texts = texts
        self.flags = flags
        self.variants = variants
        self._skeletons: dict[bool, list[str]] = {}

    @classmethod
    def of(cls, units: Iterable[Unit], similarity: TokenSimilarity) -> ListedUnits:
        distinct: dict[tuple[str, str], Unit] = {}
        for unit in units:
            distinct.setdefault((unit.text, unit.role), unit)
        found = list(distinct.values())
        texts = [unit.text for unit in found]
        return cls(found, texts, UnitFlags.of(found, similarity.variants), similarity.variants)

    def skeletons(self, letters: bool) -> list[str]:
        if letters not in self._skeletons:
            self._skeletons[letters] = [_skeleton(t, letters) for t in self.texts]
        return self._skeletons[letters]


class UnitVocabulary:
    """Every distinct unit of an index's names, numbered, with its flags computed once.

    A query's candidates share many words; looking their distinct units up
    by number (`listed`) replaces a per-query pass over every unit in Python.
    """

    def __init__(self, names_units: Sequence[Sequence[Unit]], variants: VariantTable) -> None:
        number: dict[tuple[str, str], int] = {}
        units: list[Unit] = []
        flat: list[int] = []
        offsets = [0]
        for name_units in names_units:
            for unit in name_units:
                key = (unit.text, unit.role)
                found = number.get(key)
                if found is None:
                    found = number[key] = len(units)
                    units.append(unit)
                flat.append(found)
            offsets.append(len(flat))
        # Object arrays: a query's units are gathered by one fancy index, in C.
        self._unit_array = _object_array(units)
        self._text_array = _object_array([unit.text for unit in units])
        self.variants = variants
        self.flags = UnitFlags.of(units, variants)
        self._numbers = np.asarray(flat, dtype=np.int32)
        self._offsets = np.asarray(offsets, dtype=np.int64)

    def listed(self, name_ids: Sequence[int]) -> ListedUnits:
        """The distinct units of these names (gathered on arrays: this runs once per query)."""
        ids = np.asarray(name_ids, dtype=np.int64)
        starts = self._offsets[ids]
        lengths = self._offsets[ids + 1] - starts
        # The positions of every name's unit numbers in the flat array, in one go.
        positions = np.arange(int(lengths.sum())) + np.repeat(
            starts - lengths.cumsum() + lengths, lengths
        )
        numbers = np.sort(self._numbers[positions])
        numbers = numbers[np.flatnonzero(np.diff(numbers, prepend=-1))]
        return ListedUnits(
            self._unit_array[numbers].tolist(),
            self._text_array[numbers].tolist(),
            self.flags[numbers],
            self.variants,
        )


def _object_array(items: Sequence[Any]) -> npt.NDArray[np.object_]:
    """A 1-d object array of the items (named tuples stay whole, not rows)."""
    array = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        array[i] = item
    return array


def _may_reach(
    q_unit: Unit, listed: ListedUnits, best: np.ndarray, floor: float, last: bool
) -> np.ndarray:
    """Listed units that `TokenSimilarity.compare` could score at ``floor`` or more.

    A superset by construction: each clause mirrors one kind of evidence in
    `TokenSimilarity.compare` and ``_pair`` (edit, transposition, variant,
    repeated letters, phonetic key, consonant skeleton, legal form, initial,
    truncation), so skipping the other pairs changes no result.
    """
    units, texts = listed.units, listed.texts
    if q_unit.role == "initial":
        first = q_unit.text[:1]
        return np.fromiter(
            (u.size == 1 and u.text[:1] == first for u in units), dtype=bool, count=len(units)
        )
    flags = listed.flags
    needs: np.ndarray = (best >= floor - _SLACK) | flags.initial  # edit; initials
    if floor <= TRANSPOSED_SIMILARITY:
        # one swap in a word of four letters or more: an edit similarity of 0.75 or more
        needs |= best >= 0.75 - _SLACK
    # a keyboard slip in a word of five letters or more: an edit similarity of 0.8 or more
    needs |= best >= 1.0 - 1.0 / MIN_SLIP_LENGTH - _SLACK
    forms = q_unit.forms
    if any(listed.variants.family(form) is not None for form in forms):
        needs |= flags.family  # two names of known families may be variants
    if q_unit.canonical is not None:
        needs |= flags.canonical == _canonical_hash(q_unit.canonical)
    if last:
        text = q_unit.text
        needs |= np.fromiter((t.startswith(text) for t in texts), dtype=bool, count=len(texts))
    skeleton_forms = [f for f in forms if q_unit.abjad or _vowelless(f)]
    # Repeated letters and phonetic keys count only from an edit similarity of
    # one half up, except for skeleton forms, which are compared whatever it is.
    sounds = np.zeros(len(texts), dtype=bool)
    for key, folded in {sound_keys(f) for f in forms}:
        sounds |= flags.collapsed == hash(folded)
        if len(key) >= 3:
            sounds |= flags.phonetic == hash(key)
    for spelled in {spelling_fold(f) for f in forms}:
        sounds |= flags.spelled == hash(spelled)
    needs |= sounds if skeleton_forms else sounds & (best >= 0.5 - _SLACK)
    for letters in {_vowelless(f) for f in skeleton_forms}:
        q_skeletons = list(
            {_skeleton(f, letters) for f in skeleton_forms if _vowelless(f) == letters}
        )
        l_skeletons = listed.skeletons(letters)
        lengths = np.fromiter((len(s) for s in l_skeletons), dtype=np.int32, count=len(texts))
        skeleton_sim = process.cdist(
            q_skeletons, l_skeletons, scorer=OSA.normalized_similarity, dtype=np.float32
        ).max(axis=0)
        needs |= (skeleton_sim >= 1.0) & (lengths >= 2)  # equal skeletons
        needs |= (skeleton_sim * 0.85 >= floor - _SLACK) & (lengths >= 4)
    return needs


def align(
    q_units: Sequence[Unit], l_units: Sequence[Unit], matches: UnitMatches
) -> tuple[Alignment, int, int]:
    """Greedy best-first alignment without reusing a token: the pairs and used-token masks."""
    scored: list[tuple[float, int, int, int, int, str]] = []
    for li, l_unit in enumerate(l_units):
        found = matches.get((l_unit.text, l_unit.role))
        if not found:
            continue
        for qi, sim, how in found:
            q_size = q_units[qi].size
            if q_size > 1 and l_unit.size > 1:
                continue  # a join against a join is the same as the single pairs
            # Equally similar: a word for a word before a word for a join (one
            # reading of "ω" is "oo", which must not take both words of "ω ω"),
            # then the wider pair ("alkani" for "al kani" before "kani" alone).
            balance = -abs(q_size - l_unit.size)
            scored.append((sim, balance, q_size + l_unit.size, -qi, -li, how))
    scored.sort(reverse=True)
    q_used = l_used = 0
    chosen: Alignment = []
    for sim, _balance, _span, neg_qi, neg_li, how in scored:
        q_mask, l_mask = q_units[-neg_qi].mask, l_units[-neg_li].mask
        if q_used & q_mask or l_used & l_mask:
            continue
        q_used |= q_mask
        l_used |= l_mask
        chosen.append((sim, -neg_qi, -neg_li, how))
    return chosen, q_used, l_used


def alignment_score(
    chosen: Alignment,
    q_used: int,
    l_used: int,
    l_units: Sequence[Unit],
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    config: MatchConfig,
    *,
    cut_possible: bool = True,
) -> float:
    """The weighted agreement of an alignment (formula in the module docstring).

    ``cut_possible``: whether the query's last word may have been cut short
    (`screening.index.CandidateIndex.may_be_cut`).
    """
    if not chosen:
        return 0.0
    numerator = denominator = 0.0
    for sim, _qi, li, how in chosen:
        unit = l_units[li]
        weight = sum(l_weights[unit.start : unit.end])
        if how == "initial":
            weight *= INITIAL_WEIGHT
        numerator += 2 * sim * weight
        denominator += 2 * weight
    extra_cost = config.extra_query_cost
    listed_covered = all(l_used >> j & 1 or not w for j, w in enumerate(l_weights))
    if listed_covered and len(chosen) >= 2:
        # The whole listed name is in the query: extra query words are likelier
        # a fuller form of the name than another person.
        extra_cost *= config.contained_extra_factor
    for i, weight in enumerate(q_weights):
        if not q_used >> i & 1:
            denominator += extra_cost * weight
    # A query cut short inside its last word leaves the listed words after the cut
    # unseen; two more matched words make a cut likelier than a different name.
    cut = min((l_units[li].end for _s, _q, li, how in chosen if how == "truncated"), default=None)
    if not cut_possible or len(chosen) < 3:
        cut = None
    for j, weight in enumerate(l_weights):
        if not l_used >> j & 1:
            unseen = cut is not None and j >= cut
            factor = config.truncated_tail_factor if unseen else 1.0
            denominator += config.missing_listed_cost * factor * weight
    score = min(1.0, max(0.0, numerator / denominator)) if denominator > 0 else 0.0
    if all(how == "initial" for *_, how in chosen) and any(sim < 1.0 for sim, *_ in chosen):
        # Initials standing for words, and nothing else ("R" listed, "Rarbo"
        # asked), do not identify anybody; the same initials on both sides do.
        score *= ROLE_WEIGHT["initial"]
    return score


def alignment_bound(
    q_units: Sequence[Unit],
    l_units: Sequence[Unit],
    matches: UnitMatches,
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    config: MatchConfig,
    *,
    cut_possible: bool = True,
) -> float:
    """An upper bound of `alignment_score` over any alignment, without aligning.

    Listed tokens that no unit pair reaches must stay unmatched, and so must
    query tokens that match nothing in this name; the matched share can at
    best be the best similarity found. Cheaper than `align`, it lets a
    screener skip names that cannot reach its threshold.
    """
    covered = reached = 0
    top = 0.0
    cut = False
    for l_unit in l_units:
        found = matches.get((l_unit.text, l_unit.role))
        if found:
            covered |= l_unit.mask
            for qi, sim, how in found:
                reached |= q_units[qi].mask
                cut = cut or (cut_possible and how == "truncated")
                if sim > top:
                    top = sim
    if not covered:
        return 0.0
    matched = _masked_sum(l_weights, covered)
    missing_cost = config.missing_listed_cost
    if cut:  # the listed words after a cut may cost less (`alignment_score`)
        missing_cost *= config.truncated_tail_factor
    unmatched = missing_cost * (sum(l_weights) - matched)
    extra_cost = config.extra_query_cost * min(1.0, config.contained_extra_factor)
    unmatched += extra_cost * (sum(q_weights) - _masked_sum(q_weights, reached))
    total = 2 * matched + max(0.0, unmatched)
    return min(1.0, top * 2 * matched / total) if total > 0 else 0.0


def _masked_sum(weights: Sequence[float], mask: int) -> float:
    """The sum of the weights whose bit is set in ``mask``."""
    total = 0.0
    while mask:
        low = mask & -mask
        total += weights[low.bit_length() - 1]
        mask ^= low
    return total


def describe_alignment(
    chosen: Alignment,
    q_used: int,
    l_used: int,
    query: NormalizedName,
    listed: NormalizedName,
    q_units: Sequence[Unit],
    l_units: Sequence[Unit],
    l_weights: Sequence[float],
    score: float,
) -> NameComparison:
    """The explainable form of an alignment."""
    pairs = []
    for sim, qi, li, how in chosen:
        q_unit, l_unit = q_units[qi], l_units[li]
        share = INITIAL_WEIGHT if how == "initial" else 1.0
        weight = sum(l_weights[l_unit.start : l_unit.end]) * share
        q_text = " ".join(t.text for t in query.tokens[q_unit.start : q_unit.end])
        l_text = " ".join(t.text for t in listed.tokens[l_unit.start : l_unit.end])
        pairs.append(TokenMatch(q_text, l_text, round(sim, 4), how, round(weight, 4)))
    return NameComparison(
        score=score,
        pairs=tuple(pairs),
        unmatched_query=tuple(t.text for i, t in enumerate(query.tokens) if not q_used >> i & 1),
        unmatched_listed=tuple(t.text for j, t in enumerate(listed.tokens) if not l_used >> j & 1),
    )


def compare_names(
    query: NormalizedName,
    listed: NormalizedName,
    *,
    similarity: TokenSimilarity,
    config: MatchConfig,
    query_weight: WeightFunction = uniform_weight,
    listed_weight: WeightFunction = uniform_weight,
) -> NameComparison:
    """Align and score two normalised names, with the explanation."""
    q_units, l_units = units_of(query.tokens, query=True), units_of(listed.tokens)
    q_weights = [query_weight(t.text, t.role) for t in query.tokens]
    l_weights = [listed_weight(t.text, t.role) for t in listed.tokens]
    cut = may_be_cut_short(query)
    matches = unit_matches(
        q_units, l_units, similarity, config.min_token_similarity, cut_possible=cut
    )
    chosen, q_used, l_used = align(q_units, l_units, matches)
    score = alignment_score(
        chosen, q_used, l_used, l_units, q_weights, l_weights, config, cut_possible=cut
    )
    return describe_alignment(
        chosen, q_used, l_used, query, listed, q_units, l_units, l_weights, score
    )
