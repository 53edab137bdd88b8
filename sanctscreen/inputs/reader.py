"""read_input and iter_input: from a path to InputTables, choosing sheets, header and columns."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from sanctscreen import collector
from sanctscreen.errors import InputError
from sanctscreen.inputs.cells import RowBuilder, is_blank
from sanctscreen.inputs.columns import (
    HEADER_SCAN_LIMIT,
    HEADER_SCAN_ROWS,
    Layout,
    find_column,
    find_header,
    first_row_texts,
    layout,
)
from sanctscreen.inputs.frame import frame_rows
from sanctscreen.inputs.parquet import parquet_rows
from sanctscreen.inputs.sniff import Kind, detect
from sanctscreen.inputs.table import InputTable
from sanctscreen.inputs.text import check_encoding, detect_encoding, sniff_delimiter, text_rows
from sanctscreen.inputs.workbook import (
    FormulaCells,
    open_workbook,
    pick_sheet,
    sheet_rows,
    worksheet_names,
)

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt", ".parquet")

Rows = Iterator[tuple[int, Sequence[Any]]]
_Miss = tuple[str | None, tuple[str, ...]]  # a sheet without a name column, and what it has


@dataclass
class _Sheet:
    name: str | None
    rows: Rows
    header_first: bool = False  # Parquet: the first row is the schema, never a banner
    formulas: FormulaCells | None = None  # an xlsx sheet's formulas without saved values


def read_input(path: Path | str, *, sheet: str | None = None, name_column: str | None = None,
               encoding: str | None = None) -> list[InputTable]:
    """Every screened sheet of `path` as one InputTable each, with all of its rows."""
    return list(iter_input(path, sheet=sheet, name_column=name_column, encoding=encoding,
                           chunk_rows=None))


def iter_input(path: Path | str, *, sheet: str | None = None, name_column: str | None = None,
               encoding: str | None = None, chunk_rows: int | None = 100_000
               ) -> Iterator[InputTable]:
    """Like read_input, but each sheet comes in tables of at most `chunk_rows` subjects.

    Rows are read lazily, so a million-line CSV never sits in memory at once. A missing, empty,
    locked or foreign file raises InputError at once; a file without a name column raises it
    on the first iteration, before any table is yielded.
    """
    if chunk_rows is not None and chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    # Subject.file keeps the path as given: "./holdings.xlsx"
    sheets = iter_sheets(path, sheet=sheet, name_column=name_column, encoding=encoding)
    return sheet_tables(sheets, chunk_rows)


@dataclass
class RawSheet:
    """One sheet to screen, before its rows become Subjects: where its header is, what its
    columns are, and its data rows as read (row number, cells)."""

    file: str  # the path as the user gave it
    name: str | None  # None for CSV/TSV/Parquet
    layout: Layout
    rows: Rows  # the rows below the header, lazily
    notes: list[str]  # sheets passed over, said once with the first sheet screened
    formulas: FormulaCells | None = None  # xlsx: cells whose formula was never computed

    def builder(self) -> RowBuilder:
        """A RowBuilder for this sheet's rows."""
        return RowBuilder(self.file, self.name, self.layout, formulas=self.formulas)


def iter_sheets(path: Path | str, *, sheet: str | None = None, name_column: str | None = None,
                encoding: str | None = None) -> Iterator[RawSheet]:
    """Every sheet of `path` to screen, with its layout and its raw rows.

    Errors are raised as by `iter_input`: a missing, empty, locked or foreign file at once; a
    file without a name column on the first iteration.
    """
    file = os.fspath(path)
    path = Path(path)
    kind = detect(path)
    if encoding is not None and kind is Kind.TEXT:
        encoding = check_encoding(path, encoding)
    return _raw_sheets(path, file, kind, (sheet, name_column, encoding))


def _raw_sheets(path: Path, file: str, kind: Kind,
                options: tuple[str | None, str | None, str | None]) -> Iterator[RawSheet]:
    sheet, name_column, encoding = options
    with ExitStack() as stack:
        yield from _laid_out(path, file, _sheets(path, kind, stack, sheet=sheet,
                                                 encoding=encoding), name_column)


def frame_sheets(data: Any, label: str, name_column: str | None = None) -> Iterator[RawSheet]:
    """A pandas DataFrame or pyarrow Table as the one sheet of a Parquet file of the same
    columns and records (see inputs.frame), reported under `label`."""
    if not len(data.column_names if hasattr(data, "column_names") else data.columns):
        raise InputError("the table has no columns", path=label)
    sheet = _Sheet(None, frame_rows(data), header_first=True)
    return _laid_out(Path(label), label, iter([sheet]), name_column, hint="pass name_column=")


