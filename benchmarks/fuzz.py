"""Fuzz every list parser, the normaliser, `compare()` and `match()`.

Coverage-guided with atheris (libFuzzer) when it is installed (``pip install
screening[fuzz]``); otherwise a seeded mutation fuzzer over the same seeds
(not coverage-guided, but it runs anywhere). A parser target writes the input
bytes to a file and loads it with ``load_file(format_id=...)``: the only
acceptable failures are `ListFormatError` and `InputError`; anything else is a
crash. Matcher targets also check the score scale (0..1).

Usage::

    python benchmarks/fuzz.py --seconds 60                  # every target, 60 s each
    python benchmarks/fuzz.py --target un-xml --seconds 300  # one target
    python benchmarks/fuzz.py --list                         # target names
    python benchmarks/fuzz.py --engine random --runs 500     # no atheris: bounded runs

Each target runs in its own process (libFuzzer exits on the first crash); the
summary gives executions, seconds and crashes per target, and crash inputs are
kept under ``--artifacts`` (default ``fuzz-artifacts/``) for regression tests
(``tests/test_fuzz_regressions.py``).
"""

from __future__ import annotations

import argparse
import functools
import io
import logging
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

logging.getLogger("screening").setLevel(logging.ERROR)  # skipped records are expected here

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "lists" / "samples"
SHARED = REPO.parent / "shared" / "lists"

ACCEPTED: tuple[type[BaseException], ...] = ()
"""Filled on first use (importing screening is slow under instrumentation)."""


@attrs.frozen
class Target:
    """One fuzz target: a function of bytes that raises only on a real defect, and seeds."""

    name: str
    one_input: Callable[[bytes], None]
    seeds: Callable[[], list[bytes]]


# --- seeds -------------------------------------------------------------------------------


def _read(path: Path, limit: int = 64 * 1024) -> bytes:
    try:
        return path.read_bytes()[:limit]
    except OSError:
        return b""


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods(rows: list[list[str]]) -> bytes:
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
            for c in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="Sheet1">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": content.encode(),
        }
    )


def _first_records(path: Path, closing: bytes, count: int = 2) -> bytes:
    """The head of an XML file up to its ``count``-th record, closed again."""
    data = _read(path, 2 << 20)
    end = 0
    for _ in range(count):
        found = data.find(closing, end)
        if found < 0:
            break
        end = found + len(closing)
    match = re.search(rb"<([A-Za-z][\w.\-:]*)[\s>]", data[data.find(b"?>") + 2 :])
    root = match.group(1) if match else b"root"
    return data[:end] + b"</" + root + b">\n"


def _seeds(format_id: str) -> list[bytes]:
    fcdo_header = [
        "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Regime", "Unique ID",
    ]  # fmt: skip
    seeds = {
        "ofac-xml": [_first_records(SHARED / "ofac" / "consolidated.xml", b"</sdnEntry>")],
        "ofac-csv": [_read(SAMPLES / "ofac" / "sdn.csv", 4096)],
        "un-xml": [_first_records(SAMPLES / "un" / "consolidated.xml", b"</INDIVIDUAL>")],
        "eu-fsf-xml": [_read(SAMPLES / "eu" / "sanctions.xml")],
        "uk-fcdo-xml": [_read(SHARED / "samples" / "uk_fcdo_sanctions_list_carved_sample.xml")],
        "uk-fcdo-ods": [_ods([fcdo_header, ["AL KANI", "Mohamed", "", "", "", "", "Libya", "X1"]])],
        "uk-ofsi": [_read(SAMPLES / "uk" / "ConList.csv", 8192)],
        "ca-sema-xml": [_first_records(SHARED / "canada" / "sema-lmes.xml", b"</record>")],
        "au-dfat-xlsx": [_xlsx([["Reference", "Name of Individual or Entity", "Type", "Name Type"],
                                ["1", "Mohamed Al Kani", "Individual", "Primary Name"]])],
        "ch-seco-xml": [_read(SHARED / "seco" / "amendment-example.xml")],
        "opensanctions-ftm": [_read(SHARED / "opensanctions" / "entities.ftm.json", 8192)],
        "opensanctions-simple": [_read(SHARED / "opensanctions" / "targets.simple.excerpt.csv")],
        "internal-csv": [b"id,name,kind,birth_date\nA1,Mohamed Al Kani,person,1979-05-03\n"],
        "internal-json": [b'[{"id": "A1", "name": "Mohamed Al Kani", "aliases": ["Kani"]}]\n'],
    }[format_id]  # fmt: skip
    return [seed for seed in seeds if seed]


