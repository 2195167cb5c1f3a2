"""UK Sanctions List (FCDO): the carved XML sample, the 8-column summary ODS, broken inputs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from screening.errors import ListFormatError
from screening.model import BirthDate, Country, Designation, Identifier, Name, NamePart, PartialDate
from screening.sources.base import IssueLog, ParsedList
from screening.sources.uk_fcdo import FORMATS
from tests.conftest import LISTS

XML_FORMAT, ODS_FORMAT = FORMATS
SAMPLE = LISTS / "samples" / "uk_fcdo_sanctions_list_carved_sample.xml"
SUMMARY = LISTS / "uk" / "FCDO_SL_Mon_Aug_11_2025.ods"


def _parse(path: Path, *, ods: bool = False, strict: bool = False) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("uk-fcdo", strict=strict)
    list_format = ODS_FORMAT if ods else XML_FORMAT
    return list_format.parse([path], "uk-fcdo", issues), issues


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, Designation], ParsedList, IssueLog]:
    parsed, issues = _parse(SAMPLE)
    return {d.id: d for d in parsed.designations}, parsed, issues


@pytest.fixture(scope="module")
def summary() -> tuple[ParsedList, IssueLog]:
    return _parse(SUMMARY, ods=True)


def test_sniffers_tell_the_two_layouts_apart() -> None:
    xml_head, ods_head = SAMPLE.read_bytes()[:65536], SUMMARY.read_bytes()[:65536]
    assert XML_FORMAT.sniff(SAMPLE, xml_head) and not ODS_FORMAT.sniff(SAMPLE, xml_head)
    assert ODS_FORMAT.sniff(SUMMARY, ods_head) and not XML_FORMAT.sniff(SUMMARY, ods_head)


def test_sample_entries_and_the_record_without_unique_id(
    sample: tuple[dict[str, Designation], ParsedList, IssueLog],
) -> None:
    by_id, parsed, issues = sample
    assert parsed.published == dt.date(2026, 8, 14)
    assert sorted(by_id) == [
        "uk-fcdo:AFG0011",
        "uk-fcdo:AQD0128",
        "uk-fcdo:AQD0377",
        "uk-fcdo:DPR0075",
    ]
    # Decision: the synthetic fifth record (no UniqueID) is reported, not given an id.
    [issue] = issues.issues
    assert issue.location == "Designation #5"
    assert "without UniqueID" in issue.reason and "No Unique Id" in issue.reason
    with pytest.raises(ListFormatError, match="without UniqueID"):
        _parse(SAMPLE, strict=True)


def test_afg0011_field_by_field(
    sample: tuple[dict[str, Designation], ParsedList, IssueLog],
) -> None:
    mansur = sample[0]["uk-fcdo:AFG0011"]
    assert mansur.kind == "person"
    assert mansur.names[0] == Name(
        "ABDUL LATIF MANSUR",
        "primary",
        "strong",
        (NamePart("given", "ABDUL"), NamePart("middle", "LATIF"), NamePart("family", "MANSUR")),
    )
    assert [(n.full, n.type) for n in mansur.names[1:]] == [
        ("Abdul Latif MANSOOR", "aka"),
        ("Wali MOHAMMAD", "aka"),
        ("عبد اللطيف منصور", "original_script"),
    ]
    assert mansur.names[3].script == "Arab"
    # "dd/mm/1968" is the year; "12/11/1967" appears twice and is kept once.
    assert mansur.birth_dates == (
        BirthDate(PartialDate(1968), text="dd/mm/1968"),
        BirthDate(PartialDate(1967, 11, 12), text="12/11/1967"),
    )
    assert [i.number for i in mansur.identifiers] == ["D0009720", "D0010442"]
    assert mansur.identifiers[0].kind == "passport"
    assert mansur.nationalities == (Country("AF", "Afghanistan"),)
    assert mansur.birth_places[0] == "Zurmat District, Paktia Province, Afghanistan"
    assert mansur.addresses[0].lines == ("Darul Aman", "Kabul")
    assert mansur.addresses[0].country == Country("AF", "Afghanistan")
    assert mansur.titles == ("Maulavi",)
    assert mansur.un_reference == "TAi.007"
    assert mansur.references == ("7270",)
    assert mansur.listed_on == dt.date(2001, 1, 31)
    assert mansur.programs == ("The Afghanistan (Sanctions) (EU Exit) Regulations 2020",)
    assert "Designation source: UN" in mansur.remarks
    assert "Sanctions imposed: Asset freeze, Travel Ban" in mansur.remarks


def test_aqd0128_casing_quality_and_leading_zero(
    sample: tuple[dict[str, Designation], ParsedList, IssueLog],
) -> None:
    akram = sample[0]["uk-fcdo:AQD0128"]
    assert akram.primary_name.full == "AKRAM TURKI HISHAN AL-MAZIDIH"  # NameType "Primary name"
    assert {n.full: n.quality for n in akram.names if n.type == "aka"} == {
        "Abu Akram": "low",
        "Akram Turki Al-Hishan": "strong",
        "Abu Jarrah": "low",
    }
    assert akram.identifiers == (Identifier("national_id", "0075258", note="Ration card no."),)
    assert BirthDate(PartialDate(1958, 9), text="dd/09/1958") in akram.birth_dates
    assert len(akram.birth_dates) == 5


def test_entity_and_ship(sample: tuple[dict[str, Designation], ParsedList, IssueLog]) -> None:
    by_id = sample[0]
    ktj = by_id["uk-fcdo:AQD0377"]
    assert ktj.kind == "organization"
    assert ktj.names[0].parts == (NamePart("whole", "Khatiba al-Tawhid wal-Jihad (KTJ)"),)
    assert ktj.names[-1].type == "original_script" and ktj.names[-1].script == "Cyrl"
    ship = by_id["uk-fcdo:DPR0075"]
    assert ship.kind == "vessel"
    assert ship.identifiers == (Identifier("imo", "9562233"),)
    assert ship.references == () and ship.un_reference is None
    assert [n.full for n in ship.names] == ["Petrel 8", "Jal Vahini", "Jal_Vahini", "Tian Tai 36"]


def test_summary_counts(summary: tuple[ParsedList, IssueLog]) -> None:
    parsed, issues = summary
    assert parsed.published is None  # the sheet states none
    # 5,302 rows (3,754 / 1,087 / 461); two individuals have an empty Name cell
    # and are reported instead of becoming nameless designations.
    assert len(parsed.designations) + len(issues.issues) == 5302
    assert Counter(d.kind for d in parsed.designations) == {
        "person": 3752,
        "organization": 1087,
        "vessel": 461,
    }
    assert sorted((i.record_id, i.location) for i in issues.issues) == [
        ("BEL0174", "sheet UK_Sanction_List, row 649"),
        ("RUS1467", "sheet UK_Sanction_List, row 3524"),
    ]


def test_summary_al_kani_entries(summary: tuple[ParsedList, IssueLog]) -> None:
    by_id = {d.id: d for d in summary[0].designations}
    expected = {
        "LIB0072": ("al Kani Mohamed", "14105", "person"),
        "LIB0073": ("al Kani Abdurahem", "14106", "person"),
        "LIB0074": ("al-Kaniyat", "14107", "organization"),
    }
    for unique_id, (name, group, kind) in expected.items():
        designation = by_id[f"uk-fcdo:{unique_id}"]
        assert [n.full for n in designation.names] == [name]
        assert designation.references == (group,)
        assert designation.kind == kind
        assert designation.programs == ("Libya",)
        assert designation.listed_on == dt.date(2021, 5, 7)
        assert "Designation source: UK" in designation.remarks


def test_broken_xml_inputs(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ListFormatError, match="malformed XML") as info:
        _parse(cut)
    assert info.value.location and info.value.location.startswith("line ")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(empty)


def test_broken_ods_inputs(tmp_path: Path) -> None:
    cut = tmp_path / "cut.ods"
    cut.write_bytes(SUMMARY.read_bytes()[:50_000])
    with pytest.raises(ListFormatError, match="truncated") as info:
        _parse(cut, ods=True)
    assert info.value.path == str(cut)
    headerless = tmp_path / "headerless.csv"
    headerless.write_text("Unique ID,OFSI Group ID\nLIB0072,14105\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"missing required column.*Name") as info:
        _parse(headerless, ods=True)
    assert info.value.location == "line 1"
