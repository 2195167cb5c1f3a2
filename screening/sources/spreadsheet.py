"""Reading rows of spreadsheet-shaped list files: .xlsx, .ods and .csv.

Several official lists (UK OFSI, UK FCDO summary, Australia DFAT) are published
as spreadsheets. The parsers want the same thing from all three containers:
rows of text cells, each with the 1-based row number a person would see when
opening the file, so that an issue can say ``sheet Data, row 17``.

Every cell is returned as text: numbers without a spurious ``.0``, dates and
date-times as ISO 8601 (``2021-05-13``), empty cells as ``""``. Trailing empty
cells are trimmed and wholly empty rows are skipped (their numbers still count).

Both spreadsheet formats are zip archives, so before opening one we check its
declared sizes (`check_zip`): a zip bomb or a truncated download becomes a
`ListFormatError` naming the file rather than an out-of-memory crash or a
``BadZipFile`` traceback. ODS rows and cells may carry ``number-rows-repeated``
/ ``number-columns-repeated`` counts of a million (LibreOffice pads sheets to
their full size); empty repeats are counted, never materialised.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import attrs
import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from screening.errors import ListFormatError
from screening.sources.base import clean, local_name

# A real list spreadsheet unpacks to tens of MB (the largest here, OFSI's
# ConList.xlsx, to 17 MB); 500 MB leaves room for growth while refusing bombs.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
# XML compresses 5-50x (the FCDO ODS content.xml: 43x); a 200x ratio on a member
# of more than MIN_RATIO_CHECK_BYTES is a zip bomb, not a spreadsheet.
MAX_COMPRESSION_RATIO = 200
MIN_RATIO_CHECK_BYTES = 1024 * 1024
# The row and column limits of Excel and LibreOffice: no legitimate sheet
# repeats a row or cell beyond them.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

_ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


@attrs.frozen
class Row:
    """One non-empty row: its 1-based number in the file and its cells as text.

    ``sheet`` is None for CSV files, whose ``number`` is the line the record
    starts on.
    """

    number: int
    cells: tuple[str, ...]
    sheet: str | None = None

    @property
    def location(self) -> str:
        if self.sheet is None:
            return f"line {self.number}"
        return f"sheet {self.sheet}, row {self.number}"

    def get(self, index: int | None) -> str:
        """The cell at ``index``, or ``""`` beyond the row's end (or for a None index)."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


class Cells:
    """A row read by column name; cells are whitespace-cleaned, absent columns read as ``""``."""

    def __init__(self, row: Row, columns: Mapping[str, int]) -> None:
        self.row = row
        self.columns = columns

    def __getitem__(self, name: str) -> str:
        return clean(self.row.get(self.columns.get(name)))


_ZIP_REFUSALS: tuple[type[BaseException], ...] = (
    NotImplementedError,  # zipfile: a compression method or zip version it cannot read
    RuntimeError,  # zipfile: an encrypted member ("password required for extraction")
)
_ZIP_DATA_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    zlib.error,
    *_ZIP_REFUSALS,
)
_ZIP_ERRORS: tuple[type[BaseException], ...] = (*_ZIP_DATA_ERRORS, ValueError)