FILE_NAMES = {
    "ofac-csv": "sdn.csv",
    "uk-ofsi": "ConList.csv",
    "uk-fcdo-ods": "list.ods",
    "au-dfat-xlsx": "consolidated.xlsx",
    "opensanctions-ftm": "entities.ftm.json",
    "opensanctions-simple": "targets.simple.csv",
    "internal-csv": "watchlist.csv",
    "internal-json": "watchlist.json",
}

NAME_SEEDS = [
    "AL-KANI, Mohamed",
    "Muhammad Al Kani",
    "محمد الكاني",
    "Ксения Собчак",
    "习近平",
    "김정은",
    "M\u200bоhаmed Al-K4ni",
    "ООО Ромашка",
    "S.A. de C.V. KANIYAT MILITIA 7th Brigade",
    "Ἀλέξανδρος",
    "ﷺ ﷽",
]


# --- targets -------------------------------------------------------------------------------


def _accepted() -> tuple[type[BaseException], ...]:
    global ACCEPTED
    if not ACCEPTED:
        from screening.errors import InputError, ListFormatError

        ACCEPTED = (ListFormatError, InputError)
    return ACCEPTED


@functools.cache
def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="screening-fuzz-"))


def parser_target(format_id: str) -> Target:
    def one_input(data: bytes) -> None:
        from screening.loader import load_file

        path = _workdir() / FILE_NAMES.get(format_id, "list.xml")
        path.write_bytes(data)
        try:
            load_file(path, format_id=format_id)
        except _accepted():
            pass

    return Target(format_id, one_input, lambda: _seeds(format_id))


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _halves(data: bytes) -> tuple[str, str]:
    text = _text(data)
    cut = text.find("|")
    return (text, text[::-1]) if cut < 0 else (text[:cut], text[cut + 1 :])


def normalize_input(data: bytes) -> None:
    from screening.normalize.normalizer import Normalizer

    normalizer = _normalizer(Normalizer)
    try:
        name = normalizer.normalize(_text(data))
    except _accepted():
        return
    if len(name.tokens) > normalizer.max_tokens:
        raise AssertionError(f"{len(name.tokens)} tokens, more than {normalizer.max_tokens}")


@functools.cache
def _normalizer(cls: type) -> object:
    return cls()


def compare_input(data: bytes) -> None:
    import screening

    a, b = _halves(data)
    try:
        comparison = screening.compare(a, b)
    except _accepted():
        return
    if not 0.0 <= comparison.score <= 1.0:
        raise AssertionError(f"score {comparison.score} outside 0..1")


@functools.cache
def _screener() -> object:
    import screening
    from screening.paths import sample_files

    return screening.Screener(screening.load(*sample_files()))


def match_input(data: bytes) -> None:
    from screening import Screener

    screener = _screener()
    assert isinstance(screener, Screener)
    try:
        matches = screener.match(_text(data), threshold=0.0, limit=5)
    except _accepted():
        return
    for found in matches:
        if not 0.0 <= found.score <= 1.0:
            raise AssertionError(f"score {found.score} outside 0..1")


def _name_seeds() -> list[bytes]:
    return [name.encode() for name in NAME_SEEDS]


def _pair_seeds() -> list[bytes]:
    return [f"{a}|{b}".encode() for a, b in zip(NAME_SEEDS, reversed(NAME_SEEDS), strict=True)]


FORMAT_IDS = (
    "ofac-xml",
    "ofac-csv",
    "un-xml",
    "eu-fsf-xml",
    "uk-fcdo-xml",
    "uk-fcdo-ods",
    "uk-ofsi",
    "ca-sema-xml",
    "au-dfat-xlsx",
    "ch-seco-xml",
    "opensanctions-ftm",
    "opensanctions-simple",
    "internal-csv",
    "internal-json",
)


def targets() -> dict[str, Target]:
    found = {format_id: parser_target(format_id) for format_id in FORMAT_IDS}
    found["normalize"] = Target("normalize", normalize_input, _name_seeds)
    found["compare"] = Target("compare", compare_input, _pair_seeds)
    found["match"] = Target("match", match_input, _name_seeds)
    return found


# --- engines ----------------------------------------------------------------------------------

