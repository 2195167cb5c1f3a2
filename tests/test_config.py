"""`MatchConfig`: validation, documentation of every field, presets, overrides."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening import ConfigError, MatchConfig
from screening.config import PRESETS, evolve_config

FIELDS = attrs.fields(MatchConfig)
UNIT_FIELDS = [f.name for f in FIELDS if f.type in ("float", float)]
INT_FIELDS = [f.name for f in FIELDS if f.type in ("int", int)]


def test_defaults_are_valid_and_documented() -> None:
    config = MatchConfig()
    for field in FIELDS:
        assert field.metadata.get("doc"), f"{field.name} has no doc"
    for name in UNIT_FIELDS:
        assert 0.0 <= getattr(config, name) <= 1.0
    assert 0.5 < config.threshold < 1.0
    assert config.min_token_similarity < config.threshold


def test_config_is_frozen() -> None:
    config = MatchConfig()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.threshold = 0.5  # type: ignore[misc]


def test_presets() -> None:
    assert set(PRESETS) >= {"default", "payments", "onboarding"}
    assert MatchConfig.preset("default") == MatchConfig()
    payments, onboarding = MatchConfig.preset("payments"), MatchConfig.preset("onboarding")
    # Strict payment screening alerts less; permissive onboarding alerts more.
    assert payments.threshold > MatchConfig().threshold > onboarding.threshold
    with pytest.raises(ConfigError, match="payments"):
        MatchConfig.preset("lenient")


def test_evolve_does_not_touch_the_original() -> None:
    base = MatchConfig()
    changed = evolve_config(base, threshold=0.9)
    assert changed.threshold == 0.9 and base.threshold == MatchConfig().threshold
    with pytest.raises(ConfigError):
        evolve_config(base, threshold=1.2)
    with pytest.raises(ConfigError):
        evolve_config(base, no_such_field=1.0)


def test_source_thresholds() -> None:
    config = MatchConfig(source_thresholds={"un-sc": 0.7, "us-ofac-sdn": 0.9})
    assert config.source_thresholds == (("un-sc", 0.7), ("us-ofac-sdn", 0.9))
    assert config.threshold_for("un-sc") == 0.7
    assert config.threshold_for("uk-ofsi") == config.threshold
    hash(config)  # hashable although given a dict
    with pytest.raises(ValueError, match="un-sc"):
        MatchConfig(source_thresholds={"un-sc": 1.5})
    with pytest.raises(ConfigError):
        MatchConfig.create(source_thresholds={"un-sc": "high"})


bad_unit = st.one_of(
    st.floats(max_value=-1e-9, allow_nan=False),
    st.floats(min_value=1.0 + 1e-9, allow_nan=False),
    st.just(math.nan),
    st.integers(),  # an int is not a float: 1 and 0 are rejected too
    st.text(max_size=3),
    st.none(),
)


@given(st.sampled_from(UNIT_FIELDS), bad_unit)
def test_bad_unit_values_are_refused(name: str, value: object) -> None:
    with pytest.raises(ConfigError):
        MatchConfig.create(**{name: value})
    with pytest.raises((ValueError, TypeError)):
        MatchConfig(**{name: value})  # type: ignore[arg-type]


@given(st.sampled_from(UNIT_FIELDS), st.floats(min_value=0.0, max_value=1.0))
def test_good_unit_values_are_accepted(name: str, value: float) -> None:
    assert getattr(MatchConfig.create(**{name: value}), name) == value


@given(
    st.sampled_from(INT_FIELDS),
    st.one_of(st.integers(max_value=-1), st.integers(min_value=10**6), st.floats(), st.text()),
)
def test_bad_int_values_are_refused(name: str, value: object) -> None:
    with pytest.raises(ConfigError):
        MatchConfig.create(**{name: value})


def test_unknown_field_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        MatchConfig.create(treshold=0.8)
