"""UK OFSI ConList (2022format): the real 2025-04-14 xlsx, the CSV layout, broken inputs."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from screening.errors import ListFormatError
from screening.model import BirthDate, Country, Designation, Identifier, Name, NamePart, PartialDate
from screening.sources.base import IssueLog, ParsedList
from screening.sources.spreadsheet import iter_rows
from screening.sources.uk_ofsi import FORMATS
from tests.conftest import LISTS

FORMAT = FORMATS[0]
CONLIST = LISTS / "uk" / "ConList.xlsx"
KANI_GROUPS = {"14105", "14106", "14107"}


def _parse(path: Path) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("uk-ofsi")
    return FORMAT.parse([path], "uk-ofsi", issues), issues


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    result, issues = _parse(CONLIST)  # openpyxl needs a few seconds: parse once
    assert issues.issues == []
    return result


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Designation]:
    return {d.id: d for d in parsed.designations}


def test_counts_and_publication_date(parsed: ParsedList) -> None:
    assert parsed.published == dt.date(2025, 4, 14)
    assert len(parsed.designations) == 4688
    assert Counter(d.kind for d in parsed.designations) == {
        "person": 3663,
        "organization": 1010,
        "vessel": 15,
    }
    assert len({p for d in parsed.designations for p in d.programs}) == 31


def test_sniff() -> None:
    assert FORMAT.sniff(CONLIST, CONLIST.read_bytes()[:65536])
    dfat = LISTS / "australia" / "regulation8_consolidated.xlsx"
    assert not FORMAT.sniff(dfat, dfat.read_bytes()[:65536])


def _check_mohamed_al_kani(mohamed: Designation) -> None:
    assert mohamed.kind == "person"
    assert mohamed.names == (
        Name(
            "Mohamed AL KANI",
            "primary",
            "strong",
            (NamePart("given", "Mohamed"), NamePart("family", "AL KANI")),
        ),
        Name(
            "Omar AL KANI",
            "aka",
            "strong",
            (NamePart("given", "Omar"), NamePart("family", "AL KANI")),
        ),
    )
    assert mohamed.birth_dates == (BirthDate(PartialDate(1979, 5, 1), text="01/05/1979"),)
    assert mohamed.identifiers == (Identifier("passport", "F86JKFFJF"),)
    assert mohamed.nationalities == (Country("LY", "Libya"),)
    assert mohamed.programs == ("Libya",)
    assert mohamed.listed_on == dt.date(2021, 5, 13)
    assert mohamed.references == ("LIB0072",)
    assert mohamed.un_reference is None
    assert mohamed.gender == "male"
    assert mohamed.remarks.startswith("UK Statement of Reasons: Mohamed al-Kani is designated")
    assert "(Gender)" not in mohamed.remarks


def test_lib0072_mohamed_al_kani(by_id: dict[str, Designation]) -> None:
    _check_mohamed_al_kani(by_id["uk-ofsi:14105"])


def test_lib0073_abdurahem_al_kani(by_id: dict[str, Designation]) -> None:
    abdurahem = by_id["uk-ofsi:14106"]
    assert abdurahem.primary_name.full == "Abdurahem AL KANI"
    assert [n.full for n in abdurahem.names if n.type == "aka"] == [
        "Abdul Rahim AL KANI",
        "Abdurrahim AL KANI",
        "Abdul Rahim AL SHAQAQI",
        "Abdurahem AL SHAQAQI",
        "Abdurrahim AL SHAQAQI",
        "Abdul Rahim KHALIFA",
        "Abdurahem KHALIFA",
        "Abdurrahim KHALIFA",
    ]
    assert all(n.quality == "strong" for n in abdurahem.names)
    assert abdurahem.birth_dates == (BirthDate(PartialDate(1981, 2, 22), text="22/02/1981"),)
    assert abdurahem.birth_places == ("Tarhuna, Libya",)
    assert abdurahem.identifiers == (Identifier("passport", "H4FG6H2J"),)
    assert abdurahem.references == ("LIB0073",)
    assert abdurahem.listed_on == dt.date(2021, 5, 13)


def test_lib0074_al_kaniyat(by_id: dict[str, Designation]) -> None:
    kaniyat = by_id["uk-ofsi:14107"]
    assert kaniyat.kind == "organization"
    assert kaniyat.primary_name == Name(
        "AL-KANIYAT", "primary", "strong", (NamePart("whole", "AL-KANIYAT"),)
    )
    assert sorted(n.full for n in kaniyat.names if n.type == "aka") == [
        "7TH BRIGADE",
        "9TH BRIGADE",
        "AL-KANI MILITIA",
        "KANI BRIGADE",
        "KANIAT",
        "KANYAT",
        "TARHUNA 7TH BRIGADE",
        "TARHUNA BRIGADE",
    ]
    assert kaniyat.birth_dates == () and kaniyat.gender is None
    assert kaniyat.programs == ("Libya",)
    assert kaniyat.references == ("LIB0074",)
    assert kaniyat.addresses[0].country == Country("LY", "Libya")


def test_denormalised_rows_are_deduplicated(by_id: dict[str, Designation]) -> None:
    # Group 7860 (AQD0164, UN QDi.129) has one row per name and birth date.
    barkani = by_id["uk-ofsi:7860"]
    assert barkani.un_reference == "QDi.129"
    assert len(barkani.birth_dates) == len(set(barkani.birth_dates)) == 6
    assert len({n.full for n in barkani.names}) == len(barkani.names)
    # "(1) 20645897 (2) -": the placeholder is dropped, the detail stays paired.
    assert barkani.identifiers == (
        Identifier(
            "national_id",
            "20645897",
            note="Counterfeit Danish driving licence. Made out to Ali Barkani, "
            "DOB: 22/08/1973, Morocco",
        ),
    )


def test_original_script_names_and_languages(parsed: ParsedList) -> None:
    originals = [n for d in parsed.designations for n in d.names if n.type == "original_script"]
    assert len(originals) > 500
    assert {n.script for n in originals} >= {"Cyrl", "Arab"}
    assert {n.language for n in originals} >= {"ru", "fa"}


def test_ships_have_imo_numbers(parsed: ParsedList) -> None:
    ships = [d for d in parsed.designations if d.kind == "vessel"]
    assert all(any(i.kind == "imo" and i.number.isdigit() for i in d.identifiers) for d in ships)


def test_csv_of_the_same_layout(tmp_path: Path) -> None:
    rows = [row for row in iter_rows(CONLIST, sheet="Data") if row.number <= 2]
    kani = [row for row in iter_rows(CONLIST, sheet="Data") if row.cells[-1] in KANI_GROUPS]
    path = tmp_path / "ConList.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in [*rows, *kani]:
            writer.writerow(row.cells)
    assert FORMAT.sniff(path, path.read_bytes()[:65536])
    parsed, issues = _parse(path)
    assert issues.issues == []
    assert parsed.published == dt.date(2025, 4, 14)
    by_id = {d.id: d for d in parsed.designations}
    assert set(by_id) == {f"uk-ofsi:{group}" for group in KANI_GROUPS}
    _check_mohamed_al_kani(by_id["uk-ofsi:14105"])


def test_csv_without_the_last_updated_line(tmp_path: Path) -> None:
    path = tmp_path / "bare.csv"
    path.write_text(
        "Name 6,Name 1,Group Type,Alias Type,Regime,Group ID\n"
        "AL KANI,Mohamed,Individual,Primary name,Libya,14105\n",
        encoding="utf-8",
    )
    parsed, _ = _parse(path)
    assert parsed.published is None
    assert [d.primary_name.full for d in parsed.designations] == ["Mohamed AL KANI"]


def test_row_without_group_id_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nogroup.csv"
    path.write_text(
        "Name 6,Group Type,Alias Type,Group ID\nX,Entity,Primary name,\nY,Entity,Primary name,7\n",
        encoding="utf-8",
    )
    parsed, issues = _parse(path)
    assert [d.id for d in parsed.designations] == ["uk-ofsi:7"]
    assert [(i.location, i.reason) for i in issues.issues] == [("line 2", "row has no Group ID")]


def test_missing_required_column(tmp_path: Path) -> None:
    path = tmp_path / "ConList.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["Last Updated", "14/04/2025"])
    sheet.append(["Name 6", "Name 1", "Group Type", "Alias Type"])
    sheet.append(["AL KANI", "Mohamed", "Individual", "Primary name"])
    workbook.save(path)
    with pytest.raises(ListFormatError, match=r"missing required column.*Group ID") as info:
        _parse(path)
    assert info.value.location == "sheet Data, row 2"


def test_wrong_encoding_and_empty_and_truncated(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "Name 6,Group Type,Alias Type,Group ID\nJosé,Individual,AKA,1\n".encode("cp1252")
    )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(CONLIST.read_bytes()[:100_000])
    for path, message in ((latin, "not UTF-8"), (empty, "empty"), (cut, "truncated")):
        with pytest.raises(ListFormatError, match=message) as info:
            _parse(path)
        assert info.value.path == str(path)
