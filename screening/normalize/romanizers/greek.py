"""Greek: ELOT 743 (= UN 1987, used in Greek passports) and common English forms.

Tag ``L`` marks the ELOT 743 spelling, kept first. Digraphs: ου -> ou/u,
μπ -> b at the start / mb inside, ντ -> d/nt, γκ -> g/ng, γγ -> ng, τσ -> ts,
τζ -> tz/j, αυ/ευ -> av/ev (af/ef before voiceless consonants), αι -> ai/e,
ει/οι -> ei/oi/i. γ before ε/ι is also y (Γιώργος Giorgos/Yiorgos), η and υ
have the Erasmian e/y besides the modern i.
"""

from __future__ import annotations

import unicodedata

from screening.normalize.romanizers.beam import Segment, alt, fixed

LEAD = "L"

_VOICELESS = frozenset("θκξπστφχψ")
_FRONT = frozenset("ειηυ")

_DIGRAPHS: dict[str, Segment] = {
    "ου": (alt("ou", 0, "L"), alt("u", 0.2), alt("oo", 0.6)),
    "ντ": (alt("nt", 0, "L"), alt("d", 0.2)),
    "γγ": (alt("ng", 0, "L"), alt("gg", 0.4), alt("g", 0.5)),
    "γξ": (alt("nx", 0, "L"), alt("nks", 0.3), alt("x", 0.6)),
    "γχ": (alt("nch", 0, "L"), alt("nkh", 0.3), alt("nh", 0.5)),
    "τσ": (alt("ts", 0, "L"), alt("tz", 0.5)),
    "τζ": (alt("tz", 0, "L"), alt("j", 0.3), alt("dz", 0.4)),
    "αι": (alt("ai", 0, "L"), alt("e", 0.3), alt("ae", 0.5)),
    "ει": (alt("ei", 0, "L"), alt("i", 0.2), alt("e", 0.5)),
    "οι": (alt("oi", 0, "L"), alt("i", 0.3), alt("y", 0.6)),
    "υι": (alt("yi", 0, "L"), alt("i", 0.3)),
}
_LETTERS: dict[str, Segment] = {
    "α": fixed("a"),
    "β": (alt("v", 0, "L"), alt("b", 0.4)),
    "γ": (alt("g", 0, "L"), alt("gh", 0.6)),
    "δ": (alt("d", 0, "L"), alt("dh", 0.6), alt("th", 0.7)),
    "ε": fixed("e"),
    "ζ": fixed("z"),
    "η": (alt("i", 0, "L"), alt("e", 0.3)),
    "θ": (alt("th", 0, "L"), alt("t", 0.5)),
    "ι": fixed("i"),
    "κ": (alt("k", 0, "L"), alt("c", 0.5)),
    "λ": fixed("l"),
    "μ": fixed("m"),
    "ν": fixed("n"),
    "ξ": (alt("x", 0, "L"), alt("ks", 0.2)),
    "ο": fixed("o"),
    "π": fixed("p"),
    "ρ": (alt("r", 0, "L"), alt("rh", 0.8)),
    "σ": fixed("s"),
    "ς": fixed("s"),
    "τ": fixed("t"),
    "υ": (alt("y", 0, "L"), alt("i", 0.2), alt("u", 0.5)),
    "φ": (alt("f", 0, "L"), alt("ph", 0.3)),
    "χ": (alt("ch", 0, "L"), alt("h", 0.2), alt("kh", 0.3)),
    "ψ": fixed("ps"),
    "ω": (alt("o", 0, "L"), alt("oo", 0.7)),
}


def plain(run: str) -> str:
    """Accents removed; a dialytika (ϊ, ϋ) becomes a break so αϊ is not read as αι."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", run):
        if ch == "\u0308" and out:
            out.insert(len(out) - 1, "|")
        elif not unicodedata.combining(ch):
            out.append(ch)
    return "".join(out)


def segments(run: str) -> list[Segment]:
    """Segments of a lower-case Greek run."""
    run = plain(run)
    out: list[Segment] = []
    i = 0
    n = len(run)
    while i < n:
        pair = run[i : i + 2]
        after = run[i + 2] if i + 2 < n else ""
        if pair == "μπ":
            out.append(
                (alt("b", 0, "L"), alt("mp", 0.3))
                if i == 0
                else (alt("mp", 0, "L"), alt("mb", 0.2), alt("b", 0.3))
            )
            i += 2
        elif pair == "γκ":
            out.append(
                (alt("g", 0, "L"), alt("gk", 0.5))
                if i == 0
                else (alt("ng", 0, "L"), alt("g", 0.2), alt("nk", 0.4))
            )
            i += 2
        elif pair in ("αυ", "ευ", "ηυ"):
            head = "a" if pair[0] == "α" else ("e" if pair[0] == "ε" else "i")
            voiceless = not after or after in _VOICELESS
            first, second = (head + "f", head + "v") if voiceless else (head + "v", head + "f")
            out.append((alt(first, 0, "L"), alt(second, 0.3), alt(head + "u", 0.4)))
            i += 2
        elif pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
        elif run[i] == "γ" and i + 1 < n and run[i + 1] in _FRONT:
            # Γιώργος: Giorgos (ELOT) / Yiorgos / Yorgos.
            out.append((alt("g", 0, "L"), alt("y", 0.2), alt("gh", 0.6)))
            if run[i + 1] == "ι" and after and after in "αοωου":
                out.append((alt("i", 0, "L"), alt("", 0.3), alt("e", 0.4)))
                i += 2
            else:
                i += 1
        else:
            out.append(_LETTERS.get(run[i], fixed("")))
            i += 1
    return out
