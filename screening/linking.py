"""Which designations of different sources are the same party, and why.

Four kinds of evidence link two designations, strongest first:

``un_reference``
    Both carry the same UN reference number (``LYi.009``; written ``LYi 009``
    or ``lyi.9`` by some lists, see `normalize_un_reference`). The EU, UK,
    Canadian, Australian and Swiss listings of UN designations carry it.
``cross_reference``
    One source names the other's own id: an FCDO entry gives its OFSI group id,
    an OFSI group its UK Sanctions List reference. Only between sources of one
    jurisdiction, where the numbers share a namespace.
``identifier``
    A strong identifier agrees: IMO number, SWIFT/BIC, digital currency
    address, or a passport, national id, tax or registration number *with its
    issuing country*. A number without a country is not distinctive enough.
    The kinds must agree and the names must not contradict it.
``name``
    High-confidence name agreement (the screener's own scoring, so rarity
    weights and transliteration count) together with an agreeing birth date or
    country. Only between different sources: within one source, two entries
    are two entries.

Every `Link` carries its evidence as text and a confidence in [0, 1]. Links
below `LinkingConfig.link_confidence` are never merged silently: they are kept
as ``possible`` links on the group, with their evidence. A link that would put
two different UN references, or two contradicting birth dates, into one group
is refused and kept as ``possible`` too, so one bad name match cannot chain two
parties together.

Name linking does not compare all pairs: names are blocked on pairs of the
phonetic keys the screener's index uses, and only designations sharing a block
are scored. Blocks larger than `LinkingConfig.max_block` (names made only of
very common tokens, "Mohamed Ahmed") are skipped: such names cannot link
without a key anyway.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import attrs
from attrs import validators as v

from screening.model import Designation, PartialDate
from screening.normalize.normalizer import NormalizedName
from screening.normalize.phonetic import phonetic_key
from screening.score import compare_names, units_of

if TYPE_CHECKING:
    from screening.screener import Screener

LinkBasis = Literal["un_reference", "cross_reference", "identifier", "name"]
LinkStatus = Literal["linked", "possible"]

_UN_REFERENCE = re.compile(r"^\s*([A-Za-z]{2})\s*([ieIE])\s*[.\s-]*\s*(\d{1,4})\s*$")


def normalize_un_reference(text: str | None) -> str | None:
    """The canonical form ``LYi.009`` of a UN reference number, or None if it is not one.

    Lists write the same number as ``LYi.009``, ``LYi 009``, ``LYI.9`` or
    ``lyi-009``; the two-letter regime is upper case, ``i``/``e`` (individual or
    entity) lower case, and the number has three digits.
    """
    if not text:
        return None
    found = _UN_REFERENCE.match(text)
    if found is None:
        return None
    regime, kind, number = found.groups()
    return f"{regime.upper()}{kind.lower()}.{int(number):03d}"


@attrs.frozen
class Link:
    """Evidence that designations ``a`` and ``b`` are the same party."""

    a: str
    b: str
    basis: LinkBasis
    confidence: float
    evidence: tuple[str, ...]
    status: LinkStatus = "linked"

    def __str__(self) -> str:
        return (
            f"{self.a} ~ {self.b} [{self.basis}, {self.status}, {self.confidence:.2f}]: "
            + "; ".join(self.evidence)
        )


@attrs.frozen
class PartyGroup:
    """Designations that are one party, the links that joined them and the weaker ones.

    ``id`` is ``party:`` plus the smallest designation id of the group, so it
    is stable for the same lists. ``possible`` holds candidate links from a
    member to a designation outside the group, not merged.
    """

    id: str
    designation_ids: tuple[str, ...]
    links: tuple[Link, ...] = ()
    possible: tuple[Link, ...] = ()
    un_references: tuple[str, ...] = ()


def _unit(doc: str, default: float) -> float:
    return attrs.field(
        default=default,
        validator=[v.instance_of(float), v.ge(0.0), v.le(1.0)],
        metadata={"doc": doc},
    )


@attrs.frozen
class LinkingConfig:
    """Thresholds of name linking.

    A name link's confidence is the best name similarity times a corroboration
    factor: 1.0 for the same full birth date, 0.97 for agreeing birth years,
    ``country_factor`` when only a country agrees (persons), 0.95 for an
    organisation or vessel whose country agrees, ``bare_factor`` with no other
    evidence. So a name at 0.95 with the same birth year links (0.92), the same
    name with only a country is possible (0.88 < 0.9) unless near-identical.
    The values were set by reading the links they make on ../shared/lists, not
    by a labelled benchmark.
    """

    link_confidence: float = _unit("Minimum confidence to merge two designations.", 0.90)
    possible_confidence: float = _unit("Minimum confidence to keep a possible link.", 0.78)
    min_name_similarity: float = _unit("Name pairs below this are not considered at all.", 0.80)
    identifier_name_similarity: float = _unit(
        "An identifier link needs at least this name similarity, else it is possible.", 0.50
    )
    country_factor: float = _unit("Corroboration factor for a person's country alone.", 0.93)
    bare_factor: float = _unit("Factor when neither birth date nor country agrees.", 0.85)
    max_block: int = attrs.field(
        default=60,
        validator=[v.instance_of(int), v.ge(2)],
        metadata={"doc": "Blocks of more designations than this are skipped (too common)."},
    )
    max_name_pairs: int = attrs.field(
        default=6,
        validator=[v.instance_of(int), v.ge(1)],
        metadata={"doc": "Name pairs scored per candidate designation pair."},
    )


BirthRelation = Literal["same_day", "same_year", "conflict", "unknown"]


def _span(earliest: PartialDate, latest: PartialDate | None, circa: bool) -> tuple[int, int]:
    low, high = earliest.year, (latest or earliest).year
    return (low - 2, high + 2) if circa else (low, high)


def birth_relation(a: Designation, b: Designation) -> BirthRelation:
    """How the birth dates of two designations relate (years; exact days when both have them)."""
    pairs = [
        (x, y)
        for x in a.birth_dates
        if x.earliest is not None
        for y in b.birth_dates
        if y.earliest is not None
    ]
    if not pairs:
        return "unknown"
    best: BirthRelation = "conflict"
    for x, y in pairs:
        assert x.earliest is not None and y.earliest is not None
        single = x.latest in (None, x.earliest) and y.latest in (None, y.earliest)
        if single and x.earliest.day is not None and x.earliest == y.earliest:
            return "same_day"
        low_x, high_x = _span(x.earliest, x.latest, x.circa)
        low_y, high_y = _span(y.earliest, y.latest, y.circa)
        if low_x <= high_y and low_y <= high_x:
            best = "same_year"
    return best


def country_relation(a: Designation, b: Designation) -> Literal["agree", "conflict", "unknown"]:
    """Whether two designations share a nationality, citizenship or address country."""
    first, second = set(a.countries), set(b.countries)
    if not first or not second:
        return "unknown"
    return "agree" if first & second else "conflict"


_PERSON = "person"


def kinds_compatible(a: Designation, b: Designation) -> bool:
    """Persons link to persons; organisations, vessels, aircraft to their own kind."""
    if "unknown" in (a.kind, b.kind):
        return True
    return a.kind == b.kind


_IDENTIFIER_KINDS_WITHOUT_COUNTRY = frozenset({"imo", "swift_bic", "digital_currency"})
_IDENTIFIER_KINDS_WITH_COUNTRY = frozenset({"passport", "national_id", "tax_id", "registration"})
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def identifier_keys(designation: Designation) -> set[tuple[str, str, str]]:
    """Distinctive (kind, country, number) keys of a designation's identifiers."""
    keys: set[tuple[str, str, str]] = set()
    for identifier in designation.identifiers:
        if identifier.kind == "digital_currency":
            number = identifier.number.strip()
        else:
            number = _NOT_ALNUM.sub("", identifier.number).upper()
        if identifier.kind == "imo":
            number = number.removeprefix("IMO")
            if not (number.isdigit() and len(number) == 7):
                continue
        if len(number) < 5:
            continue
        if identifier.kind in _IDENTIFIER_KINDS_WITHOUT_COUNTRY:
            keys.add((identifier.kind, "", number))
        elif identifier.kind in _IDENTIFIER_KINDS_WITH_COUNTRY:
            code = identifier.country.code if identifier.country else None
            if code:
                keys.add((identifier.kind, code, number))
    return keys


