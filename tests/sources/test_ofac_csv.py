"""OFAC legacy CSV set: real files (counts, known entries) and broken inputs."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

import screening
from screening.errors import ListFormatError
from screening.model import Country, Designation, Identifier, PartialDate
from screening.sources.base import IssueLog
from screening.sources.formats import group_files
from screening.sources.ofac_csv import FORMAT
from tests.conftest import LISTS

OFAC = LISTS / "ofac"
QUARTET = OFAC / "sdn-2021-07"
CONS = OFAC / "consolidated-csv"


def _parse(main: Path, *, strict: bool = False) -> tuple[dict[str, Designation], IssueLog]:
    files = FORMAT.companions(main)
    source_id = FORMAT.default_source(files)
    issues = IssueLog(source_id, strict=strict)
    parsed = FORMAT.parse(files, source_id, issues)
    return {d.id.split(":", 1)[1]: d for d in parsed.designations}, issues


@pytest.fixture(scope="module")
def quartet() -> dict[str, Designation]:
    designations, issues = _parse(QUARTET / "sdn.csv")
    assert issues.issues == []
    return designations


def test_sdn_2024_counts() -> None:
    designations, issues = _parse(OFAC / "sdn.csv")
    assert issues.issues == []
    assert len(designations) == 14_965
    assert Counter(d.kind for d in designations.values()) == {
        "person": 6_854,
        "organization": 6_884,
        "vessel": 851,
        "aircraft": 376,
    }
    assert len({p for d in designations.values() for p in d.programs}) == 75
    assert all(d.source_id == "us-ofac-sdn" for d in designations.values())


def test_quartet_and_consolidated_counts(quartet: dict[str, Designation]) -> None:
    assert len(quartet) == 8_976
    cons, issues = _parse(CONS / "cons_prim.csv")
    assert issues.issues == []
    assert len(cons) == 442
    assert next(iter(cons.values())).id.startswith("us-ofac-cons:")


def test_al_kani(quartet: dict[str, Designation]) -> None:
    kani = quartet["29119"]
    assert kani.id == "us-ofac-sdn:29119"
    assert kani.kind == "person"
    primary = kani.primary_name
    assert primary.full == "AL-KANI, Mohamed"
    assert [(p.kind, p.value) for p in primary.parts] == [
        ("family", "AL-KANI"),
        ("given", "Mohamed"),
    ]
    assert [(n.full, n.type, n.quality) for n in kani.names[1:]] == [
        ("AL-KANI, Mohamed Khalifa Abderrahim Shaqaqi", "aka", "strong"),
        ("AL-KANI, Mohammed", "aka", "strong"),
        ("AL-KANI, Muhammad Omar", "aka", "strong"),
    ]
    assert [d.earliest for d in kani.birth_dates] == [PartialDate(1979, 5, 3)]
    assert kani.nationalities == (Country("LY", "Libya"),)
    assert kani.identifiers == (
        Identifier("passport", "F86JKFJF", Country("LY", "Libya"), label="Passport"),
    )
    assert kani.programs == ("GLOMAG",)
    assert [a.country for a in kani.addresses] == [Country("LY", "Libya")]
    assert kani.related == ("KANIYAT MILITIA",)
    assert kani.gender == "male"
    assert kani.remarks == ""


def test_kaniyat_militia_weak_aliases(quartet: dict[str, Designation]) -> None:
    militia = quartet["29368"]
    assert militia.kind == "organization"
    assert militia.primary_name.full == "KANIYAT MILITIA"
    assert militia.primary_name.parts == ()
    assert [(n.full, n.type, n.quality) for n in militia.names[1:]] == [
        ("KANIYAT", "aka", "weak"),
        ("AL-KANIYAT", "aka", "weak"),
        ("9TH BRIGADE", "aka", "weak"),
        ("KANYAT", "aka", "weak"),
        ("KANIAT", "aka", "weak"),
        ("AL-KANI MILITIA", "aka", "weak"),
        ("KANI BRIGADE", "aka", "weak"),
        ("7TH BRIGADE", "fka", "weak"),
        ("TARHUNA 7TH BRIGADE", "fka", "weak"),
        ("TARHUNA BRIGADE", "fka", "weak"),
    ]
    assert militia.programs == ("GLOMAG",)
    assert militia.countries == ("LY",)


@pytest.mark.parametrize(
    ("ent_num", "primary", "aliases"),
    [
        (
            "12606",
            "QADHAFI, Muammar",
            ["AL-QADHAFI, Muammar Abu Minyar", "GADDAFI, Mu'ammar", "GHATHAFI, Muammar"],
        ),
        ("12607", "QADHAFI, Khamis", ["AL-QADHAFI", "GADHAFI, Khamis"]),
        ("12608", "QADHAFI, Saif al-Islam", ["EL-QADDAFI, Seif al-Islam"]),
        ("12609", "GADDAFI, Mutassim", ["GADHAFI, Mutassim Billah", "QADHAFI, Mutassim"]),
        (
            "12610",
            "QADHAFI, Ayesha",
            ["GHATHAFI, Aisha Muammer", "QADHAFI, Aisha Muammar Muhammed Abu Minyar"],
        ),
        ("12627", "GADDAFI, Hannibal", ["QADHAFI, Hannibal Muammar"]),
        ("12628", "GADDAFI, Muhammad", ["GADHAFFI, Mohammad Moammar"]),
        ("12629", "GADDAFI, Saadi", ["AL-QADHAFI, Sa'adi Mu'ammar"]),
        ("12631", "GADDAFI, Saif Al-Arab", ["GADDAFI, Seif Al-Arab"]),
    ],
)
def test_qadhafi_family(
    quartet: dict[str, Designation], ent_num: str, primary: str, aliases: list[str]
) -> None:
    designation = quartet[ent_num]
    assert designation.primary_name.full == primary
    assert designation.programs == ("LIBYA2",)
    strong = {n.full for n in designation.names if n.type == "aka" and n.quality == "strong"}
    assert set(aliases) <= strong


def test_qadhafi_foundation_contacts_and_addresses(quartet: dict[str, Designation]) -> None:
    foundation = quartet["12685"]
    assert foundation.kind == "organization"
    assert [(i.kind, i.number) for i in foundation.identifiers][:3] == [
        ("website", "www.gicdf.org"),
        ("email", "info@gicdf.org"),
        ("registration", "CH-660.0.699.004-7"),
    ]
    assert [(a.lines, a.city, a.country and a.country.code) for a in foundation.addresses] == [
        (("Hay Elandadlus - Jian St, P.O. Box 1101",), "Tripoli", "LY"),
        (("22, Rue Henri-Mussard",), "Geneva 1208", "CH"),
    ]


def test_every_alt_row_is_a_strong_alias(quartet: dict[str, Designation]) -> None:
    """Oracle: alt.csv read with the csv module, each row found on its designation."""
    types = {"aka": "aka", "fka": "fka", "nka": "nka"}
    with (QUARTET / "alt.csv").open(encoding="ascii", newline="") as handle:
        rows = [row for row in csv.reader(handle) if len(row) == 5]
    assert len(rows) == 11_910
    for ent_num, _alt_num, alt_type, name, _remarks in rows:
        names = {(n.full, n.type) for n in quartet[ent_num].names if n.quality == "strong"}
        assert (name, types[alt_type]) in names or quartet[ent_num].primary_name.full == name


def test_comments_continue_remarks(quartet: dict[str, Designation]) -> None:
    # sdn_comments.csv cuts mid-word: 'snowsjo' + 'hn'
    tian = quartet["28263"]
    assert ("snowsjohn", "weak") in {(n.full, n.quality) for n in tian.names}
    assert tian.related == ("LAZARUS GROUP",)
    cifuentes = quartet["12300"]
    assert "PROMO RAIZ S.A.S." in cifuentes.related
    assert cifuentes.related[-1] == "R D I S.A."


def test_vessel(quartet: dict[str, Designation]) -> None:
    artavil = quartet["15036"]
    assert artavil.kind == "vessel"
    kinds = {(i.kind, i.number) for i in artavil.identifiers}
    assert {("imo", "9187629"), ("mmsi", "572469210"), ("other", "T2EU4")} <= kinds
    assert artavil.nationalities == ()  # the flag is not a nationality
    assert "Vessel Flag Iran" in artavil.remarks
    assert "Vessel Type Crude/Oil Products Tanker" in artavil.remarks
    assert ("ALPHA", "fka", "weak") in {(n.full, n.type, n.quality) for n in artavil.names}


# --- companions, detection, loading ----------------------------------------------------------


def test_companions_of_main_and_companion_files() -> None:
    assert [p.name for p in FORMAT.companions(QUARTET / "sdn.csv")] == [
        "sdn.csv",
        "alt.csv",
        "add.csv",
        "sdn_comments.csv",
    ]
    assert [p.name for p in FORMAT.companions(CONS / "cons_prim.csv")] == [
        "cons_prim.csv",
        "cons_alt.csv",
        "cons_add.csv",
        "cons_comments.csv",
    ]
    assert FORMAT.companions(OFAC / "sdn.csv") == [OFAC / "sdn.csv"]
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        assert FORMAT.companions(QUARTET / name) == []
    assert FORMAT.default_source(FORMAT.companions(CONS / "cons_prim.csv")) == "us-ofac-cons"


def test_companion_without_main_file(tmp_path: Path) -> None:
    shutil.copy(QUARTET / "alt.csv", tmp_path / "alt.csv")
    with pytest.raises(ListFormatError, match=r"load the main file sdn\.csv"):
        FORMAT.companions(tmp_path / "alt.csv")


def test_upper_case_file_names(tmp_path: Path) -> None:
    shutil.copy(QUARTET / "sdn.csv", tmp_path / "SDN.CSV")
    shutil.copy(QUARTET / "alt.csv", tmp_path / "ALT.CSV")
    assert [p.name for p in FORMAT.companions(tmp_path / "SDN.CSV")] == ["SDN.CSV", "ALT.CSV"]
    assert FORMAT.companions(tmp_path / "ALT.CSV") == []


def test_sniff_by_content() -> None:
    for path in [*QUARTET.iterdir(), *CONS.iterdir(), OFAC / "sdn.csv"]:
        assert FORMAT.sniff(path, path.read_bytes()[:65536]), path
    assert not FORMAT.sniff(OFAC / "consolidated.xml", b'<?xml version="1.0"?><sdnList/>')
    assert not FORMAT.sniff(Path("x.csv"), b"id,name,type\r\n1,X,person\r\n")


def test_load_file_detects_format_and_companions() -> None:
    snapshot = screening.load_file(QUARTET / "sdn.csv")
    assert snapshot.parser == "ofac-csv"
    assert snapshot.source.id == "us-ofac-sdn"
    assert snapshot.entry_count == 8_976
    assert len(snapshot.files) == 4
    assert snapshot.issues == ()
    cons = screening.load_file(CONS / "cons_prim.csv")
    assert (cons.source.id, cons.entry_count, len(cons.files)) == ("us-ofac-cons", 442, 4)
    # a folder: the companions are claimed by their main file, not loaded alone
    groups = group_files([CONS])
    assert [(f.id, [p.name for p in files]) for f, files in groups] == [
        ("ofac-csv", ["cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"])
    ]


# --- broken inputs ---------------------------------------------------------------------------

_SDN_ROW = (
    '29119,"AL-KANI, Mohamed","individual","GLOMAG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 03 May 1979."\r\n'
)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_truncated_file(tmp_path: Path) -> None:
    data = (QUARTET / "sdn.csv").read_bytes()[:5000]
    path = _write(tmp_path / "sdn.csv", data)
    with pytest.raises(ListFormatError, match="truncated") as error:
        _parse(path)
    last_line = data.count(b"\n") + 1
    assert error.value.location == f"line {last_line}"


def test_wrong_encoding(tmp_path: Path) -> None:
    text = _SDN_ROW.encode() + _SDN_ROW.replace("29119", "29120").replace("AL-", "\xc4L-").encode(
        "latin-1"
    )
    path = _write(tmp_path / "sdn.csv", text + b"\x1a")
    with pytest.raises(ListFormatError, match="neither ASCII nor UTF-8") as error:
        _parse(path)
    assert error.value.location == "line 2"
    assert error.value.path == str(path)


def test_empty_files(tmp_path: Path) -> None:
    for data in (b"", b"\x1a", b"\r\n\r\n"):
        path = _write(tmp_path / "sdn.csv", data)
        with pytest.raises(ListFormatError, match="empty"):
            _parse(path)


def test_unterminated_quote(tmp_path: Path) -> None:
    path = _write(tmp_path / "sdn.csv", _SDN_ROW.encode() + b'5,"BROKEN\r\n')
    with pytest.raises(ListFormatError, match="unreadable CSV") as error:
        _parse(path)
    assert error.value.location == "line 2"


def test_record_level_problems_are_reported_with_lines(tmp_path: Path) -> None:
    rows = [
        _SDN_ROW,
        '29120,"SHORT ROW",-0- \r\n',
        _SDN_ROW.replace("29119", "X12"),
        _SDN_ROW.replace("29119", "29121").replace("AL-KANI, Mohamed", "AL-KANI, Omar"),
    ]
    _write(tmp_path / "sdn.csv", "".join(rows).encode() + b"\x1a")
    _write(
        tmp_path / "alt.csv",
        b'29119,1,"aka","AL-KANI, Mohammed",-0- \r\n99999,2,"aka","NOBODY",-0- \r\n\x1a',
    )
    _write(tmp_path / "add.csv", b'77777,3,-0- ,-0- ,"Libya",-0- \r\n\x1a')
    designations, issues = _parse(tmp_path / "sdn.csv")
    assert sorted(designations) == ["29119", "29121"]
    found = [(Path(i.path).name, i.location, i.record_id) for i in issues.issues]
    assert found == [
        ("sdn.csv", "line 2", "29120"),
        ("sdn.csv", "line 3", None),
        ("alt.csv", "line 2", "99999"),
        ("add.csv", "line 1", "77777"),
    ]
    assert "expected 12 columns, found 3" in issues.issues[0].reason
    assert "not a number" in issues.issues[1].reason
    assert "does not list" in issues.issues[2].reason
    assert [n.full for n in designations["29119"].names] == [
        "AL-KANI, Mohamed",
        "AL-KANI, Mohammed",
    ]


def test_strict_mode_raises_on_ragged_row(tmp_path: Path) -> None:
    _write(tmp_path / "sdn.csv", (_SDN_ROW + '29120,"SHORT ROW",-0- \r\n').encode())
    with pytest.raises(ListFormatError, match="expected 12 columns") as error:
        _parse(tmp_path / "sdn.csv", strict=True)
    assert error.value.location == "line 2"
    assert error.value.record_id == "29120"


def test_load_file_on_a_lone_companion(tmp_path: Path) -> None:
    shutil.copy(QUARTET / "add.csv", tmp_path / "add.csv")
    with pytest.raises(ListFormatError, match="main file"):
        screening.load_file(tmp_path / "add.csv")
