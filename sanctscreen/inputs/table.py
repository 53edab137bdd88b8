"""The InputTable record: one sheet (or one chunk of one) of a user's file, as rows to screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sanctscreen.models import Subject


@dataclass(frozen=True)
class InputTable:
    """The rows of one sheet, with the columns that were recognised in its header."""

    file: str  # the path as the user gave it
    sheet: str | None  # None for CSV/TSV/Parquet
    header_row: int  # 1-based row number of the header as a person sees it
    columns: tuple[str, ...]  # original header texts, in order, deduplicated ("Name (2)")
    name_column: str | None  # None only when an identifier column alone carries the rows
    id_columns: Mapping[str, str]  # scheme ("isin", "lei", ...) -> column
    country_column: str | None
    subjects: Sequence[Subject]  # every data row, in order, screened or skipped
    # Oddities that did not stop a row from being screened, e.g. a truncated 100 000-character
    # name; one line each, naming the row.
    warnings: tuple[str, ...] = ()

    @property
    def screened(self) -> int:
        return sum(1 for s in self.subjects if s.skip_reason is None)

    @property
    def skipped(self) -> int:
        return sum(1 for s in self.subjects if s.skip_reason is not None)