def local_id(designation: Designation) -> str:
    """The source's own reference: the designation id without the ``<source id>:`` prefix."""
    return designation.id.split(":", 1)[1] if ":" in designation.id else designation.id


class _Groups:
    """Union-find over designation positions that refuses contradicting merges."""

    def __init__(self, designations: Sequence[Designation]) -> None:
        self.designations = designations
        self.parent = list(range(len(designations)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(designations))}
        self.un_refs: dict[int, set[str]] = {}
        for i, designation in enumerate(designations):
            reference = normalize_un_reference(designation.un_reference)
            self.un_refs[i] = {reference} if reference else set()

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(
        self, i: int, j: int, *, check_births: bool, check_sources: bool = False
    ) -> str | None:
        """Why groups of ``i`` and ``j`` cannot be one party, or None."""
        root_i, root_j = self.find(i), self.find(j)
        refs_i, refs_j = self.un_refs[root_i], self.un_refs[root_j]
        if refs_i and refs_j and refs_i != refs_j:
            return (
                f"refused: would join different UN references {', '.join(sorted(refs_i))}"
                f" and {', '.join(sorted(refs_j))}"
            )
        if check_sources:
            here = {self.designations[x].source_id for x in self.members[root_i]}
            there = {self.designations[y].source_id for y in self.members[root_j]}
            if here & there:
                return (
                    f"refused: would put two {', '.join(sorted(here & there))} entries in one party"
                )
        if check_births:
            for x in self.members[root_i]:
                for y in self.members[root_j]:
                    first, second = self.designations[x], self.designations[y]
                    if birth_relation(first, second) == "conflict":
                        return f"refused: birth dates of {first.id} and {second.id} disagree"
        return None

    def union(self, i: int, j: int) -> None:
        root_i, root_j = self.find(i), self.find(j)
        if root_i == root_j:
            return
        if len(self.members[root_i]) < len(self.members[root_j]):
            root_i, root_j = root_j, root_i
        self.parent[root_j] = root_i
        self.members[root_i].extend(self.members.pop(root_j))
        self.un_refs[root_i] |= self.un_refs.pop(root_j)


