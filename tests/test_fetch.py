"""Fetching into the cache against a real local HTTP server; the last good snapshot survives.

The server (http.server on 127.0.0.1, port 0, in a thread) serves the real list
files from the shared folder, or broken variants of them; registry entries
point at it through a sources TOML written to tmp_path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import attrs
import pytest

import screening
from screening.cache import SnapshotCache
from screening.errors import ListUpdateError, UnknownSourceError
from screening.fetch import FetchResult, fetch_sources, file_name_for
from screening.sources.registry import Registry, load_registry
from tests.conftest import LISTS

UN_OLD = LISTS / "un" / "2025-04-19" / "consolidated.xml"  # 877 entries
UN_NEW = LISTS / "un" / "consolidated.xml"  # 1,003 entries
OFAC_2021 = LISTS / "ofac" / "sdn-2021-07"  # 8,976 entries with alt/add/comments


@attrs.frozen
class Route:
    """What the test server answers on one path."""

    body: bytes = b""
    status: int = 200
    send_only: int | None = None  # announce len(body) but close after this many bytes
    stall: bool = False  # never answer (until the server is released)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.stall:
            self.server.release.wait(10)
            return
        self.send_response(route.status)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        body = route.body if route.send_only is None else route.body[: route.send_only]
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return
        if route.send_only is not None:
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    release: threading.Event


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.routes = {}
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def routes(server: _Server) -> Iterator[dict[str, Route]]:
    server.routes.clear()
    yield server.routes
    server.routes.clear()


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test forgets to pass, nothing lands in the real ~/.cache."""
    monkeypatch.setenv("SCREENING_CACHE_DIR", str(tmp_path / "env-cache"))


@pytest.fixture
def sources_file(tmp_path: Path, server: _Server) -> Path:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    ofac_urls = ", ".join(
        f'"{base}/ofac/{name}"' for name in ("SDN.CSV", "ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV")
    )
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[un-sc]
authority = "UN Security Council (test server)"
jurisdiction = "UN"
scope = "un"
format = "un-xml"
urls = ["{base}/un/consolidated.xml"]

[us-ofac-sdn]
authority = "OFAC (test server)"
jurisdiction = "US"
scope = "unilateral"
format = "ofac-csv"
urls = [{ofac_urls}]

