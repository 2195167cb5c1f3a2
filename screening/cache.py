"""The snapshot cache: fetched list files per source, with their history.

Layout::

    <root>/<source id>/
        current                         one line: the current snapshot's folder name
        snapshots/
            20260227T000009.554000Z-66b392a40908/
                consolidated.xml        the files as downloaded
                meta.json               origin, fingerprints, counts, parser (see SnapshotMeta)
        .staging-k2j4x9/                a download in progress; never read

A failed or suspicious update must never damage the last good list, and a
reader must never see half of an update. So new files are written to a staging
folder, validated, renamed into ``snapshots/`` whole, and only then is
``current`` switched, by writing a temporary file and ``os.replace``-ing it
(atomic on POSIX and Windows). Snapshot folders are never modified after
installation; older ones are pruned, the current one never. Folder names start
with the UTC fetch time, so they sort chronologically, and end with the
snapshot's sha256 prefix, so a glance tells two snapshots apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from screening.errors import ConfigError, ListFormatError
from screening.model import ListSnapshot, SnapshotFile
from screening.sources.base import fingerprint

log = logging.getLogger("screening")

DEFAULT_KEEP = 3
"""Previous snapshots kept per source besides the current one (enough to roll back a bad week)."""

META_FILE = "meta.json"
CURRENT_FILE = "current"
SNAPSHOTS_DIR = "snapshots"
STAGING_PREFIX = ".staging-"
_META_VERSION = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@attrs.frozen
class SnapshotMeta:
    """What ``meta.json`` records about one installed snapshot.

    ``files`` name the list files inside the snapshot folder (``path`` is the
    bare file name); ``sha256`` fingerprints them all together (see
    `snapshot_sha256`), which is how an unchanged download is recognised.
    """

    source_id: str
    folder: str
    fetched_at: dt.datetime
    urls: tuple[str, ...]
    files: tuple[SnapshotFile, ...]
    sha256: str
    published: dt.date | None
    entry_count: int
    parser: str
    parser_version: str
    issue_count: int = 0


def snapshot_sha256(files: Sequence[SnapshotFile]) -> str:
    """One fingerprint for a file set: the file's own sha256, or a hash over them by name.

    Matches `ListSnapshot.sha256` for files kept in one folder.
    """
    if len(files) == 1:
        return files[0].sha256
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: Path(f.path).name):
        digest.update(file.sha256.encode())
    return digest.hexdigest()


def meta_to_json(meta: SnapshotMeta) -> dict[str, Any]:
    return {
        "meta_version": _META_VERSION,
        "source_id": meta.source_id,
        "folder": meta.folder,
        "fetched_at": meta.fetched_at.isoformat(),
        "urls": list(meta.urls),
        "files": [{"name": f.path, "sha256": f.sha256, "size": f.size} for f in meta.files],
        "sha256": meta.sha256,
        "published": meta.published.isoformat() if meta.published else None,
        "entry_count": meta.entry_count,
        "parser": meta.parser,
        "parser_version": meta.parser_version,
        "issue_count": meta.issue_count,
    }


def meta_from_json(data: Any, path: Path) -> SnapshotMeta:
    """Read a ``meta.json`` document; `ListFormatError` naming the file if it is not one."""
    try:
        published = data["published"]
        return SnapshotMeta(
            source_id=str(data["source_id"]),
            folder=str(data["folder"]),
            fetched_at=dt.datetime.fromisoformat(data["fetched_at"]),
            urls=tuple(str(u) for u in data["urls"]),
            files=tuple(
                SnapshotFile(str(f["name"]), str(f["sha256"]), int(f["size"]))
                for f in data["files"]
            ),
            sha256=str(data["sha256"]),
            published=dt.date.fromisoformat(published) if published else None,
            entry_count=int(data["entry_count"]),
            parser=str(data["parser"]),
            parser_version=str(data["parser_version"]),
            issue_count=int(data.get("issue_count", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ListFormatError(f"not a snapshot meta.json: {exc!r}", path=path) from exc


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new content, never half."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class SnapshotCache:
    """Installed list snapshots under one root folder (see the module docstring for the layout).

    Reading methods never create anything; the root need not exist.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def source_dir(self, source_id: str) -> Path:
        if not _SAFE_NAME.match(source_id):
            raise ConfigError(
                f"source id {source_id!r} cannot name a cache folder; "
                "use letters, digits, '.', '_' and '-'"
            )
        return self.root / source_id

    def current_sources(self) -> list[str]:
        """Ids of the sources that have a current snapshot, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(
            path.name
            for path in self.root.iterdir()
            if path.is_dir() and _SAFE_NAME.match(path.name) and self.current_dir(path.name)
        )

    def current_dir(self, source_id: str) -> Path | None:
        """The current snapshot folder of a source, or None if it has none."""
        pointer = self.source_dir(source_id) / CURRENT_FILE
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        folder = self.source_dir(source_id) / SNAPSHOTS_DIR / name
        if not _SAFE_NAME.match(name) or not folder.is_dir():
            log.warning("%s names a missing snapshot %r; ignoring it", pointer, name)
            return None
        return folder

    def current_files(self, source_id: str) -> list[Path]:
        """The list files of the current snapshot (not ``meta.json``), sorted; [] if none."""
        folder = self.current_dir(source_id)
        if folder is None:
            return []
        return sorted(
            path
            for path in folder.iterdir()
            if path.is_file() and path.name != META_FILE and not path.name.startswith(".")
        )

    def meta(self, source_id: str, folder: str | None = None) -> SnapshotMeta | None:
        """The metadata of the current snapshot (or of ``folder``), None if there is none."""
        if folder is None:
            current = self.current_dir(source_id)
            if current is None:
                return None
            path = current / META_FILE
        else:
            path = self.source_dir(source_id) / SNAPSHOTS_DIR / folder / META_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except json.JSONDecodeError as exc:
            raise ListFormatError(
                f"malformed JSON: {exc.msg}",
                path=path,
                location=f"line {exc.lineno}, column {exc.colno}",
            ) from exc
        return meta_from_json(data, path)

    def snapshot_dirs(self, source_id: str) -> list[Path]:
        """Every installed snapshot folder of a source, newest first."""
        folder = self.source_dir(source_id) / SNAPSHOTS_DIR
        if not folder.is_dir():
            return []
        return sorted(
            (p for p in folder.iterdir() if p.is_dir() and _SAFE_NAME.match(p.name)),
            key=lambda p: p.name,
            reverse=True,
        )

    def history(self, source_id: str) -> list[SnapshotMeta]:
        """Metadata of every installed snapshot of a source, newest first (current included).

        A folder whose ``meta.json`` is missing or unreadable is left out, with a warning.
        """
        metas = []
        for folder in self.snapshot_dirs(source_id):
            try:
                meta = self.meta(source_id, folder.name)
            except ListFormatError as exc:
                log.warning("skipping snapshot with unreadable metadata: %s", exc)
                continue
            if meta is None:
                log.warning("skipping snapshot without %s: %s", META_FILE, folder)
                continue
            metas.append(meta)
        return metas

    def new_staging(self, source_id: str) -> Path:
        """A fresh, empty staging folder on the cache's file system, for a download."""
        source_dir = self.source_dir(source_id)
        source_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=source_dir, prefix=STAGING_PREFIX))

    def install(
        self,
        source_id: str,
        folder: Path,
        *,
        snapshot: ListSnapshot,
        urls: Sequence[str] = (),
        fetched_at: dt.datetime | None = None,
        keep: int = DEFAULT_KEEP,
    ) -> Path:
        """Make the list files in ``folder`` the current snapshot of ``source_id``.

        ``snapshot`` is the parse of those files (the caller has validated it);
        its counts, publication date and parser go to ``meta.json``. A staging
        folder from `new_staging` is moved into place; any other folder is
        copied, leaving it untouched. Then ``current`` is switched atomically
        and snapshots beyond the ``keep`` newest previous ones are removed.
        Returns the installed snapshot folder.
        """
        if keep < 0:
            raise ConfigError(f"keep must be 0 or more, not {keep}")
        fetched_at = (fetched_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        folder = Path(folder)
        source_dir = self.source_dir(source_id)
        if folder.parent.resolve() != source_dir.resolve() or not folder.name.startswith(
            STAGING_PREFIX
        ):
            staging = self.new_staging(source_id)
            for path in folder.iterdir():
                if path.is_file() and path.name != META_FILE:
                    shutil.copy2(path, staging / path.name)
            folder = staging
        parsed = {Path(f.path).name: f for f in snapshot.files}
        files = tuple(
            attrs.evolve(parsed[path.name], path=path.name)
            if path.name in parsed
            else attrs.evolve(fingerprint(path), path=path.name)
            for path in sorted(folder.iterdir())
            if path.is_file() and path.name != META_FILE
        )
        if not files:
            raise ConfigError(f"no list files to install in {folder}")
        sha256 = snapshot_sha256(files)
        snapshots = source_dir / SNAPSHOTS_DIR
        snapshots.mkdir(parents=True, exist_ok=True)
        # Microseconds keep the names in install order even for installs within one second.
        stem = f"{fetched_at:%Y%m%dT%H%M%S.%fZ}-{sha256[:12]}"
        name, suffix = stem, 1
        while (snapshots / name).exists():
            suffix += 1
            name = f"{stem}-{suffix}"
        meta = SnapshotMeta(
            source_id=source_id,
            folder=name,
            fetched_at=fetched_at,
            urls=tuple(urls),
            files=files,
            sha256=sha256,
            published=snapshot.published,
            entry_count=snapshot.entry_count,
            parser=snapshot.parser,
            parser_version=snapshot.parser_version,
            issue_count=len(snapshot.issues),
        )
        (folder / META_FILE).write_text(
            json.dumps(meta_to_json(meta), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        target = snapshots / name
        folder.replace(target)
        _write_atomically(source_dir / CURRENT_FILE, name + "\n")
        log.info("%s: installed snapshot %s (%d entries)", source_id, name, meta.entry_count)
        self.prune(source_id, keep=keep)
        return target

    def prune(self, source_id: str, *, keep: int = DEFAULT_KEEP) -> list[Path]:
        """Remove all but the ``keep`` newest previous snapshots; never the current one."""
        current = self.current_dir(source_id)
        previous = [p for p in self.snapshot_dirs(source_id) if p != current]
        removed = previous[keep:]
        for folder in removed:
            shutil.rmtree(folder)
            log.info("%s: pruned old snapshot %s", source_id, folder.name)
        return removed


__all__ = ["DEFAULT_KEEP", "SnapshotCache", "SnapshotMeta", "snapshot_sha256"]
