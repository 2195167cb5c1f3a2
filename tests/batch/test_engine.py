"""`screen_batch`: one result per row, in order; bad rows become error results; workers agree."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import screening
from screening.batch import InputRow, RowResult, screen_batch
from screening.errors import ConfigError
from screening.screener import Screener

CUSTOMERS = [
    {"id": "1", "name": "Muhammad Al Kani", "dob": "1979-05-03", "country": "LY"},
    {"id": "2", "name": "Emma Johnson", "kind": "person"},
    {"id": "3", "name": "Moammar Gaddafi"},
    {"id": "4", "name": ""},
    {"id": "5", "name": "Oliver Smith", "dob": "1987-31-31"},
    {"id": "6", "name": 12345},
    {"id": "7", "name": "Jane Roe", "kind": "spaceship"},
    {"id": "8", "name": "Kaniyat Militia", "kind": "Company"},
    {"id": "9", "name": "Владимир Путин", "dob": dt.date(1952, 10, 7)},
    {"id": "10", "name": "Jane Roe", "dob": ["1970"]},
    {"id": "11", "name": None},
]


def test_each_row_gets_one_result_in_order(screener: Screener) -> None:
    results = list(screen_batch(CUSTOMERS, screener=screener))
    assert [r.row for r in results] == list(range(1, len(CUSTOMERS) + 1))
    assert [r.record_id for r in results] == [c["id"] for c in CUSTOMERS]
    by_id = {r.record_id: r for r in results}
    assert by_id["1"].status == "alert"
    assert by_id["1"].hits[0].designation_id in {
        "us-ofac-sdn:29119",
        "uk-ofsi:14105",
        "eu-fsf:900033",
    }
    assert "birth date 1979-05-03 agrees" in by_id["1"].hits[0].explanation
    assert by_id["2"].status == "ok" and by_id["2"].hits == ()
    assert by_id["3"].hits[0].designation_id == "us-ofac-sdn:12606"
    assert by_id["8"].status == "alert"
    assert by_id["9"].hits[0].matched_name.upper().endswith("PUTIN")
    assert by_id["1"].best_score == by_id["1"].hits[0].score
    assert by_id["2"].best_score is None


@pytest.mark.parametrize(
    ("record_id", "reason"),
    [
        ("4", "the name is empty"),
        ("5", "cannot read birth date '1987-31-31'"),
        ("6", "the name must be text, not int"),
        ("7", "unknown kind 'spaceship'"),
        ("10", "birth date must be text or a date, not list"),
        ("11", "the name is empty"),
    ],
)
def test_bad_rows_become_error_results(screener: Screener, record_id: str, reason: str) -> None:
    results = {r.record_id: r for r in screen_batch(CUSTOMERS, screener=screener)}
    result = results[record_id]
    assert result.status == "error"
    assert result.error is not None and reason in result.error
    assert result.hits == ()


def test_plain_names_and_reader_errors(screener: Screener) -> None:
    rows = ["Muhammad Al Kani", InputRow(row=2, name=None, error="line 3: broken"), "Jane Roe"]
    results = list(screen_batch(rows, screener=screener))  # type: ignore[arg-type]
    assert [r.status for r in results] == ["alert", "error", "ok"]
    assert results[1].error == "line 3: broken"


def test_a_bad_option_fails_the_run_not_the_rows(screener: Screener) -> None:
    with pytest.raises(ConfigError, match="unknown source"):
        list(screen_batch(["Jane Roe"], screener=screener, sources=["no-such-list"]))


def test_threshold_top_and_filters(screener: Screener) -> None:
    [strict] = screen_batch(["Mohamed Alkani"], screener=screener, threshold=1.0, top=1)
    [loose] = screen_batch(["Mohamed Alkani"], screener=screener, threshold=0.5, top=5)
    assert len(loose.hits) > len(strict.hits)
    assert len(strict.hits) <= 1
    [uk_only] = screen_batch(["Mohamed Alkani"], screener=screener, sources=["uk-ofsi"])
    assert {h.source for h in uk_only.hits} == {"uk-ofsi"}
    # A scope filter applies to the linked party: the EU lists al-Kani, so his US
    # and UK listings stay too; a party no regional list carries is dropped.
    [regional] = screen_batch(["Mohamed Alkani"], screener=screener, scope=["regional"])
    assert "regional" in {h.scope for h in regional.hits}
    parties = {m.designation.id: m.listings for m in screener.match("Mohamed Alkani", limit=50)}
    for hit in regional.hits:
        assert any(listing.scope == "regional" for listing in parties[hit.designation_id].listings)


def test_one_and_two_workers_give_identical_results(screener: Screener) -> None:
    rows = CUSTOMERS * 30
    one = list(screen_batch(rows, screener=screener, workers=1, chunk_size=7))
    two = list(screen_batch(rows, screener=screener, workers=2, chunk_size=7))
    assert one == two
    assert len(two) == len(rows)
    assert [r.row for r in two] == list(range(1, len(rows) + 1))


def test_screen_batch_is_exported() -> None:
    assert screening.screen_batch is screen_batch


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.fixed_dictionaries(
                {"name": st.one_of(st.text(max_size=30), st.integers(), st.none())},
                optional={"dob": st.text(max_size=12), "kind": st.text(max_size=8)},
            ),
        ),
        max_size=15,
    )
)
def test_any_input_yields_one_result_per_row(screener: Screener, rows: list[object]) -> None:
    results = list(screen_batch(rows, screener=screener, chunk_size=4))  # type: ignore[arg-type]
    assert [r.row for r in results] == list(range(1, len(rows) + 1))
    assert all(isinstance(r, RowResult) for r in results)
    assert all((r.status == "error") == (r.error is not None) for r in results)


def test_a_repeated_name_is_finished_per_row_with_its_own_birth_date(
    screener: Screener,
) -> None:
    # The batch prepares a name once and adds each row's birth date and
    # countries: a threshold just above the name score is reached only by
    # the row whose birth date agrees.
    name = "Mohamed Alkanu Ali"
    name_score = screener.match(name, threshold=0.5)[0].explanation.name_score
    threshold = round(name_score + 0.03, 4)
    rows = [
        {"id": "agrees", "name": name, "dob": "1979-05-03"},
        {"id": "conflicts", "name": name, "dob": "1950-01-01"},
        {"id": "no date", "name": name},
        {"id": "country", "name": name, "country": "LY"},
    ]
    results = {r.record_id: r for r in screen_batch(rows, screener=screener, threshold=threshold)}
    assert results["agrees"].status == "alert"
    assert results["conflicts"].status == results["no date"].status == "ok"
    for row in rows:
        expected = screener.match(
            name,
            birth_date=row.get("dob"),
            countries=[row["country"]] if "country" in row else (),
            threshold=threshold,
            limit=3,
        )
        got = results[row["id"]].hits
        assert [(h.designation_id, h.score) for h in got] == [
            (m.designation.id, m.score) for m in expected
        ]
