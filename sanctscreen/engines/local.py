"""The local engine: each file streamed in chunks through the screener (and its worker
processes), so memory stays flat however long the file."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, islice
from typing import ClassVar

from sanctscreen.engines.interface import (
    CHUNK_ROWS,
    Batch,
    Engine,
    FrameSource,
    Source,
    Sources,
    kept,
)
from sanctscreen.inputs import (
    InputTable,
    RawSheet,
    frame_sheets,
    iter_input,
    iter_sheets,
    sheet_tables,
)
from sanctscreen.matching.parallel import MatchPool, resolve_workers
from sanctscreen.models import Subject
from sanctscreen.screen import Screener


class LocalEngine(Engine):
    """Reads and screens `chunk_rows` rows at a time.

    Unless every row is kept (`keep_clear`), each distinct tuple of role cells is judged once
    and only the rows a report lists become Subjects: delimited text that the columnar path
    reads exactly as the row reader would goes through it (engines/columnar.py; `fast_files`
    names the files it read to the end, in order), every other file through the distinct-row
    path over the row reader's own rows (engines/grouped.py). `fast=False` turns both off:
    every row becomes a Subject and a Result, as the reference the fast paths are tested
    against.
    """

    NAME: ClassVar[str] = "local"

    def __init__(self, chunk_rows: int = CHUNK_ROWS, *, fast: bool = True) -> None:
        self.chunk_rows = chunk_rows
        self.fast = fast
        self.fast_files: list[str] = []
        # Files the columnar path began, and the line from which the row reader read the rest.
        self.exact_from: dict[str, int] = {}

    def run(self, screener: Screener, sources: Sources, *, keep_clear: bool = False
            ) -> Iterator[Batch]:
        if keep_clear or not self.fast:
            yield from self._exact(screener, TableStream(sources, self.chunk_rows), keep_clear)
            return
        yield from self._fast(screener, sources)

    def _fast(self, screener: Screener, sources: Sources) -> Iterator[Batch]:
        from sanctscreen.engines.columnar import FileScreen, Plan, plan_for
        from sanctscreen.engines.grouped import screen_sheets

        # Every file is opened (and planned) before any row is screened, so that a missing,
        # empty or foreign file fails at once.
        readers: list[Plan | Iterator[RawSheet]] = []
        for source in sources:
            if isinstance(source, FrameSource):  # a DataFrame: as the sheet of a workbook
                readers.append(frame_sheets(source.data, source.file, source.name_column))
                continue
            plan = plan_for(source)
            readers.append(plan if plan is not None else iter_sheets(
                source.path, sheet=source.sheet, name_column=source.name_column,
                encoding=source.encoding))
        count = resolve_workers(screener.workers)
        # One pool for the whole run: its workers score each chunk's new names, and the
        # answers stay in the matcher's cache for every later chunk and file.
        pool = MatchPool(screener.matcher, count) if count > 1 else None
        try:
            for reader in readers:
                if isinstance(reader, Plan):
                    screen = FileScreen(screener, pool, reader)
                    yield from screen.batches(self.chunk_rows)
                    if screen.exact_from is None:
                        self.fast_files.append(reader.source.file)
                    else:
                        self.exact_from[reader.source.file] = screen.exact_from
                else:
                    yield from screen_sheets(screener, pool, reader, self.chunk_rows)
        finally:
            if pool is not None:
                pool.close()
            for reader in readers:
                getattr(reader, "close", lambda: None)()  # files not read to the end

    def _exact(self, screener: Screener, tables: TableStream, keep_clear: bool
               ) -> Iterator[Batch]:
        # One stream through the screener, so that its worker pool and name cache serve the
        # whole run; it is cut back into batches of the reading chunk size.
        results = screener.screen(tables.subjects())
        while chunk := list(islice(results, self.chunk_rows)):
            yield Batch(len(chunk), kept(chunk, keep_clear), tables.take_warnings())
        if left := tables.take_warnings():  # of sheets with no rows at the end
            yield Batch(0, (), left)


class TableStream:
    """The tables of every source in chunks, with the warnings of those read so far."""

    def __init__(self, sources: Sources, chunk_rows: int) -> None:
        # Opened up front: a missing, empty or foreign file fails before any row is screened.
        self._tables = chain.from_iterable([_tables(source, chunk_rows) for source in sources])
        self._warnings: list[str] = []

    def tables(self) -> Iterator[InputTable]:
        for table in self._tables:
            self._warnings.extend(table.warnings)
            yield table

    def subjects(self) -> Iterator[Subject]:
        for table in self.tables():
            yield from table.subjects

    def take_warnings(self) -> tuple[str, ...]:
        taken = tuple(self._warnings)
        self._warnings = []
        return taken


def _tables(source: Source | FrameSource, chunk_rows: int) -> Iterator[InputTable]:
    if isinstance(source, FrameSource):
        return sheet_tables(frame_sheets(source.data, source.file, source.name_column),
                            chunk_rows)
    return iter_input(source.path, sheet=source.sheet, name_column=source.name_column,
                      encoding=source.encoding, chunk_rows=chunk_rows)
