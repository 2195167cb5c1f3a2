"""The saved screener: same designations, same matches, refuses what it cannot trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import screening
from screening.errors import ConfigError
from screening.serialize import designation_from_data, to_data

QUERIES = ["Muhammad Al Kani", "محمد الكاني", "Moammar Gaddafi", "Владимир Путин", "KANIYATMILITIA"]


@pytest.fixture(scope="module")
def samples_screener(tmp_path_factory: pytest.TempPathFactory) -> screening.Screener:
    empty_cache = tmp_path_factory.mktemp("cache")
    return screening.Screener(screening.load(cache_dir=empty_cache))


def test_round_trip_keeps_designations_and_matches(
    samples_screener: screening.Screener, tmp_path: Path
) -> None:
    saved = samples_screener.save(tmp_path / "index")
    loaded = screening.Screener.load(saved)
    assert loaded.designations == samples_screener.designations
    assert [s.sha256 for s in loaded.lists.snapshots] == [
        s.sha256 for s in samples_screener.lists.snapshots
    ]
    assert loaded.lists.origin == samples_screener.lists.origin
    for query in QUERIES:
        before = [
            (m.designation.id, m.score, str(m.explanation)) for m in samples_screener.match(query)
        ]
        after = [(m.designation.id, m.score, str(m.explanation)) for m in loaded.match(query)]
        assert after == before, query
    assert loaded.match("Muhammad Al Kani"), "the saved index must still find al-Kani"


def test_no_pickle_in_the_saved_folder(
    samples_screener: screening.Screener, tmp_path: Path
) -> None:
    saved = samples_screener.save(tmp_path / "index")
    names = sorted(p.name for p in saved.iterdir())
    assert names == [
        "designations.jsonl",
        "index.json",
        "manifest.json",
        "names.jsonl",
        "postings.npz",
    ]
    import numpy as np

    with np.load(saved / "postings.npz", allow_pickle=False) as arrays:
        assert all(arrays[key].dtype != object for key in arrays.files)


def test_saving_again_replaces_the_folder_whole(
    samples_screener: screening.Screener, tmp_path: Path
) -> None:
    target = tmp_path / "index"
    samples_screener.save(target)
    (target / "stray.txt").write_text("left over")
    samples_screener.save(target)
    assert not (target / "stray.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index.")]


def test_refuses_another_format_version(
    samples_screener: screening.Screener, tmp_path: Path
) -> None:
    saved = samples_screener.save(tmp_path / "index")
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["format_version"] = 99
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError, match="version 99"):
        screening.Screener.load(saved)


def test_refuses_another_normaliser(samples_screener: screening.Screener, tmp_path: Path) -> None:
    saved = samples_screener.save(tmp_path / "index")
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["normalizer_fingerprint"] = "0" * 16
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError, match="another normaliser"):
        screening.Screener.load(saved)


def test_refuses_a_folder_that_is_not_an_index(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a saved screening index"):
        screening.Screener.load(tmp_path)


def test_designation_data_round_trip(samples_screener: screening.Screener) -> None:
    for designation in samples_screener.designations:
        data = json.loads(json.dumps(to_data(designation)))
        assert designation_from_data(data) == designation
