"""The one `Normalizer` shared by the index and the query path.

A name goes through named steps: Unicode clean-up, tokenising, look-alike
folding, digits-for-letters, script detection and romanisation per token,
case and diacritic folding, and classification of each token as a name part,
particle (al, bin, van), title (Mr, Sheikh, General), legal form (LLC, ООО) or
initial. Nothing is deleted: titles and legal forms stay as tokens with their
role, and the scorer decides what they weigh.

The normaliser has a ``fingerprint`` over its steps and tables; an index built
with one normaliser refuses queries prepared by another.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import Literal

import attrs
from unidecode import unidecode

from screening.errors import InputError
from screening.normalize import text as text_steps
from screening.normalize.phonetic import collapse_repeats, phonetic_key
from screening.normalize.tables import equivalences, table_text, word_set
from screening.normalize.translit import (
    family_name_length,
    foreign_words,
    is_abjad,
    romanize,
)
from screening.scripts import detect_script

TokenRole = Literal["name", "particle", "title", "legal", "initial", "number"]

NORMALIZER_VERSION = "8"
STEPS = (
    "unicode-nfkc-invisible",
    "split-punctuation",
    "fold-confusables",
    "unleet",
    "case-lookalikes",
    "romanize",
    "shorten-letter-runs",
    "casefold-ascii",
    "classify-roles",
)
_TABLES = (
    "honorifics.txt",
    "particles.txt",
    "legal_forms.txt",
    "confusables.txt",
    "name_variants.txt",
    "arabic_names.txt",
    "korean_surnames.txt",
    "chinese_surnames.txt",
)
_SPLIT_FAMILY_SCRIPTS = frozenset({"Hani", "Hang"})
_SYLLABLE_SCRIPTS = frozenset({"Hani", "Hang", "Kana", "Hira", "Jpan", "Kore"})
"""Scripts whose words romanise syllable by syllable: a syllable is never a particle."""
_ASCII_WORD = re.compile(r"[^a-z0-9]+")


@attrs.frozen
class Token:
    """One normalised token.

    ``text`` is the main Latin form (lower-case ASCII); ``forms`` holds every
    romanisation considered (``text`` first). ``abjad`` marks tokens written
    without short vowels (Arabic, Hebrew script), compared on consonants.
    """

    text: str
    forms: tuple[str, ...]
    original: str
    script: str
    role: TokenRole
    abjad: bool = False
    canonical: str | None = None
    """For a legal form, its canonical form: "ooo", "sarl" and "limited
    liability company" are all ``llc``."""


@attrs.frozen
class NormalizedName:
    original: str
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        """The normalised name as one string (main forms joined by spaces)."""
        return " ".join(token.text for token in self.tokens)


def _ascii(text: str) -> str:
    return _ASCII_WORD.sub("", unidecode(text).lower())


