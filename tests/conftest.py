"""Shared fixtures: where the real list snapshots and name data live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
LISTS = SHARED / "lists"
NAMEDATA = SHARED / "namedata"


@pytest.fixture(scope="session")
def shared_lists() -> Path:
    if not LISTS.is_dir():
        pytest.fail(f"the real list snapshots are expected at {LISTS}")
    return LISTS
