"""`Screener.match()`: screen one name against the loaded lists; `compare()` two names.

A `Screener` is built once from a `ListSet` (index and all), is immutable and
safe to share between threads. The module-level `match()` uses a default
screener over `screening.load()`, built lazily on first use.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from screening.config import MatchConfig, evolve_config
from screening.errors import ConfigError, InputError
from screening.gcpause import paused_gc
from screening.index import CandidateIndex, TokenStatistics
from screening.linking import PartyLinks
from screening.listings import Listings, group_listings, single_listing
from screening.model import (
    SCOPES,
    BirthDate,
    Designation,
    EntityKind,
    ListSet,
    Name,
    PartialDate,
    Scope,
    Source,
)
from screening.normalize.normalizer import NormalizedName, Normalizer
from screening.score import (
    Alignment,
    NameComparison,
    TokenSimilarity,
    Unit,
    UnitVocabulary,
    align,
    alignment_bound,
    alignment_score,
    compare_names,
    describe_alignment,
    may_be_cut_short,
    unit_matches,
    units_of,
)
from screening.sources.countries import country_code
from screening.sources.dates import parse_birth_date


@attrs.frozen
class Explanation:
    """Why a score is what it is: the aligned name parts and every adjustment."""

    matched_name: str
    name_score: float
    comparison: NameComparison
    adjustments: tuple[tuple[str, float], ...] = ()

    def __str__(self) -> str:
        text = (
            f"{self.matched_name!r}: {self.comparison.describe()}; name score {self.name_score:.2f}"
        )
        for reason, delta in self.adjustments:
            text += f"; {reason} {delta:+.2f}" if delta else f"; {reason}"
        return text


@attrs.frozen
class Comparison:
    """Result of `compare()`: a score in [0, 1] and its explanation."""

    score: float
    explanation: Explanation


@attrs.frozen
class Match:
    """One hit: the designation, the listed name that matched, the score and why."""

    score: float
    designation: Designation
    matched_name: Name
    query: str
    explanation: Explanation
    source: Source
    party: Callable[[], Listings] | None = attrs.field(default=None, eq=False, repr=False)
    """Resolves the matched party's listings on first use (from the screener's links)."""

    @property
    def listings(self) -> Listings:
        """Every listing of the matched party across the loaded sources (see `screening.listings`).

        Built from the screener's party links, which are computed once on first
        use; a match made without a screener lists its own designation only.
        """
        if self.party is None:
            return single_listing(self.designation, self.source)
        return self.party()

    @property
    def authority(self) -> str:
        return self.source.authority

    @property
    def scope(self) -> Scope:
        return self.source.scope

    @property
    def source_id(self) -> str:
        return self.source.id


RUN_ON_MIN_LENGTH = 8
"""Query words this long that the lists do not know are tried as run-ons of listed words."""
MAX_FILTER_MASKS = 64
"""Source and scope filters whose name masks a screener keeps."""
_ALTERNATIVES = re.compile(r"\s+/\s+")
"""A slash between spaces separates two writings of one name (lists join the Russian
and Ukrainian forms so); "A/S" and "S/hwe" are one name."""


class _QueryScoring(NamedTuple):
    """What scoring a query against listed names needs, made once per query."""

    query: NormalizedName
    units: list[Unit]
    weights: list[float]
    cut_possible: bool


COMPLETED_DESIGNATIONS = 3
"""Best-scoring designations of a query whose every name is scored (see `_score_candidates`)."""


@attrs.frozen
class _Scored:
    """The best alignment found for one designation."""

    score: float
    name_id: int
    chosen: Alignment
    q_used: int
    l_used: int
    query: NormalizedName
    query_units: list[Unit]


@attrs.frozen
class PreparedQuery:
    """A name's candidates and name scores (`Screener.prepare`), awaiting `Screener.finish`."""

    kind: EntityKind | None
    config: MatchConfig
    scored: tuple[tuple[int, _Scored], ...]


