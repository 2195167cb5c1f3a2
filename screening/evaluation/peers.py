"""The peers `screening` is measured against, in the same run on the same data.

- ``baseline``: unidecode + lower case + RapidFuzz ``token_sort_ratio`` over
  every listed name (what a team writes in an afternoon).
- ``ofac-emulation``: OFAC's Sanctions List Search as OFAC's FAQ 249 describes
  it: Jaro-Winkler on the whole name, and Jaro-Winkler with Soundex on the name
  parts; the score is the higher of the two. Written from that description
  only; where it is silent we chose: a part scores the mean of its best
  Jaro-Winkler and Soundex agreement (both algorithms count equally), and the
  parts score is the mean over the query's parts.
- ``nk-*``: OpenSanctions' nomenklatura algorithms (``logic-v2``,
  ``name-based``, ``ofac``) from PyPI (extra ``peers``). They compare pairs of
  FollowTheMoney entities and are too slow to score every listed entry, so they
  score the candidates of a shared `CandidateBlocker`; the report states the
  blocker's recall so the comparison stays honest.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from screening.evaluation.corpus import ListedEntry
from screening.evaluation.systems import Hit, Query, SystemUnavailable

CHUNK = 256
"""Queries scored per cdist call: bounds memory to CHUNK x listed names floats."""


def normalize_baseline(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", unidecode(name).lower()))


class _FlatNames:
    """Listed names flattened in entry order, with per-entry offsets for ``reduceat``."""

    def __init__(self, entries: Sequence[ListedEntry], normalize: Any) -> None:
        self.entries = [e for e in entries if e.names]
        self.ids = [e.id for e in self.entries]
        self.kinds = np.array([e.kind for e in self.entries])
        names: list[str] = []
        starts: list[int] = []
        for entry in self.entries:
            starts.append(len(names))
            names.extend(normalize(n) for n in entry.names)
        self.names = names
        self.starts = np.array(starts, dtype=np.intp)

    def kind_mask(self, kind: str | None) -> np.ndarray:
        if kind is None:
            return np.ones(len(self.entries), dtype=bool)
        return np.asarray((self.kinds == kind) | (self.kinds == "unknown"), dtype=bool)

    def top(self, entry_scores: np.ndarray, kind: str | None, limit: int) -> list[Hit]:
        scores = np.where(self.kind_mask(kind), entry_scores, -np.inf)
        limit = min(limit, len(scores))
        best = np.argpartition(-scores, limit - 1)[:limit]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in best if np.isfinite(scores[i])]


class BaselineSearcher:
    def __init__(self, entries: Sequence[ListedEntry]) -> None:
        self.flat = _FlatNames(entries, normalize_baseline)

    def search(self, query: str, *, kind: str | None = None, limit: int = 50) -> list[Hit]:
        return self.search_many([(query, kind)], limit=limit)[0]

    def search_many(self, queries: Sequence[Query], *, limit: int = 50) -> list[list[Hit]]:
        results: list[list[Hit]] = []
        for at in range(0, len(queries), CHUNK):
            chunk = queries[at : at + CHUNK]
            matrix = process.cdist(
                [normalize_baseline(q) for q, _ in chunk],
                self.flat.names,
                scorer=fuzz.token_sort_ratio,
                dtype=np.float32,
                workers=1,
            )
            per_entry = np.maximum.reduceat(matrix, self.flat.starts, axis=1)
            for row, (_, kind) in zip(per_entry, chunk, strict=True):
                results.append(self.flat.top(row, kind, limit))
        return results


class BaselineSystem:
    """unidecode + lower + RapidFuzz token_sort_ratio (0..100); no documented threshold."""

    name = "baseline"
    default_threshold: float | None = None

    def build(self, entries: Sequence[ListedEntry]) -> BaselineSearcher:
        return BaselineSearcher(entries)


_SOUNDEX = {
    c: str(d)
    for d, letters in enumerate(("", "BFPV", "CGJKQSXZ", "DT", "L", "MN", "R"))
    for c in letters
}


@cache
def soundex(word: str) -> str:
    """American Soundex (H and W do not separate equal codes); '' for a word without letters."""
    letters = [c for c in word.upper() if "A" <= c <= "Z"]
    if not letters:
        return ""
    code = letters[0]
    last = _SOUNDEX.get(letters[0], "")
    for char in letters[1:]:
        digit = _SOUNDEX.get(char, "")
        if digit and digit != last:
            code += digit
        if char not in "HW":
            last = digit
    return (code + "000")[:4]


def normalize_ofac(name: str) -> str:
    return " ".join(re.findall(r"[A-Z0-9]+", unidecode(name).upper()))


class OfacEmulationSearcher:
    def __init__(self, entries: Sequence[ListedEntry]) -> None:
        self.flat = _FlatNames(entries, normalize_ofac)
        vocab: dict[str, int] = {}
        tokens: list[int] = []
        starts: list[int] = []
        for name in self.flat.names:
            starts.append(len(tokens))
            parts = name.split() or [""]
            tokens.extend(vocab.setdefault(token, len(vocab)) for token in parts)
        self.vocab = list(vocab)
        self.name_tokens = np.array(tokens, dtype=np.intp)
        """Every listed name's parts as vocabulary indices, names one after another."""
        self.name_starts = np.array(starts, dtype=np.intp)
        codes: dict[str, int] = {}
        self.vocab_soundex = np.array(
            [codes.setdefault(soundex(t), len(codes)) for t in self.vocab], dtype=np.int32
        )
        self.soundex_codes = codes

    def search(self, query: str, *, kind: str | None = None, limit: int = 50) -> list[Hit]:
        return self.search_many([(query, kind)], limit=limit)[0]

    def part_scores(self, tokens: list[str]) -> np.ndarray:
        """Per query part, its score against every vocabulary token: mean of JW and Soundex."""
        jw = process.cdist(
            tokens,
            self.vocab,
            scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32,
            workers=1,
        )
        query_codes = np.array([self.soundex_codes.get(soundex(t), -2) for t in tokens])
        same = (self.vocab_soundex[None, :] == query_codes[:, None]).astype(np.float32)
        return np.asarray((jw + same) / 2, dtype=np.float32)

    def search_many(self, queries: Sequence[Query], *, limit: int = 50) -> list[list[Hit]]:
        results: list[list[Hit]] = []
        for at in range(0, len(queries), CHUNK):
            chunk = queries[at : at + CHUNK]
            normalized = [normalize_ofac(q) for q, _ in chunk]
            whole = process.cdist(
                normalized,
                self.flat.names,
                scorer=JaroWinkler.normalized_similarity,
                dtype=np.float32,
                workers=1,
            )
            unique = list(dict.fromkeys(t for text in normalized for t in text.split()))
            table = self.part_scores(unique) if unique else np.zeros((0, len(self.vocab)))
            row_of = {t: i for i, t in enumerate(unique)}
            for row, text, (_, kind) in zip(whole, normalized, chunk, strict=True):
                parts = [row_of[t] for t in text.split()]
                if parts:
                    # best listed part per query part, then the mean over the query's parts
                    best = np.maximum.reduceat(
                        table[parts][:, self.name_tokens], self.name_starts, axis=1
                    )
                    row = np.maximum(row, best.mean(axis=0))
                per_entry = np.maximum.reduceat(row, self.flat.starts)
                results.append(self.flat.top(per_entry, kind, limit))
        return results


