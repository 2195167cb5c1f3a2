"""Screening many rows: one `RowResult` per row, in input order, on one or more processes.

Parallelism uses processes forked from the parent *after* the `Screener` is
built (the ``fork`` start method): the workers read the parent's screener
through copy-on-write memory and never rebuild the index, so starting a worker
costs milliseconds and the index's memory is shared, not copied. ``gc.freeze()``
before forking keeps the garbage collector from touching (and so copying) the
shared objects. Rows travel to the workers in chunks; at most
``2 * workers`` chunks are in flight, so memory stays bounded however long the
input is. Results come back per chunk and are yielded in input order.

Where ``fork`` does not exist (Windows) the rows are screened in-process.

Each worker keeps a bounded cache of prepared names (`Screener.prepare`: the
candidates and name scores of a name and kind): customer files repeat names,
and a repeated name costs only its birth-date and country evidence. Names
without any candidate (most customers) are not kept there but reported back
to the parent, which answers their later rows itself, whichever worker saw
them first.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import multiprocessing
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import attrs

from screening.batch.columns import ColumnMap, row_from_mapping
from screening.batch.records import Hit, InputRow, RowResult
from screening.config import MatchConfig
from screening.errors import ConfigError, InputError, ScreeningError
from screening.model import EntityKind, Scope
from screening.screener import PreparedQuery, Screener

log = logging.getLogger("screening.batch")

DEFAULT_CHUNK_SIZE = 256
CACHE_SIZE = 100_000
"""Prepared names cached per worker; bounded so memory stays flat on any input size."""
CLEAR_NAMES = 500_000
"""Clear names remembered by the parent (bounded like the cache)."""
_NOTHING = PreparedQuery(None, MatchConfig(), ())
_Pending = tuple[list[RowResult | None], "Future[tuple[list[RowResult], list[Any]]] | None"]
EXPLANATION_CHARS = 400

_KINDS: dict[str, EntityKind] = {
    "person": "person",
    "individual": "person",
    "natural person": "person",
    "p": "person",
    "i": "person",
    "organization": "organization",
    "organisation": "organization",
    "org": "organization",
    "company": "organization",
    "entity": "organization",
    "business": "organization",
    "legal person": "organization",
    "c": "organization",
    "e": "organization",
    "o": "organization",
    "vessel": "vessel",
    "ship": "vessel",
    "aircraft": "aircraft",
    "unknown": "unknown",
}


@attrs.frozen
class ScreenOptions:
    """Per-run matching options (the config's threshold applies when ``threshold`` is None)."""

    threshold: float | None = None
    top: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    sources: tuple[str, ...] | None = None
    scope: tuple[Scope, ...] | None = None


def _kind(value: Any) -> EntityKind | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError(f"kind must be text, not {type(value).__name__}")
    kind = _KINDS.get(" ".join(value.casefold().replace("_", " ").split()))
    if kind is None:
        raise InputError(f"unknown kind {value!r}; use person, organization, vessel or aircraft")
    return kind


def _birth_date(value: Any) -> str | dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    raise InputError(f"birth date must be text or a date, not {type(value).__name__} {value!r}")


def _name_text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _short(text: str) -> str:
    return text if len(text) <= EXPLANATION_CHARS else text[: EXPLANATION_CHARS - 1] + "…"


class _Cache:
    """A bounded LRU of (name, kind) -> the name's prepared candidates (`Screener.prepare`)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, PreparedQuery] = OrderedDict()

    def get(self, key: Any) -> PreparedQuery | None:
        prepared = self.items.get(key)
        if prepared is not None:
            self.items.move_to_end(key)
        return prepared

    def put(self, key: Any, prepared: PreparedQuery) -> None:
        self.items[key] = prepared
        if len(self.items) > self.size:
            self.items.popitem(last=False)


class _ClearNames(_Cache):
    """Names whose prepared query holds no candidate at all, shared by every worker's rows.

    No birth date or country can make such a name alert, so the parent
    answers its later rows itself (`screen_row` still validates each row's
    birth date and countries) and sends only the other rows to the workers.
    """

    def __init__(self, size: int, screener: Screener) -> None:
        super().__init__(size)
        self.config = screener.config

    def __contains__(self, key: object) -> bool:
        return key in self.items

    def get(self, key: Any) -> PreparedQuery | None:
        return PreparedQuery(key[1], self.config, ()) if key in self.items else None

    def put(self, key: Any, prepared: PreparedQuery) -> None:
        """Only `add` marks a name clear (a worker found it so)."""

    def add(self, keys: Iterable[Any]) -> None:
        for key in keys:
            self.items[key] = _NOTHING
            if len(self.items) > self.size:
                self.items.popitem(last=False)


def _row_key(row: InputRow) -> tuple[str, EntityKind | None] | None:
    """The cache key of a row (name and kind), or None when the row cannot be screened."""
    if row.error is not None or not isinstance(row.name, str):
        return None
    try:
        return (row.name, _kind(row.kind))
    except InputError:
        return None


def screen_row(
    screener: Screener, row: InputRow, options: ScreenOptions, cache: _Cache | None = None
) -> RowResult:
    """Screen one row; a row that cannot be screened becomes an error result with the reason."""
    name = _name_text(row.name)
    if row.error is not None:
        return RowResult(row.row, row.record_id, name, "error", error=row.error)
    try:
        if not isinstance(row.name, str):
            raise InputError(
                "the name is empty"
                if row.name is None
                else f"the name must be text, not {type(row.name).__name__}"
            )
        kind = _kind(row.kind)
        birth_date = _birth_date(row.birth_date)
        key = (row.name, kind)
        prepared = cache.get(key) if cache is not None else None
        if prepared is None:
            prepared = screener.prepare(
                row.name,
                kind=kind,
                sources=options.sources,
                scope=options.scope,
                threshold=options.threshold,
            )
            if cache is not None:
                cache.put(key, prepared)
        matches = screener.finish(
            prepared, birth_date=birth_date, countries=row.countries, limit=options.top
        )
        hits = tuple(
            Hit(
                designation_id=m.designation.id,
                matched_name=m.matched_name.full,
                source=m.source.id,
                scope=m.scope,
                programs=m.designation.programs,
                score=m.score,
                explanation=_short(str(m.explanation)),
            )
            for m in matches
        )
    except ConfigError:
        raise  # a bad option is the run's fault, not the row's
    except ScreeningError as exc:
        return RowResult(row.row, row.record_id, name, "error", error=str(exc))
    except Exception as exc:  # never lose a row to an unexpected failure: record it
        log.warning("row %d: unexpected %s: %s", row.row, type(exc).__name__, exc)
        return RowResult(
            row.row, row.record_id, name, "error", error=f"internal error: {type(exc).__name__}"
        )
    return RowResult(row.row, row.record_id, name, "alert" if hits else "ok", hits=hits)


# The screener and options the forked workers use: set in the parent before the fork.
_worker_screener: Screener | None = None
_worker_options: ScreenOptions | None = None
_worker_cache: _Cache | None = None


def _screen_chunk(rows: Sequence[InputRow]) -> tuple[list[RowResult], list[Any]]:
    """The rows' results, and the keys of the names found clear (no candidate at all)."""
    global _worker_cache
    assert _worker_screener is not None and _worker_options is not None
    if _worker_cache is None:
        _worker_cache = _Cache(CACHE_SIZE)
    cache = _worker_cache
    results = [screen_row(_worker_screener, row, _worker_options, cache) for row in rows]
    clear = []
    for row in rows:
        key = _row_key(row)
        prepared = cache.items.get(key) if key is not None else None
        if prepared is not None and not prepared.scored:
            clear.append(key)
            del cache.items[key]  # the parent answers the name's later rows
    return results, clear


def _chunks(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    chunk: list[InputRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_rows(
    rows: Iterable[InputRow],
    screener: Screener,
    options: ScreenOptions,
    *,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[list[RowResult]]:
    """Results per chunk of rows, in input order (see the module docstring)."""
    if workers < 1:
        raise ConfigError("workers must be at least 1")
    if chunk_size < 1:
        raise ConfigError("chunk_size must be at least 1")
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        log.warning("the 'fork' start method is unavailable here; screening in one process")
        workers = 1
    if workers == 1:
        cache = _Cache(CACHE_SIZE)
        for chunk in _chunks(rows, chunk_size):
            yield [screen_row(screener, row, options, cache) for row in chunk]
        return
    global _worker_screener, _worker_options
    _worker_screener, _worker_options = screener, options
    gc.freeze()  # keep the collector from writing to (and so copying) the shared pages
    # A process pool executor (not multiprocessing.Pool): a worker that dies (OOM
    # killer) fails the run with BrokenProcessPool instead of hanging it. With the
    # fork context it forks every worker up front, before its manager thread starts.
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    clear = _ClearNames(CLEAR_NAMES, screener)
    pending: deque[_Pending] = deque()

    def collect() -> list[RowResult]:
        answered, future = pending.popleft()
        sent, found_clear = future.result() if future is not None else ([], [])
        clear.add(found_clear)
        from_workers = iter(sent)
        return [result or next(from_workers) for result in answered]

    try:
        for chunk in _chunks(rows, chunk_size):
            # rows of names already found clear are answered here; the rest go out
            answered: list[RowResult | None] = []
            send = []
            for row in chunk:
                key = _row_key(row)
                if key is not None and key in clear:
                    answered.append(screen_row(screener, row, options, clear))
                else:
                    answered.append(None)
                    send.append(row)
            future = executor.submit(_screen_chunk, send) if send else None
            pending.append((answered, future))
            if len(pending) >= 2 * workers:
                yield collect()
        while pending:
            yield collect()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _worker_screener = _worker_options = None


RowLike = InputRow | Mapping[str, Any] | str


def _as_input_rows(rows: Iterable[RowLike], columns: ColumnMap) -> Iterator[InputRow]:
    for number, value in enumerate(rows, start=1):
        if isinstance(value, InputRow):
            yield value
        elif isinstance(value, str):
            yield InputRow(row=number, name=value)
        elif isinstance(value, Mapping):
            yield row_from_mapping(number, value, columns)
        else:
            yield InputRow(
                row=number,
                name=None,
                error=f"a row must be a mapping or a name, not {type(value).__name__}",
            )


def screen_batch(
    rows: Iterable[RowLike],
    *,
    screener: Screener | None = None,
    workers: int = 1,
    threshold: float | None = None,
    top: int = 3,
    sources: Sequence[str] | None = None,
    scope: Sequence[Scope] | None = None,
    columns: ColumnMap | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[RowResult]:
    """Screen rows and yield one `RowResult` per row, in input order.

    Args:
        rows: names (str), mappings (keys ``name``, ``kind``, ``dob``,
            ``country``, ``id`` unless ``columns`` says otherwise) or `InputRow`.
        screener: default the screener over `screening.load()`.
        workers: processes (forked from this one, sharing the screener's index).
        threshold: minimum score for an alert; default the config's.
        top: hits kept per row.
        sources: only these source ids; scope: only these scopes.
        columns: where the fields are in mapping rows.
        chunk_size: rows per task sent to a worker.
    """
    if screener is None:
        from screening.screener import default_screener

        screener = default_screener()
    options = ScreenOptions(
        threshold=threshold,
        top=top,
        sources=tuple(sources) if sources is not None else None,
        scope=tuple(scope) if scope is not None else None,
    )
    columns = columns or ColumnMap(
        name=("name",), kind="kind", dob="dob", countries=("country",), id="id"
    )
    for chunk in screen_rows(
        _as_input_rows(rows, columns), screener, options, workers=workers, chunk_size=chunk_size
    ):
        yield from chunk
