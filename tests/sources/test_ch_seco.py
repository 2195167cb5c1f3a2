"""Swiss SECO XML: carved whole-list sample, amendment example, synthetic and broken inputs."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest

import screening
from screening.errors import ListFormatError
from screening.model import Address, Country, Designation, Identifier
from screening.sources.base import IssueLog, ParsedList
from screening.sources.ch_seco import FORMATS
from tests.conftest import LISTS

FORMAT = FORMATS[0]
SAMPLE = LISTS / "samples" / "ch_seco_carved_sample.xml"
AMENDMENT = LISTS / "seco" / "amendment-example.xml"


def _parse(path: Path, *, strict: bool = False) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("ch-seco", strict=strict)
    return FORMAT.parse([path], "ch-seco", issues), issues


@pytest.fixture(scope="module")
def sample() -> dict[str, Designation]:
    parsed, issues = _parse(SAMPLE)
    assert issues.issues == []
    assert parsed.published == dt.date(2026, 8, 15)
    return {d.id: d for d in parsed.designations}


def test_de_listed_targets_are_left_out_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="screening"):
        parsed, _ = _parse(SAMPLE)
    # 7 targets: 5142, 5816 and 5374 carry a de-listed modification (2013, 2016).
    assert [d.id for d in parsed.designations] == [
        "ch-seco:44348",
        "ch-seco:85396",
        "ch-seco:34461",
        "ch-seco:52941",
    ]
    assert "3 de-listed targets left out" in caplog.text
    assert "5142, 5816, 5374" in caplog.text


def test_person_with_spelling_variants_field_by_field(sample: dict[str, Designation]) -> None:
    zamulevich = sample["ch-seco:85396"]
    assert zamulevich.kind == "person"
    assert zamulevich.gender == "male"
    assert zamulevich.listed_on == dt.date(2024, 12, 24)
    assert zamulevich.programs == ()  # the carved sample has no sanctions-program elements
    assert [(n.full, n.type, n.language, n.script) for n in zamulevich.names] == [
        ("Zamulevich Dzmitry Mihaylavych", "primary", "en", "Latn"),
        ("ЗАМУЛЕВIЧ Дзмітрьій Міхайлавіч", "original_script", "be", "Cyrl"),
        ("Zamulevich Dmitriy Mikhailovich", "aka", "ru", "Latn"),
        ("ЗАМУЛЕВИЧ Дмитрий Михайлович", "original_script", "ru", "Cyrl"),
    ]
    assert [(p.kind, p.value) for p in zamulevich.primary_name.parts] == [
        ("family", "Zamulevich"),
        ("given", "Dzmitry"),
        ("patronymic", "Mihaylavych"),
    ]
    assert [str(d) for d in zamulevich.birth_dates] == ["1974-05-07"]
    assert zamulevich.nationalities == (Country("BY", "Belarus"),)
    assert zamulevich.identifiers == (
        Identifier("passport", "BM2229283", Country("BY", "Belarus"), "passport"),
        Identifier("national_id", "3070574E057PB8", Country("BY", "Belarus"), "id-card"),
    )
    assert zamulevich.remarks.endswith("Part-owner of Vlate Logistik LLC")


def test_person_with_maiden_name_and_aliases(sample: dict[str, Designation]) -> None:
    vorontsova = sample["ch-seco:52941"]
    assert vorontsova.gender == "female"
    assert vorontsova.listed_on == dt.date(2022, 4, 13)
    assert [(n.full, n.type, n.quality) for n in vorontsova.names] == [
        ("Vorontsova Maria Vladimirovna", "primary", "strong"),
        ("ВОРОНЦОВА Мария Владимировна", "original_script", "strong"),
        ("Putina", "fka", "strong"),
        ("Mariya Vorontsova", "aka", "strong"),
        ("Maria Faassen", "aka", "strong"),
    ]
    assert [(p.kind, p.value) for p in vorontsova.names[2].parts] == [("family", "Putina")]
    assert "Associated individual: President Vladimir Putin (father)" in vorontsova.remarks


def test_entity_and_vessel(sample: dict[str, Designation]) -> None:
    mzkt = sample["ch-seco:44348"]
    assert mzkt.kind == "organization"
    assert mzkt.listed_on == dt.date(2021, 3, 22)
    assert [(n.full, n.type) for n in mzkt.names] == [
        ("MZKT", "primary"),
        ("МЗКТ - Минский завод колёсных тягачей", "original_script"),
        ("VOLAT", "aka"),
    ]
    assert mzkt.addresses == (Address(("150 Partizansky Ave.",), postal_code="220021"),)
    assert Identifier("email", "link@mzkt.by", label="E-Mail") in mzkt.identifiers
    assert Identifier("registration", "100534485", label="Registration number") in (
        mzkt.identifiers
    )
    vessel = sample["ch-seco:34461"]
    assert vessel.kind == "vessel"
    assert [n.full for n in vessel.names] == ["Hui Chon", "Hwang Gum San 2"]
    assert vessel.identifiers == (Identifier("imo", "8405270", label="IMO Number"),)


def test_amendment_file() -> None:
    parsed, issues = _parse(AMENDMENT)
    assert issues.issues == []
    assert parsed.published == dt.date(2024, 1, 17)
    by_id = {d.id: d for d in parsed.designations}
    assert list(by_id) == ["ch-seco:64398", "ch-seco:64403", "ch-seco:64393"]
    assert all(d.programs == ("EXAMPLE",) for d in parsed.designations)
    test_b = by_id["ch-seco:64398"]
    assert test_b.primary_name.full == "Test B"
    assert test_b.gender == "female"
    assert test_b.nationalities == (Country("GB", "United Kingdom"),)
    assert [str(d) for d in test_b.birth_dates] == ["2025-12-31"]
    assert by_id["ch-seco:64393"].gender is None


SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<swiss-sanctions-list list-type="whole-list" date="2026-01-05">
  <sanctions-program ssid="1">
    <program-key lang="eng">RUS</program-key>
    <program-name lang="ger">Russland</program-name>
    <program-name lang="eng">Ukraine situation</program-name>
    <sanctions-set ssid="11" lang="eng">Annex 8</sanctions-set>
  </sanctions-program>
  <sanctions-program ssid="2">
    <program-key lang="eng">SYR</program-key>
    <sanctions-set ssid="22" lang="eng">Annex 7</sanctions-set>
  </sanctions-program>
  <place ssid="900"><location>Moscow</location><area>Moscow Oblast</area>
    <country iso-code="RU">Russia</country></place>
  <target ssid="100">
    <sanctions-set-id>11</sanctions-set-id>
    <sanctions-set-id>22</sanctions-set-id>
    <individual sex="male">
      <identity ssid="101" main="true">
        <name ssid="102" name-type="primary-name" quality="good" lang="eng">
          <name-part order="2" name-part-type="family-name"><value>Ivanov</value>
            <spelling-variant lang="rus" script="CYRL">Иванов</spelling-variant></name-part>
          <name-part order="1" name-part-type="given-name"><value>Ivan</value></name-part>
        </name>
        <name ssid="103" name-type="alias" quality="low" lang="eng">
          <name-part order="1" name-part-type="whole-name"><value>Vanya</value></name-part>
        </name>
        <day-month-year ssid="104" year="1970" quality="low"/>
        <place-of-birth ssid="105" place-id="900"/>
        <address ssid="106" place-id="900"><address-details>Tverskaya 1</address-details>
          <zip-code>125009</zip-code></address>
        <identification-document ssid="107" document-type="passport">
          <issuer code="RU">Russia</issuer><remark>number unknown</remark>
        </identification-document>
      </identity>
      <identity ssid="110" main="false">
        <name ssid="111" name-type="primary-name" quality="good" lang="eng">
          <name-part order="1" name-part-type="whole-name"><value>Ivan Petrov</value></name-part>
        </name>
      </identity>
      <justification ssid="120">Synthetic justification.</justification>
      <relation ssid="121" target-id="200" relation-type="related-to"/>
    </individual>
    <modification modification-type="listed" effective-date="2024-03-01"/>
    <modification modification-type="de-listed" effective-date="2020-01-01"/>
    <modification modification-type="listed" effective-date="2014-03-01"/>
    <modification modification-type="amended" effective-date="2024-06-01">
      <added><target ssid="999"><individual><identity ssid="998" main="true">
        <name ssid="997" name-type="primary-name"><name-part order="1" name-part-type="whole-name">
        <value>Nested Snapshot</value></name-part></name></identity></individual></target></added>
    </modification>
  </target>
  <target ssid="200">
    <sanctions-set-id>33</sanctions-set-id>
    <object object-type="aircraft"><identity ssid="201" main="true">
      <name ssid="202" name-type="primary-name" quality="good" lang="eng">
        <name-part order="1" name-part-type="whole-name"><value>RA-12345</value></name-part>
      </name></identity></object>
    <modification modification-type="listed"/>
  </target>
  <target ssid="300">
    <entity><identity ssid="301" main="true"/></entity>
    <modification modification-type="listed"/>
  </target>
</swiss-sanctions-list>
"""


