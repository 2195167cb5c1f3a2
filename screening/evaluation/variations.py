"""Seeded generator of positives: one function per variation class.

A *variation* turns a listed name into a query the screener should still find.
Each function takes the listed name, a seeded `random.Random` and the shared
`Resources`, and returns the query, or None when the class does not apply to
that name (no doubled letter to drop, a name shorter than 35 characters ...).
Functions change only what their class names, so a recall figure per class
says which kind of difference a system handles.

Three classes query names the lists themselves hold (a held-out alias, a
competing romanisation, an original-script name): those names are removed from
the index the query runs against (the *holdout* index), so the system must
find the entry through its other names.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from screening.evaluation import namedata
from screening.evaluation.corpus import LISTED_KINDS, Corpus, CorpusEntry, ListedName
from screening.evaluation.namedata import Rule


@attrs.frozen
class Case:
    """One positive query: its class, the entry it must find and how to regenerate it."""

    id: str
    cls: str
    query: str
    target: str
    kind: str
    listed_name: str
    seed: int
    index: str = "full"
    """``full`` or ``holdout`` (the index without the held-out names of the target)."""
    script: str = "Latn"


@attrs.frozen
class Resources:
    """Shared name data, read once per run."""

    ocr_rules: tuple[Rule, ...]
    phonetic_rules: tuple[Rule, ...]
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]
    org_types: tuple[tuple[str, ...], ...]
    native_forms: dict[str, dict[str, tuple[str, ...]]]
    clusters: dict[str, frozenset[int]]

    @classmethod
    def load(cls, folder: Path, words: frozenset[str]) -> Resources:
        """Read the name data; transliterations only for ``words`` (see `corpus_words`)."""
        given = namedata.read_culture_names(folder, "givenname-culture-lookup.tbl")
        family = namedata.read_culture_names(folder, "surname-culture-lookup.tbl")
        return cls(
            ocr_rules=namedata.read_ocr_rules(folder),
            phonetic_rules=namedata.read_phonetic_rules(folder),
            given_names=tuple(sorted({n for names in given.values() for n in names})),
            surnames=tuple(sorted({n for names in family.values() for n in names})),
            org_types=namedata.read_org_types(folder),
            native_forms=namedata.read_native_forms(folder, words),
            clusters=namedata.read_wikidata_clusters(folder),
        )


def corpus_words(corpus: Corpus) -> frozenset[str]:
    """Lower-case ASCII words of the listed Latin names (what may need a native form)."""
    return frozenset(
        word
        for entry in corpus.entries
        for name in entry.latin_names()
        for word in re.findall(r"[a-z]+", unidecode(name.full).lower())
    )


VariationFunction = Callable[[str, random.Random, Resources], str | None]


@attrs.frozen
class Variation:
    name: str
    description: str
    function: VariationFunction
    kinds: tuple[str, ...] = LISTED_KINDS
    group: str = "spelling"


VOWELS = frozenset("aeiouy")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
HONORIFICS = (
    "Mr",
    "Mr.",
    "Dr.",
    "Sheikh",
    "Shaykh",
    "Hajji",
    "Haji",
    "General",
    "Colonel",
    "Col.",
    "Mullah",
    "Maulana",
    "Prof.",
    "Sayyid",
    "Imam",
)
PARTICLES = ("al", "el", "ul", "bin", "ibn", "bint", "abu", "van", "von", "de", "da", "del", "di")
QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIACRITICS = {
    "a": "áàâäãå",
    "c": "çč",
    "e": "éèêë",
    "i": "íìîï",
    "n": "ñň",
    "o": "óòôöõø",
    "s": "šş",
    "u": "úùûü",
    "y": "ýÿ",
    "z": "žż",
    "g": "ğ",
    "r": "ř",
}
HOMOGLYPHS = {
    "a": "а",
    "c": "с",
    "e": "е",
    "i": "і",
    "j": "ј",
    "o": "оο",
    "p": "р",
    "s": "ѕ",
    "x": "х",
    "y": "у",
    "A": "АΑ",
    "B": "ВΒ",
    "C": "С",
    "E": "ЕΕ",
    "H": "НΗ",
    "I": "ІΙ",
    "K": "КΚ",
    "M": "МΜ",
    "N": "Ν",
    "O": "ОΟ",
    "P": "РΡ",
    "T": "ТΤ",
    "X": "ХΧ",
    "Y": "Υ",
    "Z": "Ζ",
}
LEET = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7"}
INNER_PUNCTUATION = (".", "-", "_", "*", "/", " ", "'")
COMMON_LEGAL_FORMS = ("LLC", "Ltd", "JSC", "GmbH", "Co.", "S.A.", "OOO", "Inc.", "LLP", "PJSC")


def _neighbours() -> dict[str, str]:
    table: dict[str, str] = {}
    for r, row in enumerate(QWERTY_ROWS):
        for c, char in enumerate(row):
            near = [row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""]
            for other in (r - 1, r + 1):
                if 0 <= other < len(QWERTY_ROWS):
                    near.append(QWERTY_ROWS[other][min(c, len(QWERTY_ROWS[other]) - 1)])
            table[char] = "".join(near)
    return table


KEY_NEIGHBOURS = _neighbours()


# -- helpers -------------------------------------------------------------------------------


def restyle(model: str, text: str) -> str:
    """Write ``text`` (lower case) in the case style of ``model`` (UPPER, Title or lower)."""
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return text.upper()
    if letters and letters[0].isupper():
        return text[:1].upper() + text[1:]
    return text


def _plain_tokens(name: str) -> list[str]:
    """Tokens in written order with the comma of ``SURNAME, Given`` removed."""
    return name.replace(",", " ").split()


def given_first(name: str) -> list[str]:
    """Tokens in ``Given ... Surname`` order (``AL-KANI, Mohamed`` -> Mohamed AL-KANI)."""
    if "," in name:
        surname, _, given = name.partition(",")
        return given.split() + surname.split()
    return name.split()


def _word_positions(name: str, min_len: int = 4) -> list[tuple[int, int]]:
    """(start, end) spans of alphabetic runs of at least ``min_len`` letters."""
    return [m.span() for m in re.finditer(r"[^\W\d_]+", name) if len(m.group()) >= min_len]


def _pick_word(name: str, rng: random.Random, min_len: int = 4) -> tuple[int, int] | None:
    spans = _word_positions(name, min_len)
    return rng.choice(spans) if spans else None


def _replace_span(name: str, start: int, end: int, text: str) -> str:
    return name[:start] + text + name[end:]


def _is_latin(name: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


# -- typos and spelling --------------------------------------------------------------------


def typo_insertion(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng)
    if span is None:
        return None
    word = name[span[0] : span[1]]
    pos = rng.randint(1, len(word))
    neighbour = word[pos - 1].lower()
    char = rng.choice(KEY_NEIGHBOURS.get(neighbour) or "aeinrst")
    char = char.upper() if word[pos - 1].isupper() else char
    return _replace_span(name, *span, word[:pos] + char + word[pos:])


def typo_deletion(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng)
    if span is None:
        return None
    word = name[span[0] : span[1]]
    pos = rng.randint(1, len(word) - 1)
    return _replace_span(name, *span, word[:pos] + word[pos + 1 :])


def typo_substitution(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng)
    if span is None:
        return None
    word = name[span[0] : span[1]]
    pos = rng.randint(1, len(word) - 1)
    near = KEY_NEIGHBOURS.get(word[pos].lower())
    if not near:
        return None
    char = rng.choice(near)
    char = char.upper() if word[pos].isupper() else char
    return _replace_span(name, *span, word[:pos] + char + word[pos + 1 :])


def typo_transposition(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng)
    if span is None:
        return None
    word = name[span[0] : span[1]]
    positions = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
    if not positions:
        return None
    i = rng.choice(positions)
    return _replace_span(name, *span, word[:i] + word[i + 1] + word[i] + word[i + 2 :])


def ocr_confusion(name: str, rng: random.Random, res: Resources) -> str | None:
    """One FEBRL OCR rule (``m`` -> ``rn``, ``O`` -> ``0`` ...) at one place, case as written."""
    options = [
        (m.start(), rule)
        for rule in res.ocr_rules
        for m in re.finditer(re.escape(rule.old), name)
        if any(c.isalpha() for c in rule.old)
    ]
    if not options:
        return None
    start, rule = rng.choice(options)
    return name[:start] + rule.new + name[start + len(rule.old) :]


def _condition(char: str, wanted: str) -> bool:
    if not wanted:
        return True
    if not char.isalpha():
        return False
    return (char.lower() in VOWELS) == (wanted == "V")


def phonetic_respelling(name: str, rng: random.Random, res: Resources) -> str | None:
    """One FEBRL phonetic rule (``ph`` -> ``f``, final ``e`` dropped ...) on one word."""
    options = []
    for start, end in _word_positions(name, 3):
        word = name[start:end].lower()
        for rule in res.phonetic_rules:
            for m in re.finditer(re.escape(rule.old), word):
                at_start, at_end = m.start() == 0, m.end() == len(word)
                where_ok = {
                    "ALL": True,
                    "START": at_start,
                    "END": at_end,
                    "MIDDLE": not at_start and not at_end,
                }.get(rule.where, False)
                before = word[m.start() - 1] if m.start() else ""
                after = word[m.end()] if m.end() < len(word) else ""
                if (
                    where_ok
                    and _condition(before, rule.before)
                    and _condition(after, rule.after)
                    and len(word) - len(rule.old) + len(rule.new) >= 2
                ):
                    options.append((start, end, m.start(), rule))
    if not options:
        return None
    start, end, at, rule = rng.choice(options)
    original = name[start:end]
    word = original.lower()
    new = word[:at] + rule.new + word[at + len(rule.old) :]
    return _replace_span(name, start, end, restyle(original, new))


def double_letter(name: str, rng: random.Random, res: Resources) -> str | None:
    spans = _word_positions(name, 3)
    options = [
        i
        for s, e in spans
        for i in range(s + 1, e)
        if name[i].lower() not in VOWELS
        and name[i] != name[i - 1]
        and (i + 1 >= len(name) or name[i + 1] != name[i])
    ]
    if not options:
        return None
    i = rng.choice(options)
    return name[: i + 1] + name[i] + name[i + 1 :]


def undouble_letter(name: str, rng: random.Random, res: Resources) -> str | None:
    options = [i for i in range(1, len(name)) if name[i].isalpha() and name[i] == name[i - 1]]
    if not options:
        return None
    i = rng.choice(options)
    return name[:i] + name[i + 1 :]


def drop_vowels(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng, 5)
    if span is None:
        return None
    word = name[span[0] : span[1]]
    stripped = word[0] + "".join(c for c in word[1:] if c.lower() not in VOWELS)
    if stripped == word or len(stripped) < 3:
        return None
    return _replace_span(name, *span, stripped)


# -- tokens --------------------------------------------------------------------------------


def token_reorder(name: str, rng: random.Random, res: Resources) -> str | None:
    tokens = _plain_tokens(name)
    if len(tokens) < 3:
        return None
    for _ in range(10):
        order = tokens[:]
        rng.shuffle(order)
        if order not in (tokens, tokens[::-1]):
            return " ".join(order)
    return None


def surname_comma(name: str, rng: random.Random, res: Resources) -> str | None:
    """``SURNAME, Given`` from ``Given Surname``, or the other way round."""
    if "," in name:
        return " ".join(given_first(name))
    tokens = name.split()
    if len(tokens) < 2:
        return None
    return f"{tokens[-1].upper()}, {' '.join(tokens[:-1])}"


def drop_middle(name: str, rng: random.Random, res: Resources) -> str | None:
    tokens = given_first(name)
    if len(tokens) < 3:
        return None
    del tokens[rng.randint(1, len(tokens) - 2)]
    return " ".join(tokens)


def extra_middle(name: str, rng: random.Random, res: Resources) -> str | None:
    tokens = given_first(name)
    if len(tokens) < 2 or not res.given_names:
        return None
    extra = restyle(tokens[0], rng.choice(res.given_names).lower())
    return " ".join([tokens[0], extra, *tokens[1:]])


def initials(name: str, rng: random.Random, res: Resources) -> str | None:
    """``M. AL-KANI``: the first given name, or every given name, as an initial."""
    tokens = given_first(name)
    if len(tokens) < 2 or not tokens[0][:1].isalpha():
        return None
    count = 1 if len(tokens) == 2 or rng.random() < 0.5 else len(tokens) - 1
    short = [f"{t[0].upper()}." for t in tokens[:count] if t[:1].isalpha()]
    if len(short) != count:
        return None
    return " ".join([*short, *tokens[count:]])


def joined_tokens(name: str, rng: random.Random, res: Resources) -> str | None:
    tokens = _plain_tokens(name)
    if len(tokens) < 2:
        return None
    i = rng.randint(0, len(tokens) - 2)
    return " ".join([*tokens[:i], tokens[i] + tokens[i + 1], *tokens[i + 2 :]])


def split_token(name: str, rng: random.Random, res: Resources) -> str | None:
    """Split a word at a hyphen, after a joined particle (Alkani), or in the middle."""
    if "-" in name:
        hyphens = [m.start() for m in re.finditer("-", name)]
        i = rng.choice(hyphens)
        return name[:i] + " " + name[i + 1 :]
    spans = _word_positions(name, 6)
    if not spans:
        return None
    start, end = rng.choice(spans)
    word = name[start:end]
    cut = next(
        (len(p) for p in PARTICLES if word.lower().startswith(p) and len(word) - len(p) >= 3),
        rng.randint(3, len(word) - 3),
    )
    return _replace_span(name, start, end, word[:cut] + " " + word[cut:])


def particles(name: str, rng: random.Random, res: Resources) -> str | None:
    """Drop or restyle a particle (AL-KANI -> KANI, EL KANI, AL KANI); names without one: None."""
    pattern = re.compile(r"\b(" + "|".join(PARTICLES) + r")([- ]|\b)", re.IGNORECASE)
    found = [m for m in pattern.finditer(name) if m.end() < len(name)]
    if found:
        m = rng.choice(found)
        particle = m.group(1)
        choice = rng.choice(("drop", "space", "hyphen", "swap"))
        if choice == "drop":
            new = ""
        elif choice == "space":
            new = particle + " "
        elif choice == "hyphen":
            new = particle + "-"
        else:
            swap = {"al": "el", "el": "al", "bin": "ibn", "ibn": "bin", "van": "von", "de": "da"}
            new = restyle(particle, swap.get(particle.lower(), "al")) + m.group(2)
        result = name[: m.start()] + new + name[m.end() :]
        return " ".join(result.split()) if result != name else None
    return None


def honorific(name: str, rng: random.Random, res: Resources) -> str | None:
    return f"{rng.choice(HONORIFICS)} {' '.join(given_first(name))}"


def legal_form_at_end(name: str, res: Resources) -> tuple[int, tuple[str, ...]] | None:
    """Start of a trailing legal form in ``name`` and its alias group (longest match)."""
    lowered = name.lower().rstrip(" .,")
    best: tuple[int, tuple[str, ...]] | None = None
    for group in res.org_types:
        for alias in group:
            form = alias.lower().rstrip(".")
            if len(form) < 2 or not lowered.endswith(form):
                continue
            start = len(lowered) - len(form)
            if start > 0 and lowered[start - 1] in " ,(" and (best is None or start < best[0]):
                best = (start, group)
    return best


def legal_form(name: str, rng: random.Random, res: Resources) -> str | None:
    """Swap a trailing legal form for an equivalent (LLC -> Limited Liability Company), drop
    it, or add one where the name has none."""
    found = legal_form_at_end(name, res)
    if found is None:
        return f"{name} {rng.choice(COMMON_LEGAL_FORMS)}"
    start, group = found
    base = name[:start].rstrip(" ,(")
    current = name[start:].rstrip(" .,)").lower()
    others = [a for a in group if a.lower().rstrip(".") != current and _is_latin(a)]
    if not base.strip():
        return None
    if not others or rng.random() < 0.3:
        return base
    return f"{base} {rng.choice(others)}"


# -- scripts and characters ----------------------------------------------------------------


def diacritics(name: str, rng: random.Random, res: Resources) -> str | None:
    positions = [i for i, c in enumerate(name) if c.lower() in DIACRITICS]
    if not positions:
        return None
    chars = list(name)
    for i in rng.sample(positions, min(len(positions), rng.randint(1, 3))):
        accented = rng.choice(DIACRITICS[chars[i].lower()])
        chars[i] = accented.upper() if chars[i].isupper() else accented
    return "".join(chars)


def homoglyphs(name: str, rng: random.Random, res: Resources) -> str | None:
    """Replace one or two Latin letters by Cyrillic or Greek look-alikes."""
    positions = [i for i, c in enumerate(name) if c in HOMOGLYPHS]
    if not positions:
        return None
    chars = list(name)
    for i in rng.sample(positions, min(len(positions), rng.randint(1, 2))):
        chars[i] = rng.choice(HOMOGLYPHS[chars[i]])
    return "".join(chars)


def zero_width(name: str, rng: random.Random, res: Resources) -> str | None:
    """Insert one or two zero-width characters inside the name, nothing else."""
    chars = list(name)
    for _ in range(rng.randint(1, 2)):
        chars.insert(rng.randint(1, len(chars) - 1), rng.choice(ZERO_WIDTH))
    return "".join(chars)


def truncation(name: str, rng: random.Random, res: Resources) -> str | None:
    """Cut at 35 characters, as a payment message name field does."""
    return name[:35] if len(name) > 35 else None


def digits_for_letters(name: str, rng: random.Random, res: Resources) -> str | None:
    positions = [i for i, c in enumerate(name) if c.lower() in LEET]
    if not positions:
        return None
    chars = list(name)
    for i in rng.sample(positions, min(len(positions), rng.randint(1, 2))):
        chars[i] = LEET[chars[i].lower()]
    return "".join(chars)


def inner_punctuation(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng)
    if span is None:
        return None
    at = rng.randint(span[0] + 1, span[1] - 1)
    return name[:at] + rng.choice(INNER_PUNCTUATION) + name[at:]


def repeated_letters(name: str, rng: random.Random, res: Resources) -> str | None:
    span = _pick_word(name, rng, 3)
    if span is None:
        return None
    at = rng.randint(span[0], span[1] - 1)
    return name[: at + 1] + name[at] * rng.randint(2, 3) + name[at + 1 :]


def reversed_order(name: str, rng: random.Random, res: Resources) -> str | None:
    tokens = _plain_tokens(name)
    return " ".join(tokens[::-1]) if len(tokens) >= 2 else None


def run_on(name: str, rng: random.Random, res: Resources) -> str | None:
    """``MOHAMEDALKANI``: upper case, spaces and punctuation removed."""
    tokens = _plain_tokens(name)
    if len(tokens) < 2:
        return None
    return "".join(c for c in name.upper() if c.isalnum())


def exact(name: str, rng: random.Random, res: Resources) -> str | None:
    """The listed name as written: a control that every system should find."""
    return name


def _native_tokens(name: str, script: str, rng: random.Random, res: Resources) -> list[str] | None:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", unidecode(name))]
    out: list[str] = []
    prefix = ""
    for word in words:
        if word in {"al", "el"}:
            prefix = "ال" if script == "Arab" else ""
            continue
        forms = res.native_forms.get(word, {}).get(script)
        if not forms:
            return None
        form = forms[0] if rng.random() < 0.7 else rng.choice(forms)
        out.append(prefix + form)
        prefix = ""
    return out or None


def other_script(name: str, rng: random.Random, res: Resources) -> str | None:
    """The name written in another script, token by token, from the transliteration pairs."""
    scripts = sorted(namedata.TRANSLIT_SCRIPTS)
    rng.shuffle(scripts)
    for script in scripts:
        tokens = _native_tokens(" ".join(given_first(name)), script, rng, res)
        if tokens:
            if script == "Hani":
                return "".join(tokens[-1:] + tokens[:-1])  # family name first, no spaces
            return ("・" if script == "Kana" else " ").join(tokens)
    return None


VARIATIONS: tuple[Variation, ...] = (
    Variation("exact", "the listed name as written (control)", exact, group="control"),
    Variation("typo_insertion", "one letter inserted (keyboard neighbour)", typo_insertion),
    Variation("typo_deletion", "one letter deleted", typo_deletion),
    Variation(
        "typo_substitution", "one letter replaced by a keyboard neighbour", typo_substitution
    ),
    Variation("typo_transposition", "two adjacent letters swapped", typo_transposition),
    Variation("ocr", "one OCR confusion (FEBRL rules: m/rn, O/0 ...)", ocr_confusion),
    Variation("phonetic", "one phonetic respelling (FEBRL rules)", phonetic_respelling),
    Variation("double_letter", "a consonant doubled", double_letter),
    Variation("undouble_letter", "one letter of a double dropped", undouble_letter),
    Variation("dropped_vowels", "inner vowels of one word dropped", drop_vowels),
    Variation("token_reorder", "words shuffled (3+ words)", token_reorder, group="tokens"),
    Variation(
        "surname_comma",
        "'SURNAME, Given' <-> 'Given Surname'",
        surname_comma,
        ("person",),
        "tokens",
    ),
    Variation("drop_middle", "a middle word dropped", drop_middle, group="tokens"),
    Variation("extra_middle", "an extra given name", extra_middle, ("person",), "tokens"),
    Variation("initials", "given name(s) as initials", initials, ("person",), "tokens"),
    Variation("joined_tokens", "two words joined", joined_tokens, group="tokens"),
    Variation("split_token", "a word split in two", split_token, group="tokens"),
    Variation("particles", "particle dropped, restyled or added", particles, ("person",), "tokens"),
    Variation("honorific", "a title or honorific added", honorific, ("person",), "tokens"),
    Variation(
        "legal_form",
        "legal form swapped, dropped or added",
        legal_form,
        ("organization",),
        "tokens",
    ),
    Variation("diacritics", "letters with diacritics", diacritics, group="characters"),
    Variation("truncation", "cut to 35 characters", truncation, group="characters"),
    Variation(
        "other_script",
        "written in another script, word by word",
        other_script,
        ("person",),
        "script",
    ),
    Variation("zero_width", "zero-width characters inserted", zero_width, group="evasion"),
    Variation("homoglyphs", "Cyrillic/Greek look-alike letters", homoglyphs, group="evasion"),
    Variation(
        "digits", "digits for letters (0/o 1/i 3/e ...)", digits_for_letters, group="evasion"
    ),
    Variation(
        "inner_punctuation",
        "punctuation or space inside a word",
        inner_punctuation,
        group="evasion",
    ),
    Variation("repeated_letters", "a letter repeated 3-4 times", repeated_letters, group="evasion"),
    Variation("reversed_order", "word order reversed", reversed_order, group="evasion"),
    Variation("run_on", "ALL CAPS, no spaces", run_on, group="evasion"),
)

HOLDOUT_CLASSES: dict[str, str] = {
    "original_script": "the list's original-script name, script names removed from the index",
    "romanisation": "the list's own competing spelling of the name, removed from the index",
    "alias_holdout": "a real alias, removed from the index",
}
"""Classes that query names the lists hold, against the holdout index (rarest first: each
entry serves one of them at most)."""

CLASS_GROUPS: dict[str, str] = {
    **{v.name: v.group for v in VARIATIONS},
    "alias_holdout": "holdout",
    "romanisation": "script",
    "original_script": "script",
}
CLASS_DESCRIPTIONS: dict[str, str] = {
    **{v.name: v.description for v in VARIATIONS},
    **HOLDOUT_CLASSES,
}


def name_key(name: str) -> tuple[str, ...]:
    """Order-, case- and punctuation-free form of a name, to spot trivial queries."""
    return tuple(sorted(re.findall(r"[a-z0-9]+", unidecode(name).lower())))


def _base_name(entry: CorpusEntry, rng: random.Random) -> ListedName | None:
    latin = [n for n in entry.latin_names() if any(c.isalpha() for c in n.full)]
    if not latin:
        return None
    primary = [n for n in latin if n.type == "primary"]
    return primary[0] if primary and rng.random() < 0.7 else rng.choice(latin)


def generate_variation(
    variation: Variation,
    entries: Sequence[CorpusEntry],
    res: Resources,
    *,
    count: int,
    seed: int,
) -> list[Case]:
    """Up to ``count`` cases of one class, from entries in a seeded random order."""
    rng = random.Random(f"{seed}/{variation.name}")
    pool = [e for e in entries if e.kind in variation.kinds]
    rng.shuffle(pool)
    cases: list[Case] = []
    seen: set[str] = set()
    for entry in pool:
        if len(cases) >= count:
            break
        case_seed = rng.getrandbits(32)
        base = _base_name(entry, rng)
        if base is None:
            continue
        # The case's own seed alone regenerates its query from the listed name.
        query = variation.function(base.full, random.Random(case_seed), res)
        if query is None or query in seen or (query == base.full and variation.name != "exact"):
            continue
        seen.add(query)
        cases.append(
            Case(
                f"{variation.name}-{len(cases)}",
                variation.name,
                query,
                entry.id,
                entry.kind,
                base.full,
                case_seed,
                script=_query_script(query),
            )
        )
    return cases


def _query_script(query: str) -> str:
    from screening.scripts import detect_script

    return detect_script(query)


def _differs_by_spelling(a: str, b: str) -> bool:
    """Same number of words, some differ, every differing word close to one on the other side."""
    ka, kb = name_key(a), name_key(b)
    if len(ka) != len(kb) or ka == kb:
        return False
    only_a = [t for t in ka if t not in kb]
    only_b = [t for t in kb if t not in ka]
    return (
        bool(only_a)
        and bool(only_b)
        and all(max(Levenshtein.normalized_similarity(x, y) for y in only_b) >= 0.5 for x in only_a)
    )


def _holdout_case(
    cls: str, entry: CorpusEntry, rng: random.Random
) -> tuple[str, ListedName, frozenset[str]] | None:
    """(query, listed name it came from, names to remove) for a held-out class, or None."""
    latin = entry.latin_names()
    if cls == "original_script":
        native = [n for n in entry.names if n.script not in {"Latn", "Zyyy"}]
        if not native or not latin:
            return None
        chosen = rng.choice(native)
        return chosen.full, chosen, frozenset(n.full for n in native)
    if len(latin) < 2:
        return None
    pairs = [
        (a, b)
        for a in latin
        for b in latin
        if a is not b and a.type != "primary" and name_key(a.full) != name_key(b.full)
    ]
    if cls == "romanisation":
        pairs = [(a, b) for a, b in pairs if _differs_by_spelling(a.full, b.full)]
    if not pairs:
        return None
    alias, _ = rng.choice(pairs)
    drop = frozenset(n.full for n in entry.names if name_key(n.full) == name_key(alias.full))
    if len(drop) >= len(entry.names):
        return None
    return alias.full, alias, drop


def generate_holdouts(
    entries: Sequence[CorpusEntry], *, count: int, seed: int
) -> tuple[list[Case], dict[str, frozenset[str]]]:
    """Held-out classes, each entry used at most once; returns cases and names to drop per entry."""
    cases: list[Case] = []
    dropped: dict[str, frozenset[str]] = {}
    for cls in HOLDOUT_CLASSES:
        rng = random.Random(f"{seed}/{cls}")
        pool = [e for e in entries if e.kind in LISTED_KINDS and e.id not in dropped]
        rng.shuffle(pool)
        made = 0
        for entry in pool:
            if made >= count:
                break
            case_seed = rng.getrandbits(32)
            found = _holdout_case(cls, entry, random.Random(case_seed))
            if found is None:
                continue
            query, listed, drop = found
            dropped[entry.id] = drop
            cases.append(
                Case(
                    f"{cls}-{made}",
                    cls,
                    query,
                    entry.id,
                    entry.kind,
                    listed.full,
                    case_seed,
                    index="holdout",
                    script=_query_script(query),
                )
            )
            made += 1
    return cases, dropped


def generate_positives(
    corpus: Corpus, res: Resources, *, per_class: int, seed: int
) -> tuple[list[Case], dict[str, frozenset[str]]]:
    """Every class: ``per_class`` cases each (fewer where the lists offer fewer)."""
    cases: list[Case] = []
    for variation in VARIATIONS:
        cases.extend(generate_variation(variation, corpus.entries, res, count=per_class, seed=seed))
    held, dropped = generate_holdouts(corpus.entries, count=per_class, seed=seed)
    return cases + held, dropped
