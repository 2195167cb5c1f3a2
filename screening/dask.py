"""Screening Dask DataFrames on a Dask distributed cluster (extra ``dask``).

The screener is shipped to each worker **once**, not per partition: a worker
plugin carrying the lists and the config is registered on the client; every
worker process (and every worker that joins later) builds its `Screener` in the
plugin's ``setup`` and keeps it in this module's `_SCREENERS`, keyed by a
fingerprint of the lists and config. Partitions then only carry rows. The
partition function is the same code as `screening.batch.screen_dataframe`, so
the results are identical to the single-machine path.

Building the index takes seconds per worker process for all official lists; the
lists themselves travel once per worker (tens of MB pickled for every list).

Import is lazy: ``import screening`` does not import dask.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import attrs

from screening.batch.audit import fingerprint
from screening.batch.columns import ColumnMap, ColumnOptions, resolve_columns
from screening.batch.engine import ScreenOptions, screen_rows
from screening.batch.frames import records_to_rows, result_columns, result_values
from screening.config import MatchConfig
from screening.errors import ConfigError
from screening.model import ListSet, Scope
from screening.screener import Screener

try:
    import dask.dataframe  # noqa: F401  (the extra must be complete)
    from distributed import Client, WorkerPlugin, get_client
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "screening.dask needs dask and distributed: pip install 'screening[dask]'"
    ) from exc

_SCREENERS: dict[str, Screener] = {}
_LOCK = threading.Lock()


def screener_key(lists: ListSet, config: MatchConfig) -> str:
    """Identifies a screener by what it is built from (list snapshots and config)."""
    return fingerprint(
        {"lists": [s.sha256 for s in lists.snapshots], "config": attrs.asdict(config)}
    )[:16]


class ScreenerPlugin(WorkerPlugin):
    """Builds the screener once in each worker process."""

    def __init__(self, lists: ListSet, config: MatchConfig) -> None:
        self.lists = lists
        self.config = config
        self.key = screener_key(lists, config)
        self.name = f"screening-{self.key}"

    def setup(self, worker: Any) -> None:
        with _LOCK:
            if self.key not in _SCREENERS:
                _SCREENERS[self.key] = Screener(self.lists, config=self.config)


def _float_columns(top: int) -> set[str]:
    return {c for c in result_columns(top) if c.endswith("_score")}


def _screen_partition(frame: Any, key: str, columns: ColumnMap, options: ScreenOptions) -> Any:
    import pandas as pd

    names = result_columns(options.top)
    values: list[dict[str, Any]] = []
    if len(frame):
        screener = _SCREENERS.get(key)
        if screener is None:
            raise ConfigError(
                "this Dask worker has no screener: the ScreenerPlugin was not registered "
                "(use screening.dask.screen_dataframe, which registers it)"
            )
        records = [
            {str(k): _missing_as_none(v) for k, v in r.items()}
            for r in frame.to_dict(orient="records")
        ]
        rows = records_to_rows(records, columns)
        for chunk in screen_rows(rows, screener, options, workers=1):
            values.extend(result_values(r, options.top) for r in chunk)
    added = pd.DataFrame(values, columns=names, index=frame.index)
    floats = _float_columns(options.top)
    dtypes = {
        c: "float64" if c in floats else "int64" if c.endswith("hit_count") else "object"
        for c in names
    }
    return pd.concat([frame, added.astype(dtypes)], axis=1)


def _missing_as_none(value: Any) -> Any:
    import pandas as pd

    try:
        if value is not None and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def screen_dataframe(
    ddf: Any,
    *,
    screener: Screener | None = None,
    lists: ListSet | None = None,
    config: MatchConfig | None = None,
    client: Client | None = None,
    columns: ColumnOptions | None = None,
    threshold: float | None = None,
    top: int = 3,
    sources: Sequence[str] | None = None,
    scope: Sequence[Scope] | None = None,
) -> Any:
    """Screen a Dask DataFrame on the cluster of ``client`` (default: the current client).

    The result is lazy: the input's columns plus the ``screening_*`` columns of
    `screening.batch.screen_dataframe`, row for row. The lists and config come
    from ``screener`` (its lists and config are shipped, not its index) or from
    ``lists``/``config`` (default: `screening.load()` and `MatchConfig()`).
    """
    if screener is not None:
        lists, config = screener.lists, screener.config
    if lists is None:
        from screening.loader import load

        lists = load()
    config = config or MatchConfig()
    client = client or get_client()
    plugin = ScreenerPlugin(lists, config)
    client.register_plugin(plugin)
    options = ScreenOptions(
        threshold=threshold,
        top=top,
        sources=tuple(sources) if sources is not None else None,
        scope=tuple(scope) if scope is not None else None,
    )
    resolved = resolve_columns([str(c) for c in ddf.columns], columns)
    meta = _screen_partition(ddf._meta, plugin.key, resolved, options)
    result: Any = ddf.map_partitions(
        _screen_partition, plugin.key, resolved, options, meta=meta, align_dataframes=False
    )
    return result