class Normalizer:
    """Turns a raw name into `NormalizedName`; immutable and thread-safe after construction."""

    def __init__(self, *, max_length: int = 500, max_tokens: int = 24) -> None:
        self.max_length = max_length
        self.max_tokens = max_tokens
        titles = word_set("honorifics.txt")
        self._titles = frozenset(t for t in titles if " " not in t)
        self._title_phrases = frozenset(tuple(t.split()) for t in titles if " " in t)
        self._long_titles = frozenset(
            single
            for single in map(collapse_repeats, self._titles)
            if len(single) >= MIN_SPELT_TITLE
        )
        self._particles = equivalences("particles.txt")
        self._legal = equivalences("legal_forms.txt")
        self._legal_max_words = max(len(form.split()) for form in self._legal)
        # Multi-word legal forms by first word, to recognise one cut short at
        # the end of a name (a 35-character payment field: "... Public Joint Stock").
        self._legal_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for form, canonical in self._legal.items():
            words = tuple(form.split())
            if len(words) >= 3:
                self._legal_phrases.setdefault(words[0], []).append((words, canonical))
        self._legal_sounds = _phrase_sounds(self._legal)
        self._legal_joined = {form.replace(" ", ""): c for form, c in self._legal.items()}
        # Legal forms and organisation words written in Chinese, Japanese or Korean
        # characters, longest first: names in those scripts run into them unspaced.
        self._unspaced_legal = sorted(
            (f for f in self._legal if len(f) >= 2 and detect_script(f) in _SYLLABLE_SCRIPTS),
            key=len,
            reverse=True,
        )
        digest = hashlib.sha256(NORMALIZER_VERSION.encode())
        for step in STEPS:
            digest.update(step.encode())
        for table in _TABLES:
            digest.update(table_text(table).encode())
        self.fingerprint = digest.hexdigest()[:16]
        # Tokens repeat across names (and queries): normalise each distinct one once.
        self._tokens_of = functools.lru_cache(maxsize=200_000)(self._tokens_of_uncached)

    def check(self, name: object) -> str:
        """Validate a query or listed name; `InputError` says what is wrong with it."""
        if not isinstance(name, str):
            raise InputError(f"a name must be a string, not {type(name).__name__}")
        if not name.strip():
            raise InputError("the name is empty")
        if len(name) > self.max_length:
            raise InputError(
                f"the name has {len(name)} characters, more than the maximum of "
                f"{self.max_length} (MatchConfig.max_name_length)"
            )
        return name

    def normalize(self, name: str, *, person: bool = False) -> NormalizedName:
        """Normalise one name. Raises `InputError` for a non-string, empty or too long name,
        or one with no letter or digit at all.

        ``person`` says the name is a person's: words that are also legal forms
        elsewhere ("Pao", "Sa", "Ag") are then name parts, not legal forms.
        """
        self.check(name)
        cleaned = text_steps.normalize_unicode(name)
        raw = text_steps.split_raw_tokens(cleaned)
        raw = text_steps.fold_confusables(raw)
        raw = raw[: self.max_tokens * 2]
        tokens: list[Token] = []
        for token in raw:
            tokens.extend(self._tokens_of(token))
        tokens = self._mark_title_phrases(_initials_in_runs(tokens))
        if person:
            tokens = [attrs.evolve(t, role="name") if t.role == "legal" else t for t in tokens][
                : self.max_tokens
            ]
        else:
            tokens = self._mark_legal_forms(tokens)[: self.max_tokens]
        if not tokens:
            raise InputError(f"the name {name!r} has no letters or digits")
        if all(t.role in ("title", "particle", "legal") for t in tokens):
            # A name made only of titles, particles and legal forms keeps them as
            # name parts ("Sheikh" alone is somebody's name; whether "A/S" alone is
            # a legal form or the article "as" cannot be told, and reading its own
            # text again must agree).
            tokens = [attrs.evolve(t, role="name") for t in tokens]
        return NormalizedName(name, tuple(tokens))

    def _tokens_of_uncached(self, raw: str) -> tuple[Token, ...]:
        script = detect_script(raw)
        if script in _SYLLABLE_SCRIPTS:
            parts = self._split_unspaced_legal(raw)
            if parts is not None:
                return tuple(token for part in parts for token in self._tokens_of(part))
        words = foreign_words(raw) if script in _SPLIT_FAMILY_SCRIPTS else None
        if words is not None and len(words) > 1:
            # A foreign name transcribed without spaces: one token per word.
            return tuple(token for word in words for token in self._tokens_of(word))
        if (
            script in _SPLIT_FAMILY_SCRIPTS
            and 2 <= len(raw) <= 4
            and words is None
            and raw not in self._legal  # 有限公司 is LLC, not a family name and a given name
        ):
            # Chinese and Korean names are written without spaces, family name
            # first: 李强 is LI Qiang, 김순옥 is KIM Sun-ok. Romanised as one word
            # they would be compared as one (and wrongly joined to listed names).
            cut = family_name_length(raw)
            return self._tokens_of(raw[:cut]) + self._tokens_of(raw[cut:])
        readings: tuple[str, ...] = ()
        if script in ("Latn", "Zyyy"):
            german = _ascii(raw.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))
            bare = "".join(  # accents off, case kept: the readings see the letters
                c for c in unicodedata.normalize("NFD", raw) if not unicodedata.combining(c)
            )
            readings = tuple(
                _ascii(r) for r in (*text_steps.case_lookalikes(bare), *text_steps.unleet(bare))
            )
            forms: tuple[str, ...] = tuple(dict.fromkeys((_ascii(raw), german, *readings)))
        else:
            forms = tuple(f for f in romanize(raw) if f) or (_ascii(raw),)
            if is_abjad(raw):
                # The bare consonant skeleton ("mhmd") is compared as a skeleton
                # by the scorer; as a word it would equal unrelated short tokens.
                voweled = tuple(f for f in forms if any(v in f for v in "aeiou"))
                forms = voweled or forms
        forms = tuple(dict.fromkeys(text_steps.shorten_letter_runs(f) for f in forms if f))
        if not forms:
            return ()
        main = forms[0]
        role = self._role(main, raw)
        syllable_role = role == "particle" and script in _SYLLABLE_SCRIPTS
        if syllable_role or (role == "legal" and single_syllable(raw, script)):
            role = "name"  # 彬 is Bin, not the Arabic "bin"; 王军 is Wang Jun, not 军 army
        elif role == "name":
            # "5haykh", "G3neral", "D3": a reading of the digits or look-alikes that is
            # a title or particle is one, as the clean word would be.
            role = next(
                (r for r in (self._role(f, f) for f in readings) if r in ("title", "particle")),
                role,
            )
        return (Token(main, forms, raw, script, role, is_abjad(raw)),)

    def _split_unspaced_legal(self, raw: str) -> tuple[str, str] | None:
        """A legal form or organisation word opening or closing a word written
        without spaces, cut off it: 長安海連技術有限公司 is 長安海連技術 + 有限公司 (LLC),
        東芝株式会社 is 東芝 + 株式会社, whether or not the listing spells the form.

        Forms of two characters or more, leaving two or more: 王军 is Wang Jun,
        not Wang + 军 (army).
        """
        if raw in self._legal:
            return None
        for form in self._unspaced_legal:
            if len(raw) - len(form) < 2:
                continue
            if raw.endswith(form):
                return raw[: -len(form)], form
            if raw.startswith(form):
                return form, raw[len(form) :]
        return None

    def _role(self, form: str, raw: str) -> TokenRole:
        lowered = raw.lower()
        if form.isdigit():
            return "number"
        if form in self._titles or lowered in self._titles or self._spelt_title(form):
            return "title"
        if form in self._particles or lowered in self._particles:
            return "particle"
        if (form in self._legal or lowered in self._legal) and not form.isdigit():
            return "legal"
        if len(form) == 1 and form.isalpha():
            return "initial"
        return "name"

    def _mark_title_phrases(self, tokens: list[Token]) -> list[Token]:
        """Titles of several words ("Hojjat al-Eslam") become titles word by word."""
        texts = tuple(token.text for token in tokens)
        for phrase in self._title_phrases:
            width = len(phrase)
            for start in range(len(texts) - width + 1):
                if texts[start : start + width] == phrase:
                    tokens[start : start + width] = [
                        attrs.evolve(t, role="title") for t in tokens[start : start + width]
                    ]
        return tokens

    def _spelt_title(self, form: str) -> bool:
        """A title with a vowel doubled ("Sheeikh", "Mullaah"), as an evader writes it.

        Only vowels (Marshall is a name, not Marshal) and only titles of five
        letters or more.
        """
        if _DOUBLED_VOWEL.search(form) is None:
            return False
        return collapse_repeats(form) in self._long_titles

    def _mark_legal_forms(self, tokens: list[Token]) -> list[Token]:
        """Mark legal forms with their canonical form ("S.A.R.L.", "ООО" -> llc).

        Multi-word forms ("limited liability company", "societatea pe actiuni")
        become one token, so an equivalent form in another language aligns
        with it as one unit. The words stay as written in ``text``.
        """
        out: list[Token] = []
        texts = [token.text for token in tokens]
        sounds = [phonetic_key(text) if text.isascii() else "" for text in texts]
        index = 0
        while index < len(tokens):
            canonical = self._cut_legal_form(texts[index:]) if out else None
            if canonical is not None:
                out.append(_legal_token(tokens[index:], canonical))
                break
            for width in range(min(self._legal_max_words, len(tokens) - index), 0, -1):
                phrase = " ".join(texts[index : index + width])
                canonical = self._legal.get(phrase)
                first = tokens[index]
                if canonical is None and width == 1:
                    if not single_syllable(first.original, first.script):
                        canonical = self._legal.get(first.original.lower())
                elif canonical is None:
                    canonical = self._legal_phrase(
                        texts[index : index + width], sounds[index : index + width]
                    )
                if canonical is not None and self._reads_as_legal_form(
                    tokens, index, width, after_name=bool(out)
                ):
                    out.append(_legal_token(tokens[index : index + width], canonical))
                    index += width
                    break
            else:
                out.append(tokens[index])
                index += 1
        return out

    def _reads_as_legal_form(
        self, tokens: list[Token], index: int, width: int, *, after_name: bool
    ) -> bool:
        """Whether these words, which spell a legal form, are one here.

        A word that is also a particle ("as": the Arabic article, the Norwegian
        AS, however written: "A/S") is a legal form when it ends a name: an
        article goes before a word, a legal form after. Letters spelling one
        are one after other initials ("R.D.I. S.A.") but not inside a run of
        initials ("S.A.Y.", or "Y.A.S.", whose lone Y would then be no initial).
        """
        texts = [token.text for token in tokens]
        joined = "".join(texts[index : index + width])
        ends_name = index + width == len(tokens) and after_name
        if joined in self._particles:
            legal = ends_name or width == len(tokens)  # (alone: read as "as")
        else:
            legal = width > 1 or tokens[index].role == "legal" or ends_name
        if legal and width > 1 and len(joined) == width:
            after = texts[index + width] if index + width < len(texts) else ""
            alone = (index == 1 and len(texts[0]) == 1) or (
                index >= 2 and len(texts[index - 1]) == 1 and len(texts[index - 2]) != 1
            )
            legal = len(after) != 1 and not alone
        return legal

    def _legal_phrase(self, words: list[str], sounds: list[str]) -> str | None:
        """The canonical form of a multi-word legal form spelt another way.

        Split differently ("Aktien-Gesellschaft", "Joint Stock Comp-any"), or
        romanised by another standard, word for word the same sounds
        ("Obshchestvo s Ogranichennoi Otvetstvennostyu" for the table's -oy).
        """
        joined = "".join(words)
        if len(joined) < MIN_SPELT_LEGAL_FORM:
            return None
        canonical = self._legal_joined.get(joined) if min(map(len, words)) >= 2 else None
        if canonical is None and all(sounds):
            canonical = self._legal_sounds.get(tuple(sounds))
        return canonical

    def _cut_legal_form(self, words: list[str]) -> str | None:
        """The canonical form of a multi-word legal form these last words begin, cut short.

        At least two words, the last possibly cut inside a word (three letters
        or more): "public joint stock", "limited liabili".
        """
        if not 2 <= len(words) < self._legal_max_words or " ".join(words) in self._legal:
            return None  # (a whole legal form: "S.A." is not "S.A.R.L." cut short)
        if len("".join(words)) < MIN_CUT_LEGAL_FORM:
            return None  # "D.O." is two initials, not "D.O.O." cut short
        *whole, last = words
        for phrase, canonical in self._legal_phrases.get(words[0], ()):
            if len(phrase) <= len(whole) or tuple(phrase[: len(whole)]) != tuple(whole):
                continue
            following = phrase[len(whole)]
            if following == last and len(phrase) > len(words):
                return canonical
            if len(last) >= 3 and following.startswith(last) and following != last:
                return canonical
        return None

    def canonical_particle(self, form: str) -> str | None:
        return self._particles.get(form)

    def canonical_legal_form(self, form: str) -> str | None:
        return self._legal.get(form)


