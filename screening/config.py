"""`MatchConfig`: every tunable of the matcher, frozen and validated, with named presets.

Override per call with ``attrs.evolve(config, threshold=0.8)`` or the keyword
arguments of `Screener.match`; a config is never mutated.

The score scale (see `screening.score`): 1.0 means the names are the same after
normalisation; about 0.9 means every informative name part agrees with minor
spelling or romanisation differences; each unmatched informative part pulls
the score down in proportion to its rarity in the lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import validators as v

from screening.errors import ConfigError

_UNIT = [v.ge(0.0), v.le(1.0)]


def _sorted_pairs(value: Mapping[str, float] | tuple[tuple[str, float], ...]) -> Any:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


def _unit(doc: str, default: float) -> Any:
    return attrs.field(
        default=default, validator=[v.instance_of(float), *_UNIT], metadata={"doc": doc}
    )


@attrs.frozen
class MatchConfig:
    """Matching parameters. Every field is documented in its ``metadata["doc"]``."""

    # Default alert threshold, chosen on the full quality benchmark (benchmarks/quality,
    # run 2026-11-29: 22,939 listed entries, 19,987 population names, 4,950 positives):
    # 0.85 gives 0.98 alerts per 100 population names with 93.6% recall of the
    # positives; 0.80 would give 95.1% recall at 2.27 alerts per 100.
    threshold: float = _unit("Minimum score for a match to be returned (an alert).", 0.85)
    min_token_similarity: float = _unit(
        "Token pairs less similar than this count as not matching at all.", 0.70
    )
    missing_listed_cost: float = _unit(
        "Share of a listed token's weight lost when the query lacks it "
        "(a listed middle name missing from the query costs less than an unknown extra token).",
        0.40,
    )
    truncated_tail_factor: float = _unit(
        "Multiplier of missing_listed_cost for listed tokens after a query's cut-off last "
        "word (a name cut by a payment field's length: the words after the cut were not "
        "seen, which says less than a query that ends where its name ends).",
        0.35,
    )
    extra_query_cost: float = _unit(
        "Share of a query token's weight lost when the listed name lacks it.", 1.0
    )
    contained_extra_factor: float = _unit(
        "Multiplier of extra_query_cost when every listed token is matched "
        "(the query contains the whole listed name plus more words).",
        0.5,
    )
    weak_alias_factor: float = _unit(
        "Score multiplier for names the source marks weak or low quality.", 0.95
    )
    kind_mismatch_factor: float = _unit(
        "Score multiplier when the query's entity kind contradicts the designation's.", 0.75
    )
    birth_date_match_bonus: float = _unit(
        "Added to the score when a given birth date agrees with a listed one.", 0.05
    )
    birth_date_conflict_penalty: float = _unit(
        "Subtracted when a given birth date contradicts every listed one.", 0.15
    )
    country_match_bonus: float = _unit(
        "Added when a given country is among the designation's countries.", 0.02
    )
    country_conflict_penalty: float = _unit(
        "Subtracted when given countries and the designation's known countries are disjoint.",
        0.05,
    )
    birth_year_tolerance: int = attrs.field(
        default=1,
        validator=[v.instance_of(int), v.ge(0), v.le(10)],
        metadata={"doc": "Years of difference still counted as agreeing birth dates."},
    )
    candidates: int = attrs.field(
        default=60,
        validator=[v.instance_of(int), v.ge(1), v.le(5000)],
        metadata={"doc": "Listed names scored in full per query, taken from the index."},
    )
    min_support_ratio: float = _unit(
        "Candidates whose index support is below this share of the best candidate's are "
        "not scored (after the first `min_candidates`).",
        0.3,
    )
    foreign_support_ratio: float = _unit(
        "`min_support_ratio` for queries with words in another script: their index keys "
        "(romanisation guesses, consonant skeletons) are less certain, so the net is wider.",
        0.1,
    )
    min_candidates: int = attrs.field(
        default=10,
        validator=[v.instance_of(int), v.ge(1), v.le(5000)],
        metadata={"doc": "Candidates always scored in full, whatever their support."},
    )
    max_name_length: int = attrs.field(
        default=500,
        validator=[v.instance_of(int), v.ge(10), v.le(100_000)],
        metadata={"doc": "Longer names are refused with InputError."},
    )
    max_tokens: int = attrs.field(
        default=24,
        validator=[v.instance_of(int), v.ge(1), v.le(1000)],
        metadata={"doc": "Tokens beyond this many are ignored (bounds the work per query)."},
    )
    source_thresholds: tuple[tuple[str, float], ...] = attrs.field(
        default=(),
        converter=_sorted_pairs,
        metadata={"doc": "Per-source thresholds overriding `threshold`: {source id: threshold}."},
    )

    @source_thresholds.validator
    def _check_source_thresholds(
        self, _attribute: Any, value: tuple[tuple[str, float], ...]
    ) -> None:
        for source_id, threshold in value:
            if not isinstance(threshold, float) or not 0.0 <= threshold <= 1.0:
                raise ValueError(f"threshold for source {source_id!r} must be a float in [0, 1]")

    def threshold_for(self, source_id: str) -> float:
        return dict(self.source_thresholds).get(source_id, self.threshold)

    @classmethod
    def preset(cls, name: str) -> MatchConfig:
        """A named preset: ``default``, ``payments`` (strict: fewer alerts, exact-ish names in
        payment messages) or ``onboarding`` (permissive: more recall when onboarding a customer)."""
        try:
            return PRESETS[name]
        except KeyError:
            raise ConfigError(
                f"unknown preset {name!r}; presets: {', '.join(sorted(PRESETS))}"
            ) from None

    @classmethod
    def create(cls, **values: Any) -> MatchConfig:
        """Build a config, turning validation failures into `ConfigError`."""
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"invalid MatchConfig: {exc}") from exc


def evolve_config(config: MatchConfig, **changes: Any) -> MatchConfig:
    """A copy of ``config`` with ``changes``; validation failures become `ConfigError`."""
    try:
        return attrs.evolve(config, **changes)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid MatchConfig: {exc}") from exc


PRESETS: dict[str, MatchConfig] = {
    "default": MatchConfig(),
    # Payment screening: 0.42 alerts per 100 population names, 89.6% recall (same run).
    "payments": MatchConfig(threshold=0.90, candidates=40),
    # Onboarding: 2.27 alerts per 100 population names, 95.1% recall (same run).
    "onboarding": MatchConfig(threshold=0.80, candidates=150),
}
