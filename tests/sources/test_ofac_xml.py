"""OFAC sdnList XML: the real Consolidated (non-SDN) export and broken inputs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

import screening
from screening.errors import ListFormatError
from screening.model import Country, Designation
from screening.sources.base import IssueLog, ParsedList
from screening.sources.ofac_xml import FORMAT
from tests.conftest import LISTS

CONSOLIDATED = LISTS / "ofac" / "consolidated.xml"


def _parse(path: Path, *, strict: bool = False) -> tuple[ParsedList, IssueLog]:
    source_id = FORMAT.default_source([path])
    issues = IssueLog(source_id, strict=strict)
    return FORMAT.parse([path], source_id, issues), issues


@pytest.fixture(scope="module")
def consolidated() -> tuple[ParsedList, dict[str, Designation]]:
    parsed, issues = _parse(CONSOLIDATED)
    assert issues.issues == []
    return parsed, {d.id: d for d in parsed.designations}


def test_counts_and_publish_date(consolidated: tuple[ParsedList, dict[str, Designation]]) -> None:
    parsed, by_id = consolidated
    assert parsed.published == dt.date(2025, 3, 28)
    assert len(by_id) == 443
    assert Counter(d.kind for d in parsed.designations) == {"organization": 363, "person": 80}
    assert all(i.startswith("us-ofac-cons:") for i in by_id)


def test_individual_with_strong_aliases(
    consolidated: tuple[ParsedList, dict[str, Designation]],
) -> None:
    haniya = consolidated[1]["us-ofac-cons:9639"]
    assert haniya.kind == "person"
    assert haniya.primary_name.full == "HANIYA, Ismail Abdul Salah"
    assert [(p.kind, p.value) for p in haniya.primary_name.parts] == [
        ("family", "HANIYA"),
        ("given", "Ismail Abdul Salah"),
    ]
    assert [(n.full, n.type, n.quality) for n in haniya.names[1:]] == [
        ("HANIYA, Ismail", "aka", "strong"),
        ("HANIYYA, Ismaeel", "aka", "strong"),
    ]
    assert haniya.programs == ("NS-PLC",)
    assert [str(d) for d in haniya.birth_dates] == ["1962"]
    assert haniya.birth_places == ("Shati",)


def test_weak_aliases_and_categories(
    consolidated: tuple[ParsedList, dict[str, Designation]],
) -> None:
    names = [n for d in consolidated[0].designations for n in d.names]
    assert Counter((n.type, n.quality) for n in names if n.type != "primary") == {
        ("aka", "strong"): 925,
        ("fka", "strong"): 141,
        ("aka", "weak"): 67,
        ("fka", "weak"): 3,
    }


def test_id_list_identifiers_and_facts(
    consolidated: tuple[ParsedList, dict[str, Designation]],
) -> None:
    by_id = consolidated[1]
    kartex = by_id["us-ofac-cons:20304"]
    assert [(i.kind, i.number, i.label) for i in kartex.identifiers] == [
        ("registration", "1047855158780", "Registration ID"),
        ("tax_id", "7817301375", "Tax ID No."),
        ("website", "http://iz-kartex.com", "Website"),
    ]
    assert "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions" in kartex.remarks
    # "(Linked To: ...)" in XML remarks becomes a link
    assert kartex.related == ("GAZPROMBANK JOINT STOCK COMPANY",)
    assert kartex.addresses[0].country == Country("RU", "Russia")
    assert kartex.addresses[0].postal_code == "196650"
    # Gender is written as an idList entry
    assert by_id["us-ofac-cons:9647"].gender == "male"
    assert "Gender" not in by_id["us-ofac-cons:9647"].remarks
    genders = [d.id for d in consolidated[0].designations if d.gender]
    assert genders == ["us-ofac-cons:9647", "us-ofac-cons:26182", "us-ofac-cons:50476"]


def test_nationality_and_citizenship(
    consolidated: tuple[ParsedList, dict[str, Designation]],
) -> None:
    designations = consolidated[0].designations
    assert [c for d in designations for c in d.nationalities if c.code is None] == []
    assert sum(len(d.nationalities) for d in designations) == 2
    assert [c for d in designations for c in d.citizenships] == [Country("TR", "Turkey")]


def test_default_source_and_sniff(tmp_path: Path) -> None:
    assert FORMAT.default_source([CONSOLIDATED]) == "us-ofac-cons"
    assert FORMAT.default_source([tmp_path / "SDN.XML"]) == "us-ofac-sdn"
    assert FORMAT.sniff(CONSOLIDATED, CONSOLIDATED.read_bytes()[:65536])
    assert not FORMAT.sniff(tmp_path / "x.xml", b"<CONSOLIDATED_LIST/>")


def test_namespace_of_another_vintage(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<sdnList xmlns="http://tempuri.org/sdnList.xsd">\n'
        "<publshInformation><Publish_Date>01/05/2021</Publish_Date>"
        "<Record_Count>1</Record_Count></publshInformation>\n"
        "<sdnEntry><uid>15036</uid><lastName>ARTAVIL</lastName><sdnType>Vessel</sdnType>"
        "<programList><program>IRAN</program></programList>"
        "<idList><id><uid>1</uid><idType>Vessel Registration Identification</idType>"
        "<idNumber>IMO 9187629</idNumber></id>"
        "<id><uid>2</uid><idType>MMSI</idType><idNumber>572469210</idNumber></id></idList>"
        "<akaList><aka><uid>3</uid><type>f.k.a.</type><category>weak</category>"
        "<lastName>ALPHA</lastName></aka></akaList>"
        "<vesselInfo><callSign>T2EU4</callSign><vesselType>Crude Oil Tanker</vesselType>"
        "<vesselFlag>Iran</vesselFlag><vesselOwner>NATIONAL IRANIAN TANKER COMPANY</vesselOwner>"
        "</vesselInfo></sdnEntry>\n</sdnList>\n",
        encoding="utf-8",
    )
    parsed, issues = _parse(path)
    assert issues.issues == []
    assert parsed.published == dt.date(2021, 1, 5)  # MM/DD/YYYY, not DD/MM
    (vessel,) = parsed.designations
    assert vessel.id == "us-ofac-sdn:15036"
    assert vessel.kind == "vessel"
    assert [(i.kind, i.number) for i in vessel.identifiers] == [
        ("other", "T2EU4"),
        ("imo", "9187629"),
        ("mmsi", "572469210"),
    ]
    assert vessel.nationalities == ()
    assert "Vessel Flag Iran" in vessel.remarks
    assert vessel.related == ("NATIONAL IRANIAN TANKER COMPANY",)
    assert [(n.full, n.type, n.quality) for n in vessel.names[1:]] == [("ALPHA", "fka", "weak")]


def test_load_file_detects_xml() -> None:
    snapshot = screening.load_file(CONSOLIDATED)
    assert (snapshot.parser, snapshot.source.id) == ("ofac-xml", "us-ofac-cons")
    assert snapshot.entry_count == 443
    assert snapshot.published == dt.date(2025, 3, 28)


# --- broken inputs ---------------------------------------------------------------------------


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(CONSOLIDATED.read_bytes()[:20_000])
    with pytest.raises(ListFormatError, match="malformed XML") as error:
        _parse(path)
    assert error.value.location is not None
    assert error.value.location.startswith("line ")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(path)


def test_wrong_root(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text("<CONSOLIDATED_LIST/>", encoding="utf-8")
    with pytest.raises(ListFormatError, match="sdnList"):
        _parse(path)


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="utf-8"?>\n<sdnList>\n'
        b"<sdnEntry><uid>1</uid><lastName>CAF\xc9</lastName></sdnEntry>\n</sdnList>\n"
    )
    with pytest.raises(ListFormatError, match="malformed XML") as error:
        _parse(path)
    assert error.value.location is not None
    assert error.value.location.startswith("line 3")


def test_hostile_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<sdnList><sdnEntry><uid>1</uid>'
        "<lastName>&b;</lastName></sdnEntry></sdnList>",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="unsafe"):
        _parse(path)


def test_bad_record_is_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        "<sdnList><publshInformation><Publish_Date>03/28/2025</Publish_Date>"
        "<Record_Count>3</Record_Count></publshInformation>"
        "<sdnEntry><uid>1</uid><lastName>GOOD</lastName><sdnType>Entity</sdnType></sdnEntry>"
        "<sdnEntry><uid>x</uid><lastName>BAD UID</lastName></sdnEntry>"
        "<sdnEntry><uid>3</uid><sdnType>Entity</sdnType></sdnEntry></sdnList>",
        encoding="utf-8",
    )
    parsed, issues = _parse(path)
    assert [d.id for d in parsed.designations] == ["us-ofac-cons:1"]
    assert [(i.location, i.record_id) for i in issues.issues] == [
        ("sdnEntry #2", None),
        ("sdnEntry #3", "3"),
    ]
    with pytest.raises(ListFormatError, match="not a number"):
        _parse(path, strict=True)