class OfacEmulationSystem:
    """OFAC Sanctions List Search as described in OFAC FAQ 249 (scores 0..1).

    OFAC leaves the minimum score to the user's slider, so no default threshold
    is claimed here.
    """

    name = "ofac-emulation"
    default_threshold: float | None = None

    def build(self, entries: Sequence[ListedEntry]) -> OfacEmulationSearcher:
        return OfacEmulationSearcher(entries)


class TokenIndex:
    """Entries sharing normalised words with the query, ranked by summed inverse frequency."""

    def __init__(self, flat: _FlatNames) -> None:
        postings: dict[str, set[int]] = defaultdict(set)
        for position, entry in enumerate(flat.entries):
            for name in entry.names:
                for token in normalize_baseline(name).split():
                    if len(token) >= 2:
                        postings[token].add(position)
        total = max(1, len(flat.entries))
        self.postings = {t: np.fromiter(p, dtype=np.intp) for t, p in postings.items()}
        self.weights = {t: float(np.log(total / len(p))) + 0.1 for t, p in postings.items()}
        self.size = total

    def top(self, query: str, depth: int) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for token in set(normalize_baseline(query).split()):
            if token in self.postings:
                scores[self.postings[token]] += self.weights[token]
        hits = np.flatnonzero(scores)
        if len(hits) > depth:
            hits = hits[np.argpartition(-scores[hits], depth - 1)[:depth]]
        return hits


