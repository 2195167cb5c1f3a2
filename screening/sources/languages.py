"""Language codes as lists write them, normalised to ISO 639-1 (``en``, ``ru``).

The EU writes ISO 639-1 in upper case (``FR``); SECO writes ISO 639-2/B
(``eng``, ``ger``, ``fre``) or 639-3 (``rus``, ``bel``). One form on `Name.language`
lets the matcher pick a transliteration without knowing which list a name came from.
"""

from __future__ import annotations

import functools

import pycountry


@functools.cache
def language_code(text: str) -> str | None:
    """ISO 639-1 code for a 639-1/639-2/639-3 code; other text lower-cased; None if empty.

    Languages without a two-letter code keep their three-letter code.
    """
    value = text.strip().lower()
    if not value:
        return None
    if len(value) == 2:
        language = pycountry.languages.get(alpha_2=value)
    elif len(value) == 3:
        language = pycountry.languages.get(alpha_3=value) or pycountry.languages.get(
            bibliographic=value
        )
    else:
        language = None
    if language is None:
        return value
    return str(getattr(language, "alpha_2", None) or language.alpha_3)
