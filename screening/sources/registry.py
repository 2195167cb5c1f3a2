"""The source registry: which authority publishes which list, where, in what format.

The built-in registry is ``lists/sources.toml``; users add or override entries
with their own TOML files of the same shape (tables keyed by source id).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from screening.errors import ConfigError, UnknownSourceError
from screening.model import SCOPES, Scope, Source
from screening.paths import registry_path

_REQUIRED = ("authority", "jurisdiction", "scope", "format")


def _source_from_table(source_id: str, table: Mapping[str, Any], origin: Path) -> Source:
    missing = [key for key in _REQUIRED if key not in table]
    if missing:
        raise ConfigError(f"{origin}: source [{source_id}] lacks {', '.join(missing)}")
    scope = table["scope"]
    if scope not in SCOPES:
        raise ConfigError(
            f"{origin}: source [{source_id}] has scope {scope!r}; use one of {', '.join(SCOPES)}"
        )
    urls = table.get("urls", [])
    if isinstance(urls, str) or not all(isinstance(u, str) for u in urls):
        raise ConfigError(f"{origin}: source [{source_id}] urls must be a list of strings")
    return Source(
        id=source_id,
        authority=str(table["authority"]),
        jurisdiction=str(table["jurisdiction"]),
        scope=cast(Scope, scope),
        format=str(table["format"]),
        title=str(table.get("title", "")),
        urls=tuple(urls),
        licence=str(table.get("licence", "")),
    )


def read_registry_file(path: Path) -> dict[str, Source]:
    """Sources defined in one TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc}") from exc
    sources = {}
    for source_id, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {source_id!r} must be a table ([{source_id}])")
        sources[source_id] = _source_from_table(source_id, table, path)
    return sources


class Registry:
    """An immutable mapping of source id to `Source`."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = dict(sources)

    def __getitem__(self, source_id: str) -> Source:
        try:
            return self._sources[source_id]
        except KeyError:
            known = ", ".join(sorted(self._sources))
            raise UnknownSourceError(
                f"unknown source {source_id!r}; known sources: {known}"
            ) from None

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._sources

    def ids(self) -> tuple[str, ...]:
        return tuple(self._sources)

    def values(self) -> tuple[Source, ...]:
        return tuple(self._sources.values())

    def get_or_adhoc(self, source_id: str, format_id: str) -> Source:
        """The registered source, or an ad-hoc internal one for ids not in the registry."""
        if source_id in self._sources:
            return self._sources[source_id]
        return Source(
            id=source_id,
            authority="unregistered source",
            jurisdiction="ZZ",
            scope="internal",
            format=format_id,
            title=source_id,
        )


def load_registry(extra: Iterable[Path] = ()) -> Registry:
    """The built-in registry, with entries from ``extra`` files added or overriding by id."""
    sources = read_registry_file(registry_path())
    for path in extra:
        sources.update(read_registry_file(Path(path)))
    return Registry(sources)
