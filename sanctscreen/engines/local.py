"""The local engine: each file streamed in chunks through the screener (and its worker
processes), so memory stays flat however long the file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain, islice
from typing import ClassVar

from sanctscreen.engines.interface import CHUNK_ROWS, Batch, Engine, Source, kept
from sanctscreen.inputs import InputTable, iter_input
from sanctscreen.models import Subject
from sanctscreen.screen import Screener


class LocalEngine(Engine):
    """Reads and screens `chunk_rows` rows at a time.

    Delimited text that the columnar path reads exactly as the row reader would goes through
    it (see engines/columnar.py); `fast_files` names the files that did, in order.
    """

    NAME: ClassVar[str] = "local"

    def __init__(self, chunk_rows: int = CHUNK_ROWS, *, columnar: bool = True) -> None:
        self.chunk_rows = chunk_rows
        self.columnar = columnar
        self.fast_files: list[str] = []

    def run(self, screener: Screener, sources: Sequence[Source], *, keep_clear: bool = False
            ) -> Iterator[Batch]:
        from sanctscreen.engines.columnar import ColumnarReader, Plan, plan_for

        # Every file is opened (and planned) before any row is screened, so that a missing,
        # empty or foreign file fails at once.
        plans = [plan_for(s, keep_clear=keep_clear) if self.columnar else None
                 for s in sources]
        groups: list[tuple[list[Plan], list[Source]]] = []
        for source, plan in zip(sources, plans, strict=True):
            fast = plan is not None
            if not groups or bool(groups[-1][0]) != fast:
                groups.append(([], []))
            if plan is not None:
                groups[-1][0].append(plan)
            else:
                groups[-1][1].append(source)
        streams = [TableStream(exact, self.chunk_rows) if exact else None
                   for _, exact in groups]
        for (fast_plans, _), stream in zip(groups, streams, strict=True):
            if stream is None:
                self.fast_files.extend(p.source.file for p in fast_plans)
                yield from ColumnarReader(screener, self.chunk_rows).run(fast_plans)
            else:
                yield from self._exact(screener, stream, keep_clear)

    def _exact(self, screener: Screener, tables: TableStream, keep_clear: bool
               ) -> Iterator[Batch]:
        # One stream through the screener, so that its worker pool and name cache serve the
        # whole run; it is cut back into batches of the reading chunk size.
        results = screener.screen(tables.subjects())
        while chunk := list(islice(results, self.chunk_rows)):
            yield Batch(len(chunk), kept(chunk, keep_clear), tables.take_warnings())


class TableStream:
    """The tables of every source in chunks, with the warnings of those read so far."""

    def __init__(self, sources: Sequence[Source], chunk_rows: int) -> None:
        # Opened up front: a missing, empty or foreign file fails before any row is screened.
        self._tables = chain.from_iterable([iter_input(
            source.path, sheet=source.sheet, name_column=source.name_column,
            encoding=source.encoding, chunk_rows=chunk_rows) for source in sources])
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
