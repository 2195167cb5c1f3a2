"""Loading the romanisation tables in ``screening/normalize/data/`` (once each).

Format: ``#`` comment lines first, naming the table's origin; then one entry per
line, ``native: latin1, latin2, ...`` with the Latin forms best first (lower-case
ASCII letters only, checked here so a typo cannot leak into the index).
"""

from __future__ import annotations

import functools
import re

from screening.errors import ConfigError
from screening.normalize.tables import DATA_DIR

_LATIN = re.compile(r"[a-z]+")


@functools.cache
def variant_table(name: str) -> dict[str, tuple[str, ...]]:
    """``native -> Latin forms`` from the table file ``name``."""
    path = DATA_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:  # a broken installation, not a user error
        raise ConfigError(f"romanisation table {path} is missing: {exc}") from exc
    table: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        native, sep, rest = line.partition(":")
        forms = tuple(form.strip() for form in rest.split(",") if form.strip())
        if not sep or not native.strip() or not forms:
            raise ConfigError(f"{path}:{number}: expected 'native: latin, latin', got {line!r}")
        bad = [form for form in forms if not _LATIN.fullmatch(form)]
        if bad:
            raise ConfigError(f"{path}:{number}: forms must be a-z only, not {bad}")
        if native.strip() in table:
            raise ConfigError(f"{path}:{number}: {native.strip()!r} is listed twice")
        table[native.strip()] = forms
    return table