def check_zip(path: Path, *, source_id: str | None = None) -> None:
    """Refuse a zip that is truncated, corrupt, or would unpack to a hostile size.

    Only the central directory is read; zipfile later enforces the declared
    sizes while decompressing, so a member cannot grow beyond what is checked.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise ListFormatError(
            f"not a readable zip archive (truncated or corrupt download?): {exc}",
            path=path,
            source_id=source_id,
        ) from exc
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ListFormatError(
            f"zip archive declares {total:,} bytes uncompressed, more than the "
            f"{MAX_UNCOMPRESSED_BYTES:,} a list spreadsheet can need; refusing to open it",
            path=path,
            source_id=source_id,
        )
    for info in infos:
        if info.file_size < MIN_RATIO_CHECK_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise ListFormatError(
                f"zip member compresses {ratio:,.0f}:1 (limit {MAX_COMPRESSION_RATIO}:1); "
                "refusing a likely zip bomb",
                path=path,
                location=f"member {info.filename}",
                source_id=source_id,
            )


def zip_member_head(path: Path, member: str, size: int = 64 * 1024) -> bytes:
    """The first ``size`` bytes of one zip member, or ``b""`` if absent or unreadable.

    Used by format sniffers, which must never raise: a broken file is reported
    later, by the parser the user chose or by "no format fits".
    """
    try:
        with zipfile.ZipFile(path) as archive:
            if member not in archive.namelist():
                return b""
            with archive.open(member) as handle:
                return handle.read(size)
    except _ZIP_ERRORS:
        return b""


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def is_ods(path: Path, head: bytes) -> bool:
    """An OpenDocument spreadsheet: a zip whose ``mimetype`` member says so."""
    return is_zip(head) and zip_member_head(path, "mimetype").strip() == _ODS_MIMETYPE.encode()


def is_xlsx(path: Path, head: bytes) -> bool:
    return is_zip(head) and bool(zip_member_head(path, "xl/workbook.xml", 512))


def xlsx_text_head(path: Path, size: int = 64 * 1024) -> str:
    """The start of an xlsx's shared strings and first sheet, for sniffing header names.

    Excel writers store strings in order of first use, so a sheet's header
    cells are among the first shared strings; inline strings sit in the sheet.
    """
    chunks = [
        zip_member_head(path, "xl/sharedStrings.xml", size),
        zip_member_head(path, "xl/worksheets/sheet1.xml", size),
    ]
    return b"\n".join(chunks).decode("utf-8", "replace")


# --- xlsx -----------------------------------------------------------------------------

_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    EOFError,
    zlib.error,
    *_ZIP_REFUSALS,
    ValueError,  # includes DefusedXmlException
    SyntaxError,  # xml.etree's ParseError
    TypeError,
)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _trimmed(cells: Sequence[str]) -> tuple[str, ...]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return tuple(cells[:end])


def iter_xlsx_rows(
    path: Path, *, sheet: str | None = None, source_id: str | None = None
) -> Iterator[Row]:
    """Non-empty rows of one sheet of an .xlsx (the first sheet unless ``sheet`` names one)."""
    import openpyxl  # imported here: a slow import only spreadsheet lists need

    check_zip(path, source_id=source_id)
    from openpyxl.utils.exceptions import InvalidFileException  # a plain Exception

    errors: tuple[type[BaseException], ...] = (*_XLSX_ERRORS, InvalidFileException)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except errors as exc:
        raise ListFormatError(
            f"cannot open as an xlsx workbook: {exc}", path=path, source_id=source_id
        ) from exc
    try:
        names = workbook.sheetnames
        if not names:
            raise ListFormatError("workbook has no sheets", path=path, source_id=source_id)
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise ListFormatError(
                f"workbook has no sheet {name!r} (sheets: {', '.join(names)})",
                path=path,
                source_id=source_id,
            )
        worksheet = workbook[name]
        number = 0
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = _trimmed([_cell_text(v) for v in values])
                if cells:
                    yield Row(number, cells, name)
        except _XLSX_ERRORS as exc:
            raise ListFormatError(
                f"unreadable worksheet data: {exc}",
                path=path,
                location=f"sheet {name}, after row {number}",
                source_id=source_id,
            ) from exc
    finally:
        workbook.close()


# --- ods ------------------------------------------------------------------------------


def _ods_attr(element: Element, namespace: str, name: str) -> str | None:
    return element.get(f"{{{namespace}}}{name}")


def _repeat(element: Element, name: str, limit: int) -> int:
    value = _ods_attr(element, _TABLE_NS, name)
    if not value:
        return 1
    try:
        return max(1, min(int(value), limit))
    except ValueError:
        return 1


def _paragraph_text(element: Element) -> str:
    """Text of an ODS text element, expanding ``text:s`` (runs of spaces), tabs and breaks."""
    parts = [element.text or ""]
    for child in element:
        kind = local_name(child.tag)
        if kind == "s":
            parts.append(" " * _repeat_count(child))
        elif kind == "tab":
            parts.append("\t")
        elif kind == "line-break":
            parts.append("\n")
        elif kind != "annotation":
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _repeat_count(element: Element) -> int:
    value = _ods_attr(element, _TEXT_NS, "c")
    try:
        return max(1, min(int(value), 1000)) if value else 1
    except ValueError:
        return 1


def _ods_cell_text(cell: Element) -> str:
    value_type = _ods_attr(cell, _OFFICE_NS, "value-type")
    if value_type in ("float", "percentage", "currency"):
        value = _ods_attr(cell, _OFFICE_NS, "value")
        if value:
            try:
                return _cell_text(float(value))
            except ValueError:
                return value
    elif value_type == "date":
        value = _ods_attr(cell, _OFFICE_NS, "date-value") or ""
        return value.removesuffix("T00:00:00")
    elif value_type == "boolean":
        value = _ods_attr(cell, _OFFICE_NS, "boolean-value") or ""
        return value.upper()
    paragraphs = [_paragraph_text(p) for p in cell if local_name(p.tag) == "p"]
    return "\n".join(paragraphs)


def _ods_row_cells(row: Element) -> tuple[str, ...]:
    """Cells of one row; runs of empty cells are only materialised when a value follows."""
    cells: list[str] = []
    pending_empty = 0
    for cell in row:
        if local_name(cell.tag) not in ("table-cell", "covered-table-cell"):
            continue
        repeat = _repeat(cell, "number-columns-repeated", MAX_COLUMNS)
        text = _ods_cell_text(cell)
        if not text.strip():
            pending_empty += repeat
            continue
        if len(cells) + pending_empty + repeat > MAX_COLUMNS:
            break
        cells.extend([""] * pending_empty)
        pending_empty = 0
        cells.extend([text] * repeat)
    return tuple(cells)


def iter_ods_rows(
    path: Path, *, sheet: str | None = None, source_id: str | None = None
) -> Iterator[Row]:
    """Non-empty rows of one table of an .ods (the first unless ``sheet`` names one)."""
    check_zip(path, source_id=source_id)
    row_number = 0
    table_name: str | None = None
    found = False
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            stack: list[Element] = []
            for event, element in SafeET.iterparse(handle, events=("start", "end")):
                kind = local_name(element.tag)
                if event == "start":
                    stack.append(element)
                    if kind == "table" and table_name is None:
                        name = _ods_attr(element, _TABLE_NS, "name") or ""
                        if sheet is None or name == sheet:
                            table_name, found, row_number = name, True, 0
                    continue
                stack.pop()
                if kind == "table" and _ods_attr(element, _TABLE_NS, "name") == table_name:
                    return
                if kind != "table-row" or table_name is None:
                    continue
                repeat = _repeat(element, "number-rows-repeated", MAX_ROWS)
                cells = _ods_row_cells(element)
                if stack:
                    stack[-1].remove(element)  # keep memory flat on long sheets
                if not cells:
                    row_number += repeat
                    continue
                for _ in range(min(repeat, MAX_ROWS - row_number)):
                    row_number += 1
                    yield Row(row_number, cells, table_name)
    except KeyError as exc:
        raise ListFormatError(
            "not an OpenDocument spreadsheet: no content.xml", path=path, source_id=source_id
        ) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ListFormatError(
            f"malformed content.xml: {exc}",
            path=path,
            location=f"content.xml line {line}, column {column}",
            source_id=source_id,
        ) from exc
    except DefusedXmlException as exc:
        raise ListFormatError(
            f"refused unsafe XML construct: {exc}", path=path, source_id=source_id
        ) from exc
    except _ZIP_DATA_ERRORS as exc:
        raise ListFormatError(
            f"corrupt zip data (truncated download?): {exc}",
            path=path,
            location=f"content.xml, after row {row_number}",
            source_id=source_id,
        ) from exc
    if not found:
        wanted = f"no table {sheet!r}" if sheet is not None else "no table"
        raise ListFormatError(f"spreadsheet has {wanted}", path=path, source_id=source_id)


# --- csv ------------------------------------------------------------------------------


def _open_csv(path: Path) -> IO[str]:
    return path.open("r", encoding="utf-8-sig", newline="")


def iter_csv_rows(path: Path, *, source_id: str | None = None) -> Iterator[Row]:
    """Non-empty records of a UTF-8 CSV (BOM optional), numbered by their first line."""
    line = 0
    try:
        with _open_csv(path) as handle:
            reader = csv.reader(handle)
            for values in reader:
                start, line = line + 1, reader.line_num
                cells = _trimmed(values)
                if cells:
                    yield Row(start, cells)
    except UnicodeDecodeError as exc:
        raise ListFormatError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start} of a chunk); "
            "save the file as UTF-8 or give its encoding",
            path=path,
            location=f"after line {line}",
            source_id=source_id,
        ) from exc
    except csv.Error as exc:
        raise ListFormatError(
            f"malformed CSV: {exc}", path=path, location=f"line {line + 1}", source_id=source_id
        ) from exc


# --- any ------------------------------------------------------------------------------


def iter_rows(
    path: Path, *, sheet: str | None = None, source_id: str | None = None
) -> Iterator[Row]:
    """Rows of an .xlsx, .ods or .csv file, told apart by content (not by file name).

    An empty file raises `ListFormatError`.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ListFormatError(
            f"cannot read file: {exc.strerror}", path=path, source_id=source_id
        ) from exc
    if not head.strip():
        raise ListFormatError(
            "file is empty", path=path, location="start of file", source_id=source_id
        )
    if is_zip(head):
        if is_ods(path, head):
            return iter_ods_rows(path, sheet=sheet, source_id=source_id)
        return iter_xlsx_rows(path, sheet=sheet, source_id=source_id)
    return iter_csv_rows(path, source_id=source_id)


def column_map(
    header: Row,
    required: Sequence[str],
    *,
    path: Path,
    source_id: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """Column index of each header name (compared case- and space-insensitively).

    ``aliases`` maps alternative header spellings to the canonical name. A
    required column that is missing raises `ListFormatError` at the header row.
    """
    aliases = {_header_key(k): v for k, v in (aliases or {}).items()}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        key = _header_key(cell)
        if not key:
            continue
        name = aliases.get(key, clean(cell))
        columns.setdefault(name, index)
    by_key = {_header_key(name): index for name, index in columns.items()}
    result: dict[str, int] = {}
    missing: list[str] = []
    for name in required:
        found = by_key.get(_header_key(name))
        if found is None:
            missing.append(name)
        else:
            result[name] = found
    if missing:
        raise ListFormatError(
            f"missing required column(s): {', '.join(missing)}",
            path=path,
            location=header.location,
            source_id=source_id,
        )
    for name, index in columns.items():
        result.setdefault(name, index)
    return result


def _header_key(text: str) -> str:
    return clean(text).casefold()
