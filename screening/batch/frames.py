"""Screening pandas and polars DataFrames: the input's columns plus ``screening_*`` result columns.

pandas and polars are optional: each helper imports its library when called.
Result columns carry a ``screening_`` prefix so they cannot collide with the
customer's own (an account ``status`` column is common).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from screening.batch.columns import ColumnMap, ColumnOptions, resolve_columns, row_from_mapping
from screening.batch.engine import DEFAULT_CHUNK_SIZE, ScreenOptions, screen_rows
from screening.batch.records import InputRow, RowResult, flat_columns, flat_record
from screening.model import Scope
from screening.screener import Screener

PREFIX = "screening_"
_ECHOED = ("row", "id", "name")


def result_columns(top: int) -> list[str]:
    """The columns the frame helpers add, in order."""
    return [PREFIX + c for c in flat_columns(top) if c not in _ECHOED]


def result_values(result: RowResult, top: int) -> dict[str, Any]:
    record = flat_record(result, top)
    return {PREFIX + k: v for k, v in record.items() if k not in _ECHOED}


def records_to_rows(
    records: Sequence[dict[str, Any]], columns: ColumnMap, start: int = 1
) -> Iterator[InputRow]:
    for offset, values in enumerate(records):
        yield row_from_mapping(start + offset, values, columns)


def screen_records(
    records: Sequence[dict[str, Any]],
    header: Sequence[str],
    *,
    screener: Screener,
    columns: ColumnOptions | None,
    options: ScreenOptions,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> list[dict[str, Any]]:
    """Result values for each record (dicts of ``screening_*`` columns), in order."""
    resolved = resolve_columns(list(header), columns)
    rows = records_to_rows(records, resolved)
    out: list[dict[str, Any]] = []
    for chunk in screen_rows(rows, screener, options, workers=workers, chunk_size=chunk_size):
        out.extend(result_values(r, options.top) for r in chunk)
    return out


def _options(
    threshold: float | None,
    top: int,
    sources: Sequence[str] | None,
    scope: Sequence[Scope] | None,
) -> ScreenOptions:
    return ScreenOptions(
        threshold=threshold,
        top=top,
        sources=tuple(sources) if sources is not None else None,
        scope=tuple(scope) if scope is not None else None,
    )


def screen_dataframe(
    frame: Any,
    *,
    screener: Screener | None = None,
    columns: ColumnOptions | None = None,
    workers: int = 1,
    threshold: float | None = None,
    top: int = 3,
    sources: Sequence[str] | None = None,
    scope: Sequence[Scope] | None = None,
) -> Any:
    """Screen a pandas or polars DataFrame; returns a new frame of the same library.

    The result has the input's columns followed by `result_columns` (status,
    best score, hit count, error and the top hits). Rows keep their order (and,
    for pandas, their index). Columns are auto-detected unless ``columns`` names them.
    """
    if screener is None:
        from screening.screener import default_screener

        screener = default_screener()
    options = _options(threshold, top, sources, scope)
    module = type(frame).__module__.split(".")[0]
    if module == "polars":
        import polars as pl

        values = screen_records(
            frame.to_dicts(),
            frame.columns,
            screener=screener,
            columns=columns,
            options=options,
            workers=workers,
        )
        names = result_columns(top)
        added = pl.DataFrame(
            {c: [v[c] for v in values] for c in names},
            schema={c: _polars_type(pl, c) for c in names},
        )
        return frame.hstack(added)
    if module == "pandas":
        import pandas as pd

        records = frame.to_dict(orient="records")
        values = screen_records(
            [{str(k): _pandas_value(v) for k, v in r.items()} for r in records],
            [str(c) for c in frame.columns],
            screener=screener,
            columns=columns,
            options=options,
            workers=workers,
        )
        added = pd.DataFrame(values, columns=result_columns(top), index=frame.index)
        return pd.concat([frame, added], axis=1)
    raise TypeError(f"screen_dataframe needs a pandas or polars DataFrame, not {type(frame)!r}")


def _pandas_value(value: Any) -> Any:
    """pandas missing values (NaN, NaT, NA) as None."""
    try:
        import pandas as pd

        if value is not None and not isinstance(value, list | tuple) and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def _polars_type(pl: Any, column: str) -> Any:
    if column.endswith(("_score",)):
        return pl.Float64
    if column.endswith("hit_count"):
        return pl.Int64
    return pl.String
