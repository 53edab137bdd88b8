"""Tables held in memory (a pandas DataFrame, a pyarrow Table) read as a Parquet file would be.

The column names are row 1 and the first record row 2, so that a report of a DataFrame numbers
its rows as the same data exported to CSV or Parquet would be numbered, and `row - FIRST_ROW`
is the record's position (which a library caller maps back to the frame's own index).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

FIRST_ROW = 2
# Records converted to Python values at a time: memory follows this, not the frame's length.
BATCH_ROWS = 65_536


def is_frame(data: object) -> bool:
    """Whether `data` is a table this module reads: a pandas DataFrame or a pyarrow Table."""
    module = type(data).__module__
    if module.startswith("pandas"):
        import pandas as pd

        return isinstance(data, pd.DataFrame)
    if module.startswith("pyarrow"):
        import pyarrow as pa

        return isinstance(data, pa.Table)
    return False


def frame_length(data: Any) -> int:
    """How many records the table holds."""
    return int(data.num_rows) if hasattr(data, "num_rows") else len(data)


def frame_rows(data: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """The column names as row 1, then each record numbered from FIRST_ROW, as Python values
    (None for a missing value, whatever pandas or Arrow called it)."""
    if hasattr(data, "num_rows"):  # a pyarrow Table
        yield 1, [_header(name) for name in data.column_names]
        number = FIRST_ROW
        for batch in data.to_batches(max_chunksize=BATCH_ROWS):
            columns = [column.to_pylist() for column in batch.columns]
            for record in zip(*columns, strict=True):
                yield number, list(record)
                number += 1
        return
    yield 1, [_header(name) for name in data.columns]
    width = data.shape[1]
    for start in range(0, len(data), BATCH_ROWS):
        part = data.iloc[start:start + BATCH_ROWS]
        columns = [_values(part.iloc[:, i]) for i in range(width)]
        for offset, record in enumerate(zip(*columns, strict=True)):
            yield FIRST_ROW + start + offset, list(record)


def _header(name: object) -> str:
    """A column's name as a header text; a MultiIndex column's levels joined by spaces."""
    if isinstance(name, tuple):
        return " ".join(str(level) for level in name if str(level).strip())
    return str(name)


def _values(column: Any) -> list[Any]:
    """A pandas column's cells as the Python values the Parquet reader gives (through Arrow);
    a column Arrow cannot type (mixed text and numbers) cell by cell, missing values as None."""
    import pyarrow as pa

    try:
        values: list[Any] = pa.array(column, from_pandas=True).to_pylist()
        return values
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        pass
    import pandas as pd

    cells = []
    for value in column.tolist():
        try:
            missing = value is None or bool(pd.isna(value))
        except (TypeError, ValueError):  # a list or array in a cell: not a missing value
            missing = False
        cells.append(None if missing else value)
    return cells
