"""EU FSF XML 1.1: the carved real sample, a schema-wide synthetic entity, broken inputs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import screening
from screening.errors import ListFormatError
from screening.model import Address, Country, Designation, Identifier, NamePart
from screening.sources.base import IssueLog, ParsedList
from screening.sources.eu_fsf import FORMATS
from tests.conftest import LISTS

FORMAT = FORMATS[0]
SAMPLE = LISTS / "samples" / "eu_fsf_1_1_carved_sample.xml"
NS = "http://eu.europa.ec/fpi/fsd/export"


def _parse(path: Path, *, strict: bool = False) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("eu-fsf", strict=strict)
    return FORMAT.parse([path], "eu-fsf", issues), issues


@pytest.fixture(scope="module")
def sample() -> tuple[ParsedList, IssueLog, dict[str, Designation]]:
    parsed, issues = _parse(SAMPLE)
    return parsed, issues, {d.id: d for d in parsed.designations}


def test_sample_counts_and_the_nameless_entity(
    sample: tuple[ParsedList, IssueLog, dict[str, Designation]],
) -> None:
    parsed, issues, by_id = sample
    assert parsed.published == dt.date(2026, 8, 5)
    assert list(by_id) == [
        "eu-fsf:EU.27.28",
        "eu-fsf:EU.3579.2",
        "eu-fsf:EU.589.30",
        "eu-fsf:EU.522.39",
    ]
    # The fifth, synthetic entity (logicalId 999999) has no nameAlias: reported, not dropped.
    [issue] = issues.issues
    assert issue.location == "export/sanctionEntity[5] (logicalId 999999)"
    assert issue.record_id == "EU.0.0"
    assert "nameAlias" in issue.reason
    with pytest.raises(ListFormatError, match="999999"):
        _parse(SAMPLE, strict=True)


def test_saddam_hussein_field_by_field(
    sample: tuple[ParsedList, IssueLog, dict[str, Designation]],
) -> None:
    saddam = sample[2]["eu-fsf:EU.27.28"]
    assert saddam.kind == "person"
    assert saddam.references == ("13",)
    assert saddam.un_reference is None  # unitedNationId=""
    assert saddam.listed_on is None  # no designationDate attribute
    assert saddam.programs == ("IRQ",)
    assert saddam.gender == "male"
    assert [(n.full, n.type, n.quality, n.language) for n in saddam.names] == [
        ("Saddam Hussein Al-Tikriti", "primary", "strong", None),
        ("Abu Ali", "aka", "strong", None),
        ("Abou Ali", "aka", "strong", "fr"),
    ]
    assert saddam.primary_name.parts == (
        NamePart("given", "Saddam"),
        NamePart("family", "Hussein Al-Tikriti"),
    )
    assert [(str(d), d.circa) for d in saddam.birth_dates] == [("1937-04-28", False)]
    assert saddam.birth_places == ("al-Awja, near Tikrit, IRAQ",)
    assert saddam.citizenships == (Country("IQ", "IRAQ"),)
    assert saddam.remarks.startswith("UNSC RESOLUTION 1483\nRegulation 1210/2003 (OJ L169): http")


def test_khalid_sheikh_mohammed_field_by_field(
    sample: tuple[ParsedList, IssueLog, dict[str, Designation]],
) -> None:
    ksm = sample[2]["eu-fsf:EU.3579.2"]
    assert ksm.programs == ("TERR",)
    assert ksm.references == ("191",)
    # The only alias split into first/last name is taken as the primary name.
    assert ksm.primary_name.full == "Khalid Sheikh MOHAMMED"
    assert ksm.primary_name.language == "en"
    assert [(n.full, n.language) for n in ksm.names[1:]] == [
        ("Bin Khalid Fahd Bin Adballah", "fr"),
        ("Wadood Khalid Adbul", "fr"),
        ("Henin Ashraf Refaat Nabith", None),
        ("Bin Khalid Fahd Bin Abdallah", "en"),
        ("Wadood Khalid Abdul", None),
        ("Ali Salem", None),
    ]
    assert [str(d) for d in ksm.birth_dates] == ["1965-04-14", "1964-03-01"]
    assert ksm.birth_places == ("PAKISTAN",)  # city="-" means none
    assert ksm.identifiers == (
        Identifier("passport", "488555", None, "National passport", ""),  # country "00"
    )


def test_enterprises_addresses_and_contacts(
    sample: tuple[ParsedList, IssueLog, dict[str, Designation]],
) -> None:
    grf = sample[2]["eu-fsf:EU.589.30"]
    assert grf.kind == "organization"
    assert grf.programs == ("TAQA",)
    assert grf.addresses[1] == Address(
        ("9935 South 76th Avenue, Unit 1",),
        "Bridgeview, Illinois",
        "",
        "60455",
        Country("US", "UNITED STATES"),
    )
    trust = sample[2]["eu-fsf:EU.522.39"]
    assert trust.listed_on == dt.date(2001, 10, 6)
    assert len(trust.names) == 12
    bulgarian = next(n for n in trust.names if n.language == "bg")
    assert bulgarian.full == "Организация за подпомагане на Ulema, Пакистан"
    assert len(trust.addresses) == 11
    assert Identifier("phone", "662 38 14", label="FAX") in trust.identifiers
    assert "Founded by Mufti Rashid Ahmad Ledahyanoy" in trust.remarks


SYNTHETIC = f"""<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="{NS}" generationDate="2026-01-02T10:00:00.000+01:00" globalFileId="1">
  <sanctionEntity designationDetails="Annex I" unitedNationId="QDi.999"
      euReferenceNumber="EU.1.1" logicalId="101" designationDate="2020-05-06">
    <remark>Synthetic entity covering the schema.</remark>
    <regulation programme="TERR" numberTitle="1/2020 (OJ L1)" logicalId="5">
      <publicationUrl>https://example.org/reg</publicationUrl>
    </regulation>
    <regulation programme="SYR" numberTitle="2/2021 (OJ L2)" logicalId="6"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Ivan" middleName="Petrovich" lastName="Sidorov" wholeName=""
        function="Minister of Testing" gender="M" title="Dr." nameLanguage="EN" strong="true"
        logicalId="7"/>
    <nameAlias wholeName="Иван Петрович Сидоров" nameLanguage="RU" strong="true" logicalId="8"/>
    <nameAlias wholeName="Vanya" strong="false" logicalId="9"><remark>Nickname.</remark></nameAlias>
    <nameAlias wholeName="" firstName="" lastName="" strong="true" logicalId="10"/>
    <citizenship countryIso2Code="RU" countryDescription="RUSSIA" logicalId="11"/>
    <citizenship countryIso2Code="00" countryDescription="UNKNOWN" logicalId="12"/>
    <birthdate circa="true" year="1960" monthOfYear="7" place="Tula" countryIso2Code="RU"
        countryDescription="RUSSIA" logicalId="13"/>
    <birthdate yearRangeFrom="1958" yearRangeTo="1962" logicalId="14"/>
    <identification number="123456" identificationTypeCode="id"
        identificationTypeDescription="National identification card" knownFalse="true"
        knownExpired="false" issuedBy="MVD" countryIso2Code="RU" countryDescription="RUSSIA"
        logicalId="15"/>
    <identification number="" identificationTypeCode="passport"
        identificationTypeDescription="Passport" logicalId="16"><remark>Number not known.</remark>
    </identification>
    <address street="Lenina 1" poBox="77" zipCode="300000" city="Tula" region="Tula Oblast"
        countryIso2Code="RU" countryDescription="RUSSIA" logicalId="17">
      <contactInfo key="EMAIL" value="ivan@example.org"/>
      <contactInfo key="WEB" value="www.example.org"/>
    </address>
  </sanctionEntity>
  <sanctionEntity euReferenceNumber="" logicalId="102">
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Test Trading LLC" strong="true" logicalId="20"/>
  </sanctionEntity>
