"""Crashes found by ``benchmarks/fuzz.py``, kept as regression tests, and a short fuzz run.

Each regression rebuilds the crashing input (a mutated zip) from its essence
instead of storing the fuzzer's bytes. The smoke run feeds every fuzz target a
fixed number of seeded mutations (the random engine: deterministic, a few
seconds in all); the long coverage-guided run is the script itself.
"""

from __future__ import annotations

import importlib.util
import io
import struct
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from screening import ListFormatError, load_file
from screening.sources.spreadsheet import zip_member_head

FUZZ_SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"


def fuzz_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screening_fuzz", FUZZ_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("screening_fuzz", module)
    spec.loader.exec_module(module)
    return module


def small_xlsx() -> bytes:
    fuzz = fuzz_module()
    data: bytes = fuzz._xlsx([["Reference", "Name of Individual or Entity"], ["1", "A B"]])
    return data


def _patch_central_directory(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Set one field of every central directory entry (``PK\\x01\\x02``) of a zip."""
    buffer = bytearray(data)
    start = 0
    while (found := buffer.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into(fmt, buffer, found + offset, value)
        start = found + 4
    return bytes(buffer)


def _patch_local_headers(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    buffer = bytearray(data)
    start = 0
    while (found := buffer.find(b"PK\x03\x04", start)) >= 0:
        struct.pack_into(fmt, buffer, found + offset, value)
        start = found + 4
    return bytes(buffer)


@pytest.mark.parametrize("format_id", ["au-dfat-xlsx", "uk-ofsi", "uk-fcdo-ods"])
def test_zip_needing_a_newer_zip_version(tmp_path: Path, format_id: str) -> None:
    """Fuzz crash: "NotImplementedError: zip file version 17.7" from zipfile.ZipFile()."""
    path = tmp_path / "list.xlsx"
    path.write_bytes(_patch_central_directory(small_xlsx(), 6, "<H", 177))
    with pytest.raises(ListFormatError, match="zip file version"):
        load_file(path, format_id=format_id)


@pytest.mark.parametrize("format_id", ["au-dfat-xlsx", "uk-ofsi", "uk-fcdo-ods"])
def test_zip_with_an_unknown_compression_method(tmp_path: Path, format_id: str) -> None:
    """Fuzz crash: "NotImplementedError: zip file version 14.8" class, on opening a member:
    a method zipfile cannot decompress (99 is AES encryption)."""
    data = _patch_central_directory(small_xlsx(), 10, "<H", 99)
    data = _patch_local_headers(data, 8, "<H", 99)
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    with pytest.raises(ListFormatError):
        load_file(path, format_id=format_id)
    assert zip_member_head(path, "xl/workbook.xml") == b""  # sniffers never raise


@pytest.mark.parametrize("format_id", ["au-dfat-xlsx", "uk-ofsi", "uk-fcdo-ods"])
def test_zip_with_encrypted_members(tmp_path: Path, format_id: str) -> None:
    """Fuzz crash: "RuntimeError: File 'content.xml' is encrypted, password required"."""
    data = _patch_central_directory(small_xlsx(), 8, "<H", 1)
    data = _patch_local_headers(data, 6, "<H", 1)
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    with pytest.raises(ListFormatError):
        load_file(path, format_id=format_id)
    assert zip_member_head(path, "xl/workbook.xml") == b""


def test_ods_without_its_mimetype_is_refused(tmp_path: Path) -> None:
    """Fuzz crash: openpyxl's InvalidFileException (a plain Exception) for a .ods
    file whose mimetype member was damaged, so it was read as an xlsx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheeX")
        archive.writestr("content.xml", b"<a/>")
    path = tmp_path / "list.ods"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ListFormatError, match="xlsx"):
        load_file(path, format_id="uk-fcdo-ods")


@pytest.mark.parametrize(
    "format_id", ["ofac-xml", "un-xml", "eu-fsf-xml", "uk-fcdo-xml", "ca-sema-xml", "ch-seco-xml"]
)
@pytest.mark.parametrize("encoding", ["UTF-7", "UTF-16", "x-no-such-encoding"])
def test_xml_declaring_an_encoding_expat_cannot_read(
    tmp_path: Path, format_id: str, encoding: str
) -> None:
    """Fuzz crash (ca-sema-xml): "ValueError: multi-byte encodings are not supported"
    from expat for encoding="UTF-7" in the XML declaration."""
    path = tmp_path / "list.xml"
    path.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n<data-set/>\n'.encode())
    with pytest.raises(ListFormatError):
        load_file(path, format_id=format_id)


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return fuzz_module()


def test_every_parser_has_a_fuzz_target(fuzz: ModuleType) -> None:
    from screening.sources.formats import all_formats

    names = set(fuzz.targets())
    assert {f.id for f in all_formats()} <= names
    assert {"normalize", "compare", "match"} <= names


@pytest.mark.parametrize("target", list(fuzz_module().targets()))
def test_short_fuzz_run(fuzz: ModuleType, target: str, tmp_path: Path) -> None:
    """A bounded number of seeded mutations per target; no crash (CI smoke run)."""
    runs = 40 if target in ("uk-fcdo-ods", "au-dfat-xlsx", "uk-ofsi", "match") else 80
    result = fuzz.run_random(fuzz.targets()[target], runs=runs, seed=1, artifacts=tmp_path)
    assert result.executions == runs
    assert result.crashes == 0, result.detail
