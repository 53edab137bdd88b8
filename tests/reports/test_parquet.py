"""The Parquet report: the CSV report's lines as a typed table; a clear error without pyarrow."""

from __future__ import annotations

import builtins
import io
from typing import Any

import pyarrow.parquet as pq
import pytest

from sanctscreen.errors import ReportError
from sanctscreen.reports import FORMATS, format_for, render
from sanctscreen.reports.parquet import ParquetFormat
from sanctscreen.reports.table import build
from tests.reports.sample import FORMULA_NAME, report


def _rows(data: bytes) -> list[dict[str, Any]]:
    return pq.read_table(io.BytesIO(data)).to_pylist()


def test_registered_by_name_and_suffix() -> None:
    assert FORMATS["parquet"] is ParquetFormat
    assert isinstance(format_for(None, "out/results.parquet"), ParquetFormat)  # type: ignore[arg-type]


def test_one_line_per_row_and_match_like_the_csv_report() -> None:
    sample = report()
    rows = _rows(render(sample, "parquet"))
    table = build(sample, per_match=True)
    assert len(rows) == len(table.rows)
    assert list(rows[0]) == list(table.header)
    assert [r["Row"] for r in rows] == [line[3] for line in table.rows]
    assert [r["Entity ID"] for r in rows] == [line[table.header.index("Entity ID")] or None
                                                for line in table.rows]


def test_numbers_are_typed_and_text_is_kept_as_written() -> None:
    data = render(report(), "parquet")
    schema = pq.read_table(io.BytesIO(data)).schema
    assert str(schema.field("Row").type) == "int64"
    assert str(schema.field("Score").type) == "double"
    assert str(schema.field("Vendor").type) == "string"
    rows = _rows(data)
    # No spreadsheet opens a Parquet file: a formula-like name is data, not neutralised.
    assert FORMULA_NAME in {r["Vendor"] for r in rows}
    assert all(r["Score"] is None or 0.0 <= r["Score"] <= 1.0 for r in rows)


def test_without_pyarrow_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ReportError, match="writing Parquet needs pyarrow"):
        ParquetFormat().write(report(), io.BytesIO())