_INTERESTING = [b"\x00", b"\xff", b"\xef\xbb\xbf", b"<", b">", b"&", b'"', b",", b"\n", b"[", b"{"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random edit: flip, insert, delete, duplicate a slice, truncate or splice a token."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    buffer = bytearray(data)
    kind = rng.randrange(6)
    at = rng.randrange(len(buffer))
    if kind == 0:
        buffer[at] ^= 1 << rng.randrange(8)
    elif kind == 1:
        buffer[at:at] = rng.choice(_INTERESTING) * rng.randint(1, 64)
    elif kind == 2:
        del buffer[at : at + rng.randint(1, 64)]
    elif kind == 3:
        end = min(len(buffer), at + rng.randint(1, 256))
        buffer[at:at] = buffer[at:end] * rng.randint(1, 8)
    elif kind == 4:
        del buffer[at:]
    else:
        buffer[at:at] = rng.choice(_INTERESTING)
    return bytes(buffer)


@attrs.frozen
class Result:
    target: str
    engine: str
    executions: int
    seconds: float
    crashes: int
    detail: str = ""


def run_random(
    target: Target,
    *,
    seconds: float | None = None,
    runs: int | None = None,
    seed: int = 0,
    artifacts: Path | None = None,
) -> Result:
    """Mutate the seeds at random until the time or run budget is spent; stop at the first crash."""
    rng = random.Random(seed)
    corpus = target.seeds() or [b""]
    start = time.monotonic()
    executions = 0
    while True:
        if runs is not None and executions >= runs:
            break
        if seconds is not None and time.monotonic() - start >= seconds:
            break
        data = rng.choice(corpus)
        for _ in range(rng.randint(1, 8)):
            data = mutate(data, rng)
        executions += 1
        try:
            target.one_input(data)
        except Exception as exc:  # a crash is what we are looking for
            detail = f"{type(exc).__name__}: {exc}"[:300]
            if artifacts is not None:
                artifacts.mkdir(parents=True, exist_ok=True)
                (artifacts / f"crash-{target.name}-{executions}").write_bytes(data)
            return Result(target.name, "random", executions, time.monotonic() - start, 1, detail)
    return Result(target.name, "random", executions, time.monotonic() - start, 0)


def run_atheris_in_process(target: Target, seconds: float, artifacts: Path) -> None:
    """libFuzzer main loop for one target (never returns: libFuzzer exits the process)."""
    import atheris

    with atheris.instrument_imports():
        import screening
        import screening.normalize.normalizer  # noqa: F401
        import screening.sources.formats as formats

        formats.all_formats()  # imports (and instruments) every parser module
    corpus = Path(tempfile.mkdtemp(prefix=f"corpus-{target.name}-"))
    for number, seed in enumerate(target.seeds()):
        (corpus / f"seed-{number}").write_bytes(seed)
    artifacts.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={int(seconds)}",
        f"-artifact_prefix={artifacts}/crash-{target.name}-",
        "-rss_limit_mb=2048",
        "-timeout=20",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, target.one_input)
    atheris.Fuzz()


def run_atheris(target: Target, seconds: float, artifacts: Path) -> Result:
    """Run one atheris target in a child process and read libFuzzer's final stats."""
    command = [
        sys.executable,
        __file__,
        "--child",
        "--target",
        target.name,
        "--seconds",
        str(seconds),
        "--artifacts",
        str(artifacts),
    ]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    log = done.stdout + done.stderr
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    executions = int(runs.group(1)) if runs else 0
    crashed = done.returncode != 0
    detail = ""
    if crashed:
        lines = log.splitlines()
        start = next((i for i, line in enumerate(lines) if "Uncaught Python exception" in line), -1)
        detail = "\n".join(lines[start : start + 40] if start >= 0 else lines[-12:])
    return Result(target.name, "atheris", executions, elapsed, int(crashed), detail)


def has_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", action="append", help="target name (repeatable); default all")
    parser.add_argument("--seconds", type=float, default=30.0, help="time budget per target")
    parser.add_argument("--runs", type=int, help="executions per target (random engine only)")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--artifacts", type=Path, default=Path("fuzz-artifacts"))
    parser.add_argument("--list", action="store_true", help="print the target names and exit")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    known = targets()
    if args.list:
        print("\n".join(known))
        return 0
    names = args.target or list(known)
    unknown = [name for name in names if name not in known]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; see --list")
    if args.child:
        run_atheris_in_process(known[names[0]], args.seconds, args.artifacts.resolve())
        return 0
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if has_atheris() and args.runs is None else "random"
    results = []
    for name in names:
        if engine == "atheris":
            result = run_atheris(known[name], args.seconds, args.artifacts.resolve())
        else:
            result = run_random(
                known[name],
                seconds=None if args.runs else args.seconds,
                runs=args.runs,
                artifacts=args.artifacts,
            )
        results.append(result)
        status = f"CRASH\n{result.detail}" if result.crashes else "ok"
        print(
            f"{result.target:22} {result.engine:8} {result.executions:>9,} runs "
            f"{result.seconds:7.1f} s  {status}",
            flush=True,
        )
    total = sum(r.executions for r in results)
    crashes = sum(r.crashes for r in results)
    seconds = sum(r.seconds for r in results)
    print(f"{'total':22} {engine:8} {total:>9,} runs {seconds:7.1f} s  {crashes} crash(es)")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