@attrs.frozen
class _Candidate:
    i: int
    j: int
    link: Link


class PartyLinks:
    """The party groups over a list of designations; immutable once built.

    Build with `link_parties`. ``designations`` is in the screener's order, so
    `group_number` can be used as an array index by the screener.
    """

    def __init__(
        self,
        designations: Sequence[Designation],
        groups: Sequence[PartyGroup],
        possible: Sequence[Link],
    ) -> None:
        self.designations = tuple(designations)
        self.groups = tuple(groups)
        self.possible = tuple(possible)
        self._position = {d.id: i for i, d in enumerate(self.designations)}
        self._group_of: dict[str, int] = {}
        for number, group in enumerate(self.groups):
            for designation_id in group.designation_ids:
                self._group_of[designation_id] = number

    def group_of(self, designation_id: str) -> PartyGroup:
        """The party group of a designation (a group of one when nothing links it)."""
        return self.groups[self._group_of[designation_id]]

    def group_number(self, designation_id: str) -> int:
        return self._group_of[designation_id]

    def designation(self, designation_id: str) -> Designation:
        return self.designations[self._position[designation_id]]

    def members(self, group: PartyGroup) -> tuple[Designation, ...]:
        return tuple(self.designation(i) for i in group.designation_ids)

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(link for group in self.groups for link in group.links)


