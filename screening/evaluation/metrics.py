"""Metrics on raw system scores: alert-rate thresholds, recall, curves, bootstrap intervals.

Conventions. A query *alerts* at threshold ``t`` when its best score is
``>= t``; a positive is *found* when its target entry's score is ``>= t``
(the target need not rank first: a screening analyst sees every alert). A
missing score (the system returned nothing, or not the target) is ``-inf``.
The threshold for an alert rate ``r`` over ``n`` population names is the
lowest threshold that alerts on at most ``floor(r * n)`` of them: just above
the ``(floor(r*n)+1)``-th highest population score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs
import numpy as np

MISSING = -math.inf


def threshold_at_alert_rate(negative_scores: Sequence[float] | np.ndarray, rate: float) -> float:
    """Lowest threshold at which at most ``floor(rate * n)`` negatives alert."""
    scores = np.sort(np.asarray(negative_scores, dtype=np.float64))[::-1]
    if len(scores) == 0:
        return MISSING
    allowed = math.floor(rate * len(scores) + 1e-9)
    if allowed >= len(scores):
        return MISSING
    return float(np.nextafter(scores[allowed], math.inf))


def alert_rate(negative_scores: Sequence[float] | np.ndarray, threshold: float) -> float:
    scores = np.asarray(negative_scores, dtype=np.float64)
    return float(np.mean(scores >= threshold)) if len(scores) else math.nan


def recall(positive_scores: Sequence[float] | np.ndarray, threshold: float) -> float:
    scores = np.asarray(positive_scores, dtype=np.float64)
    return float(np.mean(scores >= threshold)) if len(scores) else math.nan


def retrieval_recall(ranks: Sequence[float] | np.ndarray, k: int) -> float:
    """Share of positives whose target is among the first ``k`` results (rank 1 = best)."""
    values = np.asarray(ranks, dtype=np.float64)
    return float(np.mean(values <= k)) if len(values) else math.nan


@attrs.frozen
class Curve:
    thresholds: np.ndarray
    recall: np.ndarray
    alert_rate: np.ndarray
    precision: np.ndarray


def curve(positive_scores: np.ndarray, negative_scores: np.ndarray) -> Curve:
    """Recall, alert rate and precision at every distinct finite score, highest first.

    Precision counts every alerting negative as a false alert; it depends on
    the mix of the sample and is meant for comparing systems on the same data.
    """
    pos = np.asarray(positive_scores, dtype=np.float64)
    neg = np.asarray(negative_scores, dtype=np.float64)
    values = np.concatenate([pos, neg])
    thresholds = np.unique(values[np.isfinite(values)])[::-1]
    pos_sorted = np.sort(pos)
    neg_sorted = np.sort(neg)
    found = len(pos) - np.searchsorted(pos_sorted, thresholds, side="left")
    alerts = len(neg) - np.searchsorted(neg_sorted, thresholds, side="left")
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(found + alerts > 0, found / (found + alerts), 1.0)
    return Curve(
        thresholds,
        found / max(1, len(pos)),
        alerts / max(1, len(neg)),
        precision,
    )


@attrs.frozen
class Interval:
    low: float
    high: float


def bootstrap(
    positives: Mapping[str, np.ndarray],
    population: np.ndarray,
    *,
    rate: float,
    reps: int,
    seed: int,
) -> dict[str, Interval]:
    """95 % percentile intervals of recall per class (and ``all``) at the alert-rate threshold.

    Each replicate resamples the population (so the threshold moves with it)
    and every class's positives, with replacement: the interval covers the
    uncertainty of both the threshold and the recall.
    """
    rng = np.random.default_rng(seed)
    population = np.asarray(population, dtype=np.float64)
    classes = {k: np.asarray(v, dtype=np.float64) for k, v in positives.items() if len(v)}
    draws: dict[str, list[float]] = {k: [] for k in [*classes, "all"]}
    for _ in range(reps):
        sample = population[rng.integers(0, len(population), len(population))]
        t = threshold_at_alert_rate(sample, rate)
        total_found = total = 0
        for cls, scores in classes.items():
            resampled = scores[rng.integers(0, len(scores), len(scores))]
            found = int(np.sum(resampled >= t))
            draws[cls].append(found / len(scores))
            total_found += found
            total += len(scores)
        draws["all"].append(total_found / max(1, total))
    return {
        k: Interval(float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
        for k, v in draws.items()
        if v
    }


@attrs.frozen
class GroupRate:
    group: str
    count: int
    alerts: int

    @property
    def rate(self) -> float:
        return self.alerts / self.count if self.count else math.nan


def parity(
    negative_scores: np.ndarray, groups: Sequence[str], threshold: float, *, min_count: int = 1
) -> list[GroupRate]:
    """Alert count and rate per group at ``threshold``, largest groups first."""
    scores = np.asarray(negative_scores, dtype=np.float64)
    labels = np.asarray(groups)
    out = []
    for group in sorted(set(groups)):
        mask = labels == group
        count = int(mask.sum())
        if count >= min_count:
            out.append(GroupRate(group, count, int(np.sum(scores[mask] >= threshold))))
    return sorted(out, key=lambda g: (-g.count, g.group))
