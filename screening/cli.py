"""The ``screening`` command: a thin layer over the library.

Every command parses its options, calls the library and prints; logs go to
stderr; a library error becomes one line on stderr and exit status 1.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from screening.errors import ScreeningError
from screening.model import Designation, ListSet

F = TypeVar("F", bound=Callable[..., Any])


def _lists_options(function: F) -> F:
    """Options shared by commands that load lists."""
    function = click.option(
        "--list",
        "list_paths",
        multiple=True,
        metavar="PATH|SOURCE",
        help="List file, folder or fetched source id (repeatable). Default: the fetched "
        "lists, or the embedded samples when nothing was fetched.",
    )(function)
    function = click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="SCREENING_CACHE_DIR",
        help="Cache of fetched lists (default: $SCREENING_CACHE_DIR or ~/.cache/screening).",
    )(function)
    function = click.option(
        "--sources",
        "sources_files",
        multiple=True,
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="Extra sources registry TOML (repeatable).",
    )(function)
    return function


def load_lists(
    list_paths: Sequence[str], cache_dir: Path | None, sources_files: Sequence[Path]
) -> ListSet:
    from screening.loader import load

    lists = load(*list_paths, cache_dir=cache_dir, sources_files=sources_files)
    if lists.origin == "samples":
        click.echo(
            "note: no fetched lists found; using the embedded sample lists "
            "(run `screening fetch` for the official lists)",
            err=True,
        )
    return lists


class _Group(click.Group):
    """Turns library errors into one clear line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScreeningError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="screening")
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
def main(verbose: int) -> None:
    """Sanctions list screening.

    \b
    Examples:
      screening lists
      screening match "Muhammad Al Kani"
      screening screen examples/customers.csv -o results.csv
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@main.command("lists")
@_lists_options
def lists_command(
    list_paths: tuple[str, ...], cache_dir: Path | None, sources_files: tuple[Path, ...]
) -> None:
    """Show the loaded list snapshots.

    Example: screening lists --list ../shared/lists/un/consolidated.xml
    """
    lists = load_lists(list_paths, cache_dir, sources_files)
    rows = [("source", "authority", "scope", "published", "entries", "issues", "sha256")]
    for snapshot in lists.snapshots:
        rows.append(
            (
                snapshot.source.id,
                snapshot.source.authority[:48],
                snapshot.source.scope,
                str(snapshot.published or "-"),
                str(snapshot.entry_count),
                str(len(snapshot.issues)),
                snapshot.sha256[:12],
            )
        )
    click.echo(_table(rows))
    click.echo(f"({lists.origin}: {len(lists)} designations)")


@main.command("show")
@click.argument("designation_id")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@_lists_options
def show_command(
    designation_id: str,
    as_json: bool,
    list_paths: tuple[str, ...],
    cache_dir: Path | None,
    sources_files: tuple[Path, ...],
) -> None:
    """Print one designation in full.

    Example: screening show us-ofac-sdn:29119
    """
    lists = load_lists(list_paths, cache_dir, sources_files)
    designation = lists.get(designation_id)
    if designation is None:
        raise click.ClickException(f"no designation {designation_id!r} in the loaded lists")
    if as_json:
        from screening.serialize import to_data

        click.echo(json.dumps(to_data(designation), ensure_ascii=False, indent=2))
    else:
        click.echo(format_designation(designation))


@main.command("formats")
def formats_command() -> None:
    """List the list formats screening reads (detected by content).

    Example: screening formats
    """
    from screening.sources.formats import all_formats

    rows = [("format", "parser version", "description")]
    rows += [(f.id, f.version, f.description) for f in all_formats()]
    click.echo(_table(rows))


@main.command("fetch")
@click.argument("source_ids", nargs=-1)
@click.option("--force", is_flag=True, help="Accept a list that shrank by more than 20%.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SCREENING_CACHE_DIR",
    help="Cache of fetched lists (default: $SCREENING_CACHE_DIR or ~/.cache/screening).",
)
@click.option(
    "--sources",
    "sources_files",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Extra sources registry TOML (repeatable).",
)
def fetch_command(
    source_ids: tuple[str, ...],
    force: bool,
    timeout: float,
    cache_dir: Path | None,
    sources_files: tuple[Path, ...],
) -> None:
    """Download official lists into the cache; a failed update keeps the last good list.

    Example: screening fetch un-sc us-ofac-sdn
    """
    from screening.fetch import fetch_sources
    from screening.sources.registry import load_registry

    results = fetch_sources(
        source_ids,
        cache_dir=cache_dir,
        registry=load_registry(sources_files),
        force=force,
        timeout=timeout,
    )
    for result in results:
        counts = f"{result.old_count or '-'} -> {result.new_count or '-'}"
        click.echo(f"{result.source_id}: {result.status} ({counts}) {result.message}")
    if any(result.status == "failed" for result in results):
        sys.exit(1)


@main.command("match")
@click.argument("name")
@click.option("--kind", type=click.Choice(["person", "organization", "vessel", "aircraft"]))
@click.option("--dob", "birth_date", help="Birth date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--country", "countries", multiple=True, help="Country name or ISO code.")
@click.option("--source", "source_ids", multiple=True, help="Only this source id (repeatable).")
@click.option("--scope", type=click.Choice(["un", "regional", "unilateral", "mixed", "internal"]))
@click.option("--threshold", type=float, help="Minimum score (default: the config's).")
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON lines.")
@_lists_options
def match_command(
    name: str,
    kind: str | None,
    birth_date: str | None,
    countries: tuple[str, ...],
    source_ids: tuple[str, ...],
    scope: str | None,
    threshold: float | None,
    limit: int,
    as_json: bool,
    list_paths: tuple[str, ...],
    cache_dir: Path | None,
    sources_files: tuple[Path, ...],
) -> None:
    """Screen one name against the lists.

    Example: screening match "Muhammad Al Kani" --kind person
    """
    from screening.screener import Screener

    screener = Screener(load_lists(list_paths, cache_dir, sources_files))
    matches = screener.match(
        name,
        kind=kind,  # type: ignore[arg-type]
        birth_date=birth_date,
        countries=countries,
        sources=source_ids or None,
        scope=scope,  # type: ignore[arg-type]
        threshold=threshold,
        limit=limit,
    )
    if not matches:
        click.echo("no match", err=True)
    for m in matches:
        if as_json:
            record = {
                "score": m.score,
                "designation": m.designation.id,
                "matched_name": m.matched_name.full,
                "source": m.source.id,
                "authority": m.authority,
                "scope": m.scope,
                "programs": list(m.designation.programs),
                "explanation": str(m.explanation),
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            programs = ", ".join(m.designation.programs) or "-"
            click.echo(
                f"{m.score:.3f}  {m.designation.id}  {m.matched_name.full}  "
                f"[{m.source.id}, {m.scope}, {programs}]"
            )
            click.echo(f"       {m.explanation}")


@main.command("compare")
@click.argument("name_a")
@click.argument("name_b")
def compare_command(name_a: str, name_b: str) -> None:
    """Score two names against each other and explain the score.

    Example: screening compare "Moammar Gaddafi" "QADHAFI, Muammar"
    """
    from screening.screener import compare

    result = compare(name_a, name_b)
    click.echo(f"{result.score:.3f}  {result.explanation}")


@main.command("screen")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", help="Result file (.csv, .jsonl, .parquet); default: CSV on stdout."
)
@click.option("--format", "output_format", type=click.Choice(["csv", "jsonl", "parquet"]))
@click.option("--alerts", help="Also write one record per hit to this file (long format).")
@click.option("--input-format", type=click.Choice(["csv", "jsonl", "parquet"]))
@click.option("--name", "name_column", help="Name column (default: detected).")
@click.option("--kind", "kind_column", help="Entity kind column (person/organization ...).")
@click.option("--dob", "dob_column", help="Birth date column.")
@click.option("--country", "country_columns", multiple=True, help="Country column (repeatable).")
@click.option("--id", "id_column", help="Customer id column.")
@click.option("--encoding", help="Input encoding (default: detected).")
@click.option("--delimiter", help="CSV delimiter (default: sniffed from the header).")
@click.option("--threshold", type=float, help="Minimum score for an alert (default: the config's).")
@click.option("--preset", default="default", show_default=True, help="MatchConfig preset.")
@click.option(
    "--top", type=click.IntRange(min=1), default=3, show_default=True, help="Hits per row."
)
@click.option("--source", "source_ids", multiple=True, help="Only this source id (repeatable).")
@click.option(
    "--scope", "scopes", multiple=True, type=click.Choice(["un", "regional", "unilateral"])
)
@click.option("-w", "--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--restart", is_flag=True, help="Ignore a checkpoint of an interrupted run.")
@click.option(
    "--checkpoint-every",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds between checkpoints (each one fsyncs the output).",
)
@click.option("--audit", help="Audit trail JSON (default: OUTPUT.audit.json).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary.")
@_lists_options
def screen_command(
    input_path: Path,
    output: str | None,
    output_format: str | None,
    alerts: str | None,
    input_format: str | None,
    name_column: str | None,
    kind_column: str | None,
    dob_column: str | None,
    country_columns: tuple[str, ...],
    id_column: str | None,
    encoding: str | None,
    delimiter: str | None,
    threshold: float | None,
    preset: str,
    top: int,
    source_ids: tuple[str, ...],
    scopes: tuple[str, ...],
    workers: int,
    restart: bool,
    checkpoint_every: float,
    audit: str | None,
    quiet: bool,
    list_paths: tuple[str, ...],
    cache_dir: Path | None,
    sources_files: tuple[Path, ...],
) -> None:
    """Screen every row of a customer file (CSV/TSV, JSON Lines, Parquet).

    One output row per input row, in order (status ok/alert/error). With -o the
    run is resumable: run the same command again after an interruption.

    Example: screening screen examples/customers.csv -o results.csv --alerts alerts.csv -w 2
    """
    from screening.batch import ColumnOptions, screen_file
    from screening.config import MatchConfig
    from screening.screener import Screener

    lists = load_lists(list_paths, cache_dir, sources_files)
    screener = Screener(lists, config=MatchConfig.preset(preset))
    summary = screen_file(
        input_path,
        output,
        screener=screener,
        alerts=alerts,
        input_format=input_format,
        output_format=output_format,
        columns=ColumnOptions(
            name=name_column,
            kind=kind_column,
            dob=dob_column,
            country=country_columns,
            id=id_column,
        ),
        encoding=encoding,
        delimiter=delimiter,
        threshold=threshold,
        top=top,
        sources=source_ids or None,
        scope=scopes or None,  # type: ignore[arg-type]
        workers=workers,
        restart=restart,
        checkpoint_seconds=checkpoint_every,
        progress=not quiet,
        audit=audit,
    )
    if not quiet:
        click.echo(str(summary), err=True)


@main.group("bench")
def bench_group() -> None:
    """Benchmarks (match quality)."""


@bench_group.command(
    "quality", context_settings={"ignore_unknown_options": True, "allow_extra_args": True}
)
@click.pass_context
def bench_quality_command(ctx: click.Context) -> None:
    """Run the match-quality benchmark (options: see `screening bench quality --help-bench`).

    Example: screening bench quality --quick
    """
    from screening.evaluation.run import main as run_benchmark

    args = ["--help" if a == "--help-bench" else a for a in ctx.args]
    sys.exit(run_benchmark(args))


def format_designation(designation: Designation) -> str:
    """A designation as readable text, every field that has a value."""
    lines = [f"{designation.id}  ({designation.kind})"]
    for name in designation.names:
        quality = "" if name.quality == "strong" else f", {name.quality}"
        lines.append(f"  name: {name.full}  [{name.type}{quality}, {name.script}]")
    simple = [
        ("programs", ", ".join(designation.programs)),
        ("listed on", str(designation.listed_on or "")),
        ("UN reference", designation.un_reference or ""),
        ("references", ", ".join(designation.references)),
        ("gender", designation.gender or ""),
        ("birth dates", "; ".join(str(b) for b in designation.birth_dates)),
        ("birth places", "; ".join(designation.birth_places)),
        ("nationalities", ", ".join(str(c) for c in designation.nationalities)),
        ("citizenships", ", ".join(str(c) for c in designation.citizenships)),
        ("titles", "; ".join(designation.titles)),
        ("related", "; ".join(designation.related)),
    ]
    lines += [f"  {label}: {value}" for label, value in simple if value]
    for identifier in designation.identifiers:
        country = f" ({identifier.country})" if identifier.country else ""
        lines.append(f"  id: {identifier.label or identifier.kind} {identifier.number}{country}")
    for address in designation.addresses:
        lines.append(f"  address: {address}")
    if designation.remarks:
        lines.append(f"  remarks: {designation.remarks}")
    return "\n".join(lines)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


@main.command("who")
@click.argument("name")
@click.option("--kind", type=click.Choice(["person", "organization", "vessel", "aircraft"]))
@click.option("--dob", "birth_date", help="Birth date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--country", "countries", multiple=True, help="Country name or ISO code.")
@click.option("--threshold", type=float, help="Minimum score (default: the config's).")
@_lists_options
def who_command(
    name: str,
    kind: str | None,
    birth_date: str | None,
    countries: tuple[str, ...],
    threshold: float | None,
    list_paths: tuple[str, ...],
    cache_dir: Path | None,
    sources_files: tuple[Path, ...],
) -> None:
    """Who lists the best-matching party: every loaded source, yes or no, with program and date.

    Example: screening who "Muhammad al-Kani"
    """
    from screening.screener import Screener
    from screening.who import format_who, who_lists

    screener = Screener(load_lists(list_paths, cache_dir, sources_files))
    report = who_lists(
        screener,
        name,
        kind=kind,  # type: ignore[arg-type]
        birth_date=birth_date,
        countries=countries,
        threshold=threshold,
    )
    if report is None:
        click.echo(f"no listed party matches {name!r}")
        sys.exit(1)
    click.echo(format_who(report))


@main.command("coverage")
@click.option("--top", type=int, default=5, show_default=True, help="Largest differences shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_lists_options
def coverage_command(
    top: int,
    as_json: bool,
    list_paths: tuple[str, ...],
    cache_dir: Path | None,
    sources_files: tuple[Path, ...],
) -> None:
    """Overlaps between the loaded sources: shared parties, UN coverage, unilateral listings.

    \b
    Example:
      screening coverage --list un/consolidated.xml --list uk/ConList.xlsx
    """
    import attrs

    from screening.coverage import coverage, format_coverage
    from screening.screener import Screener

    lists = load_lists(list_paths, cache_dir, sources_files)
    screener = Screener(lists)
    sources = {snapshot.source.id: snapshot.source for snapshot in lists.snapshots}
    result = coverage(screener.links, sources)
    if as_json:
        click.echo(json.dumps(attrs.asdict(result), indent=2))
    else:
        click.echo(format_coverage(result, top=top))


@main.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--aspect",
    "aspects",
    multiple=True,
    help="Compare only this aspect (repeatable): names, primary_name, programs, identifiers, "
    "birth_dates, countries, kind, un_reference, listed_on. Default: all but primary_name "
    "and listed_on.",
)
@click.option("--limit", type=int, help="At most this many entries per section (text only).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def diff_command(
    old: Path, new: Path, aspects: tuple[str, ...], limit: int | None, as_json: bool
) -> None:
    """Added, removed and changed designations between two snapshots of one list.

    \b
    Example:
      screening diff un/2025-04-19/consolidated.xml un/consolidated.xml
    """
    from screening.diff import DEFAULT_ASPECTS, diff_snapshots, format_diff
    from screening.loader import load_file

    result = diff_snapshots(
        load_file(old),
        load_file(new),
        aspects=aspects or DEFAULT_ASPECTS,  # type: ignore[arg-type]
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_diff(result, limit=limit))