def _key_links(designations: Sequence[Designation]) -> list[_Candidate]:
    """Links from UN references and same-jurisdiction cross references."""
    candidates: list[_Candidate] = []
    by_reference: defaultdict[str, list[int]] = defaultdict(list)
    for i, designation in enumerate(designations):
        reference = normalize_un_reference(designation.un_reference)
        if reference:
            by_reference[reference].append(i)
    for reference, members in by_reference.items():
        first = members[0]
        for other in members[1:]:
            evidence = (
                f"UN reference {reference}: {designations[first].un_reference!r} on "
                f"{designations[first].id}, {designations[other].un_reference!r} on "
                f"{designations[other].id}",
            )
            link = Link(
                designations[first].id, designations[other].id, "un_reference", 0.99, evidence
            )
            candidates.append(_Candidate(first, other, link))
    return candidates


def _cross_reference_links(
    designations: Sequence[Designation], jurisdiction: dict[str, str]
) -> list[_Candidate]:
    by_local: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for i, designation in enumerate(designations):
        by_local[(jurisdiction.get(designation.source_id, ""), local_id(designation))].append(i)
    candidates = []
    seen: set[tuple[int, int]] = set()
    for i, designation in enumerate(designations):
        place = jurisdiction.get(designation.source_id, "")
        for reference in designation.references:
            for j in by_local.get((place, reference), ()):
                other = designations[j]
                if other.source_id == designation.source_id or (j, i) in seen:
                    continue
                seen.add((i, j))
                mutual = local_id(designation) in other.references
                evidence = (
                    f"{designation.id} gives {reference}, the id of {other.id}"
                    + (f", which gives back {local_id(designation)}" if mutual else ""),
                )
                link = Link(designation.id, other.id, "cross_reference", 0.99, evidence)
                candidates.append(_Candidate(i, j, link))
    return candidates


class _NameScorer:
    """Name similarity of two designations with the screener's own scoring.

    The same computation as `Screener.compare`, on the names the screener's
    index has already normalised (normalising again would double the cost).
    """

    def __init__(self, screener: Screener) -> None:
        self.screener = screener
        self.weak_factor = screener.config.weak_alias_factor
        self.normalized: dict[tuple[str, int], NormalizedName] = {}
        for indexed in screener.index.names:
            designation = screener.designations[indexed.designation]
            self.normalized[(designation.id, indexed.name)] = indexed.normalized

    def pair(self, a: Designation, m: int, b: Designation, n: int) -> tuple[float, str]:
        first, second = self.normalized.get((a.id, m)), self.normalized.get((b.id, n))
        if first is None or second is None:
            return 0.0, ""  # a name of punctuation only has nothing to compare
        weak = a.names[m].quality != "strong" or b.names[n].quality != "strong"
        # The shorter name is the query: a listed name's extra parts cost less
        # than a query's, so this reads "is the short form contained in the long".
        if len(first.tokens) > len(second.tokens):
            first, second = second, first
        score = self._similarity(first, second)
        if _PERSON not in (a.kind, b.kind):
            # Organisations: "IRGC" is not "IRGC Qods Force"; both directions must agree.
            score = min(score, self._similarity(second, first))
        score *= self.weak_factor if weak else 1.0
        return score, f"name {first.original!r} ~ {second.original!r} {score:.2f}"

    def _similarity(self, first: NormalizedName, second: NormalizedName) -> float:
        screener = self.screener
        comparison = compare_names(
            first,
            second,
            similarity=screener.similarity,
            config=screener.config,
            query_weight=screener.index.token_weight,
            listed_weight=screener.index.token_weight,
        )
        return comparison.score

    def best(
        self, a: Designation, b: Designation, pairs: Iterable[tuple[int, int]]
    ) -> tuple[float, str]:
        best_score, best_text = 0.0, ""
        for m, n in pairs:
            score, text = self.pair(a, m, b, n)
            if score > best_score:
                best_score, best_text = score, text
                if score >= 0.999:
                    break
        return best_score, best_text


