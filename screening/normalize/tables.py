"""Loading the reviewed reference tables in ``normalize/data/`` (once, validated).

Each table file starts with ``#`` comment lines naming its origin. Two shapes:
word lists (one entry per line) and equivalence lists (``canonical: a, b, c``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from screening.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:  # a broken installation, not a user error
        raise ConfigError(f"reference table {path} is missing: {exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def word_set(name: str) -> frozenset[str]:
    """A one-entry-per-line table."""
    return frozenset(_lines(name))


@functools.cache
def equivalences(name: str) -> dict[str, str]:
    """An equivalence table as ``form -> canonical`` (the canonical maps to itself)."""
    mapping: dict[str, str] = {}
    for line in _lines(name):
        canonical, _, rest = line.partition(":")
        canonical = canonical.strip()
        if not canonical:
            raise ConfigError(f"{DATA_DIR / name}: line without a canonical form: {line!r}")
        mapping.setdefault(canonical, canonical)
        for form in rest.split(","):
            form = form.strip()
            if form:
                mapping.setdefault(form, canonical)
    return mapping


@functools.cache
def char_map(name: str) -> dict[str, str]:
    """A ``char replacement`` table."""
    mapping: dict[str, str] = {}
    for line in _lines(name):
        source, _, target = line.partition(" ")
        if len(source) != 1 or not target:
            raise ConfigError(f"{DATA_DIR / name}: bad line {line!r}")
        mapping[source] = target.strip()
    return mapping


def table_text(name: str) -> str:
    """The raw text of a table, for the normaliser's fingerprint."""
    return (DATA_DIR / name).read_text(encoding="utf-8")
