"""How long loading each real list takes, and how much memory, against a plain baseline.

Loads every list file set under the shared real-list folder (default
``../shared/lists`` beside the repository) and the embedded samples, one set at
a time, and prints a markdown table: designations, names, load time (median of
3 runs), peak Python memory (tracemalloc, separate run) and the peak resident
size of a fresh subprocess that loads only that set.

The baselines are measured in the same run on the same files: reading the
bytes, and a *raw parse* that walks the file with the standard reader of its
container (ElementTree for XML, csv for CSV, openpyxl for XLSX, the zip's
content.xml for ODS, json for NDJSON) without building any designation. The
ratio ``load / raw`` is what our parsers add on top of the unavoidable parse.

    python benchmarks/load_lists.py [--lists DIR] [--repeat 3] [--no-rss] [--match TEXT]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.etree import ElementTree

import openpyxl

from screening.loader import parse_files
from screening.model import ListSnapshot
from screening.paths import sample_files, samples_dir
from screening.sources.base import ListFormat
from screening.sources.formats import get_format, group_files

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LISTS = REPO.parent / "shared" / "lists"
MB = 1024 * 1024


def read_bytes(files: Sequence[Path]) -> int:
    return sum(len(path.read_bytes()) for path in files)


def _raw_xml(source: io.BufferedIOBase | Path) -> int:
    count = 0
    for _event, element in ElementTree.iterparse(source):
        count += 1
        element.clear()
    return count


def _raw_csv(path: Path) -> int:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return sum(1 for _row in csv.reader(handle))


def _raw_xlsx(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for sheet in workbook.worksheets for _row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _raw_ods(path: Path) -> int:
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        return _raw_xml(content)  # type: ignore[arg-type]


def _raw_ndjson(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip() and json.loads(line) is not None)


RAW_READERS: dict[str, Callable[[Path], int]] = {
    ".xml": _raw_xml,
    ".csv": _raw_csv,
    ".xlsx": _raw_xlsx,
    ".ods": _raw_ods,
    ".json": _raw_ndjson,
}


def _raw_bytes(path: Path) -> int:
    return len(path.read_bytes())


def raw_parse(files: Sequence[Path]) -> int:
    """Walk every file with the plain reader of its container; returns items seen."""
    return sum(RAW_READERS.get(path.suffix.lower(), _raw_bytes)(path) for path in files)


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def traced_peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def subprocess_maxrss(list_format: ListFormat | None, files: Sequence[Path]) -> int:
    """Peak resident bytes of a fresh interpreter loading only ``files`` (imports only if none)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--rss-child"]
    if list_format is not None:
        command += [list_format.id, *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def peak_rss_bytes() -> int:
    """This process's peak resident size.

    Linux's ``VmHWM`` belongs to the current program image; ``ru_maxrss`` is not
    used there because it keeps the high-water mark of the (large) parent that
    forked this process.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def rss_child(arguments: Sequence[str]) -> None:
    if arguments:
        parse_files([Path(p) for p in arguments[1:]], list_format=get_format(arguments[0]))
    print(peak_rss_bytes())


def file_sets(lists_dir: Path) -> list[tuple[str, ListFormat, list[Path]]]:
    """Every loadable file set, labelled by its path; sets the detector refuses are reported."""
    sets: list[tuple[str, ListFormat, list[Path]]] = []
    groups = [
        ("shared", sorted(p for p in lists_dir.rglob("*") if p.is_file() and p.suffix != ".md")),
        ("samples", sample_files()),
    ]
    for label, files in groups:
        root = lists_dir if label == "shared" else samples_dir()
        for path in files:
            try:
                found = group_files([path])
            except Exception as exc:  # a benchmark reports, it does not stop
                print(f"skipped {path}: {exc}", file=sys.stderr)
                continue
            for list_format, members in found:
                sets.append((f"{label}/{path.relative_to(root).as_posix()}", list_format, members))
    return sets


def row(
    label: str, list_format: ListFormat, files: list[Path], repeat: int, rss: bool
) -> list[str]:
    size = sum(path.stat().st_size for path in files)
    snapshot: ListSnapshot = parse_files(files, list_format=list_format)
    names = sum(len(d.names) for d in snapshot.designations)
    read_s = median_seconds(lambda: read_bytes(files), repeat)
    raw_s = median_seconds(lambda: raw_parse(files), repeat)
    load_s = median_seconds(lambda: parse_files(files, list_format=list_format), repeat)
    peak = traced_peak(lambda: parse_files(files, list_format=list_format))
    maxrss = f"{subprocess_maxrss(list_format, files) / MB:.0f}" if rss else "-"
    return [
        label,
        list_format.id,
        snapshot.source.id,
        f"{size / MB:.2f}",
        str(snapshot.entry_count),
        str(names),
        str(len(snapshot.issues)),
        f"{read_s * 1000:.1f}",
        f"{raw_s * 1000:.0f}",
        f"{load_s * 1000:.0f}",
        f"{load_s / raw_s:.1f}x" if raw_s else "-",
        f"{peak / MB:.1f}",
        maxrss,
    ]


HEADER = [
    "file set",
    "format",
    "source",
    "MB",
    "designations",
    "names",
    "issues",
    "read bytes ms",
    "raw parse ms",
    "load ms (median)",
    "load / raw",
    "peak traced MB",
    "maxrss MB",
]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS, help="folder of real lists")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per set (median)")
    parser.add_argument("--no-rss", action="store_true", help="skip the per-set subprocess")
    parser.add_argument("--match", default="", help="only file sets whose label contains this")
    parser.add_argument("--rss-child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child is not None:
        rss_child(args.rss_child)
        return
    print(f"Lists under {args.lists}; times are medians of {args.repeat} runs.\n")
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for label, list_format, files in file_sets(args.lists):
        if args.match not in label:
            continue
        try:
            cells = row(label, list_format, files, args.repeat, not args.no_rss)
        except Exception as exc:  # report the failure in the table and go on
            cells = [label, list_format.id, f"FAILED: {exc}"] + [""] * (len(HEADER) - 3)
        print("| " + " | ".join(cells) + " |", flush=True)
    if not args.no_rss:
        imports = subprocess_maxrss(None, [])
        print(f"\nmaxrss of an interpreter that only imports screening: {imports / MB:.0f} MB")


if __name__ == "__main__":
    main()
