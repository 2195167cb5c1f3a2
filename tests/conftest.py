"""Shared fixtures: where the real list snapshots and name data live."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

# CI runs every property test with hypothesis's fixed per-test seed, so a run is
# reproducible and a red CI is a real regression, not a newly sampled example;
# locally the examples stay random, which is how new weaknesses are found.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

if TYPE_CHECKING:
    from screening import Screener

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
LISTS = SHARED / "lists"
NAMEDATA = SHARED / "namedata"


@pytest.fixture(scope="session")
def shared_lists() -> Path:
    if not LISTS.is_dir():
        pytest.fail(f"the real list snapshots are expected at {LISTS}")
    return LISTS


@pytest.fixture(scope="session")
def all_lists_screener(shared_lists: Path) -> Screener:
    """One `Screener` over every list in ``../shared/lists`` (slow: built once per session)."""
    from screening import Screener
    from tests.matching_fixtures import load_all_lists

    return Screener(load_all_lists(shared_lists))


@pytest.fixture(scope="session")
def small_screener() -> Screener:
    """A `Screener` over a handful of synthetic designations (`small_list_set`): fast."""
    from screening import Screener
    from tests.matching_fixtures import small_list_set

    return Screener(small_list_set())
