"""Reading customer files: encodings, delimiters, column detection, broken records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.batch import ColumnOptions, inspect_input, iter_rows
from screening.batch.readers import MAX_RECORD_LINES, count_records, detect_encoding
from screening.errors import ConfigError, InputError

HEADER = "id,name,dob,country\n"
ROWS = "1,Émile Zoë,1980-01-02,FR\n2,Мария Иванова,1975,RU\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
    ],
)
def test_unicode_encodings_and_boms(
    tmp_path: Path, encoding: str, bom: bytes, expected: str
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(bom + (HEADER + ROWS).encode(encoding))
    spec = inspect_input(path)
    assert spec.encoding == expected
    assert spec.header == ("id", "name", "dob", "country")
    rows = list(iter_rows(spec))
    assert [r.name for r in rows] == ["Émile Zoë", "Мария Иванова"]
    assert [r.record_id for r in rows] == ["1", "2"]
    assert rows[1].birth_date == "1975"
    assert rows[1].countries == ("RU",)


def test_legacy_single_byte_encoding_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    text = HEADER + "".join(f"{i},François Lefèvre-Müller {i},1980-01-02,FR\n" for i in range(50))
    path.write_bytes(text.encode("cp1252"))
    spec = inspect_input(path)
    assert spec.encoding is not None and spec.encoding != "utf-8"
    assert next(iter_rows(spec)).name == "François Lefèvre-Müller 0"


def test_utf8_cut_at_the_end_of_the_sample_is_still_utf8() -> None:
    assert detect_encoding("abc é".encode()[:-1]) == "utf-8"


@pytest.mark.parametrize(("delimiter", "suffix"), [(";", ".csv"), ("\t", ".tsv"), ("|", ".txt")])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str, suffix: str) -> None:
    path = tmp_path / f"customers{suffix}"
    path.write_text(
        delimiter.join(["Customer ID", "Full Name", "Date of Birth"])
        + "\n"
        + delimiter.join(["7", "Smith, John", "1970-05-05"])
        + "\n",
        encoding="utf-8",
    )
    spec = inspect_input(path)
    assert spec.delimiter == delimiter
    assert spec.columns.name == ("Full Name",)
    assert spec.columns.id == "Customer ID"
    assert spec.columns.dob == "Date of Birth"
    row = next(iter_rows(spec))
    assert (row.record_id, row.name, row.birth_date) == ("7", "Smith, John", "1970-05-05")


def test_given_and_family_columns_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "FirstName,Middle Name,Surname,Nationality\nMohamed,,Al Kani,Libya;Egypt\n",
        encoding="utf-8",
    )
    spec = inspect_input(path)
    assert spec.columns.name == ("FirstName", "Middle Name", "Surname")
    row = next(iter_rows(spec))
    assert row.name == "Mohamed Al Kani"
    assert row.countries == ("Libya", "Egypt")


def test_explicit_columns_win_and_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name,alias,ref\nA,Muhammad Al Kani,X1\n", encoding="utf-8")
    spec = inspect_input(path, columns=ColumnOptions(name="alias", id="ref"))
    row = next(iter_rows(spec))
    assert (row.name, row.record_id) == ("Muhammad Al Kani", "X1")
    with pytest.raises(InputError, match="--name 'nope' is not a column"):
        inspect_input(path, columns=ColumnOptions(name="nope"))


def test_no_name_column_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no name column found"):
        inspect_input(path)


def test_broken_quoting_costs_one_row_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    lines = [
        "id,name,dob",
        '1,"Smith, John",1970',
        '2,"Broken, Quote,1971',  # unterminated quote
        "3,Jane Doe,1972",
        '4,"Multi\nLine Name",1973',  # a quoted field spanning two lines is fine
        "5,Too,Many,Fields",
        "",
        "6,Last Row,1974",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(iter_rows(inspect_input(path)))
    assert [r.row for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].name == "Smith, John"
    assert rows[1].error is not None and "line 3" in rows[1].error
    assert "unbalanced quotes" in rows[1].error
    assert rows[2].name == "Jane Doe" and rows[2].error is None
    assert rows[3].name == "Multi\nLine Name"
    assert rows[4].error == "line 7: 4 fields where the header has 3"
    assert rows[5].name == "Last Row"


def test_a_stray_quote_near_the_end_does_not_lose_following_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    body = ['1,"open', *[f"{i},Name {i}" for i in range(2, MAX_RECORD_LINES + 20)]]
    path.write_text("id,name\n" + "\n".join(body) + "\n", encoding="utf-8")
    rows = list(iter_rows(inspect_input(path)))
    assert len(rows) == len(body)
    assert rows[0].error is not None
    assert all(r.error is None for r in rows[1:])


def test_skip_resumes_after_the_given_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name\n" + "".join(f"N{i}\n" for i in range(1, 11)), encoding="utf-8")
    spec = inspect_input(path)
    assert [r.name for r in iter_rows(spec, skip=7)] == ["N8", "N9", "N10"]
    assert count_records(spec) == 10


def test_json_lines_with_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "name": "Vladimir Putin", "country": ["RU"]}),
                "{not json",
                "[1, 2]",
                "",
                json.dumps({"id": "x", "name": 42}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    spec = inspect_input(path)
    assert spec.format == "jsonl"
    rows = list(iter_rows(spec))
    assert [r.row for r in rows] == [1, 2, 3, 4]
    assert rows[0].countries == ("RU",) and rows[0].record_id == "1"
    assert rows[1].error is not None and rows[1].error.startswith("line 2: invalid JSON")
    assert rows[2].error == "line 3: a JSON list, not an object"
    assert rows[3].name == 42  # the wrong type is reported when screened


def test_parquet_input(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt

    table = pa.table(
        {
            "customer_id": ["a", "b", "c"],
            "name": ["Muhammad Al Kani", None, "Jane Roe"],
            "birth_date": [dt.date(1979, 5, 3), None, dt.date(1990, 1, 1)],
            "extra": [1, 2, 3],
        }
    )
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=2)
    spec = inspect_input(path)
    assert spec.format == "parquet"
    assert spec.columns.dob == "birth_date"
    rows = list(iter_rows(spec, batch_size=1))
    assert [r.row for r in rows] == [1, 2, 3]
    assert rows[0].birth_date == dt.date(1979, 5, 3)
    assert rows[1].name is None
    assert count_records(spec) == 3


def test_unknown_format_option(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name\nA\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown input format"):
        inspect_input(path, input_format="xml")
