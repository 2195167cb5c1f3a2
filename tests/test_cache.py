"""The snapshot cache: layout, atomic current pointer, metadata, history and pruning."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from screening.cache import META_FILE, SnapshotCache, snapshot_sha256
from screening.errors import ConfigError, ListFormatError
from screening.loader import parse_files
from screening.model import ListSnapshot
from screening.sources.internal import FORMATS as INTERNAL_FORMATS

CSV_FORMAT = INTERNAL_FORMATS[0]
T0 = dt.datetime(2026, 2, 27, 0, 0, 9, tzinfo=dt.UTC)


def _list_folder(folder: Path, count: int, *, tag: str = "") -> tuple[Path, ListSnapshot]:
    """A folder holding one internal-CSV list of ``count`` entries, and its parse."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "watchlist.csv"
    rows = "".join(f"{i},Person {tag}{i},person\n" for i in range(count))
    path.write_text("id,name,kind\n" + rows, encoding="utf-8")
    return folder, parse_files([path], list_format=CSV_FORMAT, source_id="internal")


def test_empty_cache_reads_as_empty(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "missing")
    assert cache.current_sources() == []
    assert cache.current_files("un-sc") == []
    assert cache.current_dir("un-sc") is None
    assert cache.meta("un-sc") is None
    assert cache.history("un-sc") == []
    assert not (tmp_path / "missing").exists()  # reading creates nothing


def test_install_lays_out_snapshot_meta_and_current(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    source, snapshot = _list_folder(tmp_path / "download", 5)
    installed = cache.install(
        "internal", source, snapshot=snapshot, urls=["file:///x.csv"], fetched_at=T0
    )
    assert installed == tmp_path / "cache" / "internal" / "snapshots" / (
        f"20260227T000009.000000Z-{snapshot.sha256[:12]}"
    )
    assert (tmp_path / "cache" / "internal" / "current").read_text() == installed.name + "\n"
    assert (source / "watchlist.csv").exists()  # a folder outside the cache is copied, not moved
    assert cache.current_sources() == ["internal"]
    assert cache.current_files("internal") == [installed / "watchlist.csv"]
    assert (installed / META_FILE).is_file()

    meta = cache.meta("internal")
    assert meta is not None
    assert meta.source_id == "internal"
    assert meta.folder == installed.name
    assert meta.fetched_at == T0
    assert meta.urls == ("file:///x.csv",)
    assert meta.entry_count == 5
    assert meta.parser == "internal-csv"
    assert meta.parser_version == "1"
    assert meta.published is None
    assert meta.sha256 == snapshot.sha256
    (file,) = meta.files
    assert (file.path, file.sha256, file.size) == (
        "watchlist.csv",
        snapshot.files[0].sha256,
        (installed / "watchlist.csv").stat().st_size,
    )
    raw = json.loads((installed / META_FILE).read_text(encoding="utf-8"))
    assert raw["fetched_at"] == "2026-02-27T00:00:09+00:00"
    assert raw["files"][0]["name"] == "watchlist.csv"


def test_staging_folder_is_moved_into_place(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    staging = cache.new_staging("internal")
    assert staging.parent == tmp_path / "internal"
    _, snapshot = _list_folder(staging, 3)
    installed = cache.install("internal", staging, snapshot=snapshot, fetched_at=T0)
    assert not staging.exists()
    assert cache.current_dir("internal") == installed
    assert cache.current_sources() == ["internal"]  # the staging folder is not a source


def test_history_is_newest_first_and_old_snapshots_stay_intact(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    first_dir, first = _list_folder(tmp_path / "a", 4, tag="a")
    old = cache.install("internal", first_dir, snapshot=first, fetched_at=T0)
    old_bytes = (old / "watchlist.csv").read_bytes()
    second_dir, second = _list_folder(tmp_path / "b", 6, tag="b")
    new = cache.install(
        "internal", second_dir, snapshot=second, fetched_at=T0 + dt.timedelta(days=1)
    )
    assert [m.entry_count for m in cache.history("internal")] == [6, 4]
    assert cache.current_dir("internal") == new
    assert (old / "watchlist.csv").read_bytes() == old_bytes


def test_same_second_and_content_gets_a_distinct_folder(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    folder, snapshot = _list_folder(tmp_path / "a", 2)
    first = cache.install("internal", folder, snapshot=snapshot, fetched_at=T0)
    second = cache.install("internal", folder, snapshot=snapshot, fetched_at=T0)
    assert first != second
    assert second.name == f"{first.name}-2"


@pytest.mark.parametrize("keep", [0, 1, 3])
def test_pruning_keeps_the_newest_previous_snapshots(tmp_path: Path, keep: int) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    installed = []
    for day in range(6):
        folder, snapshot = _list_folder(tmp_path / f"d{day}", 3, tag=str(day))
        installed.append(
            cache.install(
                "internal",
                folder,
                snapshot=snapshot,
                fetched_at=T0 + dt.timedelta(days=day),
                keep=keep,
            )
        )
    remaining = cache.snapshot_dirs("internal")
    assert remaining == installed[::-1][: keep + 1]
    assert cache.current_dir("internal") == installed[-1]


def test_broken_pointer_and_metadata(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    folder, snapshot = _list_folder(tmp_path / "src", 2)
    installed = cache.install("internal", folder, snapshot=snapshot, fetched_at=T0)
    (installed / META_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ListFormatError, match="line 1, column 2"):
        cache.meta("internal")
    assert cache.history("internal") == []  # skipped, with a warning
    (tmp_path / "internal" / "current").write_text("../../etc\n", encoding="utf-8")
    assert cache.current_dir("internal") is None
    assert cache.current_files("internal") == []
    assert cache.current_sources() == []


def test_source_ids_must_be_folder_names(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    for bad in ("../x", ".hidden", "a/b", ""):
        with pytest.raises(ConfigError):
            cache.current_files(bad)


def test_snapshot_sha256_agrees_with_list_snapshot(tmp_path: Path) -> None:
    _, single = _list_folder(tmp_path / "one", 2)
    assert snapshot_sha256(single.files) == single.sha256
    folder = tmp_path / "two"
    _list_folder(folder, 2)
    (folder / "other.csv").write_text("id,name\n9,Z\n", encoding="utf-8")
    files = sorted(folder.iterdir())
    both = parse_files(files, list_format=CSV_FORMAT)
    assert snapshot_sha256(both.files) == both.sha256
