"""UN Security Council consolidated XML: the two real snapshots and broken inputs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import screening
from screening.errors import ListFormatError
from screening.model import Country, Designation
from screening.sources.base import IssueLog, ParsedList
from screening.sources.un_xml import FORMATS
from tests.conftest import LISTS

FORMAT = FORMATS[0]
CURRENT = LISTS / "un" / "consolidated.xml"
OLDER = LISTS / "un" / "2025-04-19" / "consolidated.xml"


def _parse(path: Path, *, strict: bool = False) -> tuple[ParsedList, IssueLog]:
    issues = IssueLog("un-sc", strict=strict)
    return FORMAT.parse([path], "un-sc", issues), issues


@pytest.fixture(scope="module")
def current() -> dict[str, Designation]:
    parsed, issues = _parse(CURRENT)
    assert issues.issues == []
    return {d.id: d for d in parsed.designations}


@pytest.mark.parametrize(
    ("path", "published", "persons", "organizations"),
    [(CURRENT, dt.date(2026, 2, 27), 730, 273), (OLDER, dt.date(2025, 4, 19), 684, 193)],
)
def test_counts_and_publication_date(
    path: Path, published: dt.date, persons: int, organizations: int
) -> None:
    parsed, issues = _parse(path)
    assert issues.issues == []
    assert parsed.published == published
    assert Counter(d.kind for d in parsed.designations) == {
        "person": persons,
        "organization": organizations,
    }
    ids = [d.id for d in parsed.designations]
    assert len(set(ids)) == len(ids) == persons + organizations  # reference numbers are unique
    assert all(d.un_reference and d.id == f"un-sc:{d.un_reference}" for d in parsed.designations)


def test_mutassim_qadhafi_field_by_field(current: dict[str, Designation]) -> None:
    mutassim = current["un-sc:LYi.014"]
    assert mutassim.kind == "person"
    assert mutassim.un_reference == "LYi.014"
    assert mutassim.references == ("690775",)  # DATAID
    assert mutassim.programs == ("Libya",)
    assert mutassim.listed_on == dt.date(2011, 2, 26)
    primary = mutassim.primary_name
    assert primary.full == "MUTASSIM QADHAFI"
    assert [(p.kind, p.value) for p in primary.parts] == [
        ("given", "MUTASSIM"),
        ("family", "QADHAFI"),
    ]
    assert [(n.full, n.type, n.quality) for n in mutassim.names[1:]] == [
        ("Almuatesem Bellah Muammer Qadhafi", "aka", "strong"),
        ("Mutassim Billah Abuminyar Qadhafi", "aka", "strong"),
        ("Muatasmblla", "aka", "low"),
        ("Muatasimbllah", "aka", "low"),
        ("Moatassam", "aka", "low"),
    ]
    assert [str(d) for d in mutassim.birth_dates] == ["1976", "1974-02-05"]
    assert mutassim.birth_places == ("Tripoli, Libya",)
    [passport] = mutassim.identifiers
    assert (passport.kind, passport.number, passport.country) == (
        "passport",
        "B/001897",
        Country("LY", "Libya"),
    )
    assert "Position: National Security Adviser" in mutassim.remarks
    assert "Reportedly deceased in Sirte" in mutassim.remarks


QADHAFI_FAMILY = {
    "LYi.009": ("AISHA MUAMMAR MUHAMMED ABU MINYAR QADHAFI", ["Aisha Muhammed Abdul Salam"]),
    "LYi.010": ("HANNIBAL MUAMMAR QADHAFI", []),
    "LYi.011": ("KHAMIS MUAMMAR QADHAFI", []),
    "LYi.012": ("MOHAMMED MUAMMAR QADHAFI", ["Muhammed Muammar Muhammed Abdul Salam"]),
    "LYi.013": ("MUAMMAR MOHAMMED ABU MINYAR QADHAFI", []),
    "LYi.015": ("SAADI QADHAFI", []),
    "LYi.016": ("SAIF AL-ARAB QADHAFI", []),
    "LYi.017": ("SAIF AL-ISLAM QADHAFI", []),
    "LYi.003": ("SAYYID MOHAMMED QADHAF AL-DAM", ["Sayed M. Gaddef Eddam"]),
}


@pytest.mark.parametrize(("reference", "expected"), QADHAFI_FAMILY.items())
def test_qadhafi_family(
    current: dict[str, Designation], reference: str, expected: tuple[str, list[str]]
) -> None:
    primary, good_aliases = expected
    entry = current[f"un-sc:{reference}"]
    assert entry.un_reference == reference
    assert entry.programs == ("Libya",)
    assert entry.primary_name.full == primary
    assert [n.full for n in entry.names if n.type == "aka" and n.quality == "strong"] == (
        good_aliases
    )
    assert not any(n.type == "original_script" for n in entry.names)  # none in the file


def test_alias_with_parenthesised_arabic_becomes_two_names(
    current: dict[str, Designation],
) -> None:
    quren = current["un-sc:LYi.004"]
    assert quren.primary_name.full == "QUREN SALIH QUREN AL QADHAFI"
    assert [(n.full, n.type, n.quality, n.script) for n in quren.names[1:]] == [
        ("Akrin Saleh Akrin", "aka", "strong", "Latn"),
        ("أقرين صالح أقرين", "original_script", "strong", "Arab"),
    ]


def test_alias_with_birth_date_and_passport(current: dict[str, Designation]) -> None:
    safia = current["un-sc:LYi.019"]
    assert [n.full for n in safia.names] == [
        "SAFIA FARKASH AL-BARASSI",
        "Safia Farkash Mohammed Al-Hadad",
    ]
    assert [str(d) for d in safia.birth_dates] == ["1953-01-01", "circa 1952"]
    passport = next(i for i in safia.identifiers if i.number == "03825239")
    assert passport.kind == "passport"
    assert passport.country == Country("OM", "Oman")
    assert "born 1 Jan. 1953 (Oman passport no.03825239" in safia.remarks


def test_original_script_name_character_for_character(current: dict[str, Designation]) -> None:
    saddam = current["un-sc:IQi.001"]
    original = next(n for n in saddam.names if n.type == "original_script")
    assert original.full == "صدام حسين التكريتي"
    codepoints = (
        "0635 062F 0627 0645 0020 "  # صدام
        "062D 0633 064A 0646 0020 "  # حسين
        "0627 0644 062A 0643 0631 064A 062A 064A"  # التكريتي
    )
    assert " ".join(f"{ord(c):04X}" for c in original.full) == codepoints
    assert original.script == "Arab"
    assert saddam.primary_name.full == "SADDAM HUSSEIN AL-TIKRITI"
    assert [str(d) for d in saddam.birth_dates] == ["1937-04-28"]
    assert saddam.nationalities == (Country("IQ", "Iraq"),)


def test_no_al_kani_in_the_un_list(current: dict[str, Designation]) -> None:
    kani = re.compile(r"\b(al[- ])?kani(yat)?\b", re.IGNORECASE)
    assert not [d.id for d in current.values() for n in d.names if kani.search(n.full)]
    kuni = current["un-sc:LYi.005"]
    assert kuni.primary_name.full == "AMID HUSAIN AL KUNI"
    assert kuni.titles == ("Colonel",)
    assert "Position: Governor of Ghat (South Libya)" in kuni.remarks


def test_empty_alias_placeholders_are_skipped(current: dict[str, Designation]) -> None:
    badege = current["un-sc:CDi.001"]  # one <INDIVIDUAL_ALIAS> with empty QUALITY and ALIAS_NAME
    assert [n.full for n in badege.names] == ["ERIC BADEGE"]
    assert badege.gender == "male"
    assert [str(d) for d in badege.birth_dates] == ["1971"]


def test_entity_aliases_and_mixed_script_alias_lists(current: dict[str, Designation]) -> None:
    nusrah = current["un-sc:QDe.137"]
    assert nusrah.kind == "organization"
    assert nusrah.primary_name.parts == ()
    fulls = {(n.full, n.type) for n in nusrah.names}
    assert ("جبهة النصرة", "original_script") in fulls
    assert ("Jabhat al-Nusrah", "aka") in fulls
    assert ("هيئة تحرير الشام", "original_script") in fulls
    assert ("Hay’at Tahrir al-Sham (HTS)", "aka") in fulls
    fka = [n.full for d in current.values() for n in d.names if n.type == "fka"]
    assert len(fka) == 19
    assert "Al-Qaida in Yemen (AQY)" in fka


def test_birth_date_forms(current: dict[str, Designation]) -> None:
    akhund = current["un-sc:TAi.002"]  # BETWEEN with NOTE "Approximately"
    assert [(str(d), d.circa) for d in akhund.birth_dates] == [
        ("circa 1955..1958", True),
        ("circa 1945..1950", True),
    ]
    assert [str(d) for d in current["un-sc:CDi.004"].birth_dates] == ["1973-11"]  # NOTE only
    assert [str(d) for d in current["un-sc:QDi.395"].birth_dates] == ["1958-09"]  # YEAR + "Sep."


def test_document_without_number_goes_to_remarks(current: dict[str, Designation]) -> None:
    yasin = current["un-sc:QDi.037"]
    assert "SSN 156-92-9858 (United States of America)" in yasin.remarks
    assert all(i.number for i in yasin.identifiers)


# --- broken inputs -------------------------------------------------------------------------

_RECORD = """<INDIVIDUAL><DATAID>{dataid}</DATAID><FIRST_NAME>{first}</FIRST_NAME>
<SECOND_NAME>TEST</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE>
<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER><LISTED_ON>2011-03-17</LISTED_ON>
</INDIVIDUAL>"""


def _document(*records: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z">\n'
        f"<INDIVIDUALS>{''.join(records)}</INDIVIDUALS><ENTITIES/>\n"
        "</CONSOLIDATED_LIST>\n"
    )


def test_record_without_any_id_is_reported_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        _document(
            _RECORD.format(dataid="1", first="ALPHA", reference="LYi.901"),
            _RECORD.format(dataid="", first="BRAVO", reference=""),
            _RECORD.format(dataid="3", first="CHARLIE", reference=""),
        ),
        encoding="utf-8",
    )
    parsed, issues = _parse(path)
    assert [d.id for d in parsed.designations] == ["un-sc:LYi.901", "un-sc:3"]
    assert parsed.designations[1].references == ("3",)  # DATAID stands in
    assert parsed.designations[1].un_reference is None
    [issue] = issues.issues
    assert issue.location == "INDIVIDUALS/INDIVIDUAL[2]"
    assert "REFERENCE_NUMBER" in issue.reason
    with pytest.raises(ListFormatError, match=r"INDIVIDUAL\[2\]"):
        _parse(path, strict=True)


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(CURRENT.read_bytes()[:20_000])
    with pytest.raises(ListFormatError, match=r"line \d+, column \d+") as error:
        _parse(path)
    assert error.value.path == str(path)


def test_latin1_bytes_declared_utf8(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(
        _document(_RECORD.format(dataid="1", first="JOSÉ", reference="X")).encode("latin-1")
    )
    with pytest.raises(ListFormatError, match="malformed XML") as error:
        _parse(path)
    assert error.value.location is not None and error.value.location.startswith("line 3")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty"):
        _parse(path)


def test_wrong_root_element(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text("<?xml version='1.0'?><sdnList/>", encoding="utf-8")
    with pytest.raises(ListFormatError, match="CONSOLIDATED_LIST") as error:
        _parse(path)
    assert error.value.location == "root element"


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n<!ENTITY lol "lol">\n'
        + "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
            for i in range(1, 10)
        )
        + "]>\n<CONSOLIDATED_LIST>&lol9;</CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="unsafe") as error:
        _parse(path)
    assert error.value.location is not None and "DOCTYPE" in error.value.location


def test_load_file_detects_the_format_by_content(tmp_path: Path) -> None:
    path = tmp_path / "content"
    shutil.copyfile(OLDER, path)
    snapshot = screening.load_file(path)
    assert snapshot.parser == "un-xml"
    assert snapshot.source.id == "un-sc"
    assert snapshot.entry_count == 877
    assert snapshot.published == dt.date(2025, 4, 19)
