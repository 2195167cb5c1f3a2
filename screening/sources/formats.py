"""All list formats we can read, and detection of a file's format by its content.

Detection reads the first bytes of a file (and, for zip-based spreadsheets, a
peek inside) rather than trusting the file name: official downloads often
arrive with generic names such as ``content`` or ``export.xml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

from screening.errors import ListFormatError
from screening.sources.base import ListFormat

# Parser modules, in detection order (more specific sniffers first).
_MODULES = (
    "ofac_xml",
    "ofac_csv",
    "un_xml",
    "eu_fsf",
    "uk_fcdo",
    "uk_ofsi",
    "ca_sema",
    "au_dfat",
    "ch_seco",
    "opensanctions",
    "internal",
)

HEAD_BYTES = 64 * 1024


def all_formats() -> tuple[ListFormat, ...]:
    """Every known format, in detection order."""
    formats: list[ListFormat] = []
    for module_name in _MODULES:
        module = importlib.import_module(f"screening.sources.{module_name}")
        formats.extend(module.FORMATS)
    return tuple(formats)


def get_format(format_id: str) -> ListFormat:
    for list_format in all_formats():
        if list_format.id == format_id:
            return list_format
    known = ", ".join(f.id for f in all_formats())
    raise ListFormatError(f"unknown list format {format_id!r}; known formats: {known}")


def read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ListFormatError(f"cannot read file: {exc.strerror}", path=path) from exc


def detect_format(path: Path) -> ListFormat:
    """The format of one file, judged by content; `ListFormatError` if none fits."""
    head = read_head(path)
    if not head.strip():
        raise ListFormatError("file is empty", path=path)
    for list_format in all_formats():
        if list_format.sniff(path, head):
            return list_format
    raise ListFormatError(
        "not a list format screening knows (see `screening formats`); "
        "for your own list use the internal CSV/JSON format",
        path=path,
    )


def group_files(paths: Sequence[Path]) -> list[tuple[ListFormat, list[Path]]]:
    """Detect each file's format and gather multi-file sets (OFAC's CSV quartet) together.

    A directory stands for the list files directly inside it. Companion files
    (``alt.csv`` next to ``sdn.csv``) are claimed by their main file and not
    loaded on their own.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    groups: list[tuple[ListFormat, list[Path]]] = []
    claimed: set[Path] = set()
    for path in files:
        if path.resolve() in claimed:
            continue
        list_format = detect_format(path)
        members = list_format.companions(path)
        if not members:
            continue  # a companion file whose main file decides (e.g. alt.csv)
        claimed.update(member.resolve() for member in members)
        groups.append((list_format, members))
    return groups
