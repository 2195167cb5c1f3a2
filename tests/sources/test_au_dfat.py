"""Australia DFAT consolidated xlsx: the real 2024-12 file and broken inputs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from screening.errors import ListFormatError
from screening.model import BirthDate, Country, Designation, PartialDate
from screening.sources.au_dfat import FORMATS
from screening.sources.base import IssueLog, ParsedList
from tests.conftest import LISTS

FORMAT = FORMATS[0]
DFAT = LISTS / "australia" / "regulation8_consolidated.xlsx"
HEADER = [
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
]


def _parse(path: Path) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("au-dfat")
    return FORMAT.parse([path], "au-dfat", issues), issues


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    result, issues = _parse(DFAT)  # openpyxl needs a few seconds: parse once
    assert issues.issues == []
    return result


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Designation]:
    return {d.id: d for d in parsed.designations}


def test_one_designation_per_primary_name(parsed: ParsedList) -> None:
    # 9,553 rows, 3,062 of them "Primary Name" (in five casings/spacings).
    assert len(parsed.designations) == 3062
    assert Counter(d.kind for d in parsed.designations) == {"person": 2316, "organization": 746}
    assert all(d.names[0].type == "primary" for d in parsed.designations)
    # Every one of the 9,553 name rows is kept, except 20 that repeat a name
    # (same text, same name type) already listed for the same reference.
    assert sum(len(d.names) for d in parsed.designations) == 9553 - 20
    assert parsed.published is None


def test_sniff() -> None:
    assert FORMAT.sniff(DFAT, DFAT.read_bytes()[:65536])
    conlist = LISTS / "uk" / "ConList.xlsx"
    assert not FORMAT.sniff(conlist, conlist.read_bytes()[:65536])


def test_mutassim_qadhafi_field_by_field(by_id: dict[str, Designation]) -> None:
    mutassim = by_id["au-dfat:1239"]
    assert mutassim.kind == "person"
    assert [(n.full, n.type) for n in mutassim.names] == [
        ("MUTASSIM QADHAFI", "primary"),
        ("Almuatesem Bellah Muammer Qadhafi", "aka"),
        ("Mutassim Billah Abuminyar Qadhafi", "aka"),
        ("Muatasmblla", "aka"),
        ("Muatasimbllah", "aka"),
        ("Moatassam", "aka"),
    ]
    # "a) 1976 b) 5 Feb. 1974 "
    assert mutassim.birth_dates == (
        BirthDate(PartialDate(1976), text="1976"),
        BirthDate(PartialDate(1974, 2, 5), text="5 Feb. 1974"),
    )
    assert mutassim.birth_places == ("Tripoli, Libya",)
    assert mutassim.programs == ("1970 (Libya)",)
    assert mutassim.listed_on == dt.date(2011, 2, 26)
    assert mutassim.un_reference is None
    assert "Libyan passport No. B/001897" in mutassim.remarks


def test_autonomous_libya_entry_with_aliases(by_id: dict[str, Designation]) -> None:
    quren = by_id["au-dfat:2218"]
    assert quren.primary_name.full == "Quren Salih Quren AL QADHAFI"
    akas = [n.full for n in quren.names if n.type == "aka"]
    assert "Quren Salih Quren AL KADHAFI" in akas
    assert "Akrin Saleh AKRIN" in akas
    assert len(akas) == 7
    assert quren.programs == ("Autonomous (Libya)",)
    assert quren.citizenships == (Country("LY", "Libyan"),)
    assert quren.addresses[0].country == Country("EG", "Egypt")
    assert quren.listed_on == dt.date(2012, 3, 2)


def test_original_script_and_non_breaking_hyphens_are_kept(by_id: dict[str, Designation]) -> None:
    akhund = by_id["au-dfat:2"]
    assert akhund.names[1].type == "original_script"
    assert akhund.names[1].full == "محمد حسن أخوند"
    assert akhund.birth_dates[0] == BirthDate(
        PartialDate(1955), PartialDate(1958), circa=True, text="Approximately 1955 - 1958"
    )
    assert by_id["au-dfat:1247"].primary_name.full == "SAIF AL\u2011ARAB QADHAFI"


def test_non_breaking_hyphen_count(parsed: ParsedList) -> None:
    with_nbh = [n for d in parsed.designations for n in d.names if "\u2011" in n.full]
    assert len(with_nbh) == 13


def test_formerly_known_as(by_id: dict[str, Designation]) -> None:
    adf = by_id["au-dfat:2943"]
    assert [n.full for n in adf.names if n.type == "fka"] == [
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
        "ADF/NALU",
        "NALU",
    ]


def _write(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_alias_rows_join_their_primary_and_bad_references_are_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "small.xlsx",
        [
            HEADER,
            [7, "ACME", "Entity", "Primary Name ", None, None, None, None, None, None, "x", None],
            ["7a", "ACME LTD", "Entity", "aka ", None, None, None, None, None, None, "x", None],
            ["?", "Nobody", "Individual", "aka", None, None, None, None, None, None, "x", None],
            [8, "Jane DOE", "Individual", "primary name", dt.datetime(1970, 3, 1), None],
        ],
    )
    parsed, issues = _parse(path)
    assert [(d.id, [n.full for n in d.names]) for d in parsed.designations] == [
        ("au-dfat:7", ["ACME", "ACME LTD"]),
        ("au-dfat:8", ["Jane DOE"]),
    ]
    assert parsed.designations[1].birth_dates == (
        BirthDate(PartialDate(1970, 3, 1), text="1970-03-01"),
    )
    [issue] = issues.issues
    assert issue.location == "sheet Sheet, row 4"


def test_missing_column_empty_and_truncated(tmp_path: Path) -> None:
    missing = _write(tmp_path / "missing.xlsx", [HEADER[:2], [1, "X"]])
    with pytest.raises(ListFormatError, match=r"missing required column.*Name Type") as info:
        _parse(missing)
    assert info.value.location == "sheet Sheet, row 1"
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(empty)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(DFAT.read_bytes()[:300_000])
    with pytest.raises(ListFormatError, match="truncated") as info:
        _parse(cut)
    assert info.value.path == str(cut)
