"""Hostile list files: every parser refuses them with a clear `ListFormatError`, fast and small.

The corpus is written into ``tmp_path`` by the tests: entity expansion, external
entities and DTDs (a local socket server proves that no connection is ever
attempted), deep nesting, huge text and attributes, wrong and mixed encodings,
byte order marks, NUL bytes, truncation, ragged CSV rows and zip bombs. Each
file goes through `screening.load_file` with the format forced, so detection
cannot save a parser from its own input. Memory is bounded by the tracemalloc
peak; there are no timing assertions (a hang would show as a stuck test).

Inputs already covered by the per-format tests (a billion-laughs file for UN,
EU and SECO, truncated and mis-encoded OFAC/OFSI files, zip bombs through
`iter_rows`) are not repeated here except where a format lacked them.
"""

from __future__ import annotations

import socket
import threading
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from screening import ListFormatError, load_file

# Format id -> root element of its XML files.
XML_FORMATS = {
    "ofac-xml": "sdnList",
    "un-xml": "CONSOLIDATED_LIST",
    "eu-fsf-xml": "export",
    "uk-fcdo-xml": "Designations",
    "ca-sema-xml": "data-set",
    "ch-seco-xml": "swiss-sanctions-list",
}
TEXT_FORMATS = ("ofac-csv", "uk-ofsi", "opensanctions-simple", "internal-csv")
JSON_FORMATS = ("opensanctions-ftm", "internal-json")
ZIP_FORMATS = ("uk-ofsi", "au-dfat-xlsx", "uk-fcdo-ods")
ALL_FORMATS = (*XML_FORMATS, *TEXT_FORMATS, *JSON_FORMATS, "au-dfat-xlsx", "uk-fcdo-ods")
MEMORY_LIMIT = 64 * 1024 * 1024
"""Peak Python memory allowed while refusing one hostile file (files here are under 20 MB)."""


def refuse(path: Path, format_id: str, *, strict: bool = False) -> ListFormatError:
    """Load ``path`` as ``format_id``; it must raise `ListFormatError` naming the file,
    within `MEMORY_LIMIT` of peak traced memory."""
    tracemalloc.start()
    try:
        with pytest.raises(ListFormatError) as info:
            load_file(path, format_id=format_id, strict=strict)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT, f"{format_id}: peak {peak:,} bytes refusing {path.name}"
    error = info.value
    assert error.path is not None and Path(error.path).name == path.name, str(error)
    assert error.reason, str(error)
    return error


class ConnectionCounter:
    """A TCP server on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _address = self.server.accept()
            except OSError:  # timeout: look at the stop flag again
                continue
            self.connections += 1
            client.close()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener() -> Iterator[ConnectionCounter]:
    counter = ConnectionCounter()
    # Prove the server counts: one deliberate connection, then reset.
    with socket.create_connection(("127.0.0.1", counter.port), timeout=5):
        pass
    for _ in range(200):
        if counter.connections:
            break
        threading.Event().wait(0.01)
    assert counter.connections == 1, "the counting server does not see connections"
    counter.connections = 0
    yield counter
    counter.close()


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any outgoing connection attempt is recorded (and fails) instead of leaving the host."""
    attempts: list[object] = []

    def refuse_connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access attempted by a parser")

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse_connect)
    return attempts


# --- XML -----------------------------------------------------------------------------


def xml_file(tmp_path: Path, root: str, prolog: str, body: str = "") -> Path:
    path = tmp_path / "hostile.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<{root}>{body}</{root}>\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_entity_expansion_is_refused_with_flat_memory(tmp_path: Path, format_id: str) -> None:
    root = XML_FORMATS[format_id]
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    path = xml_file(tmp_path, root, f'<!DOCTYPE {root} [<!ENTITY e0 "lol">{entities}]>\n', "&e9;")
    error = refuse(path, format_id)
    assert "unsafe XML" in error.reason and error.location and "DOCTYPE" in error.location


