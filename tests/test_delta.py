"""Delta re-screening equals a full re-screen restricted to the added and changed designations."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest

from screening import Screener, load_file
from screening.delta import changed_designations, delta_lists, read_customers, rescreen
from screening.errors import InputError
from screening.model import ListSet
from tests.conftest import LISTS


@pytest.fixture(scope="module")
def old_lists() -> ListSet:
    return ListSet((load_file(LISTS / "un" / "2025-04-19" / "consolidated.xml"),))


@pytest.fixture(scope="module")
def new_lists() -> ListSet:
    return ListSet((load_file(LISTS / "un" / "consolidated.xml"),))


def _customers(new_lists: ListSet, delta_ids: set[str], count: int = 240) -> list[dict[str, str]]:
    """Listed names of delta and other designations, spelt as customers write them."""
    rng = random.Random(6)
    designations = new_lists.designations()
    delta = [d for d in designations if d.id in delta_ids]
    others = [d for d in designations if d.id not in delta_ids]
    rows = []
    for number in range(count):
        designation = rng.choice(delta if number % 2 else others)
        name = rng.choice(designation.names).full
        if number % 3 == 0:
            name = name.lower()
        elif number % 3 == 1:
            words = name.split()
            name = " ".join(reversed(words))
        rows.append({"id": f"c{number}", "name": name})
    rows.append({"id": "plain", "name": "John Smith"})
    return rows


def test_delta_is_the_added_and_changed_designations(
    old_lists: ListSet, new_lists: ListSet
) -> None:
    delta = changed_designations(old_lists, new_lists)
    ids = {d.id for d in delta}
    assert len(ids) == 134  # 130 added + 4 changed
    assert sum(1 for d in delta if "Iran" in d.programs) == 121
    assert "un-sc:IQi.085" in ids  # changed: alias BASHAR AL-NASIRI added
    assert "un-sc:QDi.317" not in ids  # removed: nothing to screen


def test_rescreen_equals_full_rescreen_restricted_to_delta(
    old_lists: ListSet, new_lists: ListSet, tmp_path: Path
) -> None:
    full = Screener(new_lists)
    delta_ids = {d.id for d in delta_lists(old_lists, new_lists).designations()}
    rows = _customers(new_lists, delta_ids)
    path = tmp_path / "customers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "name"])
        writer.writeheader()
        writer.writerows(rows)
    result = rescreen(
        path, old_lists=old_lists, new_lists=new_lists, statistics=full.index.statistics()
    )
    assert set(result.delta_ids) == delta_ids
    assert len(result.hits) == len(rows)
    # The full screener, masked to the delta designations: a full re-screen
    # restricted to them (every other step of match() unchanged).
    in_delta = np.array([d.id in delta_ids for d in full.designations], dtype=np.bool_)
    mask = in_delta[full.index.designation_of]
    full._allowed = lambda sources, scope: mask  # type: ignore[method-assign]
    alerts = 0
    for customer, matches in result.hits:
        expected = full.match(customer.name)
        assert [(m.designation.id, m.score) for m in matches] == [
            (m.designation.id, m.score) for m in expected
        ], customer
        assert [str(m.explanation) for m in matches] == [str(m.explanation) for m in expected]
        alerts += bool(matches)
    assert alerts >= 100  # half the customers are delta names: they alert


def test_rescreen_without_statistics_computes_them(old_lists: ListSet, new_lists: ListSet) -> None:
    rows = [{"name": "ISLAMIC REVOLUTIONARY GUARD CORPS"}, {"name": "Maria Garcia"}]
    with_stats = rescreen(
        rows,
        old_lists=old_lists,
        new_lists=new_lists,
        statistics=Screener(new_lists).index.statistics(),
    )
    without = rescreen(rows, old_lists=old_lists, new_lists=new_lists)
    assert [[m.score for m in ms] for _, ms in with_stats.hits] == [
        [m.score for m in ms] for _, ms in without.hits
    ]


def test_no_change_screens_nothing(new_lists: ListSet) -> None:
    result = rescreen([{"name": "anyone"}], old_lists=new_lists, new_lists=new_lists)
    assert result.delta_ids == ()
    assert result.alerts == ()


def test_rows_need_a_name() -> None:
    with pytest.raises(InputError, match="row 2 has no name"):
        read_customers([{"name": "A B"}, {"id": "x"}])
