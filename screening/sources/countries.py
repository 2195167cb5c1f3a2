"""Country names as lists write them, resolved to ISO 3166-1 alpha-2 codes.

pycountry supplies the official names; a small reviewed table below adds the
short and historical forms the sanctions lists use ("Korea, North", "Burma",
"Russia", "Iran", "Syria", "Palestinian"). Unresolvable text is kept as text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pycountry

from screening.model import Country

# Forms used by OFAC, UN, UK, EU, DFAT, SEMA that pycountry's names do not cover.
_EXTRA: dict[str, str] = {
    "korea north": "KP",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "dprk": "KP",
    "korea south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "burma": "MM",
    "russia": "RU",
    "russian federation": "RU",
    "iran": "IR",
    "iran islamic republic of": "IR",
    "syria": "SY",
    "syrian arab republic": "SY",
    "libya": "LY",
    "libyan arab jamahiriya": "LY",
    "palestinian": "PS",
    "palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "the gambia": "GM",
    "gambia the": "GM",
    "congo democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo democratic republic": "CD",
    "drc": "CD",
    "congo republic of the": "CG",
    "republic of the congo": "CG",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "laos": "LA",
    "vietnam": "VN",
    "viet nam": "VN",
    "tanzania": "TZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "moldova": "MD",
    "turkey": "TR",
    "turkiye": "TR",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "united states": "US",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "czech republic": "CZ",
    "macedonia": "MK",
    "north macedonia": "MK",
    "kosovo": "XK",
    "taiwan": "TW",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "bosnia-herzegovina": "BA",
    "bosnia and herzegovina": "BA",
    "st kitts and nevis": "KN",
    "st lucia": "LC",
    "st vincent and the grenadines": "VC",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "the netherlands": "NL",
    "holland": "NL",
    "vatican": "VA",
    "soviet union": "SU",
    "ussr": "SU",
    "yugoslavia": "YU",
    "crimea": "UA",
    "region: crimea": "UA",
    "region: gaza": "PS",
    "north macedonia the republic of": "MK",
    "man isle of": "IM",
    "micronesia": "FM",
    "bahamas the": "BS",
    "the bahamas": "BS",
    "belarus": "BY",
    "kyrgyzstan": "KG",
    "uae": "AE",
    "sudan south": "SS",
    "south sudan": "SS",
}


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[.,()]", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


@functools.cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index[_key(value)] = country.alpha_2
        index[_key(country.alpha_3)] = country.alpha_2
    for code in ("SU", "YU", "XK"):
        index.setdefault(code.lower(), code)
    index.update(_EXTRA)
    return index


def country_code(text: str) -> str | None:
    """ISO alpha-2 code for a country name, alpha-2/alpha-3 code or nationality, or None."""
    value = text.strip()
    if not value:
        return None
    if len(value) == 2 and value.isalpha():
        upper = value.upper()
        if upper in {"XK", "SU", "YU"} or pycountry.countries.get(alpha_2=upper):
            return upper
    index = _index()
    key = _key(value)
    if key in index:
        return index[key]
    # Bilingual forms such as "Belarus / Bélarus" (Canada).
    for part in re.split(r"\s*/\s*", value):
        part_key = _key(part)
        if part_key in index:
            return index[part_key]
    return _DEMONYMS.get(key)


def to_country(text: str) -> Country:
    """A `Country` keeping the text as given and the code where it resolves."""
    value = text.strip()
    return Country(country_code(value), value)


# Nationality adjectives as lists write them in "nationality" fields.
_DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "algerian": "DZ",
    "american": "US",
    "belarusian": "BY",
    "british": "GB",
    "chinese": "CN",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "french": "FR",
    "german": "DE",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "jordanian": "JO",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "lebanese": "LB",
    "libyan": "LY",
    "malian": "ML",
    "moroccan": "MA",
    "nigerian": "NG",
    "north korean": "KP",
    "pakistani": "PK",
    "palestinian": "PS",
    "philippine": "PH",
    "filipino": "PH",
    "qatari": "QA",
    "russian": "RU",
    "saudi": "SA",
    "saudi arabian": "SA",
    "somali": "SO",
    "sudanese": "SD",
    "syrian": "SY",
    "tunisian": "TN",
    "turkish": "TR",
    "ukrainian": "UA",
    "venezuelan": "VE",
    "yemeni": "YE",
}