[internal]
authority = "Test"
jurisdiction = "ZZ"
scope = "internal"
format = "internal-csv"
urls = ["{base}/internal/watchlist.csv"]
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def registry(sources_file: Path) -> Registry:
    return load_registry(extra=[sources_file])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(cache_dir: Path, source_id: str) -> dict[str, str]:
    """Every file under a source's cache folder with its sha256 (staging folders included)."""
    root = cache_dir / source_id
    return {str(p.relative_to(root)): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _trimmed_un(keep_individuals: int, keep_entities: int) -> bytes:
    """The 2025 UN list with only its first individuals and entities kept."""
    text = UN_OLD.read_text(encoding="utf-8")
    for tag, keep in (("INDIVIDUAL", keep_individuals), ("ENTITY", keep_entities)):
        seen = 0

        def drop(match: re.Match[str], keep: int = keep) -> str:
            nonlocal seen
            seen += 1
            return match.group(0) if seen <= keep else ""

        text = re.sub(rf"<{tag}>.*?</{tag}>\s*", drop, text, flags=re.DOTALL)
    return text.encode("utf-8")


def _watchlist(count: int, tag: str = "") -> bytes:
    rows = "".join(f"{i},Person {tag}{i},person\n" for i in range(count))
    return ("id,name,kind\n" + rows).encode("utf-8")


def _fetch(source_id: str, cache_dir: Path, registry: Registry, **options: object) -> FetchResult:
    (result,) = fetch_sources([source_id], cache_dir=cache_dir, registry=registry, **options)  # type: ignore[arg-type]
    return result


def test_update_then_unchanged_refetch(
    tmp_path: Path, routes: dict[str, Route], registry: Registry, sources_file: Path
) -> None:
    cache_dir = tmp_path / "cache"
    routes["/un/consolidated.xml"] = Route(UN_OLD.read_bytes())
    first = _fetch("un-sc", cache_dir, registry)
    assert (first.status, first.old_count, first.new_count) == ("updated", None, 877)
    assert first.snapshot is not None
    assert sorted(p.name for p in first.snapshot.iterdir()) == ["consolidated.xml", "meta.json"]
    assert _sha256(first.snapshot / "consolidated.xml") == _sha256(UN_OLD)

    routes["/un/consolidated.xml"] = Route(UN_NEW.read_bytes())
    second = _fetch("un-sc", cache_dir, registry)
    assert (second.status, second.old_count, second.new_count) == ("updated", 877, 1003)
    assert "877 → 1003 entries" in second.message
    meta = SnapshotCache(cache_dir).meta("un-sc")
    assert meta is not None
    assert meta.entry_count == 1003
    assert meta.published == dt.date(2026, 2, 27)
    assert meta.parser == "un-xml"
    assert meta.urls == registry["un-sc"].urls
    assert meta.files[0].size == UN_NEW.stat().st_size
    assert meta.sha256 == _sha256(UN_NEW)

    before = _state(cache_dir, "un-sc")
    third = _fetch("un-sc", cache_dir, registry)
    assert (third.status, third.old_count, third.new_count) == ("unchanged", 1003, 1003)
    assert third.snapshot == second.snapshot
    assert _state(cache_dir, "un-sc") == before
    assert [m.entry_count for m in SnapshotCache(cache_dir).history("un-sc")] == [1003, 877]

    lists = screening.load("un-sc", cache_dir=cache_dir, sources_files=[sources_file])
    assert len(lists) == 1003
    everything = screening.load(cache_dir=cache_dir, sources_files=[sources_file])
    assert everything.origin == "cache"
    assert len(everything) == 1003


def test_ofac_csv_set_is_saved_under_lower_case_names(
    tmp_path: Path, routes: dict[str, Route], registry: Registry, sources_file: Path
) -> None:
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        routes[f"/ofac/{name.upper()}"] = Route((OFAC_2021 / name).read_bytes())
    cache_dir = tmp_path / "cache"
    result = _fetch("us-ofac-sdn", cache_dir, registry)
    assert (result.status, result.new_count) == ("updated", 8976)
    files = SnapshotCache(cache_dir).current_files("us-ofac-sdn")
    assert [p.name for p in files] == ["add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv"]
    lists = screening.load("us-ofac-sdn", cache_dir=cache_dir, sources_files=[sources_file])
    al_kani = lists.get("us-ofac-sdn:29119")
    assert al_kani is not None
    assert len(al_kani.names) == 4  # the primary name and three strong AKAs from alt.csv


def _broken_un(case: str) -> Route:
    full = UN_NEW.read_bytes()
    if case == "http-500":
        return Route(b"Internal Server Error", status=500)
    if case == "truncated-download":
        return Route(full, send_only=len(full) // 2)
    if case == "malformed-xml":
        return Route(full[: len(full) // 2])  # a complete HTTP answer holding half a file
    if case == "html-page":
        return Route(b"<!DOCTYPE html><html><body>Maintenance</body></html>")
    if case == "empty-list":
        return Route(_trimmed_un(0, 0))
    if case == "shrunk":
        return Route(_trimmed_un(300, 100))
    if case == "stall":
        return Route(stall=True)
    raise AssertionError(case)


BROKEN = {
    "http-500": "HTTP error 500",
    "truncated-download": "truncated download",
    "malformed-xml": "does not parse: .*malformed XML",
    "html-page": "not a un-xml list",
    "empty-list": "no entries",
    "shrunk": r"400 entries against 877 now: 477 \(54%\) fewer",
    "stall": "timed out",
}


@pytest.fixture(scope="module")
def installed_un_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding the 877-entry UN snapshot, installed once and copied per test."""
    cache_dir = tmp_path_factory.mktemp("template") / "cache"
    folder = tmp_path_factory.mktemp("un-download")
    shutil.copy(UN_OLD, folder / "consolidated.xml")
    snapshot = screening.load_file(folder / "consolidated.xml", source_id="un-sc")
    assert snapshot.entry_count == 877
    SnapshotCache(cache_dir).install("un-sc", folder, snapshot=snapshot, urls=["http://x/"])
    return cache_dir


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("force", [False, True])
def test_failed_update_keeps_the_previous_snapshot(
    tmp_path: Path,
    routes: dict[str, Route],
    registry: Registry,
    sources_file: Path,
    installed_un_cache: Path,
    case: str,
    force: bool,
) -> None:
    if force and case == "shrunk":
        pytest.skip("force installs a shrunk list: see test_force_installs_a_shrunk_list")
    cache_dir = tmp_path / "cache"
    shutil.copytree(installed_un_cache, cache_dir)
    before = _state(cache_dir, "un-sc")
    current = SnapshotCache(cache_dir).current_dir("un-sc")
    routes["/un/consolidated.xml"] = _broken_un(case)

    result = _fetch("un-sc", cache_dir, registry, force=force, timeout=0.5)

    assert result.status == "failed"
    assert re.search(BROKEN[case], result.message), result.message
    assert (result.old_count, result.new_count, result.snapshot) == (877, None, current)
    assert _state(cache_dir, "un-sc") == before  # same files, same bytes, no staging left
    lists = screening.load("un-sc", cache_dir=cache_dir, sources_files=[sources_file])
    assert len(lists) == 877


def test_force_installs_a_shrunk_list(
    tmp_path: Path,
    routes: dict[str, Route],
    registry: Registry,
    sources_file: Path,
    installed_un_cache: Path,
) -> None:
    cache_dir = tmp_path / "cache"
    shutil.copytree(installed_un_cache, cache_dir)
    old = SnapshotCache(cache_dir).current_dir("un-sc")
    assert old is not None
    old_state = {p.name: _sha256(p) for p in old.iterdir()}
    routes["/un/consolidated.xml"] = Route(_trimmed_un(300, 100))
    result = _fetch("un-sc", cache_dir, registry, force=True)
    assert (result.status, result.old_count, result.new_count) == ("updated", 877, 400)
    assert result.snapshot != old
    assert {p.name: _sha256(p) for p in old.iterdir()} == old_state  # kept as history
    lists = screening.load("un-sc", cache_dir=cache_dir, sources_files=[sources_file])
    assert len(lists) == 400


def test_small_shrink_passes_without_force(
    tmp_path: Path, routes: dict[str, Route], registry: Registry, installed_un_cache: Path
) -> None:
    cache_dir = tmp_path / "cache"
    shutil.copytree(installed_un_cache, cache_dir)
    routes["/un/consolidated.xml"] = Route(_trimmed_un(684 - 100, 193))  # 777 = -11%
    result = _fetch("un-sc", cache_dir, registry)
    assert (result.status, result.new_count) == ("updated", 777)


def test_pruning_keeps_the_newest_previous_snapshots(
    tmp_path: Path, routes: dict[str, Route], registry: Registry
) -> None:
    cache_dir = tmp_path / "cache"
    snapshots = []
    for round_ in range(5):
        routes["/internal/watchlist.csv"] = Route(_watchlist(10, tag=f"r{round_}-"))
        result = _fetch("internal", cache_dir, registry, keep=2)
        assert result.status == "updated"
        snapshots.append(result.snapshot)
    cache = SnapshotCache(cache_dir)
    assert cache.snapshot_dirs("internal") == snapshots[::-1][:3]
    assert len(cache.history("internal")) == 3
    assert cache.current_dir("internal") == snapshots[-1]


def test_one_failing_source_does_not_stop_the_others(
    tmp_path: Path, routes: dict[str, Route], registry: Registry
) -> None:
    cache_dir = tmp_path / "cache"
    routes["/un/consolidated.xml"] = Route(b"nope", status=500)
    routes["/internal/watchlist.csv"] = Route(_watchlist(3))
    results = fetch_sources(["un-sc", "internal"], cache_dir=cache_dir, registry=registry)
    assert [(r.source_id, r.status) for r in results] == [
        ("un-sc", "failed"),
        ("internal", "updated"),
    ]
    assert results[0].snapshot is None
    assert SnapshotCache(cache_dir).current_sources() == ["internal"]
    assert not any(p.name.startswith(".staging") for p in (cache_dir / "un-sc").iterdir())

    with pytest.raises(ListUpdateError, match=r"1 of 2 source\(s\) not updated.*un-sc: .*500"):
        fetch_sources(
            ["un-sc", "internal"], cache_dir=cache_dir, registry=registry, raise_on_error=True
        )


def test_size_cap_and_sources_without_urls(
    tmp_path: Path, routes: dict[str, Route], registry: Registry
) -> None:
    cache_dir = tmp_path / "cache"
    routes["/internal/watchlist.csv"] = Route(_watchlist(100))
    capped = _fetch("internal", cache_dir, registry, max_bytes=1000)
    assert capped.status == "failed"
    assert "size cap of 1000 bytes" in capped.message
    no_urls = Registry({"mine": attrs.evolve(registry["internal"], id="mine", urls=())})
    result = _fetch("mine", cache_dir, no_urls)
    assert result.status == "failed"
    assert "no download URL" in result.message
    with pytest.raises(UnknownSourceError):
        fetch_sources(["no-such-source"], cache_dir=cache_dir, registry=registry)


def test_cache_dir_defaults_to_the_environment_at_call_time(
    tmp_path: Path,
    routes: dict[str, Route],
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCREENING_CACHE_DIR", str(tmp_path / "from-env"))
    routes["/internal/watchlist.csv"] = Route(_watchlist(2))
    (result,) = fetch_sources(["internal"], registry=registry)
    assert result.status == "updated"
    assert result.snapshot is not None
    assert result.snapshot.is_relative_to(tmp_path / "from-env" / "internal" / "snapshots")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.gov/api/PublicationPreview/exports/SDN.CSV", "sdn.csv"),
        ("https://x.gov/exports/SDN_COMMENTS.CSV?format=1", "sdn_comments.csv"),
        ("https://x.eu/fsf/xmlFullSanctionsList_1_1/content?token=abc", "content"),
        ("https://x.ch/pages/download%20list.xhtml", "download_list.xhtml"),
        ("https://x.org/", "download-1"),
        ("https://x.org/meta.json", "download-1"),
        ("file:///srv/watch/list.csv", "list.csv"),
    ],
)
def test_download_file_names(url: str, expected: str) -> None:
    assert file_name_for(url, 0, set()) == expected
    assert file_name_for(url, 2, {expected}) != expected  # two URLs never share a file


def test_same_file_names_are_told_apart() -> None:
    assert file_name_for("https://a.gov/SDN.CSV", 2, {"sdn.csv"}) == "3-sdn.csv"