def test_synthetic_list_covers_places_programs_relations_and_relisting(tmp_path: Path) -> None:
    path = tmp_path / "seco.xml"
    path.write_text(SYNTHETIC, encoding="utf-8")
    parsed, issues = _parse(path)
    ivanov, aircraft = parsed.designations  # the nested snapshot target is not a designation
    assert ivanov.id == "ch-seco:100"  # re-listed in 2024 after its 2020 de-listing
    assert ivanov.listed_on == dt.date(2024, 3, 1)
    assert ivanov.programs == ("Ukraine situation", "SYR")
    assert [(n.full, n.type, n.quality) for n in ivanov.names] == [
        ("Ivan Ivanov", "primary", "strong"),  # parts in their stated order
        ("Ivan Иванов", "original_script", "strong"),
        ("Vanya", "aka", "low"),
        ("Ivan Petrov", "aka", "strong"),  # the primary name of a non-main identity
    ]
    assert [(str(d), d.circa) for d in ivanov.birth_dates] == [("circa 1970", True)]
    assert ivanov.birth_places == ("Moscow, Moscow Oblast, Russia",)
    assert ivanov.addresses == (
        Address(("Tverskaya 1",), "Moscow", "Moscow Oblast", "125009", Country("RU", "Russia")),
    )
    assert ivanov.identifiers == ()
    assert "passport: number unknown" in ivanov.remarks
    assert ivanov.related == ("ch-seco:200",)
    assert aircraft.kind == "aircraft"
    assert aircraft.programs == ()  # set 33 is defined by no sanctions-program
    assert aircraft.listed_on is None
    [issue] = issues.issues
    assert issue.location == "swiss-sanctions-list/target[3] (ssid 300)"
    assert issue.record_id == "300"
    with pytest.raises(ListFormatError, match="ssid 300"):
        _parse(path, strict=True)


