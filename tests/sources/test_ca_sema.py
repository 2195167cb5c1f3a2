"""Canada SEMA XML: the real 2025 file (4,759 records) and broken inputs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from screening.errors import ListFormatError
from screening.model import BirthDate, Designation, Identifier, NamePart, PartialDate
from screening.sources.base import IssueLog, ParsedList
from screening.sources.ca_sema import FORMATS, slug, split_aliases, split_also_known_as
from tests.conftest import LISTS

FORMAT = FORMATS[0]
SEMA = LISTS / "canada" / "sema-lmes.xml"


def _parse(path: Path) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("ca-sema")
    return FORMAT.parse([path], "ca-sema", issues), issues


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    result, issues = _parse(SEMA)
    assert issues.issues == []
    return result


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Designation]:
    return {d.id: d for d in parsed.designations}


def test_counts_and_unique_ids(parsed: ParsedList) -> None:
    ids = [d.id for d in parsed.designations]
    assert len(ids) == len(set(ids)) == 4759  # country/schedule/item never collide
    assert not any(i.endswith("-2") for i in ids)
    assert Counter(d.kind for d in parsed.designations) == {
        "person": 3334,
        "organization": 1316,
        "vessel": 109,
    }
    assert parsed.published is None
    assert FORMAT.sniff(SEMA, SEMA.read_bytes()[:65536])


def test_known_person(by_id: dict[str, Designation]) -> None:
    lukashenko = by_id["ca-sema:belarus:1-part-1:8"]
    assert lukashenko.primary_name.full == "Aleksandr Grigoryevich Lukashenko"
    assert lukashenko.primary_name.parts == (
        NamePart("given", "Aleksandr Grigoryevich"),
        NamePart("family", "Lukashenko"),
    )
    assert lukashenko.birth_dates == (BirthDate(PartialDate(1954, 8, 30), text="1954-08-30"),)
    assert lukashenko.programs == ("Belarus / Bélarus",)
    assert lukashenko.listed_on == dt.date(2020, 9, 28)


def test_aliases_in_two_scripts(by_id: dict[str, Designation]) -> None:
    fradkov = by_id["ca-sema:russia:1-part-1:501"]
    assert [(n.full, n.type) for n in fradkov.names] == [
        ("Petr Mikhailovich FRADKOV", "primary"),
        ("Пётр Михайлович Фрадков", "original_script"),
        ("Pyotr Mikhailovich Fradkov", "aka"),
    ]


def test_vessel_and_entity(by_id: dict[str, Designation]) -> None:
    ship = by_id["ca-sema:russia:1-1:1"]
    assert ship.kind == "vessel"
    assert ship.primary_name.full == "Balitiyskiy III"
    assert ship.identifiers == (Identifier("imo", "7612448"),)
    assert ship.birth_dates == ()
    assert "Ship type: General Cargo / Multi Purpose" in ship.remarks
    assert "Build date: 1980" in ship.remarks
    zenit = by_id["ca-sema:russia:1-part-2:426"]
    assert zenit.kind == "organization"
    assert [n.full for n in zenit.names] == ["Bank Zenit PJSC", "Банк Зенит, ПАО"]


def test_alias_inside_the_entity_name(parsed: ParsedList) -> None:
    with_alias = [d for d in parsed.designations if any("also known as" in n.full for n in d.names)]
    assert with_alias == []  # 67 organisations of the file carried one
    almaz = next(
        d for d in parsed.designations if d.primary_name.full.startswith("North Western Regional")
    )
    assert [(n.full, n.type) for n in almaz.names][1] == (
        "North Western Regional Center of “Almaz-Antey” – Obukhovsky Plant, JSC",  # unwrapped
        "aka",
    )


def test_also_known_as_splitting() -> None:
    assert split_also_known_as("Dux JSC (also known as Duks)") == ("Dux JSC", "Duks")
    assert split_also_known_as("A (B) Ltd (Also\nknown as C (D))") == ("A (B) Ltd", "C (D)")
    assert split_also_known_as("Cut off (also known as The Main") == ("Cut off", "The Main")
    assert split_also_known_as("(also known as nothing before)") == (
        "(also known as nothing before)",
        "",
    )
    assert split_also_known_as("Plain Name LLC") == ("Plain Name LLC", "")


def test_records_without_schedule(by_id: dict[str, Designation]) -> None:
    maduro = by_id["ca-sema:venezuela:1"]
    assert maduro.primary_name.full == "Nicolás MADURO MOROS"
    assert maduro.programs == ("Venezuela",)  # "Venezuela " trimmed


def test_slug_and_alias_splitting() -> None:
    assert slug("Myanmar (Burma)") == "myanmar-burma"
    assert slug("Haïti") == "haiti"
    names = split_aliases(
        "Irina Vasilievna Pradun, Belarussian: Ірына Прадун, Russian: Ирина Васильевна Прадун"
    )
    assert [(n.full, n.type, n.language) for n in names] == [
        ("Irina Vasilievna Pradun", "aka", None),
        ("Ірына Прадун", "original_script", "be"),
        ("Ирина Васильевна Прадун", "original_script", "ru"),
    ]
    assert [n.full for n in split_aliases("Katsiaryna or Katerina Smuschkovich; X Co.")] == [
        "Katsiaryna",
        "Katerina Smuschkovich",
        "X Co",
    ]


def test_duplicate_keys_are_disambiguated_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "dup.xml"
    record = (
        "<record><Country>Iran</Country><EntityOrShip>{}</EntityOrShip>"
        "<Schedule>1, Part 2</Schedule><Item>5</Item><DateOfListing>2022-01-01</DateOfListing>"
        "</record>"
    )
    path.write_text(
        f"<data-set>{record.format('A')}{record.format('B')}<record><Item>1</Item></record>"
        "</data-set>",
        encoding="utf-8",
    )
    parsed, issues = _parse(path)
    assert [(d.id, d.primary_name.full) for d in parsed.designations] == [
        ("ca-sema:iran:1-part-2:5", "A"),
        ("ca-sema:iran:1-part-2:5-2", "B"),
    ]
    assert [(i.location, i.reason) for i in issues.issues] == [
        ("record #3", "record without Country or Item")
    ]


def test_broken_inputs(tmp_path: Path) -> None:
    text = SEMA.read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[:100_000], encoding="utf-8")
    with pytest.raises(ListFormatError, match="malformed XML") as info:
        _parse(cut)
    assert info.value.location and info.value.location.startswith("line ")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(empty)
    wrong = tmp_path / "wrong.xml"
    wrong.write_text("<sdnList/>", encoding="utf-8")
    with pytest.raises(ListFormatError, match="data-set"):
        _parse(wrong)