class CandidateBlocker:
    """Candidates for the pairwise peers: the baseline's top ``depth`` plus the token index's.

    Shared by every pairwise system and memoised per index and query, so each
    candidate set is computed once per run.
    """

    def __init__(self, *, depth: int = 50) -> None:
        self.depth = depth
        self._indexes: dict[int, tuple[Sequence[ListedEntry], BaselineSearcher, TokenIndex]] = {}
        self._memo: dict[tuple[int, str, str | None], list[str]] = {}

    def _index(self, entries: Sequence[ListedEntry]) -> tuple[BaselineSearcher, TokenIndex]:
        key = id(entries)
        if key not in self._indexes:
            baseline = BaselineSearcher(entries)
            self._indexes[key] = (entries, baseline, TokenIndex(baseline.flat))
        _, baseline, tokens = self._indexes[key]
        return baseline, tokens

    def candidates(
        self, entries: Sequence[ListedEntry], queries: Sequence[Query]
    ) -> list[list[str]]:
        """Candidate entry ids per query (order: baseline's best first)."""
        baseline, tokens = self._index(entries)
        key = id(entries)
        missing = [q for q in dict.fromkeys(queries) if (key, *q) not in self._memo]
        found = baseline.search_many(missing, limit=self.depth) if missing else []
        for (query, kind), hits in zip(missing, found, strict=True):
            ids = [i for i, _ in hits]
            mask = baseline.flat.kind_mask(kind)
            ids.extend(baseline.flat.ids[p] for p in tokens.top(query, self.depth) if mask[p])
            self._memo[(key, query, kind)] = list(dict.fromkeys(ids))
        return [self._memo[(key, *q)] for q in queries]


FTM_SCHEMAS = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}


_SERIAL = itertools.count()


class NomenklaturaSearcher:
    def __init__(
        self, system: NomenklaturaSystem, entries: Sequence[ListedEntry], blocker: CandidateBlocker
    ) -> None:
        self.system = system
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self.blocker = blocker
        self._proxies: dict[str, Any] = {}
        # nomenklatura memoises name analysis by entity id: ids must be unique per
        # index (the holdout index has other names under the same entry id) and per query.
        self._prefix = f"i{next(_SERIAL)}"
        self._queries = itertools.count()

    def _proxy(self, entity_id: str, schema: str, names: Sequence[str]) -> Any:
        proxy = self.system.model.make_entity(schema)
        proxy.id = entity_id
        proxy.add("name", list(names))
        return proxy

    def _listed(self, entry_id: str) -> Any:
        if entry_id not in self._proxies:
            entry = self.by_id[entry_id]
            schema = FTM_SCHEMAS.get(entry.kind, "LegalEntity")
            proxy_id = f"{self._prefix}:{entry_id}"
            self._proxies[entry_id] = self._proxy(proxy_id, schema, entry.names)
        return self._proxies[entry_id]

    def search(self, query: str, *, kind: str | None = None, limit: int = 50) -> list[Hit]:
        return self.search_many([(query, kind)], limit=limit)[0]

    def search_many(self, queries: Sequence[Query], *, limit: int = 50) -> list[list[Hit]]:
        candidates = self.blocker.candidates(self.entries, queries)
        algorithm, config = self.system.algorithm, self.system.config
        results: list[list[Hit]] = []
        for (query, kind), ids in zip(queries, candidates, strict=True):
            schema = FTM_SCHEMAS.get(kind or "", "LegalEntity")
            proxy = self._proxy(f"{self._prefix}:q{next(self._queries)}", schema, [query])
            hits = [
                (i, float(algorithm.compare(proxy, self._listed(i), config).score)) for i in ids
            ]
            hits.sort(key=lambda h: -h[1])
            results.append(hits[:limit])
        return results


NOMENKLATURA_DEFAULT_THRESHOLD = 0.7
"""yente's default match threshold (``threshold=0.7`` on its /match API), the usual cut-off."""


class NomenklaturaSystem:
    """One nomenklatura scoring algorithm over FtM proxies built from the listed names."""

    default_threshold: float | None = NOMENKLATURA_DEFAULT_THRESHOLD

    def __init__(self, algorithm: str, blocker: CandidateBlocker) -> None:
        try:  # imported by name: an optional extra that mypy and CI need not have installed
            model = importlib.import_module("followthemoney").model
            get_algorithm = importlib.import_module("nomenklatura.matching").get_algorithm
        except ImportError as exc:
            raise SystemUnavailable(
                f"nomenklatura is not installed ({exc}); `pip install screening[peers]`"
            ) from exc
        found = get_algorithm(algorithm)
        if found is None:
            raise SystemUnavailable(f"nomenklatura has no algorithm {algorithm!r}")
        self.name = f"nk-{algorithm}"
        self.model = model
        self.algorithm = found
        self.config = found.default_config()
        self.blocker = blocker

    def build(self, entries: Sequence[ListedEntry]) -> NomenklaturaSearcher:
        return NomenklaturaSearcher(self, entries, self.blocker)
