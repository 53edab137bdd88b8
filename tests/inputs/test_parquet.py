from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import iter_input, read_input
from sanctscreen.inputs.parquet import parquet_rows

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def write(path: Path, columns: dict[str, list[Any]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_rows_are_numbered_like_csv_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "h.parquet", {
        "issuer_name": ["Megvii", None, "Leon"], "isin": ["US0378331005", None, None],
        "weight": [1.5, 2.0, None]})
    [table] = read_input(path)
    assert (table.sheet, table.header_row, table.name_column, dict(table.id_columns)) == (
        None, 1, "issuer_name", {"isin": "isin"})
    assert [(s.row, s.name, s.skip_reason) for s in table.subjects] == [
        (2, "Megvii", None), (3, None, "blank name"), (4, "Leon", None)]
    assert dict(table.subjects[1].cells) == {"issuer_name": None, "isin": None, "weight": 2.0}


def test_parquet_streams_in_chunks(tmp_path: Path) -> None:
    path = write(tmp_path / "h.parquet", {"Name": [f"c{i}" for i in range(7)]})
    chunks = list(iter_input(path, chunk_rows=3))
    assert [[s.row for s in c.subjects] for c in chunks] == [[2, 3, 4], [5, 6, 7], [8]]


def test_header_is_always_the_schema(tmp_path: Path) -> None:
    path = write(tmp_path / "h.parquet", {"Name": ["ISIN", "Megvii"]})
    [table] = read_input(path)
    assert [s.name for s in table.subjects] == ["ISIN", "Megvii"]


def test_damaged_parquet(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1" + bytes(40) + b"PAR1")
    with pytest.raises(InputError) as caught:
        list(parquet_rows(path))
    assert str(caught.value).startswith(f"{path}: Parquet file cannot be read (")


def test_missing_pyarrow_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "h.parquet", {"Name": ["x"]})
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value) == (f"{path}: reading Parquet needs pyarrow "
                                 "(pip install pyarrow)")
