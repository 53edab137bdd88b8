"""The Parquet report: the CSV report's flat table (a line per row and match), typed columns.

The run's warnings are a JSON array in the file's key-value metadata, under `WARNINGS_KEY`: the
table holds rows only, so that a pipeline's types and joins stay as they are.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from sanctscreen.errors import ReportError
from sanctscreen.models import Report
from sanctscreen.reports import table
from sanctscreen.reports.common import text_of
from sanctscreen.reports.interface import ReportFormat

# Columns with numbers; every other column is text, so that one odd input cell ("n/a" in a
# quantity column) cannot break the file's schema.
_NUMERIC = {"Row": int, "Score": float}
WARNINGS_KEY = b"sanctscreen.warnings"


class ParquetFormat(ReportFormat):
    """For data pipelines (Spark, Dask, DuckDB) that join the flagged rows back to their data."""

    NAME = "parquet"
    EXTENSIONS = (".parquet",)

    def write(self, report: Report, out: BinaryIO) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ReportError("writing Parquet needs pyarrow",
                              hint="pip install pyarrow") from None
        built = table.build(report, per_match=True)
        columns: dict[str, Any] = {}
        for index, name in enumerate(built.header):
            values = [row[index] for row in built.rows]
            number = _NUMERIC.get(name)
            if number is None:
                columns[name] = pa.array([_text(v) for v in values], type=pa.string())
            else:
                columns[name] = pa.array([None if v is None or v == "" else number(v)
                                          for v in values],
                                         type=pa.int64() if number is int else pa.float64())
        warnings = json.dumps(list(report.warnings), ensure_ascii=False).encode("utf-8")
        pq.write_table(pa.table(columns, metadata={WARNINGS_KEY: warnings}), out)


def _text(value: Any) -> str | None:
    return None if value is None else text_of(value)