# --- broken inputs -------------------------------------------------------------------------


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "seco.xml"
    path.write_bytes(SAMPLE.read_bytes()[:12_345])
    with pytest.raises(ListFormatError, match=r"line \d+, column \d+"):
        _parse(path)


def test_latin1_bytes_declared_utf8(tmp_path: Path) -> None:
    path = tmp_path / "seco.xml"
    path.write_bytes(AMENDMENT.read_bytes().replace(b"Test B", "Tést B".encode("latin-1")))
    with pytest.raises(ListFormatError, match="malformed XML") as error:
        _parse(path)
    assert error.value.location is not None and error.value.location.startswith("line 1,")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "seco.xml"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(path)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "seco.xml"
    entities = "".join(f'<!ENTITY b{i} "{f"&b{i - 1};" * 10}">' for i in range(1, 8))
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE swiss-sanctions-list [<!ENTITY b0 "ha">{entities}]>'
        "<swiss-sanctions-list>&b7;</swiss-sanctions-list>",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="unsafe") as error:
        _parse(path)
    assert error.value.location is not None and "DOCTYPE" in error.value.location


@pytest.mark.parametrize(("path", "count"), [(SAMPLE, 4), (AMENDMENT, 3)])
def test_load_file_detects_the_format_by_content(tmp_path: Path, path: Path, count: int) -> None:
    copy = tmp_path / "content"
    shutil.copyfile(path, copy)
    snapshot = screening.load_file(copy)
    assert snapshot.parser == "ch-seco-xml"
    assert snapshot.source.id == "ch-seco"
    assert snapshot.entry_count == count
