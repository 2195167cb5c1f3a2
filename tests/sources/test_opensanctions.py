"""OpenSanctions FtM NDJSON and targets.simple.csv, on the real excerpts and broken inputs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from screening.errors import ListFormatError
from screening.loader import parse_files
from screening.model import BirthDate, Country, Identifier, ListSnapshot, NamePart, PartialDate
from screening.sources.base import IssueLog
from screening.sources.formats import HEAD_BYTES
from screening.sources.opensanctions import FORMATS, parse_ftm, parse_simple
from tests.conftest import LISTS

FTM = LISTS / "opensanctions" / "entities.ftm.json"
SIMPLE = LISTS / "opensanctions" / "targets.simple.excerpt.csv"


FTM_FORMAT, SIMPLE_FORMAT = FORMATS


def _load(path: Path) -> ListSnapshot:
    list_format = FTM_FORMAT if path == FTM else SIMPLE_FORMAT
    return parse_files([path], list_format=list_format)


def test_sniffers_tell_the_two_formats_apart() -> None:
    ftm_head = FTM.read_bytes()[:HEAD_BYTES]
    simple_head = SIMPLE.read_bytes()[:HEAD_BYTES]
    assert FTM_FORMAT.sniff(FTM, ftm_head)
    assert not FTM_FORMAT.sniff(SIMPLE, simple_head)
    assert SIMPLE_FORMAT.sniff(SIMPLE, simple_head)
    assert not SIMPLE_FORMAT.sniff(FTM, ftm_head)
    assert FTM_FORMAT.default_source([FTM]) == "opensanctions"


def _write_ndjson(path: Path, entities: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
    return path


def test_ftm_keeps_only_targets() -> None:
    snapshot = _load(FTM)
    # 7 lines (the README's "6" counts newlines; the last line has none): 6 targets and
    # one Address entity (target: false) that no target links to.
    assert len(FTM.read_text(encoding="utf-8").splitlines()) == 7
    assert snapshot.entry_count == 6
    assert snapshot.source.id == "opensanctions"
    assert snapshot.parser == "opensanctions-ftm"
    assert snapshot.published == dt.date(2024, 6, 1)
    assert snapshot.issues == ()
    kinds = sorted(d.kind for d in snapshot.designations)
    assert kinds == ["organization", "organization", "person", "person", "person", "person"]


def test_ftm_person_field_by_field() -> None:
    snapshot = _load(FTM)
    person = next(
        d for d in snapshot.designations if d.id == "opensanctions:NK-2Ka3UvopqbpZmVDFjWd4LA"
    )
    assert person.kind == "person"
    primary = person.primary_name
    assert primary.full == "Vitaly Yurievich KUZMENKO"
    assert primary.parts == (NamePart("given", "Vitaly"), NamePart("family", "KUZMENKO"))
    others = {n.full: n for n in person.names[1:]}
    assert set(others) == {"Vitalij Kuzmenko", "Виталий Юрьевич КУЗЬМЕНКО"}
    assert all(n.type == "aka" and n.quality == "strong" for n in others.values())
    # The part keeps the spelling used in the name it is attached to.
    assert others["Vitalij Kuzmenko"].parts == (
        NamePart("given", "Vitalij"),
        NamePart("family", "Kuzmenko"),
    )
    assert others["Виталий Юрьевич КУЗЬМЕНКО"].script == "Cyrl"
    assert person.birth_dates == (BirthDate(PartialDate(1971, 1, 22), text="1971-01-22"),)
    assert person.nationalities == (Country("RU", "ru"),)
    assert person.gender == "male"
    assert person.identifiers == (Identifier("tax_id", "366510784303", label="taxNumber"),)
    assert "eu-fsf-eu-11179-96" in person.references
    assert len(person.references) == 7
    assert "Rostec" in person.remarks
    assert "Position: General Director of JSC 163 Armor Repair Plant" in person.remarks
    assert "Datasets: eu_fsf" in person.remarks


def test_ftm_organization_field_by_field() -> None:
    snapshot = _load(FTM)
    org = next(
        d for d in snapshot.designations if d.id == "opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj"
    )
    assert org.kind == "organization"
    assert org.primary_name.full == "RAB „Inter Tobacco“"  # the caption
    assert len(org.names) == 12
    assert org.nationalities == (Country("BY", "by"),)
    assert org.identifiers == (Identifier("registration", "808000714", label="registrationNumber"),)
    assert "ofac-32733" in org.references
    assert org.birth_dates == ()
    irgc = next(d for d in snapshot.designations if d.primary_name.full == "IRGC")
    assert [n.full for n in irgc.names] == ["IRGC", "Iranian Revolutionary Guard Corps"]


def test_ftm_links_sanctions_addresses_identifications_and_relations(tmp_path: Path) -> None:
    path = _write_ndjson(
        tmp_path / "entities.ftm.json",
        [
            {
                "id": "p1",
                "caption": "Ivan PETROV",
                "schema": "Person",
                "properties": {
                    "name": ["Ivan PETROV"],
                    "weakAlias": ["Vanya"],
                    "previousName": ["Ivan SIDOROV"],
                    "addressEntity": ["addr-1"],
                    "birthPlace": ["Moscow"],
                    "citizenship": ["ru"],
                },
                "target": True,
                "last_seen": "2025-01-02T03:04:05",
            },
            {
                "id": "c1",
                "caption": "Petrov Trading",
                "schema": "Company",
                "properties": {"name": ["Petrov Trading"], "imoNumber": ["IMO 1234567"]},
                "last_seen": "2025-02-03T00:00:00",
            },
            {
                "id": "s1",
                "schema": "Sanction",
                "properties": {
                    "entity": ["p1"],
                    "program": ["Russia regime"],
                    "programId": ["EU-RUS"],
                    "authority": ["Council of the EU"],
                    "listingDate": ["2022-03-09"],
                    "unscId": ["QDi.001"],
                },
                "target": False,
            },
            {
                "id": "a0",
                "schema": "Address",
                "referents": ["addr-1"],
                "properties": {"street": ["1 Red Square"], "city": ["Moscow"], "country": ["ru"]},
                "target": False,
            },
            {
                "id": "i1",
                "schema": "Passport",
                "properties": {"holder": ["p1"], "number": ["7012345"], "country": ["ru"]},
            },
            {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"]}},
            {"id": "n1", "schema": "Note", "properties": {"entity": ["p1"]}},
        ],
    )
    issues = IssueLog("os")
    parsed = parse_ftm([path], "os", issues)
    assert issues.issues == []
    assert parsed.published == dt.date(2025, 2, 3)
    person, company = parsed.designations
    assert [(n.full, n.type, n.quality) for n in person.names] == [
        ("Ivan PETROV", "primary", "strong"),
        ("Vanya", "aka", "weak"),
        ("Ivan SIDOROV", "fka", "strong"),
    ]
    assert person.programs == ("EU-RUS", "Russia regime")
    assert person.listed_on == dt.date(2022, 3, 9)
    assert person.un_reference == "QDi.001"
    assert "Sanctioned by: Council of the EU" in person.remarks
    assert person.addresses[0].lines == ("1 Red Square",)
    assert person.addresses[0].country == Country("RU", "ru")
    assert person.identifiers[0].kind == "passport"
    assert person.identifiers[0].number == "7012345"
    assert person.citizenships == (Country("RU", "ru"),)
    assert person.birth_places == ("Moscow",)
    assert person.related == ("os:c1",)
    assert company.kind == "organization"  # no target flag: Company is a target schema
    assert company.related == ("os:p1",)
    assert company.identifiers[0].kind == "imo"


def test_ftm_bad_records_are_reported(tmp_path: Path) -> None:
    path = _write_ndjson(
        tmp_path / "e.ftm.json",
        [
            {"id": "x", "schema": "Person", "properties": {"name": ["A B"]}, "target": True},
            {"id": "y", "schema": "Person", "properties": {}, "target": True},
            {"id": "z", "schema": "Person", "properties": "oops"},
            {"id": "x", "schema": "Person", "properties": {"name": ["A B"]}, "target": True},
        ],
    )
    issues = IssueLog("os")
    parsed = parse_ftm([path], "os", issues)
    assert [d.id for d in parsed.designations] == ["os:x"]
    assert [(i.location, i.record_id) for i in issues.issues] == [
        ("line 3", "z"),
        ("line 2", "y"),
        ("line 4", "x"),
    ]
    with pytest.raises(ListFormatError, match="lacks a schema"):
        parse_ftm([path], "os", IssueLog("os", strict=True))


def test_ftm_truncated_file_raises_with_line(tmp_path: Path) -> None:
    text = FTM.read_text(encoding="utf-8")
    path = tmp_path / "entities.ftm.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"line \d+, column \d+") as info:
        parse_ftm([path], "opensanctions", IssueLog("opensanctions"))
    assert info.value.path == str(path)


def test_ftm_not_utf8_raises(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_bytes(b'{"id": "a", "schema": "Person", "properties": {"name": ["\xe9"]}}\n')
    with pytest.raises(ListFormatError, match="not UTF-8"):
        parse_ftm([path], "os", IssueLog("os"))


def test_simple_csv_counts_and_fields() -> None:
    snapshot = _load(SIMPLE)
    assert snapshot.entry_count == 300
    assert snapshot.issues == ()
    assert snapshot.published == dt.date(2025, 5, 23)
    assert {d.kind for d in snapshot.designations} == {"person"}
    assert sum(len(d.names) > 1 for d in snapshot.designations) == 2

    first = snapshot.designations[0]
    assert first.id == "opensanctions:NK-224TRezPqwzhQZ37exWxtX"
    assert [n.full for n in first.names] == ["SANAVBARI NIKITENKO"]
    assert first.birth_dates == (BirthDate(PartialDate(1992, 6, 28), text="1992-06-28"),)
    assert first.nationalities == (Country("RU", "ru"), Country("TJ", "tj"))
    # A quoted value keeps its inner ';' (the cell is a ';'-delimited CSV row).
    assert first.programs == (
        "Red Notice - participation in the activity of a terrorist organization; "
        "participation in the activity of an illegal armed formation",
    )
    assert first.remarks == "Datasets: INTERPOL Red Notices"

    aliased = next(
        d for d in snapshot.designations if d.id == "opensanctions:NK-LvhvkDXzuHjjUEqyGC2SZG"
    )
    assert [(n.full, n.type) for n in aliased.names] == [
        ("KHASAN AKTAMIROV", "primary"),
        ("KHUSEYN AKTAMIROV", "aka"),
    ]
    assert len(aliased.programs) == 2
    assert aliased.birth_dates[0].earliest == PartialDate(1991, 2, 16)


def test_simple_csv_broken_inputs(tmp_path: Path) -> None:
    header = SIMPLE.read_text(encoding="utf-8").splitlines()[0]
    no_name = tmp_path / "targets.simple.csv"
    no_name.write_text(
        header + '\n"a","Person","","","","","","","","","","d","","",""\n'
        '"b","Company","ACME","","","","","x1","","+1 555","a@b.c","d","","",""\n',
        encoding="utf-8",
    )
    issues = IssueLog("os")
    parsed = parse_simple([no_name], "os", issues)
    assert [d.id for d in parsed.designations] == ["os:b"]
    acme = parsed.designations[0]
    assert acme.kind == "organization"
    assert [(i.kind, i.number) for i in acme.identifiers] == [
        ("other", "x1"),
        ("phone", "+1 555"),
        ("email", "a@b.c"),
    ]
    assert [(i.location, i.record_id) for i in issues.issues] == [("line 2", "a")]

    wrong_header = tmp_path / "wrong.csv"
    wrong_header.write_text('"id","schema","caption"\n"a","Person","X"\n', encoding="utf-8")
    with pytest.raises(ListFormatError, match="missing column"):
        parse_simple([wrong_header], "os", IssueLog("os"))


def test_detection_picks_the_opensanctions_formats() -> None:
    from screening.sources.formats import detect_format

    assert detect_format(FTM).id == "opensanctions-ftm"
    assert detect_format(SIMPLE).id == "opensanctions-simple"