@pytest.mark.parametrize("format_id", XML_FORMATS)
@pytest.mark.parametrize(
    "declaration",
    [
        '<!ENTITY ext SYSTEM "{url}">',
        '<!ENTITY % ext SYSTEM "{url}"> %ext;',
        '<!ENTITY ext PUBLIC "-//hostile//x" "{url}">',
    ],
    ids=["general", "parameter", "public"],
)
def test_external_entities_never_connect(
    tmp_path: Path, listener: ConnectionCounter, format_id: str, declaration: str
) -> None:
    root = XML_FORMATS[format_id]
    prolog = f"<!DOCTYPE {root} [{declaration.format(url=listener.url('x.ent'))}]>\n"
    path = xml_file(tmp_path, root, prolog, "&ext;" if "%" not in declaration else "")
    refuse(path, format_id)
    assert listener.connections == 0


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_external_dtd_is_refused_without_fetching(
    tmp_path: Path, listener: ConnectionCounter, no_sockets: list[object], format_id: str
) -> None:
    """A DOCTYPE naming an external DTD: no list format has one, so it is refused unread."""
    root = XML_FORMATS[format_id]
    path = xml_file(tmp_path, root, f'<!DOCTYPE {root} SYSTEM "{listener.url("list.dtd")}">\n')
    error = refuse(path, format_id)
    assert "DTD" in error.reason or "DOCTYPE" in (error.location or "")
    assert listener.connections == 0 and no_sockets == []


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_external_file_entity_does_not_leak_a_local_file(tmp_path: Path, format_id: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    root = XML_FORMATS[format_id]
    prolog = f'<!DOCTYPE {root} [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
    error = refuse(xml_file(tmp_path, root, prolog, "&leak;"), format_id)
    assert "TOP-SECRET" not in str(error)


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_deep_nesting_is_refused(tmp_path: Path, format_id: str) -> None:
    depth = 50_000
    path = xml_file(tmp_path, XML_FORMATS[format_id], "", "<a>" * depth + "</a>" * depth)
    error = refuse(path, format_id)
    assert "nest" in error.reason


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_huge_text_is_refused(tmp_path: Path, format_id: str) -> None:
    path = xml_file(tmp_path, XML_FORMATS[format_id], "", "<a>" + "A" * (8 << 20) + "</a>")
    error = refuse(path, format_id)
    assert "characters" in error.reason


@pytest.mark.parametrize("format_id", XML_FORMATS)
def test_huge_attribute_is_refused(tmp_path: Path, format_id: str) -> None:
    path = xml_file(tmp_path, XML_FORMATS[format_id], "", f'<a b="{"B" * (8 << 20)}"/>')
    error = refuse(path, format_id)
    assert "characters" in error.reason


@pytest.mark.parametrize("format_id", XML_FORMATS)
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\xef\xbb\xbf\xef\xbb\xbf<{root}/>", id="double-bom"),
        pytest.param("\ufeff<{root}>x</{root}>".encode("utf-16-le"), id="utf16-bom-no-decl"),
        pytest.param(
            b'<?xml version="1.0" encoding="UTF-8"?><{root}>\xe9\xff</{root}>', id="latin1"
        ),
        pytest.param(
            '<?xml version="1.0" encoding="UTF-8"?><{root}>é'.encode() + b"\xe9</{root}>",
            id="mixed-utf8-latin1",
        ),
        pytest.param(b'<?xml version="1.0"?><{root}>a\x00b</{root}>', id="nul"),
        pytest.param(b'<?xml version="1.0" encoding="x-unknown"?><{root}/>', id="unknown-enc"),
        pytest.param(b'<?xml version="1.0"?><{root}><a>cut', id="truncated"),
        pytest.param(b"\x00" * 4096, id="all-nul"),
    ],
)
def test_broken_bytes_are_refused(tmp_path: Path, format_id: str, content: bytes) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(content.replace(b"{root}", XML_FORMATS[format_id].encode()))
    refuse(path, format_id)


# --- CSV and JSON ------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


TEXT_NAMES = {
    "ofac-csv": "sdn.csv",
    "uk-ofsi": "ConList.csv",
    "opensanctions-simple": "targets.simple.csv",
    "internal-csv": "watchlist.csv",
    "opensanctions-ftm": "entities.ftm.json",
    "internal-json": "watchlist.json",
}


@pytest.mark.parametrize("format_id", [*TEXT_FORMATS, *JSON_FORMATS])
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\xff\xfe" + "name,id\n".encode("utf-16-le"), id="utf16"),
        pytest.param(b"\x00" * 4096, id="all-nul"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(b"\xef\xbb\xbf\xef\xbb\xbf\xef\xbb\xbf\n\n", id="boms"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, id="binary"),
        pytest.param(b'"' + b"A" * (4 << 20), id="unterminated-quote"),
    ],
)
def test_broken_text_files_are_refused(tmp_path: Path, format_id: str, content: bytes) -> None:
    refuse(_write(tmp_path, TEXT_NAMES[format_id], content), format_id)


@pytest.mark.parametrize("format_id", JSON_FORMATS)
def test_deeply_nested_json_is_refused(tmp_path: Path, format_id: str) -> None:
    """json's recursion on 100,000 nested arrays must not escape as RecursionError."""
    content = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    refuse(_write(tmp_path, TEXT_NAMES[format_id], content), format_id)


