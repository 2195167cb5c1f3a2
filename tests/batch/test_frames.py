"""DataFrame helpers (pandas, polars) and Dask: same results as `screen_batch`, row for row."""

from __future__ import annotations

from typing import Any

import pytest

from screening.batch import screen_batch, screen_dataframe
from screening.batch.frames import result_columns, result_values
from screening.screener import Screener
from tests.batch.conftest import CUSTOMERS


def expected(screener: Screener, names: list[str]) -> list[dict[str, Any]]:
    return [result_values(r, 3) for r in screen_batch(names, screener=screener)]


def plain(value: Any) -> Any:
    """NaN and pandas NA as None, numpy scalars as Python values."""
    if value is None or value != value:
        return None
    return value.item() if hasattr(value, "item") else value


def test_pandas(screener: Screener) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(CUSTOMERS, dtype=str, keep_default_na=False)
    frame.index = frame.index + 100
    result = screen_dataframe(frame, screener=screener)
    assert list(result.columns) == [*frame.columns, *result_columns(3)]
    assert list(result.index) == list(frame.index)
    alerts = result[result["screening_status"] == "alert"]["customer_id"].tolist()
    assert alerts == ["C-10004", "C-10010", "C-10014", "C-10019", "C-10023"]
    row = result.loc[100 + 21]
    assert row["screening_status"] == "error"
    assert "cannot read birth date" in row["screening_error"]


def test_pandas_missing_values_are_blank(screener: Screener) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": ["Muhammad Al Kani", None], "dob": [None, "1970"]})
    result = screen_dataframe(frame, screener=screener)
    assert result["screening_status"].tolist() == ["alert", "error"]
    assert result["screening_error"].tolist()[1] == "the name is empty"


def test_polars(screener: Screener) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_csv(CUSTOMERS, infer_schema=False)
    result = screen_dataframe(frame, screener=screener)
    assert result.columns == [*frame.columns, *result_columns(3)]
    assert result.height == 40
    statuses = result["screening_status"].to_list()
    assert statuses.count("alert") == 5 and statuses.count("error") == 2
    assert result["screening_hit1_designation"].to_list()[9] == "us-ofac-sdn:12606"


def test_not_a_frame(screener: Screener) -> None:
    with pytest.raises(TypeError, match="pandas or polars"):
        screen_dataframe([1, 2], screener=screener)


@pytest.mark.slow
def test_dask_local_cluster_matches_single_machine(screener: Screener) -> None:
    """Two worker processes, each building the screener once; results equal the pandas path."""
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    from screening import dask as screening_dask

    frame = pd.read_csv(CUSTOMERS, dtype=str, keep_default_na=False)
    frame = pd.concat([frame] * 3, ignore_index=True)
    local = screen_dataframe(frame, screener=screener)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        ddf = dd.from_pandas(frame, npartitions=6)
        result = screening_dask.screen_dataframe(ddf, screener=screener, client=client).compute()
        key = screening_dask.screener_key(screener.lists, screener.config)
        built = client.run(lambda: sorted(screening_dask._SCREENERS))
        assert all(keys == [key] for keys in built.values()) and len(built) == 2
    assert list(result.columns) == list(local.columns)
    assert list(result.index) == list(local.index)
    for column in local.columns:
        assert [plain(v) for v in result[column]] == [plain(v) for v in local[column]], column
