"""`screening who` and `screening coverage` on real lists: the al-Kani story end to end."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from screening import Screener, load
from screening.cli import main
from screening.coverage import coverage, format_coverage
from screening.who import who_lists
from tests.conftest import LISTS

STORY_LISTS = ("un/consolidated.xml", "ofac/sdn-2021-07/sdn.csv", "uk/ConList.xlsx")
"""The UN, the US and the UK: who lists Mohamed al-Kani."""


def _list_args() -> list[str]:
    return [arg for path in STORY_LISTS for arg in ("--list", str(LISTS / path))]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(load(*(LISTS / path for path in STORY_LISTS)))


def test_who_al_kani(screener: Screener) -> None:
    report = who_lists(screener, "Muhammad al-Kani")
    assert report is not None
    assert report.match.designation.id in {"us-ofac-sdn:29119", "uk-ofsi:14105"}
    verdicts = {v.source.id: v for v in report.verdicts}
    assert list(verdicts) == ["un-sc", "uk-ofsi", "us-ofac-sdn"]  # UN first
    assert not verdicts["un-sc"].lists_party
    (us,) = verdicts["us-ofac-sdn"].listings
    assert (us.designation_id, us.programs) == ("us-ofac-sdn:29119", ("GLOMAG",))
    (uk,) = verdicts["uk-ofsi"].listings
    assert (uk.designation_id, uk.programs) == ("uk-ofsi:14105", ("Libya",))
    assert uk.listed_on is not None and uk.listed_on.year == 2021
    assert not report.listings.listed_by_un and report.listings.unilateral_only
    assert report.listings.jurisdictions == ("GB", "US")


def test_who_cli_tells_the_story() -> None:
    result = CliRunner().invoke(main, ["who", "Muhammad al-Kani", *_list_args()])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "listed by the UN: no; unilateral only: yes; jurisdictions: GB, US" in lines[1]
    assert any(line.split()[:2] == ["no", "un-sc"] for line in lines)
    assert any(line.split()[:2] == ["yes", "us-ofac-sdn"] and "[GLOMAG]" in line for line in lines)
    assert any(
        line.split()[:2] == ["yes", "uk-ofsi"] and "[Libya]" in line and "2021-05-13" in line
        for line in lines
    )
    assert any(
        line.strip().startswith("linked: us-ofac-sdn:29119 ~ uk-ofsi:14105") for line in lines
    )


def test_who_un_listed_party(screener: Screener) -> None:
    report = who_lists(screener, "Ayesha Qadhafi")
    assert report is not None
    verdicts = {v.source.id: v for v in report.verdicts}
    assert all(v.lists_party for v in verdicts.values())
    assert report.listings.listed_by_un and not report.listings.unilateral_only
    assert verdicts["uk-ofsi"].listings[0].implements_un


def test_who_without_a_match() -> None:
    result = CliRunner().invoke(
        main, ["who", "Zzyzx Qwertyuiop", "--list", str(LISTS / "un" / "consolidated.xml")]
    )
    assert result.exit_code == 1
    assert "no listed party matches" in result.output


def test_coverage(screener: Screener) -> None:
    sources = {s.source.id: s.source for s in screener.lists.snapshots}
    result = coverage(screener.links, sources)
    by_id = {s.source_id: s for s in result.sources}
    un = by_id["un-sc"]
    assert un.designations == un.parties == un.un_parties == 1003
    assert un.not_un == 0
    ofsi = by_id["uk-ofsi"]
    assert ofsi.designations == 4688
    assert 800 <= ofsi.un_parties <= 1003  # OFSI carries the UN designations it implements
    assert ofsi.not_un == ofsi.parties - ofsi.un_parties
    assert result.shared_count("uk-ofsi", "un-sc") == result.shared_count("un-sc", "uk-ofsi")
    assert result.shared_count("un-sc", "un-sc") == 1003
    assert len(result.matrix()) == 3
    largest = result.largest_differences(1)[0]
    assert largest[0] == "us-ofac-sdn"
    text = format_coverage(result)
    assert "shared parties" in text and "largest differences" in text


def test_coverage_cli_json() -> None:
    result = CliRunner().invoke(
        main,
        [
            "coverage",
            "--json",
            "--list",
            str(LISTS / "un" / "consolidated.xml"),
            "--list",
            str(LISTS / "samples" / "eu_fsf_1_1_carved_sample.xml"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert {s["source_id"] for s in data["sources"]} == {"un-sc", "eu-fsf"}
