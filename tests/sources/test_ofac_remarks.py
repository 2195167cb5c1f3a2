"""OFAC Remarks mini-language: table-driven cases from the real files, and invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from screening.model import Country, Identifier, PartialDate
from screening.sources.ofac_remarks import (
    RemarkFacts,
    identifier_kind,
    parse_remarks,
    split_remarks,
    vessel_facts,
)


def test_al_kani_remarks() -> None:
    facts = parse_remarks(
        "DOB 03 May 1979; nationality Libya; Gender Male; Passport F86JKFJF (Libya); "
        "Linked To: KANIYAT MILITIA."
    )
    assert [d.earliest for d in facts.birth_dates] == [PartialDate(1979, 5, 3)]
    assert facts.nationalities == (Country("LY", "Libya"),)
    assert facts.gender == "male"
    assert facts.identifiers == (
        Identifier("passport", "F86JKFJF", Country("LY", "Libya"), label="Passport"),
    )
    assert facts.related == ("KANIYAT MILITIA",)
    assert facts.names == ()
    assert facts.text == ""


def test_weak_aliases_keep_type_and_quality() -> None:
    facts = parse_remarks(
        "a.k.a. 'KANIYAT'; a.k.a. 'AL-KANIYAT'; n.k.a. 'NEW NAME'; f.k.a. 'TARHUNA BRIGADE'."
    )
    assert [(n.full, n.type, n.quality) for n in facts.names] == [
        ("KANIYAT", "aka", "weak"),
        ("AL-KANIYAT", "aka", "weak"),
        ("NEW NAME", "nka", "weak"),
        ("TARHUNA BRIGADE", "fka", "weak"),
    ]


@pytest.mark.parametrize(
    ("remarks", "statements"),
    [
        # apostrophes inside a quoted alias (Arabic ayn) do not close it
        (
            "a.k.a. ''ABD-AL-'IZ'; a.k.a. 'ABU AL-WAFA''.",
            ["a.k.a. ''ABD-AL-'IZ'", "a.k.a. 'ABU AL-WAFA''"],
        ),
        # a semicolon inside quotes does not split
        ("a.k.a. 'A; B'; DOB 1970.", ["a.k.a. 'A; B'", "DOB 1970"]),
        # ... but a quote closed before the ';' ends the alias there
        (
            "a.k.a. 'X' (old); Linked To: PRIVATE MILITARY COMPANY 'WAGNER'.",
            ["a.k.a. 'X' (old)", "Linked To: PRIVATE MILITARY COMPANY 'WAGNER'"],
        ),
        # the closing period is not part of the last statement ...
        ("Linked To: KANIYAT MILITIA.", ["Linked To: KANIYAT MILITIA"]),
        # ... unless OFAC left it on an abbreviation and did not double it
        ("Linked To: PETROLEOS DE VENEZUELA, S.A.", ["Linked To: PETROLEOS DE VENEZUELA, S.A."]),
        ("Linked To: BIESTRA S.A.; DOB 1960.", ["Linked To: BIESTRA S.A.", "DOB 1960"]),
        ("", []),
        (" ; ;", []),
    ],
)
def test_split_remarks(remarks: str, statements: list[str]) -> None:
    assert split_remarks(remarks) == statements


def test_qadhafi_dates_places_and_documents() -> None:
    facts = parse_remarks(
        "DOB 1977; alt. DOB 1976; alt. DOB 01 Jan 1978; POB Tripoli, Libya; Gender Female; "
        "Passport 215215 (Libya); alt. Passport 428720 (Libya); alt. Passport B/011641; "
        "alt. Passport 03824970 (Oman) issued 04 May 2014 expires 03 May 2024; "
        "National ID No. 98606612."
    )
    assert [str(d) for d in facts.birth_dates] == ["1977", "1976", "1978-01-01"]
    assert facts.birth_places == ("Tripoli, Libya",)
    assert facts.gender == "female"
    assert [(i.kind, i.number, i.country and i.country.code) for i in facts.identifiers] == [
        ("passport", "215215", "LY"),
        ("passport", "428720", "LY"),
        ("passport", "B/011641", None),
        ("passport", "03824970", "OM"),
        ("national_id", "98606612", None),
    ]
    assert facts.identifiers[3].note == "issued 04 May 2014 expires 03 May 2024"


@pytest.mark.parametrize(
    ("statement", "kind", "number", "label"),
    [
        (
            "Vessel Registration Identification IMO 9187629",
            "imo",
            "9187629",
            "Vessel Registration Identification",
        ),
        ("Identification Number IMO 5342883", "imo", "5342883", "Identification Number"),
        ("MMSI 572469210", "mmsi", "572469210", "MMSI"),
        ("SWIFT/BIC HAVIGB2L", "swift_bic", "HAVIGB2L", "SWIFT/BIC"),
        (
            "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
            "digital_currency",
            "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
            "Digital Currency Address - XBT",
        ),
        ("Email Address info@gicdf.org", "email", "info@gicdf.org", "Email Address"),
        ("Website www.gicdf.org", "website", "www.gicdf.org", "Website"),
        ("Telephone No. (218) (0)214778301", "phone", "(218) (0)214778301", "Telephone No."),
        ("Fax (98)(21)(22224537)", "phone", "(98)(21)(22224537)", "Fax"),
        ("Tax ID No. 100036386 (Serbia)", "tax_id", "100036386", "Tax ID No."),
        ("National ID No. 216040 (Yemen)", "national_id", "216040", "National ID No."),
        (
            "Registration Number HRA 738077 (Stuttgart) (Germany)",
            "registration",
            "HRA 738077 (Stuttgart)",
            "Registration Number",
        ),
        (
            "Unified Social Credit Code (USCC) 9113100033607322XK (China)",
            "registration",
            "9113100033607322XK",
            "Unified Social Credit Code (USCC)",
        ),
        ("Aircraft Tail Number N200VR", "other", "N200VR", "Aircraft Tail Number"),
        (
            "MSB Registration Number 31000123456789",
            "other",
            "31000123456789",
            "MSB Registration Number",
        ),
    ],
)
def test_identifiers(statement: str, kind: str, number: str, label: str) -> None:
    facts = parse_remarks(statement + ".")
    assert len(facts.identifiers) == 1, facts
    identifier = facts.identifiers[0]
    assert (identifier.kind, identifier.number, identifier.label) == (kind, number, label)


@pytest.mark.parametrize(
    "statement",
    [
        "Secondary sanctions risk: section 1(b) of Executive Order 13224",
        "Organization Established Date 1969",
        "Additional Sanctions Information - Subject to Secondary Sanctions",
        "Member of the State Duma of the Federal Assembly of the Russian Federation",
        "Former Vessel Flag Malta",
    ],
)
def test_facts_that_are_no_identifiers_stay_text(statement: str) -> None:
    facts = parse_remarks(statement)
    assert facts.identifiers == ()
    assert facts.text == statement


def test_xml_wraps_links_in_parentheses() -> None:
    facts = parse_remarks(
        "All offices worldwide; (Linked To: HUAWEI INVESTMENT & HOLDING CO., LTD.)"
    )
    assert facts.related == ("HUAWEI INVESTMENT & HOLDING CO., LTD.",)
    assert facts.text == "All offices worldwide"


def test_citizenship_and_korea() -> None:
    facts = parse_remarks("nationality Korea, North; alt. nationality Russia; citizen Mexico.")
    assert [c.code for c in facts.nationalities] == ["KP", "RU"]
    assert [c.code for c in facts.citizenships] == ["MX"]


def test_identifier_kind_for_xml_id_types() -> None:
    assert identifier_kind("Passport") == "passport"
    assert identifier_kind("Website") == "website"
    assert identifier_kind("Tax ID No.") == "tax_id"
    assert identifier_kind("Digital Currency Address - ETH") == "digital_currency"
    assert identifier_kind("Secondary sanctions risk:") is None
    assert identifier_kind("Target Type") is None
    assert identifier_kind("Listing Date (CMIC)") is None


def test_vessel_flag_is_no_nationality() -> None:
    facts = vessel_facts(call_sign="T2EU4", vessel_type="Tug", flag="Iran", owner="NITC")
    assert facts.identifiers == (Identifier("other", "T2EU4", label="Vessel Call Sign"),)
    assert facts.related == ("NITC",)
    assert facts.statements == ("Vessel Type Tug", "Vessel Flag Iran", "Vessel Owner NITC")


# --- invariants -----------------------------------------------------------------------------


@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    facts = parse_remarks(text)
    assert isinstance(facts, RemarkFacts)
    assert all(name.full and name.quality == "weak" for name in facts.names)


_NAME = st.text(alphabet="ABCKNQXYZ abc-'0;,", min_size=1, max_size=20).map(str.strip)


@given(st.lists(st.tuples(st.sampled_from(["a", "f", "n"]), _NAME), min_size=1, max_size=5))
def test_recovers_generated_aliases(aliases: list[tuple[str, str]]) -> None:
    """Oracle: remarks written the way OFAC writes them give back exactly the aliases."""
    for _prefix, name in aliases:
        assume(name and name[0] not in "'-;," and name[-1] not in ";,")
        # A quote then "," or ";" inside an alias reads as its end ("'0',;0'"):
        # OFAC writes lists of quoted aliases that way, so such text is ambiguous.
        assume(not re.search(r"'\s*[;,]", name))
    text = "; ".join(f"{prefix}.k.a. '{name}'" for prefix, name in aliases) + "."
    facts = parse_remarks(f"DOB 1970; {text}")
    types = {"a": "aka", "f": "fka", "n": "nka"}
    assert [(n.type, n.full) for n in facts.names] == [(types[p], n) for p, n in aliases]
    assert [str(d) for d in facts.birth_dates] == ["1970"]


def test_keywords_need_a_word_boundary() -> None:
    facts = parse_remarks(
        "nationality: Eritrean; Alt. POB: Keren Eritrea; "
        "Citizen's Card Number 421002197703250019 (China); "
        "Nationality of Registration Korea, North."
    )
    assert facts.nationalities == (Country("ER", "Eritrean"),)
    assert facts.birth_places == ("Keren Eritrea",)
    assert facts.citizenships == ()
    assert [(i.kind, i.label) for i in facts.identifiers] == [
        ("national_id", "Citizen's Card Number")
    ]
    assert facts.text == "Nationality of Registration Korea, North"