_KIND_GROUP = {
    "person": "person",
    "organization": "org",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


def _as_birth_date(value: str | dt.date | PartialDate | None) -> PartialDate | None:
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed = parse_birth_date(value)
        if parsed.earliest is None:
            raise InputError(f"cannot read birth date {value!r}; use YYYY-MM-DD, YYYY-MM or YYYY")
        return parsed.earliest
    raise InputError(f"birth_date must be a string or a date, not {type(value).__name__}")


def _birth_agrees(given: PartialDate, listed: BirthDate, tolerance: int) -> bool | None:
    if listed.earliest is None:
        return None
    low = listed.earliest.year - tolerance
    high = (listed.latest or listed.earliest).year + tolerance
    if listed.circa:
        low, high = low - 2, high + 2
    return low <= given.year <= high


class Screener:
    """Screens names against a fixed set of lists. Build once; share freely between threads."""

    def __init__(
        self,
        lists: ListSet | None = None,
        *,
        config: MatchConfig | None = None,
        links: PartyLinks | None = None,
        statistics: TokenStatistics | None = None,
        index: CandidateIndex | None = None,
    ) -> None:
        if lists is None:
            from screening.loader import load

            lists = load()
        self.lists = lists
        self.config = config or MatchConfig()
        self.normalizer = Normalizer(
            max_length=self.config.max_name_length, max_tokens=self.config.max_tokens
        )
        self.similarity = TokenSimilarity(floor=self.config.min_token_similarity)
        self._designations: tuple[Designation, ...] = lists.designations()
        self._sources = {snapshot.source.id: snapshot.source for snapshot in lists.snapshots}
        # ``statistics``: rarity from a larger list set (delta re-screening, `screening.delta`).
        if index is not None and index.normalizer_fingerprint != self.normalizer.fingerprint:
            raise ConfigError("the index was built by another normaliser; rebuild it")
        with paused_gc():  # a third of the build time otherwise (`screening.gcpause`)
            self._build(index, statistics)
        self._links = links
        self._links_lock = threading.Lock()
        self._allowed_masks: dict[
            tuple[frozenset[str] | None, frozenset[str] | None], npt.NDArray[np.bool_]
        ] = {}
        self._scopes_of_party: list[frozenset[str]] | None = None

    def _build(self, index: CandidateIndex | None, statistics: TokenStatistics | None) -> None:
        """The index and the per-name arrays scoring reads (all built once, then only read)."""
        self.index = index or CandidateIndex(
            self._designations, self.normalizer, statistics=statistics
        )
        source_ids = sorted(self._sources)
        self._source_number = {source_id: i for i, source_id in enumerate(source_ids)}
        per_designation = np.array(
            [self._source_number[d.source_id] for d in self._designations], dtype=np.int32
        )
        self._name_source = (
            per_designation[self.index.designation_of]
            if len(self.index)
            else np.zeros(0, dtype=np.int32)
        )
        self._vocabulary = UnitVocabulary(
            [indexed.units for indexed in self.index.names], self.similarity.variants
        )
        self._weak_name = [
            self._designations[indexed.designation].names[indexed.name].quality != "strong"
            for indexed in self.index.names
        ]
        # Name ids of designation d: _by_designation[_first_name[d]:_first_name[d + 1]].
        self._by_designation = np.argsort(self.index.designation_of, kind="stable")
        self._first_name = np.searchsorted(
            self.index.designation_of[self._by_designation], np.arange(len(self._designations) + 1)
        )

    @property
    def links(self) -> PartyLinks:
        """Party groups over these designations (`screening.linking`), built once on first use.

        Building links scores candidate name pairs across sources (about a
        minute for every list in ../shared/lists); pass ``links=`` to reuse them.
        """
        if self._links is None:
            with self._links_lock:
                if self._links is None:
                    from screening.linking import link_parties

                    self._links = link_parties(self)
        return self._links

    def listings(self, designation_id: str) -> Listings:
        """Every listing of the party a designation belongs to."""
        links = self.links
        return group_listings(links, links.group_of(designation_id), self._sources)

    def save(self, path: str | Path) -> Path:
        """Save this screener, index included, to a folder (see `screening.persist`)."""
        from screening.persist import save_screener

        return save_screener(self, path)

    @classmethod
    def load(cls, path: str | Path, *, config: MatchConfig | None = None) -> Screener:
        """A screener saved with `save`, loaded without rebuilding its index."""
        from screening.persist import load_screener

        with paused_gc():  # reading keeps nearly every object it makes (`screening.gcpause`)
            screener: Screener = load_screener(path, config=config)
        return screener

    @property
    def designations(self) -> tuple[Designation, ...]:
        return self._designations

    def _allowed(
        self, sources: Iterable[str] | None, scope: Scope | Sequence[Scope] | None
    ) -> npt.NDArray[np.bool_] | None:
        """The names a source or scope filter lets through (None: all), computed once per filter."""
        if sources is None and scope is None:
            return None
        requested = (
            None
            if sources is None
            else frozenset([sources] if isinstance(sources, str) else sources)
        )
        scopes = None if scope is None else frozenset([scope] if isinstance(scope, str) else scope)
        allowed = self._allowed_masks.get((requested, scopes))
        if allowed is None:
            allowed = self._allowed_mask(requested, scopes)
            allowed.flags.writeable = False  # shared by every call with this filter
            if len(self._allowed_masks) < MAX_FILTER_MASKS:
                self._allowed_masks[(requested, scopes)] = allowed
        return allowed

    def _allowed_mask(
        self, requested: frozenset[str] | None, scopes: frozenset[str] | None
    ) -> npt.NDArray[np.bool_]:
        wanted = set(self._sources)
        if requested is not None:
            unknown = requested - set(self._sources)
            if unknown:
                raise ConfigError(
                    f"unknown source ids {sorted(unknown)}; loaded: {sorted(self._sources)}"
                )
            wanted &= requested
        numbers = np.array([self._source_number[s] for s in wanted], dtype=np.int32)
        allowed = np.isin(self._name_source, numbers)
        if scopes is not None:
            bad = scopes - set(SCOPES)
            if bad:
                raise ConfigError(f"unknown scope {sorted(bad)}; use {', '.join(SCOPES)}")
            # Scope applies to the party: a UK listing of a party the UN also
            # lists passes scope="un" (see `match`).
            in_scope = np.array(
                [bool(found & scopes) for found in self._party_scopes()], dtype=np.bool_
            )
            allowed &= in_scope[self.index.designation_of]
        return allowed

    def _party_scopes(self) -> list[frozenset[str]]:
        """Per designation, the scopes of its party's listings (``un`` also for a UN reference)."""
        if self._scopes_of_party is not None:
            return self._scopes_of_party
        links = self.links
        per_group = []
        for group in links.groups:
            scopes: set[str] = set()
            for member in links.members(group):
                scopes.add(self._sources[member.source_id].scope)
                if member.un_reference:
                    scopes.add("un")
            per_group.append(frozenset(scopes))
        self._scopes_of_party = [per_group[links.group_number(d.id)] for d in self._designations]
        return self._scopes_of_party

    def match(
        self,
        name: str,
        *,
        kind: EntityKind | None = None,
        birth_date: str | dt.date | PartialDate | None = None,
        countries: Sequence[str] = (),
        sources: Iterable[str] | None = None,
        scope: Scope | Sequence[Scope] | None = None,
        threshold: float | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """Designations whose names match ``name``, best first.

        Args:
            name: the counterparty's name, in any script.
            kind: ``person``, ``organization``, ``vessel`` or ``aircraft``; a
                contradicting designation kind lowers the score.
            birth_date: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or a date; agreement
                raises and contradiction lowers the score (persons only).
            countries: country names or ISO codes linked to the counterparty.
            sources: only these source ids (``us-ofac-sdn``, ``un-sc`` ...).
            scope: only parties listed by a source of this scope or scopes
                (``un``, ``regional``, ``unilateral``). It applies to the linked
                party (`links`): with ``scope="un"`` a hit on the UK listing of a
                party the UN lists is kept (its ``source`` stays the UK's; see
                ``Match.listings``), a UK-only party is not. The first call with
                a scope builds the links.
            threshold: minimum score; default the config's (per source).
            limit: at most this many matches (one per designation).
        """
        if limit < 1:
            raise ConfigError("limit must be at least 1")
        prepared = self.prepare(name, kind=kind, sources=sources, scope=scope, threshold=threshold)
        return self.finish(prepared, birth_date=birth_date, countries=countries, limit=limit)

    def prepare(
        self,
        name: str,
        *,
        kind: EntityKind | None = None,
        sources: Iterable[str] | None = None,
        scope: Scope | Sequence[Scope] | None = None,
        threshold: float | None = None,
    ) -> PreparedQuery:
        """The name evidence of `match` (options as there), for `finish` to complete.

        Everything that depends on the name alone: the candidates and their
        name scores, kept when birth-date and country agreement could still
        lift them over the threshold. A caller screening one name with many
        birth dates or countries (a customer file with repeated names)
        prepares it once and finishes it per row.
        """
        config = self.config
        if threshold is not None:
            config = evolve_config(config, threshold=float(threshold), source_thresholds={})
        query = self.normalizer.normalize(name, person=kind == "person")
        allowed = self._allowed(sources, scope)
        # A name score this far below every threshold cannot alert whatever the
        # birth date and countries add, so such candidates are not kept.
        lowest = min([config.threshold, *(t for _, t in config.source_thresholds)])
        keep_from = lowest - config.birth_date_match_bonus - config.country_match_bonus
        best: dict[int, _Scored] = {}
        for variant in self._query_variants(query, person=kind == "person"):
            for d_index, scored in self._score_candidates(
                variant, config, allowed, keep_from
            ).items():
                current = best.get(d_index)
                if current is None or scored.score > current.score:
                    best[d_index] = scored
        return PreparedQuery(kind, config, tuple(best.items()))

    def finish(
        self,
        prepared: PreparedQuery,
        *,
        birth_date: str | dt.date | PartialDate | None = None,
        countries: Sequence[str] = (),
        limit: int = 10,
    ) -> list[Match]:
        """`match`'s result for a prepared name with this birth date and these countries."""
        if limit < 1:
            raise ConfigError("limit must be at least 1")
        given_birth = _as_birth_date(birth_date)
        given_countries = {code for code in (country_code(c) for c in countries) if code}
        config = prepared.config
        matches = []
        for d_index, scored in prepared.scored:
            designation = self._designations[d_index]
            name_score = scored.score
            score, adjustments = self._adjust(
                name_score, designation, prepared.kind, given_birth, given_countries, config
            )
            if score < config.threshold_for(designation.source_id):
                continue
            matches.append(self._match(designation, scored, score, adjustments))
        matches.sort(key=lambda m: (-m.score, m.designation.id))
        return matches[:limit]

    def _match(
        self,
        designation: Designation,
        scored: _Scored,
        score: float,
        adjustments: tuple[tuple[str, float], ...],
    ) -> Match:
        indexed = self.index.names[scored.name_id]
        comparison = describe_alignment(
            scored.chosen,
            scored.q_used,
            scored.l_used,
            scored.query,
            indexed.normalized,
            scored.query_units,
            indexed.units,
            self.index.name_weights[scored.name_id],
            scored.score,
        )
        listed_name = designation.names[indexed.name]
        explanation = Explanation(listed_name.full, round(scored.score, 4), comparison, adjustments)
        return Match(
            score=round(score, 4),
            designation=designation,
            matched_name=listed_name,
            query=scored.query.text,
            explanation=explanation,
            source=self._sources[designation.source_id],
            party=functools.partial(self.listings, designation.id),
        )

    def _query_variants(
        self, query: NormalizedName, *, person: bool = False
    ) -> list[NormalizedName]:
        """The query, plus its parts when it writes one name two ways ("Оксана ... / Оксана
        ..."), plus a re-tokenised form when it has run-on words ("MOHAMEDALKANI")."""
        variants = [query]
        parts = _ALTERNATIVES.split(query.original)
        if len(parts) > 1:
            for part in parts:
                try:
                    variants.append(self.normalizer.normalize(part, person=person))
                except InputError:
                    continue  # a part without letters
        return variants + self._run_on_variants(query)

    def _run_on_variants(self, query: NormalizedName) -> list[NormalizedName]:
        words = []
        changed = False
        for token in query.tokens:
            pieces = None
            if token.role == "name" and len(token.text) >= RUN_ON_MIN_LENGTH:
                pieces = self.index.segment(token.text)
            if pieces:
                words.extend(pieces)
                changed = True
            else:
                words.append(token.original)
        if not changed:
            return []
        return [self.normalizer.normalize(" ".join(words))]

    def _score_candidates(
        self,
        query: NormalizedName,
        config: MatchConfig,
        allowed: npt.NDArray[np.bool_] | None,
        keep_from: float,
    ) -> dict[int, _Scored]:
        """Best-scoring name per designation scoring ``keep_from``+, among the query's candidates.

        The index offers a few names per designation; for the
        `COMPLETED_DESIGNATIONS` best-scoring designations the other names are
        scored too, so their score is their best name's, as if every name had
        been scored.
        """
        candidate_ids = self.index.candidates(
            query,
            config.candidates,
            allowed,
            min_support_ratio=(
                config.foreign_support_ratio
                if any(t.script not in ("Latn", "Zyyy") for t in query.tokens)
                else config.min_support_ratio
            ),
            keep=config.min_candidates,
        )
        best: dict[int, _Scored] = {}
        scoring = _QueryScoring(
            query,
            units_of(query.tokens, query=True),
            [self.index.token_weight(t.text, t.role) for t in query.tokens],
            self.index.may_be_cut(query),
        )
        self._score_names(candidate_ids, scoring, config, keep_from, best)
        completed = [
            d_index
            for d_index in heapq.nlargest(COMPLETED_DESIGNATIONS, best, key=lambda d: best[d].score)
            if best[d_index].score < 1.0  # (an exact name cannot be bettered)
        ]
        scored = set(candidate_ids)
        others = [
            name_id
            for d_index in completed
            for name_id in self._by_designation[
                self._first_name[d_index] : self._first_name[d_index + 1]
            ].tolist()
            if name_id not in scored
        ]
        if others:
            self._score_names(others, scoring, config, keep_from, best)
        return best

    def _score_names(
        self,
        name_ids: list[int],
        scoring: _QueryScoring,
        config: MatchConfig,
        keep_from: float,
        best: dict[int, _Scored],
    ) -> None:
        """Score these listed names; keep each designation's best at ``keep_from``+ in ``best``."""
        query, query_units, query_weights, cut_possible = scoring
        matches = unit_matches(
            query_units,
            self._vocabulary.listed(name_ids),
            self.similarity,
            config.min_token_similarity,
            cut_possible=may_be_cut_short(query),  # (the listed word "Tech" may be cut too)
        )
        for name_id in name_ids:
            indexed = self.index.names[name_id]
            bound = alignment_bound(
                query_units,
                indexed.units,
                matches,
                query_weights,
                self.index.name_weights[name_id],
                config,
                cut_possible=cut_possible,
            )
            if bound < keep_from - 1e-9:  # (slack for rounding; weak aliases only score lower)
                continue
            chosen, q_used, l_used = align(query_units, indexed.units, matches)
            score = alignment_score(
                chosen,
                q_used,
                l_used,
                indexed.units,
                query_weights,
                self.index.name_weights[name_id],
                config,
                cut_possible=cut_possible,
            )
            if self._weak_name[name_id]:
                score *= config.weak_alias_factor
            if score < keep_from:
                continue
            current = best.get(indexed.designation)
            if current is None or score > current.score:
                best[indexed.designation] = _Scored(
                    score, name_id, chosen, q_used, l_used, query, query_units
                )

    @staticmethod
    def _adjust(
        score: float,
        designation: Designation,
        kind: EntityKind | None,
        birth: PartialDate | None,
        countries: set[str],
        config: MatchConfig,
    ) -> tuple[float, tuple[tuple[str, float], ...]]:
        adjustments: list[tuple[str, float]] = []
        known_kinds = kind not in (None, "unknown") and designation.kind != "unknown"
        if known_kinds and _KIND_GROUP.get(str(kind)) != _KIND_GROUP.get(designation.kind):
            delta = score * config.kind_mismatch_factor - score
            adjustments.append((f"kind {kind} vs listed {designation.kind}", delta))
        if birth is not None and designation.birth_dates:
            verdicts = [
                _birth_agrees(birth, listed, config.birth_year_tolerance)
                for listed in designation.birth_dates
            ]
            known = [v for v in verdicts if v is not None]
            if any(known):
                adjustments.append((f"birth date {birth} agrees", config.birth_date_match_bonus))
            elif known:
                listed_text = ", ".join(str(b) for b in designation.birth_dates)
                adjustments.append(
                    (
                        f"birth date {birth} vs listed {listed_text}",
                        -config.birth_date_conflict_penalty,
                    )
                )
        listed_countries = set(designation.countries)
        if countries and listed_countries:
            shared = countries & listed_countries
            if shared:
                adjustments.append(
                    (f"country {', '.join(sorted(shared))} agrees", config.country_match_bonus)
                )
            else:
                adjustments.append(
                    (
                        f"countries {', '.join(sorted(countries))} vs listed "
                        f"{', '.join(sorted(listed_countries))}",
                        -config.country_conflict_penalty,
                    )
                )
        total = score + sum(delta for _, delta in adjustments)
        return min(1.0, max(0.0, total)), tuple(adjustments)

    def compare(self, name_a: str, name_b: str) -> Comparison:
        """Compare two names with this screener's rarity weights and config."""
        query = self.normalizer.normalize(name_a)
        listed = self.normalizer.normalize(name_b)
        comparison = compare_names(
            query,
            listed,
            similarity=self.similarity,
            config=self.config,
            query_weight=self.index.token_weight,
            listed_weight=self.index.token_weight,
        )
        return Comparison(
            round(comparison.score, 4), Explanation(name_b, round(comparison.score, 4), comparison)
        )


_default_lock = threading.Lock()
_default_screener: Screener | None = None


def default_screener() -> Screener:
    """The screener over `screening.load()`, built once on first use (thread-safe)."""
    global _default_screener
    if _default_screener is None:
        with _default_lock:
            if _default_screener is None:
                _default_screener = Screener()
    return _default_screener


def match(
    name: str,
    *,
    kind: EntityKind | None = None,
    birth_date: str | dt.date | PartialDate | None = None,
    countries: Sequence[str] = (),
    sources: Iterable[str] | None = None,
    scope: Scope | Sequence[Scope] | None = None,
    threshold: float | None = None,
    limit: int = 10,
) -> list[Match]:
    """`Screener.match` on the default screener (the default lists, the default config)."""
    return default_screener().match(
        name,
        kind=kind,
        birth_date=birth_date,
        countries=countries,
        sources=sources,
        scope=scope,
        threshold=threshold,
        limit=limit,
    )


def compare(
    name_a: str,
    name_b: str,
    *,
    kind: EntityKind | None = None,
    config: MatchConfig | None = None,
) -> Comparison:
    """Score two names against each other (no list statistics: tokens weigh by role only).

    ``kind="person"`` reads words that are legal forms elsewhere ("Pao", "Sa")
    as name parts; other kinds treat them as legal forms.
    """
    config = config or MatchConfig()
    if kind is not None and kind not in _KIND_GROUP and kind != "unknown":
        raise ConfigError(f"unknown kind {kind!r}")
    normalizer = _normalizer_for(config)
    similarity = _similarity_for(config.min_token_similarity)
    person = kind == "person"
    query = normalizer.normalize(name_a, person=person)
    listed = normalizer.normalize(name_b, person=person)
    comparison = compare_names(query, listed, similarity=similarity, config=config)
    score = round(comparison.score, 4)
    return Comparison(score, Explanation(name_b, score, comparison))


_normalizers: dict[tuple[int, int], Normalizer] = {}
_similarities: dict[float, TokenSimilarity] = {}


def _normalizer_for(config: MatchConfig) -> Normalizer:
    key = (config.max_name_length, config.max_tokens)
    normalizer = _normalizers.get(key)
    if normalizer is None:
        normalizer = _normalizers.setdefault(
            key, Normalizer(max_length=config.max_name_length, max_tokens=config.max_tokens)
        )
    return normalizer


def _similarity_for(floor: float) -> TokenSimilarity:
    similarity = _similarities.get(floor)
    if similarity is None:
        similarity = _similarities.setdefault(floor, TokenSimilarity(floor=floor))
    return similarity