def _ragged_text(tmp_path: Path, format_id: str) -> Path:
    """A file with a valid header whose data rows have too few or too many cells."""
    if format_id == "ofac-csv":
        return _write(tmp_path, "sdn.csv", b'123,"DOE, John","individual"\r\n')
    if format_id == "internal-csv":
        header = "id,name,kind\n"
        rows = 'a1,"Jane Doe"\n' + "a2,John Roe,person,x,y,z\n"
        return _write(tmp_path, "watchlist.csv", (header + rows).encode())
    if format_id == "uk-ofsi":
        source = Path(__file__).resolve().parents[2] / "lists" / "samples" / "uk" / "ConList.csv"
        lines = source.read_bytes().splitlines(keepends=True)
        header_end = next(i for i, line in enumerate(lines) if line.startswith(b"Name 6"))
        return _write(tmp_path, "ConList.csv", b"".join(lines[: header_end + 1]) + b"X,Y\r\n")
    from tests.conftest import LISTS

    source = LISTS / "opensanctions" / "targets.simple.excerpt.csv"
    header = source.read_bytes().splitlines(keepends=True)[0]
    return _write(tmp_path, "targets.simple.csv", header + b"NK-1,Person\n")


@pytest.mark.parametrize("format_id", TEXT_FORMATS)
def test_ragged_rows_are_reported_never_dropped(tmp_path: Path, format_id: str) -> None:
    """A row of the wrong width is a record issue: reported on the snapshot, or raised in
    strict mode (the parser contract), never silently dropped or crashing."""
    path = _ragged_text(tmp_path, format_id)
    refuse(path, format_id, strict=True)
    try:
        snapshot = load_file(path, format_id=format_id)
    except ListFormatError:
        return  # a file whose only rows are unreadable may be refused as a whole
    assert snapshot.issues, f"{format_id}: ragged rows vanished without an issue"


# --- zip containers -----------------------------------------------------------------------

ZIP_NAMES = {"uk-ofsi": "ConList.xlsx", "au-dfat-xlsx": "consolidated.xlsx", "uk-fcdo-ods": "s.ods"}


def _zip(path: Path, members: dict[str, bytes], *, level: int = 9) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _spreadsheet_members(format_id: str, sheet_xml: bytes) -> dict[str, bytes]:
    if format_id == "uk-fcdo-ods":
        return {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": sheet_xml,
        }
    workbook = (
        b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'
    )
    return {"xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": sheet_xml}


@pytest.mark.parametrize("format_id", ZIP_FORMATS)
def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, format_id: str) -> None:
    """A sheet member compressing 1000:1 (the declared-size bomb is in test_spreadsheet.py)."""
    members = _spreadsheet_members(format_id, b"<a>" + b" " * (8 << 20) + b"</a>")
    error = refuse(_zip(tmp_path / ZIP_NAMES[format_id], members), format_id)
    assert "zip bomb" in error.reason


XML_IN_ZIP_ATTACKS = {
    "entities": (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e0 "lol">'
        + b"".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">'.encode() for i in range(1, 10))
        + b"]><a>&e9;</a>"
    ),
    "external": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "{url}">]><a>&x;</a>',
    "nesting": b"<a>" + b"<b>" * 50_000 + b"</b>" * 50_000 + b"</a>",
    "truncated": b'<?xml version="1.0"?><a><b>',
    "not-xml": b"\x00\x01\x02 garbage",
}


@pytest.mark.parametrize("format_id", ZIP_FORMATS)
@pytest.mark.parametrize("attack", XML_IN_ZIP_ATTACKS)
def test_hostile_xml_inside_spreadsheets(
    tmp_path: Path, listener: ConnectionCounter, format_id: str, attack: str
) -> None:
    sheet = XML_IN_ZIP_ATTACKS[attack].replace(b"{url}", listener.url("x").encode())
    path = _zip(tmp_path / ZIP_NAMES[format_id], _spreadsheet_members(format_id, sheet))
    refuse(path, format_id)
    assert listener.connections == 0


def test_deeply_nested_ods_text_is_refused(tmp_path: Path) -> None:
    """Nested spans inside a cell: the cell reader must not recurse without bound."""
    format_id = "uk-fcdo-ods"
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    depth = 20_000
    cell = "<text:p>" + "<text:span>" * depth + "x" + "</text:span>" * depth + "</text:p>"
    content = (
        f'<?xml version="1.0"?><office:document-content {ns}><office:body><office:spreadsheet>'
        f'<table:table table:name="Sheet1"><table:table-row><table:table-cell>{cell}'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    ).encode()
    path = _zip(tmp_path / ZIP_NAMES[format_id], _spreadsheet_members(format_id, content))
    refuse(path, format_id)


@pytest.mark.parametrize("format_id", ALL_FORMATS)
def test_a_directory_or_missing_file_is_a_list_format_error(tmp_path: Path, format_id: str) -> None:
    """Neither is a file: the error names the place, not an OSError traceback."""
    (tmp_path / "dir.xml").mkdir()
    for path in (tmp_path / "dir.xml", tmp_path / "missing.xml"):
        with pytest.raises(ListFormatError):
            load_file(path, format_id=format_id)