def _identifier_links(
    designations: Sequence[Designation], names: _NameScorer, config: LinkingConfig
) -> list[_Candidate]:
    by_key: defaultdict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, designation in enumerate(designations):
        for key in identifier_keys(designation):
            by_key[key].append(i)
    candidates = []
    for (kind, country, number), members in by_key.items():
        first = members[0]
        for j in members[1:]:
            a, b = designations[first], designations[j]
            if not kinds_compatible(a, b):
                continue
            label = f"{kind} {number}" + (f" ({country})" if country else "")
            pairs = itertools.product(range(len(a.names)), range(len(b.names)))
            similarity, name_text = names.best(a, b, itertools.islice(pairs, 16))
            evidence = [f"same {label}", name_text or "names not comparable"]
            confidence = 0.98 if not country else 0.96
            status: LinkStatus = "linked"
            if similarity < config.identifier_name_similarity:
                status, confidence = "possible", 0.6
                evidence.append("names disagree")
            if a.kind == _PERSON and birth_relation(a, b) == "conflict":
                status, confidence = "possible", 0.5
                evidence.append("birth dates disagree")
            link = Link(a.id, b.id, "identifier", confidence, tuple(evidence), status)
            candidates.append(_Candidate(first, j, link))
    return candidates


BLOCK_KEYS = 3
"""Blocking keys per name: its rarest phonetic keys. Pairs of the three rarest
found all but 6 of the 8,424 name links that all pairs of keys find on
../shared/lists, with 40% fewer candidate pairs (run of 2025-11, this module)."""


