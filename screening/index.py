"""Candidate retrieval: find the listed names worth scoring without scanning them all.

Every listed name is normalised once. Its tokens and joins of adjacent tokens
are posted under several keys: the token itself (``t``), its phonetic key
(``p``), its consonant skeleton (``s``, for queries in Arabic or Hebrew script)
and, for tokens of four letters or more, each one-letter deletion (``d``, a
symmetric-delete typo index: a query token with one typo shares a deletion
with its listed spelling). A query collects, per listed name, the rarity
weights of the keys it shares, and the best-supported names are scored in full.

The index is built once and never changes, so any number of threads may query
it. Postings are numpy arrays; accumulation is vectorised.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from screening.errors import InputError
from screening.model import Designation
from screening.normalize.normalizer import NormalizedName, Normalizer
from screening.normalize.phonetic import consonant_skeleton
from screening.score import ROLE_WEIGHT, Unit, may_be_cut_short, sound_keys, units_of

# Relative trust in each kind of key when accumulating candidate support.
KEY_WEIGHT = {"t": 1.0, "c": 0.9, "d": 0.6, "f": 0.6, "p": 0.5, "s": 0.5, "a": 0.4}
ABJAD_KEY_WEIGHT = 0.9
INITIAL_KEY_WEIGHT = 1.5
"""Support per query initial that a listed name's words agree with (log 26 ~ 3.3 bits,
discounted: an initial says less than a word)."""
MIN_DELETE_LENGTH = 4
MIN_ANAGRAM_LENGTH = 6
"""Letters a word needs for its sorted letters to be a key: letters swapped at a
distance (Bakarat for Barakat) share no typo key, and few names of six letters or
more are anagrams of each other."""
MIN_COMPLETED_PREFIX = 3
"""Shortest cut-off last query word looked up as the start of listed words."""
MAX_COMPLETIONS = 40
"""Listed words a cut-off query word may start, at most, for it to pick candidates."""
NAMES_PER_DESIGNATION = 3
"""Candidate names scored per designation at most (its best-supported ones)."""
MISSING_COST = 0.4
"""Share of a listed name's weight beyond a query's support that ranks it lower among
candidates (`MatchConfig.missing_listed_cost`'s default: the score charges it so)."""
MAX_SEGMENT = 24
"""Longest listed token looked for inside a run-on word."""
MIN_SEGMENT_LENGTH = 3
"""Average letters per piece a run-on word must split into (see `CandidateIndex.segment`)."""


@attrs.frozen
class IndexedName:
    """A listed name as indexed: which designation, which of its names, normalised."""

    designation: int
    name: int
    normalized: NormalizedName
    units: tuple[Unit, ...]


def deletions(token: str) -> set[str]:
    """Every string one deletion away from ``token`` (for tokens of 4+ letters)."""
    if len(token) < MIN_DELETE_LENGTH:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def unit_keys(unit: Unit, *, query: bool) -> frozenset[str]:
    """Index keys of one unit; a query unit uses every romanisation form."""
    keys_of = _query_keys if query else _listed_keys
    return keys_of(unit.forms, unit.role, unit.abjad, unit.size == 1)


# Two caches: a build sees each listed word many times (all of them fit), a
# long batch run sees ever new query words (a small LRU keeps the frequent
# ones and lets a worker's memory level off; a key set weighs about 1 KB).
@functools.lru_cache(maxsize=300_000)
def _listed_keys(forms: tuple[str, ...], role: str, abjad: bool, single: bool) -> frozenset[str]:
    return _keys(forms, role, abjad, single, query=False)


@functools.lru_cache(maxsize=20_000)
def _query_keys(forms: tuple[str, ...], role: str, abjad: bool, single: bool) -> frozenset[str]:
    return _keys(forms, role, abjad, single, query=True)


def _keys(
    forms: tuple[str, ...], role: str, abjad: bool, single: bool, query: bool
) -> frozenset[str]:
    keys: set[str] = set()
    for rank, form in enumerate(forms if query else forms[:1]):
        if not form:
            continue
        keys.add("t" + form)
        # (the cached pair a `UnitVocabulary` asks for again, for every listed word)
        key, folded = sound_keys(form)
        keys.add("c" + folded)  # doubled or repeated letters
        if len(key) >= 2:
            keys.add("p" + key)
        skeleton = consonant_skeleton(form)
        if len(skeleton) >= 2 and (abjad or not query):
            keys.add("s" + skeleton)
        # Typo keys for the best two readings only: more would flood the index.
        if single and role in ("name", "number") and rank < 2:
            for deleted in deletions(form):
                keys.add("d" + deleted)
            if query:
                keys.add("d" + form)  # matches a listed token one letter longer
    if not query and single and len(forms[0]) >= MIN_DELETE_LENGTH - 1:
        keys.add("d" + forms[0])  # matches a query token one letter longer
    if single and role == "name" and len(forms[0]) >= MIN_ANAGRAM_LENGTH:
        keys.add("a" + "".join(sorted(forms[0])))
    return frozenset(keys)


def _median_weight(idf: Mapping[str, float], occurrences: Mapping[str, int]) -> float:
    """The weight of the median token occurrence (each token counted as often as listed)."""
    if not occurrences:
        return 1.0
    weights = np.array([idf[text] for text in occurrences], dtype=np.float64)
    counts = np.fromiter(occurrences.values(), dtype=np.int64, count=len(occurrences))
    order = np.argsort(weights, kind="stable")
    # the element at position total // 2 of the sorted occurrence list
    position = int(np.searchsorted(np.cumsum(counts[order]), counts.sum() // 2, side="right"))
    return float(weights[order][position])


def letters_mask(words: Iterable[str]) -> int:
    """Bit ``i`` set when some word starts with the i-th letter a-z, bit ``26 + i``
    when two or more do ("K. I. KIM" needs two words with k: Kim Kyong Il, not Kim Il Sung).
    """
    once = twice = 0
    for word in words:
        first = word[:1]
        if "a" <= first <= "z":
            bit = 1 << (ord(first) - 97)
            twice |= once & bit
            once |= bit
    return once | twice << 26


_LETTERED = frozenset({"name", "initial", "particle"})
"""Roles of words an initial may stand for ("K. I. KIM" is Kim Kyong Il, whose "il"
reads as a particle)."""


def initials_masks(names: Sequence[IndexedName]) -> npt.NDArray[np.int64]:
    """Per listed name, the first letters of its words (for queries with initials)."""
    return np.fromiter(
        (letters_mask(t.text for t in n.normalized.tokens if t.role in _LETTERED) for n in names),
        dtype=np.int64,
        count=len(names),
    )


def name_totals(name_weights: Sequence[tuple[float, ...]]) -> npt.NDArray[np.float32]:
    """Each listed name's total token weight (what a query sharing nothing of it lacks)."""
    return np.fromiter(map(sum, name_weights), dtype=np.float32, count=len(name_weights))


def name_lengths(names: Sequence[IndexedName]) -> npt.NDArray[np.int32]:
    """Words per listed name (a tie-breaker between equally supported candidates)."""
    return np.fromiter((len(n.normalized.tokens) for n in names), dtype=np.int32, count=len(names))


@attrs.frozen(eq=False)
class TokenStatistics:
    """The rarity statistics of an index's names, to lend to an index over a part of them.

    An index over only the designations added since the last snapshot (delta
    re-screening) would weigh tokens by their rarity in that small part; given
    the whole list set's statistics it scores exactly as the full index does.
    """

    idf: Mapping[str, float]
    unknown_weight: float
    key_idf: Mapping[str, float]
    spelled: Mapping[str, str]


class CandidateIndex:
    """Immutable inverted index over the names of a list of designations."""

    def __init__(
        self,
        designations: Sequence[Designation],
        normalizer: Normalizer,
        *,
        statistics: TokenStatistics | None = None,
    ) -> None:
        self.normalizer_fingerprint = normalizer.fingerprint
        self.names: list[IndexedName] = []
        self.skipped_names = 0
        # One name is often listed by several sources: normalise it once.
        seen: dict[tuple[str, bool], tuple[NormalizedName, tuple[Unit, ...]] | None] = {}
        sharing: defaultdict[tuple[str, bool], list[int]] = defaultdict(list)
        for d_index, designation in enumerate(designations):
            for n_index, name in enumerate(designation.names):
                text_key = (name.full, designation.kind == "person")
                if text_key not in seen:
                    try:
                        normalized = normalizer.normalize(name.full, person=text_key[1])
                        seen[text_key] = (normalized, tuple(units_of(normalized.tokens)))
                    except InputError:
                        seen[text_key] = None  # e.g. a name of punctuation only
                prepared = seen[text_key]
                if prepared is None:
                    self.skipped_names += 1
                    continue
                sharing[text_key].append(len(self.names))
                self.names.append(IndexedName(d_index, n_index, *prepared))
        self.designation_of = np.fromiter(
            (n.designation for n in self.names), dtype=np.int32, count=len(self.names)
        )
        self._initials = initials_masks(self.names)
        self._lengths = name_lengths(self.names)
        # Postings are built per distinct unit (a token or join occurs in many
        # names), then expanded to names: far fewer Python steps than per name.
        document_frequency: Counter[str] = Counter()
        occurrences: Counter[str] = Counter()
        names_of_unit: defaultdict[tuple[tuple[str, ...], str, bool, bool], list[int]]
        names_of_unit = defaultdict(list)
        for text_key, name_ids in sharing.items():
            prepared = seen[text_key]
            assert prepared is not None  # only names that normalised are shared
            normalized, units = prepared
            for text in {t.text for t in normalized.tokens}:
                document_frequency[text] += len(name_ids)
            for token in normalized.tokens:
                occurrences[token.text] += len(name_ids)
            for unit in units:
                names_of_unit[(unit.forms, unit.role, unit.abjad, unit.size == 1)].extend(name_ids)
        postings: defaultdict[str, list[npt.NDArray[np.int32]]] = defaultdict(list)
        for (forms, role, abjad, single), ids in names_of_unit.items():
            array = np.asarray(ids, dtype=np.int32)
            for key in _keys(forms, role, abjad, single, False):
                postings[key].append(array)
        total = max(1, len(self.names))
        # How a token is written in the lists, for re-splitting run-on words
        # (a multi-word legal form is one token "sadecv", written "S A DE C V").
        self._spelled = {
            t.text: t.original
            for indexed in self.names
            for t in indexed.normalized.tokens
            if t.role == "legal" and " " in t.original
        }
        self._idf = {token: math.log(1.0 + total / df) for token, df in document_frequency.items()}
        # A token the lists never use (a typo, a foreign spelling, another
        # person's name) weighs as the median listed token occurrence.
        self.unknown_weight = _median_weight(self._idf, occurrences)
        self._postings: dict[str, npt.NDArray[np.int32]] = {
            # a name reached through two units of one key appears twice: harmless,
            # support() takes each key's best per name
            key: arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
            for key, arrays in postings.items()
        }
        self._key_idf = {
            key: math.log(1.0 + total / len(ids)) for key, ids in self._postings.items()
        }
        if statistics is not None:
            self._idf, self.unknown_weight = dict(statistics.idf), statistics.unknown_weight
            self._spelled = dict(statistics.spelled)
            self._key_idf = {k: statistics.key_idf.get(k, w) for k, w in self._key_idf.items()}
        self._words = sorted(self._idf)
        self.name_weights = self._name_weights(self.names)
        self._name_totals = name_totals(self.name_weights)

    def _name_weights(self, names: Sequence[IndexedName]) -> list[tuple[float, ...]]:
        """Each name's token weights; a name shared by several listings is weighed once."""
        weights: dict[int, tuple[float, ...]] = {}
        out = []
        for indexed in names:
            tokens = indexed.normalized.tokens
            found = weights.get(id(tokens))
            if found is None:
                found = weights[id(tokens)] = tuple(
                    self.token_weight(t.text, t.role) for t in tokens
                )
            out.append(found)
        return out

    @classmethod
    def restore(
        cls,
        names: list[IndexedName],
        *,
        keys: Sequence[str],
        offsets: npt.NDArray[np.int64],
        ids: npt.NDArray[np.int32],
        statistics: TokenStatistics,
        fingerprint: str,
        skipped_names: int = 0,
    ) -> CandidateIndex:
        """An index from saved parts (`screening.persist`), without normalising anything."""
        index = cls.__new__(cls)
        index.normalizer_fingerprint = fingerprint
        index.names = names
        index.skipped_names = skipped_names
        index.designation_of = np.fromiter(
            (n.designation for n in names), dtype=np.int32, count=len(names)
        )
        index._initials = initials_masks(names)
        index._lengths = name_lengths(names)
        index._idf = dict(statistics.idf)
        index._words = sorted(index._idf)
        index.unknown_weight = statistics.unknown_weight
        index._spelled = dict(statistics.spelled)
        index._key_idf = dict(statistics.key_idf)
        index._postings = {key: ids[offsets[i] : offsets[i + 1]] for i, key in enumerate(keys)}
        index.name_weights = index._name_weights(names)
        index._name_totals = name_totals(index.name_weights)
        return index

    def export_postings(
        self,
    ) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """The postings as flat arrays: keys, offsets into ``ids``, ids, and each key's idf."""
        keys = list(self._postings)
        lengths = [len(self._postings[key]) for key in keys]
        offsets = np.cumsum([0, *lengths], dtype=np.int64)
        ids = (
            np.concatenate([self._postings[key] for key in keys])
            if keys
            else np.zeros(0, dtype=np.int32)
        ).astype(np.int32)
        key_idf = np.array([self._key_idf[key] for key in keys], dtype=np.float64)
        return keys, offsets, ids, key_idf

    def statistics(self) -> TokenStatistics:
        """This index's rarity statistics (see `TokenStatistics`)."""
        return TokenStatistics(self._idf, self.unknown_weight, self._key_idf, self._spelled)

    def __len__(self) -> int:
        return len(self.names)

    def token_weight(self, text: str, role: str) -> float:
        """Rarity weight of a token in the listed names (unknown tokens weigh as the rarest)."""
        return ROLE_WEIGHT[role] * self._idf.get(text, self.unknown_weight)

    def _completions(self, prefix: str) -> list[str]:
        """The listed words a cut-off query word may be the start of (trusted as a typo).

        Nothing for a prefix shorter than `MIN_COMPLETED_PREFIX` or one that starts
        more than `MAX_COMPLETIONS` listed words: it says too little to pick
        candidates by.
        """
        if len(prefix) < MIN_COMPLETED_PREFIX:
            return []
        start = bisect.bisect_right(self._words, prefix)
        end = bisect.bisect_left(self._words, prefix + "\uffff", start)
        if end - start > MAX_COMPLETIONS:
            return []
        return self._words[start:end]

    def may_be_cut(self, query: NormalizedName) -> bool:
        """Whether the query's last word may be cut short (`may_be_cut_short`), and
        not a word the lists use ("Nikolaev" is a name, not the start of "Nikolaevna")."""
        return may_be_cut_short(query) and query.tokens[-1].text not in self._idf

    def segment(self, token: str) -> list[str] | None:
        """Split a run-on word into the fewest listed tokens ("mohamedalkani" ->
        mohamed, al, kani), or None when it is a known token or does not split.

        Pieces must average `MIN_SEGMENT_LENGTH` letters: an ordinary unlisted
        word also splits into listed fragments ("henriksen" -> he nr iks en),
        and names joined into one run are made of longer words.
        """
        if token in self._idf:
            return None
        length = len(token)
        best: list[list[str] | None] = [None] * (length + 1)
        best[0] = []
        for end in range(2, length + 1):
            for start in range(max(0, end - MAX_SEGMENT), end - 1):
                prefix = best[start]
                piece = token[start:end]
                if prefix is not None and piece in self._idf:
                    candidate = [*prefix, piece]
                    current = best[end]
                    if current is None or len(candidate) < len(current):
                        best[end] = candidate
        pieces = best[length]
        if pieces is None or len(pieces) < 2 or length < MIN_SEGMENT_LENGTH * len(pieces):
            return None
        return [self._spelled.get(piece, piece) for piece in pieces]

    def support(self, query: NormalizedName) -> npt.NDArray[np.float32]:
        """Per listed name, how much of the query it shares through index keys.

        Each query unit contributes its single best key per listed name (an
        exact token hit is not counted again through its typo and phonetic
        keys), weighted by the key's rarity and kind. For words written in an
        abjad the consonant keys are trusted as much as exact ones: they are
        what such a word reliably shares with its romanisations.
        """
        scores = np.zeros(len(self.names), dtype=np.float32)
        best = np.zeros(len(self.names), dtype=np.float32)
        cut = self.may_be_cut(query)
        found = [
            hits
            for unit in units_of(query.tokens, query=True)
            if unit.role != "title"
            and (hits := self._unit_hits(unit, cut and unit.end == len(query.tokens)))
        ]
        # Words run together add only what they say beyond the words one by one: a
        # name holding "ahmad" and "ali" gains nothing from also holding "ahmad ali"
        # in that order ("'ALI, Ahmad" is as good), "abdallah" gains all of the
        # join "abda llah". So each join's names first collect what the words it
        # covers gave them (gathered on the join's few names, not over every name).
        given = {  # per join: what its words gave each of its names
            i: np.zeros(len(hit), dtype=np.float32)
            for i, (unit, hit, _) in enumerate(found)
            if unit.size > 1
        }
        for i in sorted(range(len(found)), key=lambda i: found[i][0].size):  # words first
            unit, hit, value = found[i]
            np.maximum.at(best, hit, value)  # each name's best key of this unit
            if unit.size == 1:
                for j, gained in given.items():
                    if found[j][0].start <= unit.start < found[j][0].end:
                        gained += best[found[j][1]]
            else:
                best[hit] = np.maximum(best[hit] - given[i], 0.0)
            # Repeated ids in `hit` add their (equal) best once: numpy's
            # buffered fancy assignment, which is the per-unit maximum we want.
            scores[hit] += best[hit]
            best[hit] = 0.0
        initials = [t.text for t in query.tokens if t.role == "initial"]
        if initials:
            # "K. I. KIM": among the many names with Kim, those whose other words
            # start with K and I are the likely ones.
            # An initial with the first letter of a query word needs two listed words.
            words = [t.text for t in query.tokens if t.role in _LETTERED]
            wanted = letters_mask(initials) | (letters_mask(words) & letters_mask(initials) << 26)
            agree = ((self._initials & wanted) == wanted) & (scores > 0)
            scores[agree] += INITIAL_KEY_WEIGHT * len(initials)
        return scores

    def _unit_hits(
        self, unit: Unit, last_cut: bool
    ) -> tuple[Unit, npt.NDArray[np.int32], npt.NDArray[np.float32]] | None:
        """The names one query unit's keys reach, each with its key's weight (a name
        may appear once per key), or None. ``last_cut``: the unit ends a query whose
        last word may be cut short, so a word it starts counts too."""
        touched = []
        values = []
        keys = [(key, key[0]) for key in unit_keys(unit, query=True)]
        if last_cut and unit.size == 1 and unit.role == "name":
            keys += [("t" + word, "f") for word in self._completions(unit.text)]
        for key, kind in keys:
            ids = self._postings.get(key)
            if ids is None:
                continue
            trust = ABJAD_KEY_WEIGHT if unit.abjad and kind in "ps" else KEY_WEIGHT[kind]
            if unit.role == "initial":
                trust *= ROLE_WEIGHT["initial"]  # a letter says less than a name
            touched.append(ids)
            values.append(trust * self._key_idf[key])
        if not touched:
            return None
        hit = np.concatenate(touched) if len(touched) > 1 else touched[0]
        value = np.repeat(np.asarray(values, dtype=np.float32), [len(ids) for ids in touched])
        return unit, hit, value

    def candidates(
        self,
        query: NormalizedName,
        limit: int,
        allowed: npt.NDArray[np.bool_] | None = None,
        *,
        min_support_ratio: float = 0.0,
        keep: int = 0,
    ) -> list[int]:
        """Ids of the best-supported listed names, best first.

        At most ``limit``, and at most `NAMES_PER_DESIGNATION` per designation
        (a designation with many aliases must not crowd out the others); beyond
        the first ``keep``, names whose support is below ``min_support_ratio``
        times the best support are left out (they share too little with the
        query to win). ``allowed`` masks names out.
        """
        scores = self.support(query)
        if allowed is not None:
            scores[~allowed] = 0.0
        supported = np.flatnonzero(scores > 0)  # 7x faster than on the floats
        if not len(supported):
            return []
        pool = min(limit * 4, len(supported))
        values = scores[supported]
        # The pool is every name supported at least as well as the pool-th best:
        # names tied at that level all enter, so which of them are scored does not
        # depend on the partition's arbitrary order ("K. I. KIM" ties ~400 names).
        cutoff = np.partition(values, len(values) - pool)[len(values) - pool]
        top = supported[values >= cutoff]
        # Best first by support less what the name holds beyond it, as the score
        # charges a listed word the query lacks (the father's "Sab'awi Ibrahim
        # Hassan" before his sons' "Ali Sab'awi Ibrahim Hasan" for "Sab'awi
        # Ibrahim Hasan"); then shorter names (the alias "Kony" before "Joseph
        # Rao Kony"), then listing order.
        support = scores[top]
        beyond = np.maximum(self._name_totals[top] - support, 0.0)
        top = top[np.lexsort((top, self._lengths[top], -(support - MISSING_COST * beyond)))]
        floor = float(scores[top[0]]) * min_support_ratio
        chosen: list[int] = []
        per_designation: Counter[int] = Counter()
        for name_id in top.tolist():
            if len(chosen) >= limit or (len(chosen) >= keep and scores[name_id] < floor):
                break
            designation = int(self.designation_of[name_id])
            if per_designation[designation] < NAMES_PER_DESIGNATION:
                per_designation[designation] += 1
                chosen.append(name_id)
        return chosen

    def all_ids(self) -> Iterable[int]:
        return range(len(self.names))
