"""Parquet files, read in record batches with pyarrow (an optional dependency)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanctscreen.errors import InputError

BATCH_ROWS = 65_536


def parquet_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """The column names as row 1, then each record numbered from 2 as if it were a CSV."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow", path=path,
                         hint="pip install pyarrow") from None
    try:
        parquet = pq.ParquetFile(path)
        yield 1, list(parquet.schema_arrow.names)
        number = 2
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            columns = [column.to_pylist() for column in batch.columns]
            for record in zip(*columns, strict=True):
                yield number, list(record)
                number += 1
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        text = " ".join(str(exc).split())[:200]
        raise InputError(f"Parquet file cannot be read ({text})", path=path) from None
