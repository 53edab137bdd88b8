"""The local engine: the same results whatever the chunk size, in batches that count every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctscreen.engines import Source, engine_for
from sanctscreen.engines.local import LocalEngine, TableStream
from sanctscreen.errors import InputError
from sanctscreen.models import Status
from tests.engines.holdings import screener, single_process, write_csv


@pytest.mark.parametrize("chunk_rows", [1, 7, 1000])
def test_results_do_not_depend_on_the_chunk_size(tmp_path: Path, chunk_rows: int) -> None:
    path = write_csv(tmp_path / "holdings.csv", 60)
    expected = single_process(path)
    batches = list(LocalEngine(chunk_rows).run(screener(), [Source(path)], keep_clear=True))
    assert [r for b in batches for r in b.results] == expected
    assert [r.subject.row for b in batches for r in b.results] == list(range(2, 62))
    assert all(b.rows <= chunk_rows for b in batches)


def test_clear_rows_are_counted_not_kept(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "holdings.csv", 22)
    expected = [r for r in single_process(path) if r.status is not Status.CLEAR]
    batches = list(engine_for("local", chunk_rows=5).run(screener(), [Source(path)]))
    kept = [r for b in batches for r in b.results]
    assert kept == expected
    assert sum(b.rows for b in batches) == 22
    assert sum(b.clear for b in batches) == 22 - len(expected)
    # The listed rows of the pattern, found under every spelling it uses.
    assert {r.subject.name for r in kept if r.status is Status.HIT} >= {
        "MEGVII TECHNOLOGY LTD", "HANGZHOU HIKVISION DIGITAL TEC", "Sugon"}


def test_several_files_follow_each_other(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", 11)
    second = write_csv(tmp_path / "b.csv", 11)
    batches = LocalEngine(4).run(screener(), [Source(first), Source(second)], keep_clear=True)
    results = [r for b in batches for r in b.results]
    assert [(r.subject.file, r.subject.row) for r in results] == [
        *((str(first), n) for n in range(2, 13)), *((str(second), n) for n in range(2, 13))]


def test_a_missing_second_file_fails_before_any_row_is_screened(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", 3)
    with pytest.raises(InputError, match=r"missing\.csv: file not found"):
        TableStream([Source(first), Source(tmp_path / "missing.csv")], 10)


def test_unknown_engine_names_the_choices() -> None:
    with pytest.raises(Exception, match="choose from local, dask"):
        engine_for("spark")
