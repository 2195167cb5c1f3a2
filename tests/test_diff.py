"""List diffs on the real UN and OFAC snapshots."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from screening import load_file
from screening.cli import main
from screening.diff import diff_snapshots, format_diff
from screening.errors import InputError
from screening.model import ListSnapshot
from tests.conftest import LISTS

UN_OLD = LISTS / "un" / "2025-04-19" / "consolidated.xml"
UN_NEW = LISTS / "un" / "consolidated.xml"


@pytest.fixture(scope="module")
def un_old() -> ListSnapshot:
    return load_file(UN_OLD)


@pytest.fixture(scope="module")
def un_new() -> ListSnapshot:
    return load_file(UN_NEW)


def test_un_diff_shows_the_iran_entries_added(un_old: ListSnapshot, un_new: ListSnapshot) -> None:
    diff = diff_snapshots(un_old, un_new)
    assert (diff.old_count, diff.new_count) == (877, 1003)
    assert len(diff.added) - len(diff.removed) == 1003 - 877
    iran = [d for d in diff.added if "Iran" in d.programs]
    assert len(iran) == 121  # the re-imposed Iran list
    assert {d.id.split(":")[1][:3] for d in iran} == {"IRi", "IRe"}
    assert sum(d.id.startswith("un-sc:IRi.") for d in iran) == 43
    assert sum(d.id.startswith("un-sc:IRe.") for d in iran) == 78
    assert not any(d.id.startswith("un-sc:IR") for d in un_old.designations)
    assert [d.id for d in diff.removed] == [
        "un-sc:IQi.074",
        "un-sc:QDi.317",
        "un-sc:QDi.328",
        "un-sc:QDi.336",
    ]
    change = next(c for c in diff.changed if c.id == "un-sc:IQi.085")
    names = change.change("names")
    assert names is not None and names.added == ("aka: BASHAR AL-NASIRI",)


def test_ofac_2021_to_2024_consistent_with_counts() -> None:
    """sdn.csv of 2024 has no alt/add companions: compare main-row fields only."""
    old = load_file(LISTS / "ofac" / "sdn-2021-07" / "sdn.csv")
    new = load_file(LISTS / "ofac" / "sdn.csv")
    diff = diff_snapshots(old, new, aspects=("primary_name", "programs", "kind"))
    assert (diff.old_count, diff.new_count) == (8976, 14965)
    assert len(diff.added) - len(diff.removed) == 14965 - 8976
    unchanged = diff.old_count - len(diff.removed) - len(diff.changed)
    assert unchanged + len(diff.changed) + len(diff.added) == diff.new_count
    assert "us-ofac-sdn:29119" not in diff.changed_ids  # al-Kani: same name and program
    aspects = {a.aspect for c in diff.changed for a in c.changes}
    assert aspects <= {"primary_name", "programs", "kind"}


def test_diff_refuses_two_sources(un_new: ListSnapshot) -> None:
    other = load_file(LISTS / "ofac" / "consolidated.xml")
    with pytest.raises(InputError, match="different sources"):
        diff_snapshots(un_new, other)
    with pytest.raises(InputError, match="unknown aspects"):
        diff_snapshots(un_new, un_new, aspects=("colour",))  # type: ignore[arg-type]


def test_no_change_is_empty(un_new: ListSnapshot) -> None:
    diff = diff_snapshots(un_new, un_new)
    assert (diff.added, diff.removed, diff.changed) == ((), (), ())
    assert "0 added, 0 removed, 0 changed" in format_diff(diff)


def test_cli_diff_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["diff", str(UN_OLD), str(UN_NEW), "--limit", "2"])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("un-sc: 877 (2025-04-19) -> 1003 (2026-02-27): 130 added")
    result = runner.invoke(main, ["diff", str(UN_OLD), str(UN_NEW), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert len(data["added"]) == 130
    assert sum("Iran" in item["programs"] for item in data["added"]) == 121
