"""Spreadsheet rows: real xlsx/ods files; truncated, bombed, mis-encoded and empty inputs."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from screening.errors import ListFormatError
from screening.sources.spreadsheet import (
    MAX_UNCOMPRESSED_BYTES,
    Row,
    check_zip,
    column_map,
    iter_csv_rows,
    iter_ods_rows,
    iter_rows,
)
from tests.conftest import LISTS

FCDO_ODS = LISTS / "uk" / "FCDO_SL_Mon_Aug_11_2025.ods"
DFAT_XLSX = LISTS / "australia" / "regulation8_consolidated.xlsx"


def test_ods_rows_skip_the_million_padding_rows() -> None:
    rows = list(iter_rows(FCDO_ODS))
    # header + 5,302 designations; the trailing table:number-rows-repeated="1043268"
    # and the 16,376 repeated empty cells per row are counted, not materialised.
    assert len(rows) == 5303
    assert rows[0].cells[:3] == ("Unique ID", "OFSI Group ID", "Name")
    assert len(rows[0].cells) == 8
    assert rows[-1].number == 5303
    assert rows[-1].location == "sheet UK_Sanction_List, row 5303"
    lib0072 = next(row for row in rows if row.cells[0] == "LIB0072")
    assert lib0072.cells[1:4] == ("14105", "al Kani Mohamed", "Libya")


def test_xlsx_rows_are_text_with_trailing_empty_columns_trimmed() -> None:
    rows = iter_rows(DFAT_XLSX)
    header = next(rows)
    first = next(rows)
    assert header.number == 1 and header.sheet == "Sheet1"
    assert len(header.cells) == 12  # the sheet's 256-column dimension is trimmed
    assert first.number == 2
    assert first.cells[0] == "2"  # an int cell, as text
    assert first.cells[11] == "2014-12-15"  # an Excel date, as an ISO date


def test_csv_rows_number_records_by_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text('\ufeffa,b\n"multi\nline",x\n\n,\nlast,y,,\n', encoding="utf-8")
    rows = list(iter_csv_rows(path))
    assert rows == [
        Row(1, ("a", "b")),
        Row(2, ("multi\nline", "x")),
        Row(6, ("last", "y")),
    ]
    assert rows[1].location == "line 2"


def test_csv_in_the_wrong_encoding_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Name,Country\nJosé,Perú\n".encode("latin-1"))
    with pytest.raises(ListFormatError, match="not UTF-8") as info:
        list(iter_rows(path))
    assert info.value.path == str(path)
    assert info.value.location


def test_empty_file_is_refused_with_a_location(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="empty") as info:
        list(iter_rows(path))
    assert info.value.location == "start of file"


@pytest.mark.parametrize("source", [FCDO_ODS, DFAT_XLSX])
def test_truncated_zip_is_refused_naming_the_file(tmp_path: Path, source: Path) -> None:
    path = tmp_path / f"cut{source.suffix}"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListFormatError, match="truncated or corrupt") as info:
        list(iter_rows(path))
    assert info.value.path == str(path)


def test_corrupt_member_data_is_refused_with_a_location(tmp_path: Path) -> None:
    # Central directory intact, compressed bytes of content.xml damaged.
    path = tmp_path / "damaged.ods"
    data = bytearray(FCDO_ODS.read_bytes())
    with zipfile.ZipFile(FCDO_ODS) as archive:
        info = archive.getinfo("content.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 50_000, start + 50_400):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(ListFormatError) as info_error:
        list(iter_ods_rows(path))
    assert info_error.value.location is not None
    assert "content.xml" in info_error.value.location


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(ListFormatError, match="zip bomb") as info:
        list(iter_rows(path))
    assert info.value.location == "member xl/worksheets/sheet1.xml"


def test_zip_bomb_by_declared_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "declared.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    data = bytearray(path.read_bytes())
    # Declare 4 GB uncompressed for every member in the central directory.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<I", data, position + 24, 0xFFFF0000)
        position = data.find(b"PK\x01\x02", position + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(ListFormatError, match="declares") as info:
        check_zip(path)
    assert f"{MAX_UNCOMPRESSED_BYTES:,}" in str(info.value)


def test_ods_repeated_cells_and_rows(tmp_path: Path) -> None:
    content = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
 <office:body><office:spreadsheet>
  <table:table table:name="First">
   <table:table-row>
    <table:table-cell office:value-type="string"
     ><text:p>a<text:s text:c="2"/>b</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="3"/>
    <table:table-cell office:value-type="float" office:value="42"
     ><text:p>42.00</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="16000"/>
   </table:table-row>
   <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
   <table:table-row table:number-rows-repeated="2">
    <table:table-cell office:value-type="date" office:date-value="2021-05-13"/>
   </table:table-row>
  </table:table>
  <table:table table:name="Second"><table:table-row>
   <table:table-cell office:value-type="string"><text:p>other</text:p></table:table-cell>
  </table:table-row></table:table>
 </office:spreadsheet></office:body>
</office:document-content>"""
    path = tmp_path / "small.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert list(iter_rows(path)) == [
        Row(1, ("a  b", "", "", "", "42"), "First"),
        Row(1_000_002, ("2021-05-13",), "First"),
        Row(1_000_003, ("2021-05-13",), "First"),
    ]
    assert list(iter_rows(path, sheet="Second")) == [Row(1, ("other",), "Second")]
    with pytest.raises(ListFormatError, match="no table 'Third'"):
        list(iter_rows(path, sheet="Third"))


def test_missing_required_column_names_the_header_row(tmp_path: Path) -> None:
    header = Row(2, ("Name 6", "Name 1", " group  id "), "Data")
    columns = column_map(header, ["Name 6", "Group ID"], path=tmp_path / "x.xlsx")
    assert columns["Group ID"] == 2 and columns["Name 1"] == 1
    with pytest.raises(ListFormatError, match=r"missing required column.*Group Type") as info:
        column_map(header, ["Group Type"], path=tmp_path / "x.xlsx")
    assert info.value.location == "sheet Data, row 2"