def _block_keys(screener: Screener) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Blocks of (designation position, name position) sharing two rare phonetic keys."""
    keys_of: dict[tuple[int, int], set[str]] = {}
    frequency: Counter[str] = Counter()
    for indexed in screener.index.names:
        keys = {
            key
            for unit in units_of(indexed.normalized.tokens)
            if unit.size == 1 and unit.role == "name"
            for key in (phonetic_key(unit.forms[0]),)
            if len(key) >= 2
        }
        keys_of[(indexed.designation, indexed.name)] = keys
        frequency.update(keys)
    blocks: defaultdict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for entry, keys in keys_of.items():
        rarest = sorted(sorted(keys, key=lambda k: (frequency[k], k))[:BLOCK_KEYS])
        if len(rarest) == 1 and len(rarest[0]) >= 3:
            blocks[(rarest[0],)].append(entry)
        for pair in itertools.combinations(rarest, 2):
            blocks[pair].append(entry)
    return blocks


def _name_links(
    screener: Screener, names: _NameScorer, config: LinkingConfig, groups: _Groups
) -> list[_Candidate]:
    designations = screener.designations
    pairs: defaultdict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for entries in _block_keys(screener).values():
        if len(entries) < 2 or len({d for d, _ in entries}) > config.max_block:
            continue
        for (d1, n1), (d2, n2) in itertools.combinations(entries, 2):
            if d1 == d2 or designations[d1].source_id == designations[d2].source_id:
                continue
            if d1 < d2:
                pairs[(d1, d2)].add((n1, n2))
            else:
                pairs[(d2, d1)].add((n2, n1))
    candidates = []
    for (i, j), name_pairs in pairs.items():
        a, b = designations[i], designations[j]
        if groups.find(i) == groups.find(j) or not kinds_compatible(a, b):
            continue
        births = birth_relation(a, b)
        if births == "conflict":
            continue
        chosen = sorted(name_pairs)[: config.max_name_pairs]
        similarity, name_text = names.best(a, b, chosen)
        if similarity < config.min_name_similarity:
            continue
        link = _judge_name_link(a, b, similarity, name_text, births, config)
        if link is not None:
            candidates.append(_Candidate(i, j, link))
    return candidates


def _judge_name_link(
    a: Designation,
    b: Designation,
    similarity: float,
    name_text: str,
    births: BirthRelation,
    config: LinkingConfig,
) -> Link | None:
    countries = country_relation(a, b)
    evidence = [name_text]
    if births == "same_day":
        factor = 1.0
        evidence.append("same birth date")
    elif births == "same_year":
        factor = 0.97
        evidence.append("birth years agree")
    elif countries == "agree":
        shared = sorted(set(a.countries) & set(b.countries))
        factor = config.country_factor if a.kind == _PERSON or b.kind == _PERSON else 0.95
        evidence.append(f"country {', '.join(shared)} agrees")
    else:
        factor = config.bare_factor
        evidence.append("no birth date or country to corroborate")
    if countries == "conflict":
        factor *= 0.9
        evidence.append(f"countries differ ({', '.join(a.countries)} / {', '.join(b.countries)})")
    confidence = round(similarity * factor, 4)
    if confidence >= config.link_confidence:
        return Link(a.id, b.id, "name", confidence, tuple(evidence))
    if confidence >= config.possible_confidence:
        return Link(a.id, b.id, "name", confidence, tuple(evidence), "possible")
    return None


def link_parties(screener: Screener, *, config: LinkingConfig | None = None) -> PartyLinks:
    """Group the screener's designations into parties; see the module docstring.

    Uses the screener's normalised names (for blocking) and its scoring (for
    name agreement), so rarity weights and transliteration are the matcher's.
    """
    config = config or LinkingConfig()
    designations = screener.designations
    jurisdiction = {s.source.id: s.source.jurisdiction for s in screener.lists.snapshots}
    names = _NameScorer(screener)
    groups = _Groups(designations)
    merged: defaultdict[int, list[Link]] = defaultdict(list)
    possible: list[tuple[int, Link]] = []

    def apply(
        candidates: Iterable[_Candidate], *, check_births: bool, check_sources: bool = False
    ) -> None:
        ordered = sorted(candidates, key=lambda c: (-c.link.confidence, c.link.a, c.link.b))
        for candidate in ordered:
            link = candidate.link
            if link.status == "possible":
                possible.append((candidate.i, link))
                continue
            if groups.find(candidate.i) != groups.find(candidate.j):
                reason = groups.conflict(
                    candidate.i, candidate.j, check_births=check_births, check_sources=check_sources
                )
                if reason is not None:
                    refused = attrs.evolve(
                        link, status="possible", evidence=(*link.evidence, reason)
                    )
                    possible.append((candidate.i, refused))
                    continue
                groups.union(candidate.i, candidate.j)
            merged[candidate.i].append(link)

    apply(_key_links(designations), check_births=False)
    apply(_cross_reference_links(designations, jurisdiction), check_births=False)
    apply(_identifier_links(designations, names, config), check_births=True)
    apply(_name_links(screener, names, config, groups), check_births=True, check_sources=True)
    return _build(designations, groups, merged, possible)


def _build(
    designations: Sequence[Designation],
    groups: _Groups,
    merged: dict[int, list[Link]],
    possible: list[tuple[int, Link]],
) -> PartyLinks:
    links_by_root: defaultdict[int, list[Link]] = defaultdict(list)
    for i, links in merged.items():
        links_by_root[groups.find(i)].extend(links)
    position = {d.id: i for i, d in enumerate(designations)}
    possible_by_root: defaultdict[int, list[Link]] = defaultdict(list)
    all_possible = []
    for i, link in possible:
        root, other = groups.find(i), groups.find(position[link.b])
        if root == other:
            continue  # merged after all, by other evidence
        possible_by_root[root].append(link)
        possible_by_root[other].append(link)
        all_possible.append(link)
    built = []
    for root, members in groups.members.items():
        ids = tuple(sorted(designations[m].id for m in members))
        built.append(
            PartyGroup(
                id=f"party:{ids[0]}",
                designation_ids=ids,
                links=tuple(links_by_root.get(root, ())),
                possible=tuple(possible_by_root.get(root, ())),
                un_references=tuple(sorted(groups.un_refs[root])),
            )
        )
    built.sort(key=lambda g: g.id)
    return PartyLinks(designations, built, all_possible)