def single_syllable(raw: str, script: str) -> bool:
    """A word of one Chinese or Korean character: a syllable of a name (军 in 王军 is
    Jun, not army), never a legal form or organisation word."""
    return len(raw) == 1 and script in _SPLIT_FAMILY_SCRIPTS


MIN_CUT_LEGAL_FORM = 4
"""Letters the words of a legal form cut short need between them to be read as one."""
MIN_SPELT_TITLE = 5
"""Letters a title needs, its doubled letters written once, to be recognised
with a vowel doubled ("Sheeikh"); shorter ones ("Imaam") are too close to names."""
_DOUBLED_VOWEL = re.compile(r"([aeiou])\1")
MIN_SPELT_LEGAL_FORM = 7
"""Letters a multi-word legal form needs to be recognised by sound or written
as one word ("de cv" sounds like too many names); each word needs two ("Holding
S.R.O." is not "Holdings" and "R.O.")."""


def _phrase_sounds(legal: dict[str, str]) -> dict[tuple[str, ...], str]:
    """Multi-word Latin legal forms by the phonetic keys of their words.

    A key sequence shared by forms of two different legal forms is left out.
    """
    by_sound: dict[tuple[str, ...], set[str]] = {}
    for form, canonical in legal.items():
        words = form.split()
        if len(words) < 2 or not form.isascii() or len("".join(words)) < MIN_SPELT_LEGAL_FORM:
            continue
        sounds = tuple(phonetic_key(word) for word in words)
        if all(sounds):
            by_sound.setdefault(sounds, set()).add(canonical)
    return {sounds: next(iter(c)) for sounds, c in by_sound.items() if len(c) == 1}


def _initials_in_runs(tokens: list[Token]) -> list[Token]:
    """Single letters next to another single letter are initials ("K. I. KIM", "O. O. Ivanov").

    Alone, a one-letter word may be a particle ("i", "y", "e": and); in a run
    of single letters it is an initial whatever it spells.
    """
    single = [len(t.text) == 1 and t.text.isalpha() for t in tokens]
    out = []
    for i, token in enumerate(tokens):
        in_run = single[i] and (
            (i > 0 and single[i - 1]) or (i + 1 < len(tokens) and single[i + 1])
        )
        out.append(
            attrs.evolve(token, role="initial") if in_run and token.role == "particle" else token
        )
    return out


def _legal_token(run: list[Token], canonical: str) -> Token:
    """The words of one legal form as one token (joined text, original spelling kept)."""
    joined = "".join(t.text for t in run)
    original = " ".join(t.original for t in run)
    return Token(joined, (joined,), original, detect_script(original), "legal", canonical=canonical)
