"""Name-variant families: spellings that denote the same name part.

Seeded from the reviewed table ``normalize/data/name_variants.txt``. Two tokens
in one family match as ``variant``; two tokens in *different* known families
are known to be different names (Mohamed and Mahmoud share a consonant
skeleton but not a family), which caps their phonetic evidence.
"""

from __future__ import annotations

import functools

from screening.normalize.tables import equivalences


class VariantTable:
    """Token -> family id; immutable after construction."""

    def __init__(self, families: dict[str, str]) -> None:
        self._family = {form.replace(" ", ""): canon for form, canon in families.items()}

    def family(self, token: str) -> str | None:
        return self._family.get(token)

    def same_family(self, a: str, b: str) -> bool | None:
        """True/False when both tokens have a known family, None when either is unknown."""
        fa, fb = self._family.get(a), self._family.get(b)
        if fa is None or fb is None:
            return None
        return fa == fb

    def __len__(self) -> int:
        return len(self._family)


@functools.cache
def default_variants() -> VariantTable:
    return VariantTable(equivalences("name_variants.txt"))
