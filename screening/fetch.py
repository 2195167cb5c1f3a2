"""Fetching official lists into the snapshot cache without ever losing the last good one.

For each source, every URL of its registry entry is downloaded into a staging
folder inside the cache (each file named after the last segment of its URL,
lower-cased, so OFAC's ``SDN.CSV`` set lands as ``sdn.csv``, ``alt.csv`` ...
and its companions are found). The files are then validated exactly as
``screening.load(source_id)`` will read them (format detection must agree with
the registry's format, and they must parse), compared with the current
snapshot, and installed atomically (see `screening.cache`).

An update is refused, with `ListUpdateError` as the cause, when:

- the download fails: HTTP error, timeout, connection failure, a body larger
  than ``max_bytes`` or shorter than its ``Content-Length``;
- the files do not parse (malformed or truncated), or look like another format;
- they parse to no entries at all (``force`` does not override this);
- they hold more than 20% fewer entries than the current snapshot (``force``
  overrides this: a list can shrink after mass de-listings, but a partial
  export is the likelier cause).

In every such case the previous current snapshot stays exactly as it was and
the staging folder is removed. Sources are fetched one after the other and a
failing source does not stop the others: each gets a `FetchResult`.
"""

from __future__ import annotations

import datetime as dt
import http.client
import logging
import posixpath
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

from screening.cache import (
    DEFAULT_KEEP,
    META_FILE,
    STAGING_PREFIX,
    SnapshotCache,
    SnapshotMeta,
    snapshot_sha256,
)
from screening.errors import ListFormatError, ListUpdateError
from screening.loader import default_cache_dir, parse_files
from screening.model import ListSnapshot, Source
from screening.sources.base import fingerprint
from screening.sources.formats import get_format, group_files
from screening.sources.registry import Registry, load_registry

log = logging.getLogger("screening")

FetchStatus = Literal["updated", "unchanged", "failed"]

MAX_SHRINK = 0.20
"""Largest share of entries a new snapshot may lose against the current one without ``force``."""

DEFAULT_MAX_BYTES = 1 << 30
"""Size cap per downloaded file (1 GiB): well above the largest official list (EU FSF
XML, ~25 MB) and OpenSanctions' consolidated export, far below a runaway download."""

STALE_STAGING_SECONDS = 24 * 3600
"""A staging folder this old belongs to a crashed fetch and is removed."""

_CHUNK = 1 << 16
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


@attrs.frozen
class FetchResult:
    """What happened to one source: ``updated``, ``unchanged`` or ``failed`` (and why).

    ``old_count``/``new_count`` are the entry counts of the previous current
    snapshot and of the downloaded one (None where unknown); ``snapshot`` is
    the current snapshot folder after the fetch (the old one when it failed,
    None when the source has none).
    """

    source_id: str
    status: FetchStatus
    message: str
    old_count: int | None = None
    new_count: int | None = None
    snapshot: Path | None = None


