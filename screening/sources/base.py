"""What every parser shares: the parser contract, issue reporting, safe XML reading.

A parser module exposes one ``FORMAT = ListFormat(...)`` describing how to
recognise its files (``sniff``), which source they belong to by default, and
how to ``parse`` them into designations. ``screening.sources.formats`` lists
them all; the loader picks one by content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import attrs
import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from screening.errors import ListFormatError
from screening.model import Designation, ParseIssue, SnapshotFile


@attrs.frozen
class ParsedList:
    """What a parser returns: the designations and the publication date stated in the file."""

    designations: tuple[Designation, ...]
    published: dt.date | None = None


class IssueLog:
    """Collects records a parser could not read.

    A bad record is never dropped silently: it is reported with its location
    and counted on the snapshot; in strict mode the first one raises
    `ListFormatError` instead.
    """

    def __init__(self, source_id: str, *, strict: bool = False) -> None:
        self.source_id = source_id
        self.strict = strict
        self.issues: list[ParseIssue] = []

    def report(
        self, reason: str, *, path: Path | str, location: str, record_id: str | None = None
    ) -> None:
        if self.strict:
            raise ListFormatError(
                reason,
                path=path,
                location=location,
                record_id=record_id,
                source_id=self.source_id,
            )
        self.issues.append(ParseIssue(str(path), location, reason, record_id))


ParseFunction = Callable[[Sequence[Path], str, IssueLog], ParsedList]


@attrs.frozen
class ListFormat:
    """A list file format and the parser for it.

    ``sniff(path, head)`` gets the first bytes of a file (``head``) and says
    whether it is this format; ``companions(path)`` returns the full file set
    for multi-file formats (OFAC's CSV quartet) given its main file;
    ``default_source(files)`` names the registry source the files belong to.
    """

    id: str
    version: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    parse: ParseFunction
    default_source: Callable[[Sequence[Path]], str]
    companions: Callable[[Path], list[Path]] = attrs.field(default=lambda path: [path])


def fingerprint(path: Path) -> SnapshotFile:
    """sha256 and size of one input file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return SnapshotFile(str(path), digest.hexdigest(), size)


def local_name(tag: str) -> str:
    """An XML tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


MAX_XML_DEPTH = 64
"""Deepest element nesting accepted; official lists nest about ten levels."""
MAX_XML_TEXT = 1 << 20
"""Most characters accepted in one element's text or attribute value (a long
remarks field is a few thousand); more is a hostile or corrupt file."""


def iter_xml(
    path: Path, *, source_id: str, tags: set[str], events: tuple[str, ...] = ("end",)
) -> Iterator[Element]:
    """Stream the elements whose local name is in ``tags``, safely.

    defusedxml refuses DTDs, entity declarations and external references (no
    "billion laughs", no network or file access); nesting deeper than
    `MAX_XML_DEPTH` and text or attributes longer than `MAX_XML_TEXT` are
    refused too. Elements are yielded on the requested events (the end event
    by default); the caller clears them to keep memory flat. Any XML error
    becomes a `ListFormatError` with the line and column.
    """
    depth = 0
    try:
        parser = SafeET.iterparse(str(path), events=("start", "end"), forbid_dtd=True)
        for event, element in parser:
            if event == "start":
                depth += 1
                _check_element(element, depth, path, source_id)
            else:
                depth -= 1
                if element.text and len(element.text) > MAX_XML_TEXT:
                    raise _too_big(element, "text", len(element.text), path, source_id)
            if event in events and local_name(element.tag) in tags:
                yield element
    except ListFormatError:
        raise
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ListFormatError(
            f"malformed XML: {exc}",
            path=path,
            location=f"line {line}, column {column}",
            source_id=source_id,
        ) from exc
    except DefusedXmlException as exc:
        raise ListFormatError(
            f"refused unsafe XML construct: {exc}",
            path=path,
            location=_unsafe_location(exc),
            source_id=source_id,
        ) from exc
    except (LookupError, ValueError) as exc:
        # An encoding the XML declaration names that Python lacks (LookupError)
        # or expat cannot read ("multi-byte encodings are not supported": UTF-7).
        raise ListFormatError(
            f"unreadable character encoding: {exc}",
            path=path,
            location="XML declaration",
            source_id=source_id,
        ) from exc


def _check_element(element: Element, depth: int, path: Path, source_id: str) -> None:
    if depth > MAX_XML_DEPTH:
        raise ListFormatError(
            f"elements nested more than {MAX_XML_DEPTH} deep; refusing a hostile or corrupt file",
            path=path,
            location=f"element <{local_name(element.tag)}>",
            source_id=source_id,
        )
    for name, value in element.attrib.items():
        if len(value) > MAX_XML_TEXT:
            raise _too_big(element, f"attribute {local_name(name)}", len(value), path, source_id)


def _too_big(element: Element, what: str, size: int, path: Path, source_id: str) -> ListFormatError:
    return ListFormatError(
        f"{what} of {size:,} characters, more than the {MAX_XML_TEXT:,} a list entry can need",
        path=path,
        location=f"element <{local_name(element.tag)}>",
        source_id=source_id,
    )


def _unsafe_location(exc: DefusedXmlException) -> str:
    """Where a refused construct sits: entity and DTD declarations live in the DOCTYPE."""
    name = getattr(exc, "name", None)
    return f"DOCTYPE, declaration of {name!r}" if name else "DOCTYPE"


def require_xml_root(path: Path, expected: str, *, source_id: str) -> None:
    """Refuse an empty file or one whose root element is not ``expected``, before streaming it.

    Streaming parsers only see the root at its end; checking the head first
    means a wrong file fails at once with a clear message, not after a full read.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise ListFormatError(
            f"cannot read file: {exc.strerror}", path=path, source_id=source_id
        ) from exc
    if not head.strip():
        raise ListFormatError("file is empty", path=path, location="line 1", source_id=source_id)
    root = xml_root_name(head)
    if root != expected:
        found = f"<{root}>" if root else "no XML element"
        raise ListFormatError(
            f"expected root element <{expected}>, found {found}",
            path=path,
            location="root element",
            source_id=source_id,
        )


