"""The listed side of the benchmark: real designations flattened to `ListedEntry`.

Systems see only `ListedEntry` objects (id, kind, names, source), never the
matcher's data model, so any scorer can be measured. The generator also needs
each name's type and script, kept on `CorpusEntry`.

Files are read through the parser module that owns their format, imported one
by one: a parser that does not exist yet (or fails) skips its file with a note
in the report instead of stopping the run.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from pathlib import Path

import attrs

from screening.model import Designation, ListSnapshot
from screening.scripts import detect_script

log = logging.getLogger("screening.evaluation")

LISTED_KINDS = ("person", "organization", "vessel")
"""Entity kinds that positives are generated for (aircraft stay in the index only)."""


@attrs.frozen
class ListedEntry:
    """One listed party as a system under test sees it."""

    id: str
    kind: str
    names: tuple[str, ...]
    source_id: str


@attrs.frozen
class ListedName:
    """A listed name with what the generator needs to know about it."""

    full: str
    type: str
    script: str


@attrs.frozen
class CorpusEntry:
    """A listed party with typed names: the generator's view of an entry."""

    id: str
    kind: str
    source_id: str
    names: tuple[ListedName, ...]

    def to_listed(self, drop: frozenset[str] = frozenset()) -> ListedEntry:
        """The system's view, without the names in ``drop`` (held-out queries)."""
        kept = tuple(n.full for n in self.names if n.full not in drop)
        return ListedEntry(self.id, self.kind, kept, self.source_id)

    def latin_names(self) -> tuple[ListedName, ...]:
        return tuple(n for n in self.names if n.script == "Latn")


@attrs.frozen
class ListFile:
    """A list file of the benchmark and the parser module that reads it."""

    path: str
    module: str


QUICK_FILES: tuple[ListFile, ...] = (
    ListFile("un/consolidated.xml", "un_xml"),
    ListFile("ofac/sdn-2021-07/sdn.csv", "ofac_csv"),
)
"""Quick mode: the UN list (original-script names) and the alias-complete OFAC SDN set."""

FULL_FILES: tuple[ListFile, ...] = (
    *QUICK_FILES,
    ListFile("ofac/consolidated.xml", "ofac_xml"),
    ListFile("uk/ConList.xlsx", "uk_ofsi"),
    ListFile("canada/sema-lmes.xml", "ca_sema"),
    ListFile("australia/regulation8_consolidated.xlsx", "au_dfat"),
    ListFile("samples/eu_fsf_1_1_carved_sample.xml", "eu_fsf"),
    ListFile("samples/ch_seco_carved_sample.xml", "ch_seco"),
)
"""Full mode: one snapshot per source, every source in ``shared/lists`` with names.

The 2024 ``ofac/sdn.csv`` is left out because it lacks its alias file (the 2021
set is alias-complete and has the same source id); the FCDO summary sheet
repeats OFSI's names without aliases.
"""


@attrs.frozen
class Corpus:
    """The listed side: entries plus what was loaded and what was skipped, for the report."""

    entries: tuple[CorpusEntry, ...]
    loaded: tuple[str, ...]
    skipped: tuple[str, ...]
    snapshots: tuple[ListSnapshot, ...] = ()
    """The parsed snapshots themselves (for the list-coverage section)."""

    def listed(self) -> tuple[ListedEntry, ...]:
        return tuple(e.to_listed() for e in self.entries)

    def by_id(self) -> dict[str, CorpusEntry]:
        return {e.id: e for e in self.entries}


def corpus_entry(designation: Designation) -> CorpusEntry | None:
    """Flatten a designation; None when it has no usable name."""
    seen: dict[str, ListedName] = {}
    for name in designation.names:
        full = " ".join(name.full.split())
        if full and full not in seen:
            seen[full] = ListedName(full, name.type, name.script or detect_script(full))
    if not seen:
        return None
    return CorpusEntry(
        designation.id, designation.kind, designation.source_id, tuple(seen.values())
    )


def read_list_file(lists_dir: Path, spec: ListFile) -> ListSnapshot:
    """Parse one file with its format's own parser module (raises if it cannot)."""
    from screening.loader import parse_files
    from screening.sources.formats import read_head

    module = importlib.import_module(f"screening.sources.{spec.module}")
    path = lists_dir / spec.path
    head = read_head(path)
    formats = [f for f in module.FORMATS if f.sniff(path, head)] or list(module.FORMATS)
    list_format = formats[0]
    files = list_format.companions(path) or [path]
    return parse_files(files, list_format=list_format)


def load_corpus(lists_dir: Path, files: Sequence[ListFile]) -> Corpus:
    """Load every file that has a parser; ids are unique across the corpus (first wins)."""
    entries: dict[str, CorpusEntry] = {}
    loaded: list[str] = []
    skipped: list[str] = []
    snapshots: list[ListSnapshot] = []
    for spec in files:
        try:
            snapshot = read_list_file(lists_dir, spec)
        except ModuleNotFoundError:
            skipped.append(f"{spec.path}: parser module screening.sources.{spec.module} missing")
            continue
        except Exception as exc:  # a parser in progress must not stop the benchmark
            skipped.append(f"{spec.path}: {type(exc).__name__}: {exc}")
            log.warning("skipping %s: %s", spec.path, exc)
            continue
        snapshots.append(snapshot)
        count = 0
        for designation in snapshot.designations:
            entry = corpus_entry(designation)
            if entry is not None and entry.id not in entries:
                entries[entry.id] = entry
                count += 1
        loaded.append(f"{spec.path} ({snapshot.source.id}, {count:,} entries)")
    return Corpus(tuple(entries.values()), tuple(loaded), tuple(skipped), tuple(snapshots))