def _laid_out(path: Path, file: str, sheets: Iterator[_Sheet], name_column: str | None, *,
              hint: str = "use --name-column") -> Iterator[RawSheet]:
    found: list[tuple[_Sheet, list[tuple[int, Sequence[Any]]], Layout]] = []
    misses: list[_Miss] = []
    # Every sheet's header is found before any row is yielded, so that a file with no name
    # column fails at once and skipped sheets can be named on the first table.
    for raw in sheets:
        head = _head(raw.rows)
        columns = _layout(head, raw.header_first, name_column)
        if columns is None:
            misses.append((raw.name, first_row_texts(head)))
        else:
            found.append((raw, head, columns))
    if not found:
        raise _no_columns(path, misses, name_column, hint=hint)
    wanted = f"no column {name_column!r}" if name_column else "no name or identifier column"
    notes = [f"sheet {name!r} not screened: {wanted}" for name, _ in misses]
    for raw, head, columns in found:
        yield RawSheet(file, raw.name, columns, chain(head[columns.header_index + 1:], raw.rows),
                       notes, raw.formulas)
        notes = []


def sheet_tables(sheets: Iterator[RawSheet], chunk_rows: int | None) -> Iterator[InputTable]:
    """The rows of each sheet as InputTables of at most `chunk_rows` Subjects."""
    for sheet in sheets:
        yield from _tables(sheet, chunk_rows)


def _sheets(path: Path, kind: Kind, stack: ExitStack, *, sheet: str | None,
            encoding: str | None) -> Iterator[_Sheet]:
    if kind is Kind.WORKBOOK:
        workbook = stack.enter_context(open_workbook(path))
        names = worksheet_names(workbook)
        chosen = [pick_sheet(path, names, sheet)] if sheet is not None else names
        xlsx = zipfile.is_zipfile(path)
        for name in chosen:
            formulas = FormulaCells(path, name) if xlsx else None
            yield _Sheet(name, sheet_rows(path, workbook, name, formulas), formulas=formulas)
        return
    if sheet is not None:
        raise InputError(f"file has no sheets to choose from (it is {kind} data)", path=path,
                         hint="--sheet applies to workbooks only")
    if kind is Kind.PARQUET:
        yield _Sheet(None, parquet_rows(path), header_first=True)
        return
    encoding = encoding or detect_encoding(path)
    delimiter = sniff_delimiter(path, encoding, path.suffix.lower())
    yield _Sheet(None, text_rows(path, encoding, delimiter))


def _head(rows: Rows) -> list[tuple[int, Sequence[Any]]]:
    """The rows from the top that may hold the header: HEADER_SCAN_ROWS non-blank ones."""
    head: list[tuple[int, Sequence[Any]]] = []
    filled = 0
    for row in rows:
        head.append(row)
        filled += not all(map(is_blank, row[1]))
        if filled >= HEADER_SCAN_ROWS or len(head) >= HEADER_SCAN_LIMIT:
            break
    return head


def _layout(head: list[tuple[int, Sequence[Any]]], header_first: bool,
            name_column: str | None) -> Layout | None:
    """The header and column roles of a sheet, or None when it has nothing to screen by."""
    if name_column is not None:
        hit = find_column(head[:1] if header_first else head, name_column)
        return None if hit is None else layout(head, hit[0], name_index=hit[1])
    index = (0 if head else None) if header_first else find_header(head)
    if index is None:
        return None
    found = layout(head, index)
    return found if found.name_index is not None or found.id_indexes else None


def _tables(raw: RawSheet, chunk_rows: int | None) -> Iterator[InputTable]:
    found = raw.layout
    builder = raw.builder()
    builder.warnings.extend(raw.notes)
    subjects = builder.build(raw.rows)
    first = True
    while True:
        # Building rows makes many containers and no cycle: a collection after each few
        # hundred of them would re-scan every live one and double the time of a large file.
        with collector.paused():
            chunk = list(subjects) if chunk_rows is None else list(islice(subjects, chunk_rows))
        if chunk or first:  # a header-only sheet is still a table, with no rows
            warnings = builder.take_warnings()
            yield InputTable(raw.file, raw.name, found.header_row, found.columns,
                             found.name_column, found.id_columns, found.country_column, chunk,
                             warnings)
        first = False
        if chunk_rows is None or len(chunk) < chunk_rows:
            return


def _no_columns(path: Path, misses: list[_Miss], name_column: str | None, *,
                hint: str = "use --name-column") -> InputError:
    if not any(columns for _, columns in misses):
        return InputError("file is empty", path=path)
    if len(misses) == 1:
        listing = ", ".join(misses[0][1]) or "(none)"
    else:
        listing = "; ".join(f"{name}: {', '.join(cols) or '(empty)'}" for name, cols in misses)
    if name_column is not None:
        return InputError(f"column {name_column!r} not found; columns: {listing}", path=path)
    return InputError(f"no name column found; columns: {listing}", path=path, hint=hint)
