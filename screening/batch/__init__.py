"""Batch screening: customer files and data frames, one result per input row, in order.

- `screen_batch`: an iterator of `RowResult` over names or mappings, on one or
  more forked worker processes sharing one index.
- `screen_file`: a CSV/TSV, JSON Lines or Parquet file to CSV, JSON Lines or
  Parquet, resumable after a kill, written atomically, with an audit trail.
- `screen_dataframe`: pandas or polars DataFrames (``screening.dask`` for Dask).

See docs/batch.md.
"""

from __future__ import annotations

from screening.batch.columns import ColumnMap, ColumnOptions, resolve_columns
from screening.batch.engine import ScreenOptions, screen_batch, screen_row, screen_rows
from screening.batch.frames import screen_dataframe
from screening.batch.readers import InputSpec, inspect_input, iter_rows
from screening.batch.records import Hit, InputRow, RowResult
from screening.batch.run import Summary, screen_file

__all__ = [
    "ColumnMap",
    "ColumnOptions",
    "Hit",
    "InputRow",
    "InputSpec",
    "RowResult",
    "ScreenOptions",
    "Summary",
    "inspect_input",
    "iter_rows",
    "resolve_columns",
    "screen_batch",
    "screen_dataframe",
    "screen_file",
    "screen_row",
    "screen_rows",
]
