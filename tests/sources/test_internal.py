"""The documented internal watch-list format: CSV, JSON array and JSON Lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from screening.errors import ListFormatError
from screening.loader import parse_files
from screening.model import BirthDate, Country, ListSnapshot, PartialDate
from screening.sources.base import IssueLog
from screening.sources.internal import FORMATS, parse_csv, parse_json
from tests.conftest import LISTS

CSV_FORMAT, JSON_FORMAT = FORMATS
DOC = Path(__file__).resolve().parents[2] / "docs" / "internal-list-format.md"


def _doc_block(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"no {language} example in {DOC}"
    return match.group(1)


def _load(path: Path, *, strict: bool = False) -> ListSnapshot:
    list_format = JSON_FORMAT if path.suffix in (".json", ".jsonl") else CSV_FORMAT
    return parse_files([path], list_format=list_format, strict=strict)


def test_documented_csv_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.csv"
    path.write_text(_doc_block("csv"), encoding="utf-8")
    assert CSV_FORMAT.sniff(path, path.read_bytes())
    snapshot = _load(path)
    assert snapshot.source.id == "internal"
    assert snapshot.issues == ()
    assert [d.id for d in snapshot.designations] == [
        "internal:C-1042",
        "internal:C-2001",
        "internal:V-7",
    ]
    kani, trading, vessel = snapshot.designations
    assert kani.kind == "person"
    assert [(n.full, n.type) for n in kani.names] == [
        ("Mohamed AL-KANI", "primary"),
        ("Muhammad al-Kani", "aka"),
        ("Mohammed Alkani", "aka"),
    ]
    assert kani.birth_dates == (BirthDate(PartialDate(1979, 5, 3), text="1979-05-03"),)
    assert kani.nationalities == (Country("LY", "Libya"),)
    assert kani.programs == ("Exited customer",)
    assert kani.remarks == "Account closed 2023-02"
    assert kani.un_reference is None
    assert trading.primary_name.full == "Kaniyat Trading, LLC"
    assert [c.code for c in trading.nationalities] == ["LY", "TN"]
    assert vessel.kind == "vessel"


def test_documented_json_examples_load(tmp_path: Path) -> None:
    array = tmp_path / "watchlist.json"
    array.write_text(_doc_block("json"), encoding="utf-8")
    assert JSON_FORMAT.sniff(array, array.read_bytes())
    assert not CSV_FORMAT.sniff(array, array.read_bytes())
    snapshot = _load(array)
    assert snapshot.issues == ()
    kani, trading = snapshot.designations
    assert [n.full for n in kani.names] == [
        "Mohamed AL-KANI",
        "Muhammad al-Kani",
        "Mohammed Alkani",
    ]
    assert kani.nationalities == (Country("LY", "LY"),)
    assert trading.kind == "organization"
    assert [c.code for c in trading.nationalities] == ["LY", "TN"]

    lines = tmp_path / "watchlist.jsonl"
    doc = DOC.read_text(encoding="utf-8")
    jsonl = re.search(r"The same as JSON Lines:\n\n```\n(.*?)```", doc, re.DOTALL)
    assert jsonl
    lines.write_text(jsonl.group(1), encoding="utf-8")
    assert JSON_FORMAT.sniff(lines, lines.read_bytes())
    assert [d.id for d in _load(lines).designations] == ["internal:C-1042", "internal:C-2001"]


def test_csv_multi_values_dates_and_case_insensitive_header(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "\ufeffID,Name,Kind,Birth_Date,Country,Program,UN_Reference,extra\n"
        "7,Aisha QADHAFI,Person,circa 1976; 01/05/1979;not a date,LBY;Atlantis,A;B,LYi.009,x\n",
        encoding="utf-8",
    )
    snapshot = _load(path)
    (aisha,) = snapshot.designations
    assert aisha.kind == "person"
    assert [str(b) for b in aisha.birth_dates] == ["circa 1976", "1979-05-01", "not a date"]
    assert aisha.nationalities == (Country("LY", "LBY"), Country(None, "Atlantis"))
    assert aisha.programs == ("A", "B")
    assert aisha.un_reference == "LYi.009"


def test_bad_records_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "id,name,kind,remarks\n"
        "1,Alpha,person,\n"
        '2,"Beta\nwith a line break",organization,\n'
        "1,Alpha again,person,\n"
        "3,,person,\n"
        "4,Delta,ship,\n"
        ",Epsilon,,\n"
        "5,Zeta,Jr,unquoted,comma\n"
        "6,Eta,,\n",
        encoding="utf-8",
    )
    snapshot = _load(path)
    assert [d.id for d in snapshot.designations] == ["internal:1", "internal:2", "internal:6"]
    assert [(i.location, i.record_id) for i in snapshot.issues] == [
        ("line 5", "1"),
        ("line 6", "3"),
        ("line 7", "4"),
        ("line 8", None),
        ("line 9", None),
    ]
    assert "occurs twice" in snapshot.issues[0].reason
    assert "no name" in snapshot.issues[1].reason
    assert "unknown kind 'ship'" in snapshot.issues[2].reason
    assert "quote values" in snapshot.issues[4].reason
    with pytest.raises(ListFormatError, match=r"line 5.*occurs twice"):
        _load(path, strict=True)


def test_json_bad_records_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        json.dumps(
            [
                {"id": 1, "name": "One"},
                {"id": 2, "name": "Two", "aliases": "Deux;Zwei"},
                {"id": 3, "name": ["not", "a", "string"]},
                "not an object",
                {"id": 4, "name": "Four", "kind": "ORGANIZATION"},
            ],
            indent=1,
        ),
        encoding="utf-8",
    )
    issues = IssueLog("internal")
    parsed = parse_json([path], "internal", issues)
    assert [d.id for d in parsed.designations] == ["internal:1", "internal:2", "internal:4"]
    assert [n.full for n in parsed.designations[1].names] == ["Two", "Deux", "Zwei"]
    assert parsed.designations[2].kind == "organization"
    assert [(i.location, i.record_id) for i in issues.issues] == [
        ("line 11", "3"),
        ("line 19", None),
    ]


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ('[\n {"id": "1", "name": "A"},\n {"id": "2", "name": "B"\n', "line 4, column 1"),
        ('[\n {"id": "1", "name": "A"}\n {"id": "2"}]', "line 3, column 2"),
        ('{"id": "1", "name": "A"}\n{"id": "2", "name": }\n', "line 2, column 21"),
        ('[{"id": "1", "name": "A"}', "line 1, column 26"),
        ('[{"id": "1", "name": "A"}] x', "line 1, column 28"),
    ],
)
def test_malformed_json_raises_with_line_and_column(
    tmp_path: Path, text: str, location: str
) -> None:
    path = tmp_path / "list.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ListFormatError, match="malformed JSON") as info:
        parse_json([path], "internal", IssueLog("internal"))
    assert info.value.location == location
    assert info.value.path == str(path)


def test_broken_files_raise(tmp_path: Path) -> None:
    header = tmp_path / "header.csv"
    header.write_text("ref,full_name\n1,A\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="lacks the required column"):
        parse_csv([header], "internal", IssueLog("internal"))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id,name\n1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(ListFormatError, match="not UTF-8"):
        parse_csv([latin1], "internal", IssueLog("internal"))
    empty = tmp_path / "empty.json"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="empty"):
        parse_json([empty], "internal", IssueLog("internal"))


def test_sniffers_leave_other_formats_alone() -> None:
    for path in (
        LISTS / "opensanctions" / "targets.simple.excerpt.csv",
        LISTS / "opensanctions" / "entities.ftm.json",
        LISTS / "ofac" / "sdn-2021-07" / "sdn.csv",
        LISTS / "un" / "consolidated.xml",
    ):
        head = path.read_bytes()[:65536]
        assert not CSV_FORMAT.sniff(path, head), path
        assert not JSON_FORMAT.sniff(path, head), path


def test_detection_picks_the_internal_formats(tmp_path: Path) -> None:
    from screening.sources.formats import detect_format

    for name, block in (("list.csv", "csv"), ("list.json", "json"), ("list.txt", "csv")):
        path = tmp_path / name
        path.write_text(_doc_block(block), encoding="utf-8")
        assert detect_format(path).id == f"internal-{block}"
