"""Loading list snapshots: from files, from the fetched cache, or the embedded samples.

``load()`` with no argument loads the fetched official lists from the cache when
any are present, otherwise the small sample lists shipped with the package, and
says which on the returned `ListSet` (``origin``) and in the log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from screening.errors import ListFormatError, UnknownSourceError
from screening.gcpause import paused_gc
from screening.model import ListSet, ListSnapshot
from screening.paths import sample_files
from screening.sources.base import IssueLog, ListFormat, fingerprint
from screening.sources.formats import detect_format, get_format, group_files
from screening.sources.registry import Registry, load_registry

log = logging.getLogger("screening")


def parse_files(
    files: Sequence[Path],
    *,
    list_format: ListFormat,
    source_id: str | None = None,
    registry: Registry | None = None,
    strict: bool = False,
) -> ListSnapshot:
    """Parse one file set of a known format into a `ListSnapshot`."""
    registry = registry or load_registry()
    source_id = source_id or list_format.default_source(files)
    source = registry.get_or_adhoc(source_id, list_format.id)
    issues = IssueLog(source_id, strict=strict)
    with paused_gc():  # parsing keeps nearly every object it makes (`screening.gcpause`)
        parsed = list_format.parse(files, source_id, issues)
    ids = [d.id for d in parsed.designations]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ListFormatError(
            f"designation id {duplicate} occurs twice; the parser must merge or disambiguate",
            path=files[0],
            source_id=source_id,
        )
    for issue in issues.issues:
        log.warning("%s: skipped unreadable record: %s", source_id, issue)
    return ListSnapshot(
        source=source,
        designations=parsed.designations,
        published=parsed.published,
        files=tuple(fingerprint(path) for path in files),
        parser=list_format.id,
        parser_version=list_format.version,
        issues=tuple(issues.issues),
    )


def load_file(
    path: str | Path,
    *,
    source_id: str | None = None,
    format_id: str | None = None,
    registry: Registry | None = None,
    strict: bool = False,
) -> ListSnapshot:
    """Load one list file (with its companion files, for OFAC's CSV set).

    The format is detected from the content unless ``format_id`` is given; the
    source id defaults to the format's usual source (``sdn.csv`` is
    ``us-ofac-sdn``). ``strict`` raises on the first unreadable record instead
    of reporting it on the snapshot's ``issues``.
    """
    path = Path(path)
    list_format = get_format(format_id) if format_id else detect_format(path)
    files = list_format.companions(path) or [path]
    return parse_files(
        files, list_format=list_format, source_id=source_id, registry=registry, strict=strict
    )


def default_cache_dir() -> Path:
    """The per-user cache of fetched lists: ``$SCREENING_CACHE_DIR``, else the XDG cache dir.

    Read at call time, never at import.
    """
    explicit = os.environ.get("SCREENING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "screening"


def _load_paths(
    paths: Iterable[Path], registry: Registry, strict: bool, source_id: str | None = None
) -> list[ListSnapshot]:
    snapshots = []
    for list_format, files in group_files(list(paths)):
        snapshots.append(
            parse_files(
                files,
                list_format=list_format,
                source_id=source_id,
                registry=registry,
                strict=strict,
            )
        )
    return snapshots


def load(
    *paths_or_source_ids: str | Path,
    cache_dir: str | Path | None = None,
    sources_files: Sequence[str | Path] = (),
    strict: bool = False,
) -> ListSet:
    """Load lists: files, directories or fetched source ids; with none, the default lists.

    - a path to a file or directory is parsed (format detected by content);
    - a registry source id (``un-sc``) loads that source's current fetched
      snapshot from the cache (``screening fetch un-sc`` first);
    - no argument: every fetched source in the cache, or, if the cache is
      empty, the embedded sample lists.
    """
    from screening.cache import SnapshotCache  # the cache module needs the loader too

    registry = load_registry(Path(p) for p in sources_files)
    cache = SnapshotCache(Path(cache_dir) if cache_dir else default_cache_dir())
    if not paths_or_source_ids:
        current = cache.current_sources()
        if current:
            log.info("loading fetched lists from %s: %s", cache.root, ", ".join(current))
            snapshots = [
                snapshot
                for source_id in current
                for snapshot in _load_paths(
                    cache.current_files(source_id), registry, strict, source_id
                )
            ]
            return ListSet(tuple(snapshots), origin="cache")
        log.info("no fetched lists in %s; loading the embedded sample lists", cache.root)
        return ListSet(tuple(_load_paths(sample_files(), registry, strict)), origin="samples")
    snapshots = []
    for item in paths_or_source_ids:
        if isinstance(item, str) and item in registry and not Path(item).exists():
            files = cache.current_files(item)
            if not files:
                raise UnknownSourceError(
                    f"source {item!r} has not been fetched into {cache.root}; "
                    f"run `screening fetch {item}` or pass a file path"
                )
            snapshots.extend(_load_paths(files, registry, strict, item))
        else:
            path = Path(item)
            if not path.exists():
                raise ListFormatError("no such file, directory or registered source id", path=path)
            snapshots.extend(_load_paths([path], registry, strict))
    return ListSet(tuple(snapshots), origin="files")


__all__ = ["default_cache_dir", "detect_format", "load", "load_file", "parse_files"]
