"""Linking designations across every real list in ../shared/lists."""

from __future__ import annotations

import pytest

from screening import Screener, load
from screening.linking import (
    PartyLinks,
    birth_relation,
    identifier_keys,
    link_parties,
    normalize_un_reference,
)
from screening.model import BirthDate, Country, Designation, Identifier, Name, PartialDate
from tests.conftest import LISTS

ALL_LISTS = (
    "un/consolidated.xml",
    "ofac/sdn-2021-07/sdn.csv",
    "ofac/consolidated.xml",
    "uk/ConList.xlsx",
    "uk/FCDO_SL_Mon_Aug_11_2025.ods",
    "canada/sema-lmes.xml",
    "australia/regulation8_consolidated.xlsx",
    "samples/eu_fsf_1_1_carved_sample.xml",
    "samples/ch_seco_carved_sample.xml",
)
"""One snapshot per source (the 2021 OFAC set is alias-complete; see the lists README)."""


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(load(*(LISTS / path for path in ALL_LISTS)))


@pytest.fixture(scope="module")
def links(screener: Screener) -> PartyLinks:
    return screener.links


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LYi.009", "LYi.009"),
        ("LYi 009", "LYi.009"),
        ("lyi.9", "LYi.009"),
        ("QDe.144", "QDe.144"),
        ("KPi-033", "KPi.033"),
        ("LIB0072", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_un_reference(text: str | None, expected: str | None) -> None:
    assert normalize_un_reference(text) == expected


def _person(id_: str, *, birth: PartialDate | None = None, **kwargs: object) -> Designation:
    births = (BirthDate(birth),) if birth else ()
    return Designation(
        id_,
        id_.split(":")[0],
        "person",
        (Name("A B"),),
        birth_dates=births,
        **kwargs,  # type: ignore[arg-type]
    )


def test_birth_relation() -> None:
    day = _person("a:1", birth=PartialDate(1979, 5, 3))
    assert birth_relation(day, _person("b:1", birth=PartialDate(1979, 5, 3))) == "same_day"
    assert birth_relation(day, _person("b:2", birth=PartialDate(1979))) == "same_year"
    assert birth_relation(day, _person("b:3", birth=PartialDate(1961))) == "conflict"
    assert birth_relation(day, _person("b:4")) == "unknown"


def test_identifier_keys_need_a_country_for_passports() -> None:
    designation = _person(
        "a:1",
        identifiers=(
            Identifier("passport", "F86JKFJF", Country("LY", "Libya")),
            Identifier("passport", "12345678"),
            Identifier("imo", "IMO 9187629"),
            Identifier("imo", "123"),
        ),
    )
    assert identifier_keys(designation) == {
        ("passport", "LY", "F86JKFJF"),
        ("imo", "", "9187629"),
    }


def test_al_kani_us_and_uk_linked_un_absent(links: PartyLinks) -> None:
    group = links.group_of("us-ofac-sdn:29119")
    assert group.designation_ids == ("uk-fcdo:LIB0072", "uk-ofsi:14105", "us-ofac-sdn:29119")
    assert group.un_references == ()
    bases = {link.basis for link in group.links}
    assert bases == {"cross_reference", "name"}
    name_link = next(link for link in group.links if link.basis == "name")
    assert name_link.confidence >= 0.9
    assert "birth years agree" in name_link.evidence
    kaniyat = links.group_of("us-ofac-sdn:29368")
    assert kaniyat.designation_ids == ("uk-fcdo:LIB0074", "uk-ofsi:14107", "us-ofac-sdn:29368")


def test_un_listing_linked_across_lists(links: PartyLinks) -> None:
    # Ayesha Qadhafi: UN LYi.009, the UK (OFSI with the UN reference, FCDO by
    # cross reference), OFAC 12610 and DFAT by name and birth date.
    group = links.group_of("un-sc:LYi.009")
    assert group.un_references == ("LYi.009",)
    assert {"uk-ofsi:11635", "uk-fcdo:LIB0047", "us-ofac-sdn:12610"} <= set(group.designation_ids)
    assert any(link.basis == "un_reference" for link in group.links)


def test_no_group_holds_two_un_references(links: PartyLinks) -> None:
    # OFSI groups 16180/16181 give a bare "CDi": not a reference, never a key.
    for group in links.groups:
        members = links.members(group)
        references = {normalize_un_reference(d.un_reference) for d in members} - {None}
        assert len(references) <= 1, group
        assert group.un_references == tuple(sorted(references))  # type: ignore[type-var]


def test_un_reference_links_are_precise(screener: Screener, links: PartyLinks) -> None:
    """Every pair linked by UN reference is one party: same reference, names agree."""
    checked = 0
    for link in links.links:
        if link.basis != "un_reference":
            continue
        a, b = links.designation(link.a), links.designation(link.b)
        assert normalize_un_reference(a.un_reference) == normalize_un_reference(b.un_reference)
        similarity = max(
            screener.compare(x.full, y.full).score for x in a.names[:5] for y in b.names[:5]
        )
        assert similarity >= 0.8, (link, similarity)
        checked += 1
    assert checked >= 800  # OFSI's UN-derived groups carry references


def test_every_link_carries_evidence_and_possible_links_are_not_merged(
    links: PartyLinks,
) -> None:
    assert links.possible
    for link in links.links:
        assert link.status == "linked" and link.evidence and 0.0 < link.confidence <= 1.0
    for link in links.possible[:500]:
        assert link.status == "possible" and link.evidence
        assert links.group_of(link.a) != links.group_of(link.b)


def test_name_links_never_join_two_entries_of_one_source(links: PartyLinks) -> None:
    for group in links.groups:
        sources = [d.source_id for d in links.members(group)]
        if len(sources) != len(set(sources)):
            # only key evidence (cross reference, identifier) may do that
            assert {link.basis for link in group.links} - {"name"}, group


def test_listings_and_scope_filter(screener: Screener) -> None:
    best = screener.match("Muhammad al-Kani", limit=1)[0]
    listings = best.listings
    assert not listings.listed_by_un
    assert listings.unilateral_only
    assert listings.jurisdictions == ("GB", "US")
    assert {item.source_id for item in listings.listings} == {"uk-fcdo", "uk-ofsi", "us-ofac-sdn"}
    assert not any(
        m.designation.id in {"us-ofac-sdn:29119", "uk-ofsi:14105"}
        for m in screener.match("Muhammad al-Kani", scope="un")
    )
    # A US or UK listing of a UN-listed party passes scope="un": the filter is on the party.
    hits = screener.match("Aisha Muammar Qadhafi", scope="un", limit=20)
    ids = {m.designation.id for m in hits}
    assert {"un-sc:LYi.009", "uk-ofsi:11635", "us-ofac-sdn:12610"} <= ids
    us = next(m for m in hits if m.designation.id == "us-ofac-sdn:12610")
    assert us.scope == "unilateral" and us.listings.listed_by_un
    assert [item.designation_id for item in us.listings.by_source("un-sc")] == ["un-sc:LYi.009"]


def test_link_parties_on_a_small_set_is_consistent(screener: Screener) -> None:
    small = Screener(load(LISTS / "un" / "consolidated.xml"))
    small_links = link_parties(small)
    assert len(small_links.groups) == len(small.designations)  # one source: no name links
