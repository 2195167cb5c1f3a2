"""The embedded sample lists: what `screening.load()` gives when nothing was fetched.

They must load through the real parsers with no issue, stay small, and hold the
real designations the documentation and the other tests rely on (al-Kani and
the Kaniyat militia on the US, UK and EU lists but not the UN's; the Qadhafi
family everywhere; names in Arabic, Cyrillic and Chinese script).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import screening
from screening.model import Designation, ListSet, ListSnapshot
from screening.paths import sample_files, samples_dir

SOURCES = {"us-ofac-sdn", "un-sc", "eu-fsf", "uk-ofsi"}
MAX_DESIGNATIONS = 60


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> ListSet:
    return screening.load(cache_dir=tmp_path_factory.mktemp("empty-cache"))


def snapshot(samples: ListSet, source_id: str) -> ListSnapshot:
    return next(s for s in samples.snapshots if s.source.id == source_id)


def get(samples: ListSet, designation_id: str) -> Designation:
    designation = samples.get(designation_id)
    assert designation is not None, f"{designation_id} missing from the samples"
    return designation


def tokens(designation: Designation) -> set[str]:
    return {t for name in designation.names for t in re.split(r"[^\w]+", name.full.upper()) if t}


def test_empty_cache_loads_the_samples(samples: ListSet) -> None:
    assert samples.origin == "samples"
    assert {s.source.id for s in samples.snapshots} == SOURCES
    assert len(samples.snapshots) == len(SOURCES)


def test_samples_parse_without_issues(samples: ListSet) -> None:
    for s in samples.snapshots:
        assert s.issues == (), f"{s.source.id}: {[str(i) for i in s.issues]}"


def test_every_sample_is_small(samples: ListSet) -> None:
    for s in samples.snapshots:
        assert 0 < s.entry_count < MAX_DESIGNATIONS, s.source.id


def test_sample_counts(samples: ListSet) -> None:
    counts = {s.source.id: s.entry_count for s in samples.snapshots}
    assert counts == {"us-ofac-sdn": 34, "un-sc": 26, "eu-fsf": 14, "uk-ofsi": 30}


def test_ofac_al_kani_with_strong_akas(samples: ListSet) -> None:
    kani = get(samples, "us-ofac-sdn:29119")
    assert kani.kind == "person"
    assert kani.programs == ("GLOMAG",)
    names = {(n.full, n.type, n.quality) for n in kani.names}
    assert names == {
        ("AL-KANI, Mohamed", "primary", "strong"),
        ("AL-KANI, Mohamed Khalifa Abderrahim Shaqaqi", "aka", "strong"),
        ("AL-KANI, Mohammed", "aka", "strong"),
        ("AL-KANI, Muhammad Omar", "aka", "strong"),
    }
    assert [str(b) for b in kani.birth_dates] == ["1979-05-03"]
    assert [(i.kind, i.number) for i in kani.identifiers] == [("passport", "F86JKFJF")]
    assert kani.countries == ("LY",)


def test_ofac_kaniyat_weak_akas(samples: ListSet) -> None:
    militia = get(samples, "us-ofac-sdn:29368")
    assert militia.kind == "organization"
    assert militia.programs == ("GLOMAG",)
    weak = {(n.full, n.type) for n in militia.names if n.quality == "weak"}
    assert weak == {
        ("KANIYAT", "aka"),
        ("AL-KANIYAT", "aka"),
        ("9TH BRIGADE", "aka"),
        ("KANYAT", "aka"),
        ("KANIAT", "aka"),
        ("AL-KANI MILITIA", "aka"),
        ("KANI BRIGADE", "aka"),
        ("7TH BRIGADE", "fka"),
        ("TARHUNA 7TH BRIGADE", "fka"),
        ("TARHUNA BRIGADE", "fka"),
    }


def test_ofac_qadhafi_family_spellings(samples: ListSet) -> None:
    for ent_num in (12606, 12607, 12608, 12609, 12610, 12627, 12628, 12629, 12631):
        family = get(samples, f"us-ofac-sdn:{ent_num}")
        assert family.programs == ("LIBYA2",)
        assert {"QADHAFI", "GADDAFI", "GHATHAFI"} & tokens(family)
        assert len(family.names) >= 9
    assert "GHATHAFI, Aisha Muammer" in {n.full for n in get(samples, "us-ofac-sdn:12610").names}


def test_ofac_vessel_and_aircraft(samples: ListSet) -> None:
    assert get(samples, "us-ofac-sdn:15036").kind == "vessel"
    assert get(samples, "us-ofac-sdn:15431").kind == "aircraft"


def test_uk_al_kani_group(samples: ListSet) -> None:
    uk = snapshot(samples, "uk-ofsi")
    kani = next(d for d in uk.designations if "LIB0072" in d.references)
    assert kani.kind == "person"
    assert {"MOHAMED", "OMAR", "KANI"} <= tokens(kani)
    assert [str(b) for b in kani.birth_dates] == ["1979-05-01"]
    refs = {r for d in uk.designations for r in d.references}
    assert {"LIB0072", "LIB0073", "LIB0074"} <= refs


def test_un_has_the_qadhafi_family_and_no_kani(samples: ListSet) -> None:
    un = snapshot(samples, "un-sc")
    refs = {d.un_reference for d in un.designations}
    assert {f"LYi.{n:03d}" for n in range(9, 18)} <= refs
    assert {"LYi.003", "LYi.004"} <= refs
    for d in un.designations:
        assert not {"KANI", "KANIYAT"} & tokens(d), d.id


def test_eu_links_to_the_un_and_lists_al_kani(samples: ListSet) -> None:
    eu = snapshot(samples, "eu-fsf")
    un_refs = {d.un_reference for d in eu.designations if d.un_reference}
    assert un_refs == {"LYi.009", "LYi.010", "LYi.011", "LYi.013", "LYi.014", "LYi.017"}
    assert any({"AL", "KANI"} <= tokens(d) for d in eu.designations)
    assert any("KANIYAT" in tokens(d) for d in eu.designations)


def test_original_scripts_present(samples: ListSet) -> None:
    scripts = {n.script for d in samples.designations() for n in d.names}
    assert {"Arab", "Cyrl", "Hani"} <= scripts
    un_arabic = [
        n for d in snapshot(samples, "un-sc").designations for n in d.names if n.script == "Arab"
    ]
    assert any(n.full == "أيمن محمد ربيع الظواهري" for n in un_arabic)
    eu_names = {n.full for d in snapshot(samples, "eu-fsf").designations for n in d.names}
    assert {"Владимир Владимирович ПУТИН", "Сергей Викторович ЛАВРОВ", "陈明国"} <= eu_names


def test_sample_files_carry_their_note() -> None:
    files = sample_files()
    assert {p.relative_to(samples_dir()).as_posix() for p in files} == {
        "ofac/sdn.csv",
        "ofac/alt.csv",
        "ofac/add.csv",
        "un/consolidated.xml",
        "eu/sanctions.xml",
        "uk/ConList.csv",
    }
    readme = (samples_dir() / "README.md").read_text(encoding="utf-8")
    for path in files:
        assert f"`{path.parent.name}/" in readme
    for xml in ("un/consolidated.xml", "eu/sanctions.xml"):
        head = (samples_dir() / xml).read_text(encoding="utf-8")[:600]
        assert "SAMPLE" in head


@pytest.mark.parametrize("name", ["sdn.csv", "alt.csv", "add.csv"])
def test_ofac_sample_keeps_the_official_byte_layout(name: str) -> None:
    raw = Path(samples_dir() / "ofac" / name).read_bytes()
    assert raw.endswith(b"\r\n\x1a")
    assert raw.isascii()
    assert b"\n" not in raw.replace(b"\r\n", b"")