def file_name_for(url: str, index: int, taken: set[str]) -> str:
    """The local file name of a download: the URL's last path segment, lower-cased and safe."""
    segment = posixpath.basename(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
    name = _UNSAFE.sub("_", segment.lower()).strip("_")
    if not name or name.startswith(".") or name == META_FILE:
        name = f"download-{index + 1}"
    if name in taken:
        name = f"{index + 1}-{name}"
    return name


def download(url: str, target: Path, *, timeout: float, max_bytes: int) -> int:
    """Download ``url`` to ``target``; the byte count, or `ListUpdateError` saying what broke."""
    from screening import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"screening/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            size = 0
            with target.open("wb") as out:
                while chunk := response.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise ListUpdateError(
                            f"{url}: download exceeds the size cap of {max_bytes} bytes"
                        )
                    out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise ListUpdateError(f"{url}: HTTP error {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise ListUpdateError(f"{url}: cannot download: {exc.reason}") from exc
    except TimeoutError as exc:
        raise ListUpdateError(f"{url}: no data for {timeout:g} s; download timed out") from exc
    except http.client.IncompleteRead as exc:
        raise ListUpdateError(
            f"{url}: connection closed after {len(exc.partial)} more bytes, "
            f"{exc.expected} missing; truncated download"
        ) from exc
    except (http.client.HTTPException, OSError) as exc:
        raise ListUpdateError(f"{url}: download failed: {exc!r}") from exc
    if declared is not None and declared.isdigit() and int(declared) != size:
        raise ListUpdateError(
            f"{url}: received {size} of {declared} bytes announced; truncated download"
        )
    return size


def _validate(source: Source, files: Sequence[Path], registry: Registry) -> ListSnapshot:
    """Parse the downloaded files the way ``screening.load(source_id)`` will read them."""
    list_format = get_format(source.format)
    try:
        groups = group_files(files)
    except ListFormatError as exc:
        raise ListUpdateError(f"downloaded files are not a {source.format} list: {exc}") from exc
    if len(groups) != 1 or groups[0][0].id != list_format.id:
        found = ", ".join(f"{fmt.id} ({', '.join(p.name for p in paths)})" for fmt, paths in groups)
        raise ListUpdateError(
            f"downloaded files read as {found or 'nothing'}, but the registry says one "
            f"{source.format} list; check the source's urls and format"
        )
    try:
        return parse_files(
            groups[0][1], list_format=list_format, source_id=source.id, registry=registry
        )
    except ListFormatError as exc:
        raise ListUpdateError(f"downloaded list does not parse: {exc}") from exc


def _current_meta(cache: SnapshotCache, source_id: str) -> SnapshotMeta | None:
    try:
        return cache.meta(source_id)
    except ListFormatError as exc:
        log.warning("%s: ignoring unreadable metadata of the current snapshot: %s", source_id, exc)
        return None


def _remove_stale_staging(cache: SnapshotCache, source_id: str) -> None:
    folder = cache.source_dir(source_id)
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_STAGING_SECONDS
    for path in folder.glob(f"{STAGING_PREFIX}*"):
        if path.is_dir() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)


def _fetch_one(
    source: Source,
    cache: SnapshotCache,
    registry: Registry,
    *,
    force: bool,
    timeout: float,
    keep: int,
    max_bytes: int,
) -> FetchResult:
    if not source.urls:
        raise ListUpdateError(
            f"source {source.id} has no download URL; give it urls in your sources file "
            "(file:// URLs work for lists you keep yourself)"
        )
    current = _current_meta(cache, source.id)
    old_count = current.entry_count if current else None
    _remove_stale_staging(cache, source.id)
    staging = cache.new_staging(source.id)
    try:
        taken: set[str] = set()
        paths = []
        for index, url in enumerate(source.urls):
            name = file_name_for(url, index, taken)
            taken.add(name)
            download(url, staging / name, timeout=timeout, max_bytes=max_bytes)
            paths.append(staging / name)
        sha256 = snapshot_sha256([fingerprint(p) for p in paths])
        if current is not None and current.sha256 == sha256:
            return FetchResult(
                source.id,
                "unchanged",
                f"same files as the current snapshot {current.folder}",
                old_count,
                old_count,
                cache.current_dir(source.id),
            )
        snapshot = _validate(source, paths, registry)
        new_count = snapshot.entry_count
        if new_count == 0:
            raise ListUpdateError(
                "the downloaded list parses to no entries; refusing it (force does not apply)"
            )
        if old_count and new_count < old_count * (1 - MAX_SHRINK):
            lost = old_count - new_count
            message = (
                f"the downloaded list has {new_count} entries against {old_count} now: "
                f"{lost} ({lost / old_count:.0%}) fewer, more than {MAX_SHRINK:.0%}"
            )
            if not force:
                raise ListUpdateError(
                    f"{message}; refusing it as a likely partial download "
                    "(fetch with force=True / --force if the list really shrank)"
                )
            log.warning("%s: %s; installing anyway (forced)", source.id, message)
        installed = cache.install(
            source.id,
            staging,
            snapshot=snapshot,
            urls=source.urls,
            fetched_at=dt.datetime.now(dt.UTC),
            keep=keep,
        )
        issues = f", {len(snapshot.issues)} unreadable records" if snapshot.issues else ""
        was = f"{old_count} → " if old_count is not None else ""
        return FetchResult(
            source.id,
            "updated",
            f"{was}{new_count} entries{issues}; snapshot {installed.name}",
            old_count,
            new_count,
            installed,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fetch_sources(
    source_ids: Sequence[str],
    *,
    cache_dir: str | Path | None = None,
    registry: Registry | None = None,
    force: bool = False,
    timeout: float = 60.0,
    keep: int = DEFAULT_KEEP,
    max_bytes: int = DEFAULT_MAX_BYTES,
    raise_on_error: bool = False,
) -> list[FetchResult]:
    """Download, validate and install the current lists of some sources.

    ``source_ids`` are registry ids; an empty sequence means every registry
    source that has URLs. ``cache_dir`` defaults to `default_cache_dir` (read
    at call time: ``$SCREENING_CACHE_DIR`` or the XDG cache). ``registry``
    defaults to the built-in one (`load_registry` adds your own sources).
    ``force`` installs a list that shrank by more than 20% (never one with no
    entries). ``timeout`` is the seconds a download may stall, ``keep`` the
    previous snapshots kept per source, ``max_bytes`` the size cap per file.

    Returns one `FetchResult` per source, in order; failures are reported there
    and logged, not raised, so one broken source does not block the others.
    With ``raise_on_error=True`` a `ListUpdateError` summarising every failure
    is raised at the end instead (after all sources were tried). Unknown source
    ids raise `UnknownSourceError` before anything is downloaded.
    """
    registry = registry or load_registry()
    cache = SnapshotCache(Path(cache_dir) if cache_dir is not None else default_cache_dir())
    if source_ids:
        sources = [registry[source_id] for source_id in source_ids]
    else:
        sources = [source for source in registry.values() if source.urls]
    results = []
    for source in sources:
        try:
            result = _fetch_one(
                source,
                cache,
                registry,
                force=force,
                timeout=timeout,
                keep=keep,
                max_bytes=max_bytes,
            )
        except Exception as exc:
            # Any failure, including a bug in a parser, must leave the other sources
            # fetchable; the error is kept in the result and logged with its traceback.
            expected = isinstance(exc, ListUpdateError)
            reason = str(exc) if expected else f"{type(exc).__name__}: {exc}"
            log.error(
                "%s: update refused, previous snapshot kept: %s",
                source.id,
                reason,
                exc_info=not expected,
            )
            current = _current_meta(cache, source.id)
            result = FetchResult(
                source.id,
                "failed",
                reason,
                current.entry_count if current else None,
                None,
                cache.current_dir(source.id),
            )
        else:
            log.info("%s: %s: %s", source.id, result.status, result.message)
        results.append(result)
    failed = [r for r in results if r.status == "failed"]
    if failed and raise_on_error:
        details = "; ".join(f"{r.source_id}: {r.message}" for r in failed)
        raise ListUpdateError(
            f"{len(failed)} of {len(results)} source(s) not updated "
            f"(their previous snapshots are kept): {details}"
        )
    return results


__all__ = ["FetchResult", "download", "fetch_sources"]