</export>
"""


def test_full_schema_on_a_synthetic_entity(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_text(SYNTHETIC, encoding="utf-8")
    parsed, issues = _parse(path)
    assert issues.issues == []
    assert parsed.published == dt.date(2026, 1, 2)
    ivan, trading = parsed.designations
    assert ivan.id == "eu-fsf:EU.1.1"
    assert ivan.references == ("101",)
    assert ivan.un_reference == "QDi.999"
    assert ivan.listed_on == dt.date(2020, 5, 6)
    assert ivan.programs == ("TERR", "SYR")
    assert [(n.full, n.type, n.quality, n.language, n.script) for n in ivan.names] == [
        ("Ivan Petrovich Sidorov", "primary", "strong", "en", "Latn"),
        ("Иван Петрович Сидоров", "aka", "strong", "ru", "Cyrl"),
        ("Vanya", "aka", "weak", None, "Latn"),
    ]
    assert [p.kind for p in ivan.primary_name.parts] == ["given", "middle", "family"]
    assert ivan.titles == ("Dr.",)
    assert ivan.gender == "male"
    assert ivan.citizenships == (Country("RU", "RUSSIA"),)  # "00" UNKNOWN dropped
    assert [(str(d), d.circa) for d in ivan.birth_dates] == [
        ("circa 1960-07", True),
        ("1958..1962", False),
    ]
    assert ivan.birth_places == ("Tula, RUSSIA",)
    assert ivan.identifiers == (
        Identifier(
            "national_id",
            "123456",
            Country("RU", "RUSSIA"),
            "National identification card",
            "known false; issued by MVD",
        ),
        Identifier("email", "ivan@example.org", label="EMAIL"),
        Identifier("website", "www.example.org", label="WEB"),
    )
    assert ivan.addresses == (
        Address(
            ("Lenina 1", "PO Box 77"), "Tula", "Tula Oblast", "300000", Country("RU", "RUSSIA")
        ),
    )
    for fragment in (
        "Synthetic entity covering the schema.",
        "Annex I",
        "Function (Ivan Petrovich Sidorov): Minister of Testing",
        "Nickname.",
        "Regulation 1/2020 (OJ L1): https://example.org/reg",
        "Passport: Number not known.",
    ):
        assert fragment in ivan.remarks
    assert trading.id == "eu-fsf:102"  # no euReferenceNumber: the logicalId stands in
    assert trading.references == ()
    assert trading.kind == "organization"


# --- broken inputs -------------------------------------------------------------------------


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_bytes(SAMPLE.read_bytes()[:9_000])
    with pytest.raises(ListFormatError, match=r"line \d+, column \d+"):
        _parse(path)


def test_latin1_bytes_declared_utf8(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    utf8 = SYNTHETIC.replace("Ivan", "Iván").encode("utf-8")
    path.write_bytes(utf8.replace("á".encode(), "á".encode("latin-1")))
    with pytest.raises(ListFormatError, match="malformed XML") as error:
        _parse(path)
    assert error.value.location is not None
    assert error.value.location.startswith("line 11")  # the first "Iván"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_bytes(b"  \n")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(path)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    entities = "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 8))
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE export [<!ENTITY a0 "ha">{entities}]>'
        f'<export xmlns="{NS}">&a7;</export>',
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="unsafe") as error:
        _parse(path)
    assert error.value.location is not None and "DOCTYPE" in error.value.location


def test_load_file_detects_the_format_by_content(tmp_path: Path) -> None:
    path = tmp_path / "content"
    shutil.copyfile(SAMPLE, path)
    snapshot = screening.load_file(path)
    assert snapshot.parser == "eu-fsf-xml"
    assert snapshot.source.id == "eu-fsf"
    assert snapshot.entry_count == 4
    assert len(snapshot.issues) == 1