def parse_xml(path: Path, *, source_id: str) -> Element:
    """Parse a small XML file whole, with the same safety as `iter_xml`."""
    try:
        tree = SafeET.parse(str(path), forbid_dtd=True)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ListFormatError(
            f"malformed XML: {exc}",
            path=path,
            location=f"line {line}, column {column}",
            source_id=source_id,
        ) from exc
    except DefusedXmlException as exc:
        raise ListFormatError(
            f"refused unsafe XML construct: {exc}",
            path=path,
            location=_unsafe_location(exc),
            source_id=source_id,
        ) from exc
    except (LookupError, ValueError) as exc:
        # An encoding the XML declaration names that Python lacks (LookupError)
        # or expat cannot read ("multi-byte encodings are not supported": UTF-7).
        raise ListFormatError(
            f"unreadable character encoding: {exc}",
            path=path,
            location="XML declaration",
            source_id=source_id,
        ) from exc
    root = tree.getroot()
    if root is None:
        raise ListFormatError("XML document has no root element", path=path, source_id=source_id)
    return root


def child_text(element: Element, name: str) -> str:
    """Stripped text of the first child with local name ``name``, or ``""``."""
    for child in element:
        if local_name(child.tag) == name:
            return clean(child.text)
    return ""


def children(element: Element, name: str) -> list[Element]:
    """All direct children with local name ``name``."""
    return [child for child in element if local_name(child.tag) == name]


_SPACES = re.compile(r"\s+")


def clean(value: Any) -> str:
    """A cell or text value as a single-spaced stripped string ("" for None)."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def xml_root_name(head: bytes) -> str | None:
    """Local name of the first element in an XML prefix, or None if not XML."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"<"):
        return None
    # Comments may quote element names (the FCDO sample's header comment mentions
    # <Designation>), so skip comments, processing instructions and the DOCTYPE.
    text = re.sub(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", b"", text, flags=re.DOTALL)
    for match in re.finditer(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)", text):
        return match.group(2).decode("ascii", "replace")
    return None


def open_text(path: Path, encoding: str = "utf-8-sig") -> IO[str]:
    """Open a text list file; undecodable bytes raise with the file named, not silently.

    A missing or unreadable file (a directory, no permission) is a `ListFormatError`.
    """
    try:
        return path.open("r", encoding=encoding, newline="")
    except OSError as exc:
        raise ListFormatError(f"cannot read file: {exc.strerror}", path=path) from exc


def deduplicate(values: Sequence[Any]) -> tuple[Any, ...]:
    """Values in first-seen order, without repeats (keeps source order, drops echoes)."""
    return tuple(dict.fromkeys(values))
