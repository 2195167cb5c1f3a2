"""Fixtures for the batch tests: a screener over the embedded sample lists, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

import screening
from screening.screener import Screener

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CUSTOMERS = EXAMPLES / "customers.csv"


@pytest.fixture(scope="session")
def empty_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache with nothing fetched, so the embedded samples are loaded, never a real cache."""
    return tmp_path_factory.mktemp("empty-cache")


@pytest.fixture(scope="session")
def screener(empty_cache: Path) -> Screener:
    lists = screening.load(cache_dir=empty_cache)
    assert lists.origin == "samples"
    return Screener(lists)
