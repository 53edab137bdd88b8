"""The Dask engine on a two-process local cluster: results equal to one process, row for row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster

from sanctscreen.engines import Source
from sanctscreen.engines.dask import DaskEngine, screen_dataframe
from sanctscreen.errors import InputError
from sanctscreen.models import Status
from tests.engines.holdings import (
    screener,
    single_process,
    write_csv,
    write_parquet,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with Client(cluster) as connected:
        yield connected


def test_partitions_come_back_in_order_with_file_row_numbers(tmp_path: Path, client: Any
                                                             ) -> None:
    import dask.dataframe as dd

    path = write_parquet(tmp_path / "holdings.parquet", 50)
    frame = dd.read_parquet(path, dtype_backend="pyarrow").repartition(npartitions=4)
    assert frame.npartitions == 4
    batches = list(screen_dataframe(frame, screener(), client, file=str(path), keep_clear=True))
    results = [r for b in batches for r in b.results]
    expected = single_process(path)
    assert results == expected
    assert [r.subject.row for r in results] == list(range(2, 52))
    # Cells arrive as the Parquet reader gives them (a number stays a number).
    assert [dict(r.subject.cells) for r in results] == [dict(r.subject.cells) for r in expected]
    assert sum(b.rows for b in batches) == 50


def test_the_engine_keeps_only_flagged_rows_by_default(tmp_path: Path, cluster: Any) -> None:
    path = write_parquet(tmp_path / "holdings.parquet", 33, row_group_size=10)
    engine = DaskEngine(cluster.scheduler_address)
    batches = list(engine.run(screener(), [Source(path)]))
    kept = [r for b in batches for r in b.results]
    assert kept == [r for r in single_process(path) if r.status is not Status.CLEAR]
    assert sum(b.rows for b in batches) == 33
    assert {r.subject.row for r in kept if r.status is Status.HIT} >= {3, 8, 10}


def test_other_files_are_read_here_and_screened_there(tmp_path: Path, cluster: Any) -> None:
    path = write_csv(tmp_path / "holdings.csv", 30)
    engine = DaskEngine(cluster.scheduler_address, chunk_rows=7)
    batches = list(engine.run(screener(), [Source(path)], keep_clear=True))
    assert [r for b in batches for r in b.results] == single_process(path)
    assert [b.rows for b in batches] == [7, 7, 7, 7, 2]


def test_a_frame_without_a_name_column_is_refused_before_any_partition(client: Any) -> None:
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"Amount": [1, 2], "Date": ["a", "b"]}), npartitions=1)
    with pytest.raises(InputError, match="no name column found; columns: Amount, Date"):
        next(screen_dataframe(frame, screener(), client, file="x.parquet"))
    with pytest.raises(InputError, match="column 'Issuer' not found"):
        next(screen_dataframe(frame, screener(), client, file="x.parquet", name_column="Issuer"))


def test_screen_dataframe_takes_the_public_screener(tmp_path: Path, client: Any) -> None:
    import dask.dataframe as dd

    import sanctscreen

    path = write_parquet(tmp_path / "holdings.parquet", 20)
    public = sanctscreen.Screener.from_lists(["seed"], as_of="2026-11-22")
    frame = dd.read_parquet(path, dtype_backend="pyarrow").repartition(npartitions=3)
    batches = list(screen_dataframe(frame, public, client, file=str(path)))
    found = [r for b in batches for r in b.results]
    local = public.screen(path)
    assert found == list(local.report.results)
    assert sum(b.rows for b in batches) == local.summary.rows == 20


def test_check_on_dask_writes_the_same_parquet_report_as_local(tmp_path: Path,
                                                               cluster: Any) -> None:
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from sanctscreen.cli import app

    path = write_parquet(tmp_path / "big.parquet", 44, row_group_size=12)
    runner = CliRunner()
    reports = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.parquet"
        args = ["check", str(path), "-o", str(out), "--engine", engine, "--lists", "seed",
                "--no-progress", "--as-of", "2026-11-22"]
        if engine == "dask":
            args += ["--scheduler", cluster.scheduler_address]
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output  # the seed list's Megvii is a hit
        assert "44 rows" in result.output
        reports[engine] = pq.read_table(out).to_pylist()
    assert reports["dask"] == reports["local"]
    assert {row["Entity ID"] for row in reports["local"]} >= {"seed:megvii"}
