"""Metric code against small cases computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from screening.evaluation import metrics as m

# Ten population scores; 1 alert in 10 allowed at a 10 % rate.
POPULATION = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95])


def test_threshold_allows_exactly_the_allowed_number_of_alerts() -> None:
    # floor(0.1 * 10) = 1 alert allowed: just above the 2nd highest score (0.9).
    t = m.threshold_at_alert_rate(POPULATION, 0.10)
    assert 0.9 < t <= 0.95 and t == pytest.approx(0.9)
    assert m.alert_rate(POPULATION, t) == 0.1
    # floor(0.25 * 10) = 2 alerts: just above 0.8.
    t = m.threshold_at_alert_rate(POPULATION, 0.25)
    assert m.alert_rate(POPULATION, t) == 0.2 and t == pytest.approx(0.8)
    # 0 % allows no alert: just above the maximum.
    assert m.alert_rate(POPULATION, m.threshold_at_alert_rate(POPULATION, 0.0)) == 0.0


def test_threshold_with_ties_never_exceeds_the_rate() -> None:
    scores = [0.5, 0.9, 0.9, 0.9, 0.1]
    t = m.threshold_at_alert_rate(scores, 0.2)  # one alert allowed, three tied at 0.9
    assert m.alert_rate(scores, t) == 0.0
    assert t > 0.9


def test_missing_scores_and_empty_inputs() -> None:
    scores = [m.MISSING] * 9 + [0.4]
    t = m.threshold_at_alert_rate(scores, 0.1)  # the one result may alert
    assert t == -math.inf or m.alert_rate(scores, t) == 0.1
    assert m.alert_rate(scores, t) == 0.1
    assert m.threshold_at_alert_rate([], 0.01) == m.MISSING
    assert math.isnan(m.recall([], 0.5))


def test_recall_and_retrieval() -> None:
    positives = [0.95, 0.9, 0.85, m.MISSING]
    assert m.recall(positives, 0.9) == 0.5
    assert m.recall(positives, 0.85) == 0.75
    assert m.retrieval_recall([1, 3, 12, math.inf], 10) == 0.5
    assert m.retrieval_recall([1, 3, 12, math.inf], 50) == 0.75


def test_curve_by_hand() -> None:
    c = m.curve(np.array([0.9, 0.7, m.MISSING]), np.array([0.8, 0.6]))
    assert list(c.thresholds) == [0.9, 0.8, 0.7, 0.6]
    assert list(c.recall) == pytest.approx([1 / 3, 1 / 3, 2 / 3, 2 / 3])
    assert list(c.alert_rate) == [0.0, 0.5, 0.5, 1.0]
    assert list(c.precision) == pytest.approx([1.0, 0.5, 2 / 3, 0.5])


def test_bootstrap_interval_contains_the_point_estimate() -> None:
    rng = np.random.default_rng(0)
    population = rng.random(1000)
    positives = {"a": rng.random(200) * 0.2 + 0.8, "b": rng.random(200)}
    t = m.threshold_at_alert_rate(population, 0.01)
    intervals = m.bootstrap(positives, population, rate=0.01, reps=300, seed=1)
    for cls, scores in positives.items():
        point = m.recall(scores, t)
        assert intervals[cls].low <= point <= intervals[cls].high
    assert intervals["b"].high - intervals["b"].low > 0.02  # real sampling noise
    assert set(intervals) == {"a", "b", "all"}
    # Deterministic for a given seed.
    assert m.bootstrap(positives, population, rate=0.01, reps=50, seed=1) == m.bootstrap(
        positives, population, rate=0.01, reps=50, seed=1
    )


def test_parity_counts_per_group() -> None:
    scores = np.array([0.9, 0.1, 0.95, 0.2, 0.3])
    groups = ["Latn", "Latn", "Arab", "Arab", "Arab"]
    rates = {g.group: (g.count, g.alerts, g.rate) for g in m.parity(scores, groups, 0.9)}
    assert rates == {"Latn": (2, 1, 0.5), "Arab": (3, 1, pytest.approx(1 / 3))}
    assert [g.group for g in m.parity(scores, groups, 0.9)] == ["Arab", "Latn"]
