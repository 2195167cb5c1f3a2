"""A screener saved to disk and loaded back without rebuilding its index.

Building the index normalises and romanises every listed name (tens of
seconds for all official lists); a saved screener loads in a fraction of that,
so a batch worker or a service process starts fast.

The format is a folder, versioned, with no pickle (a pickle ties a file to the
exact library version and executes code when read):

- ``manifest.json``: format name and version, library version, the
  normaliser's fingerprint, the snapshots' metadata (source, publication date,
  file sha256, parser version, issues) and counts;
- ``designations.jsonl``: one designation per line (`screening.serialize`);
- ``names.jsonl``: per indexed name its designation, name number and
  normalised tokens;
- ``index.json``: token rarity (idf), the unknown-token weight, run-on
  spellings;
- ``postings.npz``: the inverted index as two flat int32 arrays plus the
  keys as UTF-8 bytes, read with ``allow_pickle=False``.

Loading refuses a folder written by another format version, and one whose
normaliser fingerprint differs from this library's (the tokens would not match
what queries normalise to): rebuild and save again.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from screening.config import MatchConfig
from screening.errors import ConfigError
from screening.index import CandidateIndex, IndexedName, TokenStatistics
from screening.model import Designation, ListSet
from screening.normalize.normalizer import NormalizedName, Normalizer, Token
from screening.score import units_of
from screening.serialize import (
    designation_from_data,
    snapshot_from_data,
    snapshot_header,
    to_data,
)

FORMAT = "screening-index"
FORMAT_VERSION = 1


def _token_data(token: Token) -> list[Any]:
    return [
        token.text,
        list(token.forms),
        token.original,
        token.script,
        token.role,
        token.abjad,
        token.canonical,
    ]


def _token(data: list[Any]) -> Token:
    text, forms, original, script, role, abjad, canonical = data
    return Token(text, tuple(forms), original, script, role, abjad, canonical)


def save_screener(screener: Any, path: str | Path) -> Path:
    """Write ``screener`` (a `screening.Screener`) to the folder ``path``, atomically.

    The folder is written next to its final place and renamed into it, so a
    reader never sees half a saved index; an existing folder is replaced.
    """
    from screening import __version__

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        index: CandidateIndex = screener.index
        lists: ListSet = screener.lists
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "library_version": __version__,
            "normalizer_fingerprint": index.normalizer_fingerprint,
            "normalizer": {
                "max_length": screener.normalizer.max_length,
                "max_tokens": screener.normalizer.max_tokens,
            },
            "origin": lists.origin,
            "snapshots": [
                {**snapshot_header(s), "entries": s.entry_count} for s in lists.snapshots
            ],
            "names": len(index.names),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with (staging / "designations.jsonl").open("w", encoding="utf-8") as out:
            for snapshot in lists.snapshots:
                for designation in snapshot.designations:
                    out.write(json.dumps(to_data(designation), ensure_ascii=False) + "\n")
        with (staging / "names.jsonl").open("w", encoding="utf-8") as out:
            for indexed in index.names:
                record = [
                    indexed.designation,
                    indexed.name,
                    indexed.normalized.original,
                    [_token_data(t) for t in indexed.normalized.tokens],
                ]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        statistics = index.statistics()
        (staging / "index.json").write_text(
            json.dumps(
                {
                    "idf": dict(statistics.idf),
                    "unknown_weight": statistics.unknown_weight,
                    "spelled": dict(statistics.spelled),
                    "skipped_names": index.skipped_names,
                },
                ensure_ascii=False,
            )
        )
        keys, offsets, ids, key_idf = index.export_postings()
        encoded = [key.encode("utf-8") for key in keys]
        key_offsets = np.cumsum([0, *map(len, encoded)], dtype=np.int64)
        np.savez(
            staging / "postings.npz",
            keys=np.frombuffer(b"".join(encoded), dtype=np.uint8),
            key_offsets=key_offsets,
            offsets=offsets,
            ids=ids,
            key_idf=key_idf,
        )
        if target.exists():
            shutil.rmtree(target)
        staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{folder} is not a saved screening index: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ConfigError(
            f"{folder} holds index format {manifest.get('format')!r} version "
            f"{manifest.get('format_version')!r}; this library reads {FORMAT!r} version "
            f"{FORMAT_VERSION}: rebuild the index and save it again"
        )
    return manifest


def load_screener(path: str | Path, *, config: MatchConfig | None = None) -> Any:
    """A `screening.Screener` from a folder written by `save_screener`, index included."""
    from screening.screener import Screener

    folder = Path(path)
    manifest = _read_manifest(folder)
    settings = manifest["normalizer"]
    config = config or MatchConfig()
    if (config.max_name_length, config.max_tokens) != (
        settings["max_length"],
        settings["max_tokens"],
    ):
        raise ConfigError(
            "the saved index was normalised with max_name_length="
            f"{settings['max_length']}, max_tokens={settings['max_tokens']}; "
            "load it with a config that has the same values"
        )
    normalizer = Normalizer(max_length=settings["max_length"], max_tokens=settings["max_tokens"])
    if manifest["normalizer_fingerprint"] != normalizer.fingerprint:
        raise ConfigError(
            f"{folder} was built by another normaliser (fingerprint "
            f"{manifest['normalizer_fingerprint']}, this library has {normalizer.fingerprint}): "
            "rebuild the index and save it again"
        )
    designations: list[Designation] = []
    with (folder / "designations.jsonl").open(encoding="utf-8") as lines:
        designations.extend(designation_from_data(json.loads(line)) for line in lines)
    snapshots = []
    start = 0
    for header in manifest["snapshots"]:
        count = header.pop("entries")
        snapshots.append(snapshot_from_data(header, tuple(designations[start : start + count])))
        start += count
    lists = ListSet(tuple(snapshots), origin=manifest["origin"])
    names: list[IndexedName] = []
    with (folder / "names.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            d_index, n_index, original, tokens_data = json.loads(line)
            tokens = tuple(_token(t) for t in tokens_data)
            normalized = NormalizedName(original, tokens)
            names.append(IndexedName(d_index, n_index, normalized, tuple(units_of(tokens))))
    stats = json.loads((folder / "index.json").read_text("utf-8"))
    with np.load(folder / "postings.npz", allow_pickle=False) as arrays:
        blob = arrays["keys"].tobytes()
        key_offsets = arrays["key_offsets"]
        keys = [
            blob[key_offsets[i] : key_offsets[i + 1]].decode("utf-8")
            for i in range(len(key_offsets) - 1)
        ]
        offsets, ids, key_idf = arrays["offsets"], arrays["ids"], arrays["key_idf"]
    statistics = TokenStatistics(
        idf=stats["idf"],
        unknown_weight=stats["unknown_weight"],
        key_idf=dict(zip(keys, key_idf.tolist(), strict=True)),
        spelled=stats["spelled"],
    )
    index = CandidateIndex.restore(
        names,
        keys=keys,
        offsets=offsets,
        ids=ids,
        statistics=statistics,
        fingerprint=normalizer.fingerprint,
        skipped_names=stats["skipped_names"],
    )
    return Screener(lists, config=config, index=index)
