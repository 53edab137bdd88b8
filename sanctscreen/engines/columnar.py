"""The columnar fast path for delimited text: pandas reads the file, each distinct row is
screened once, and Subjects are built only for the rows a report lists.

The inputs package reads the file in blocks of whole lines (`plan_delimited`); each block is
cut into a piece per core that a thread reads, hashes, and whose distinct rows it looks up
among those judged before. From the first piece that is not plain records, the rest of the
file is read by the row reader, so that the rows, cells, row numbers, warnings and errors are
the same whichever way a row is read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sanctscreen import collector
from sanctscreen.engines.grouped import SheetScreen
from sanctscreen.engines.interface import Batch, Source
from sanctscreen.engines.verdicts import Judge, Known, roles_of, row_result
from sanctscreen.inputs import Cells, DelimitedPlan, Layout, plan_delimited
from sanctscreen.matching.parallel import MatchPool, resolve_workers
from sanctscreen.models import Result, Subject
from sanctscreen.screen import Screener

if TYPE_CHECKING:
    import pyarrow as pa

# A block is read in a piece per core, none smaller than this (see `FileScreen._parts`).
PIECE_BYTES = 1 << 20


@dataclass(frozen=True)
class Plan:
    """A file the fast path reads: the source and how the inputs package reads it in blocks."""

    source: Source
    reading: DelimitedPlan

    @property
    def layout(self) -> Layout:
        return self.reading.layout

    @property
    def encoding(self) -> str:
        return self.reading.encoding

    @property
    def delimiter(self) -> str:
        return self.reading.delimiter

    @property
    def roles(self) -> tuple[int, ...]:
        """The columns a row's outcome depends on (name, identifiers, country), in order."""
        return roles_of(self.layout)


def plan_for(source: Source, *, keep_clear: bool = False) -> Plan | None:
    """A plan when the fast path reads `source` exactly as the row reader would, else None
    (the file's errors are raised as the row reader would raise them)."""
    if keep_clear or source.sheet is not None:
        return None  # every row becomes a Result anyway; a sheet option is an error there
    reading = plan_delimited(source.path, source.file, name_column=source.name_column,
                             encoding=source.encoding)
    return None if reading is None else Plan(source, reading)


@dataclass(eq=False)
class Part:
    """Rows of a block as read: Arrow strings, the distinct role cells (`keys`, Arrow
    strings too) and for each row the position of its key; the verdicts on the keys as far as
    they are known; then the physical line of its first row."""

    table: pa.Table
    keys: pa.Array
    codes: Any  # numpy integers, a row's key
    unknown: Any  # numpy booleans: a key not judged yet
    listed: Any  # numpy booleans: a key whose rows a report lists
    found: dict[int, tuple[bool, Result]]  # the verdict on each listed key
    line: int = 0
    role_cells: dict[int, tuple[str | None, ...]] = field(default_factory=dict)  # by key


class FileScreen:
    """One file: each distinct tuple of role cells judged once, rows only counted if clear."""

    def __init__(self, screener: Screener, pool: MatchPool | None, plan: Plan) -> None:
        self.screener = screener
        self.pool = pool
        self.plan = plan
        found = plan.layout
        self.builder = plan.reading.builder()
        self._judge = Judge(screener, pool, plan.source.file, found)
        self._roles = plan.roles
        # For each column, its place among the role cells, or None if it has no role.
        place = {column: i for i, column in reversed(list(enumerate(self._roles)))}
        self._role_at = [place.get(column) for column in range(len(found.columns))]
        self._verdicts = self._judge.verdicts
        self._index = {column: i for i, column in enumerate(found.columns)}
        self._threads = resolve_workers(screener.workers)
        # Where the row reader reads on (byte offset, physical line), once a piece is not
        # plain; and the physical line it began at, for the engine's record.
        self._rest: tuple[int, int] | None = None
        self.exact_from: int | None = None

    def batches(self, chunk_rows: int) -> Iterator[Batch]:
        chunk: list[tuple[Part, int, int]] = []  # (part, first row, row after the last)
        room = chunk_rows
        for part in self._parts():
            start, rows = 0, part.table.num_rows
            while start < rows:
                stop = min(rows, start + room)
                chunk.append((part, start, stop))
                room -= stop - start
                start = stop
                if not room:
                    yield from self._batches(chunk)
                    chunk, room = [], chunk_rows
        if chunk:
            yield from self._batches(chunk)
        if self._rest is not None:
            offset, self.exact_from = self._rest
            yield from self._exact(offset, self.exact_from, chunk_rows)

    def _batches(self, chunk: Sequence[tuple[Part, int, int]]) -> Iterator[Batch]:
        """The chunk's rows as one batch, or, where they hold more keys not judged yet than a
        step (`Judge.STEP`), as a batch per step: a first screen moves on every fraction of a
        second. The workers are sent all the chunk's new names first (`Judge.send`)."""
        step = self._judge.STEP
        ranges: list[tuple[Part, list[tuple[int, int]]]] = []
        new: dict[str, None] = {}  # the chunk's keys not judged yet, in order
        for part, start, stop in chunk:
            ranges.append((part, self._steps(part, start, stop, new, step)))
        if len(new) > step:
            self._judge.send([(key, key.split(_SEPARATOR)) for key in new])
        results: list[Result] = []
        count = 0
        for part, steps in ranges:
            for first, last in steps:
                with collector.paused():  # many containers, no cycle
                    results += self._rows(part, first, last)
                count += last - first
                if last != steps[-1][1]:
                    yield Batch(count, tuple(results), self.builder.take_warnings())
                    results, count = [], 0
        yield Batch(count, tuple(results), self.builder.take_warnings())

    def _steps(self, part: Part, start: int, stop: int, new: dict[str, None], step: int
               ) -> list[tuple[int, int]]:
        """Rows `start` to `stop` of the part in ranges, each first to hold at most `step` of
        the chunk's keys not judged yet (most often one range: few keys are new); the keys
        new in these rows are added to `new`, in the order they first appear."""
        import numpy as np

        codes = part.codes[start:stop]
        if not part.unknown.any():
            return [(start, stop)]
        distinct, firsts = np.unique(codes, return_index=True)
        unknown = part.unknown[distinct]
        order = np.argsort(firsts[unknown], kind="stable")
        positions = firsts[unknown][order]
        texts: list[str] = part.keys.take(distinct[unknown][order]).to_pylist()
        verdicts = self._verdicts
        cuts = [start]
        added = len(new)
        for at, key in zip(positions.tolist(), texts, strict=True):
            if key in verdicts or key in new:  # judged in an earlier part, or new there
                continue
            if len(new) > added and not (len(new) % step):
                cuts.append(start + at)
            new[key] = None
        if cuts[-1] != stop:
            cuts.append(stop)
        return list(pairwise(cuts))

    def _parts(self) -> Iterator[Part]:
        """The file's rows in parts, in order, as long as its lines are plain records (see
        `plain_lines`) that pandas reads as one row each, none wider than the header; from
        the first piece that is not, `_rest` says where the row reader reads on.

        Each block is cut at line ends into a piece per core (of PIECE_BYTES at least), and
        threads check, read and hash the pieces and look their keys up among the verdicts
        given so far (`Known`): numpy, pandas' tokenizer and Arrow's kernels run without the
        GIL. The threads have ended before any row is screened (a worker pool may fork then,
        and keys are judged only then).
        """
        plan = self.plan
        line = plan.layout.header_row + 1  # the physical line of the next row
        for offset, block in plan.reading.blocks():
            pieces = _pieces(block, min(self._threads, max(1, len(block) // PIECE_BYTES)))
            known = self._judge.known()  # the verdicts so far, for the threads to look up
            if len(pieces) > 1:
                with ThreadPoolExecutor(len(pieces)) as threads:
                    parts = list(threads.map(self._read, (piece for _, piece in pieces),
                                             repeat(known)))
            else:
                parts = [self._read(piece, known) for _, piece in pieces]
            if not parts:  # a line longer than any block
                self._rest = (offset, line)
                return
            for (start, _), part in zip(pieces, parts, strict=True):
                if part is None:
                    self._rest = (offset + start, line)
                    return
                part.line = line
                line += part.table.num_rows
                yield part

    def _read(self, piece: memoryview, known: Known) -> Part | None:
        """One piece of a block as a Part with the verdicts `known` on its keys, or None if
        it is not plain records (see `_parts`)."""
        table = self.plan.reading.read(piece)
        if table is None:
            return None
        keys, codes = _distinct(table, self._roles)
        return Part(table, keys, codes, *known.look_up(keys))

    @staticmethod
    def _role_cells(part: Part, keys: Sequence[int]) -> dict[int, tuple[str | None, ...]]:
        """The role cells of the part's `keys` (positions in `part.keys`), blank ones None."""
        import numpy as np

        cells = part.role_cells
        missing = sorted(set(keys).difference(cells))
        if missing:
            texts = part.keys.take(np.array(missing, dtype=np.int64)).to_pylist()
            for key, text in zip(missing, texts, strict=True):
                cells[key] = tuple([cell or None for cell in text.split(_SEPARATOR)])
        return cells

    def _exact(self, offset: int, line: int, chunk_rows: int) -> Iterator[Batch]:
        """The rest of the file from `offset` (physical line `line`), by the row reader's code
        and the distinct-row path, with this file's row builder (its warning count goes on)."""
        sheet = self.plan.reading.rest(offset, line)
        yield from SheetScreen(self.screener, self.pool, sheet, builder=self.builder
                               ).batches(chunk_rows)

    def _rows(self, part: Part, start: int, stop: int) -> list[Result]:
        """The results of the part's rows `start` to `stop` that a report lists; the keys of
        those rows not judged yet are judged."""
        import numpy as np

        codes = part.codes[start:stop]
        used = np.zeros(len(part.keys), dtype=bool)
        used[codes] = True
        wanted = np.flatnonzero(used & part.unknown)
        if wanted.size:
            self._judge.trim()
            verdicts = self._verdicts
            keys: list[str] = part.keys.take(wanted).to_pylist()
            new = [key for key in keys if key not in verdicts]
            if new:
                self._judge.judge([(key, key.split(_SEPARATOR)) for key in new])
            for k, key in zip(wanted.tolist(), keys, strict=True):
                judged = verdicts[key]
                if judged is not None:
                    part.found[k] = judged
                    part.listed[k] = True
            part.unknown[wanted] = False
        rows = np.flatnonzero(part.listed[codes])  # most rows are clear: only counted
        if not rows.size:
            return []
        found = part.found
        table = part.table.slice(start, stop - start)
        row_keys = codes[rows].tolist()
        # A row's role cells are those its key was joined from: taken from the key, once per
        # key, and shared by its rows; the other cells from Arrow. Blank cells are None, as
        # the row builder makes them (pandas pads a short row with "", as the row reader
        # pads it with None).
        shared = list(map(self._role_cells(part, row_keys).__getitem__, row_keys))
        values = zip(*(_values(column, rows) if role is None
                       else list(map(itemgetter(role), shared))
                       for column, role in zip(table.columns, self._role_at, strict=True)),
                     strict=True)
        file, index, builder = self.plan.source.file, self._index, self.builder
        results = []
        line = part.line + start
        for i, distinct, cells in zip(rows.tolist(), row_keys, values, strict=True):
            direct, verdict = found[distinct]  # a listed row: a pair
            if direct:  # row_result's first case, inlined: most flagged rows are such
                stand_in = verdict.subject
                results.append(Result(
                    Subject(file, None, line + i, stand_in.name, stand_in.identifiers,
                            stand_in.country, Cells(index, cells)),
                    verdict.status, verdict.matches))
                continue
            result = row_result(verdict, direct, file, None, line + i, Cells(index, cells),
                                builder, cells)
            if result is not None:
                results.append(result)
        return results


# Joins the role cells of a row into one key. The byte scan refuses files holding a NUL, so
# no cell contains it and the key splits back into exactly the cells it was made of.
_SEPARATOR = "\x00"


def _distinct(table: pa.Table, roles: Sequence[int]) -> tuple[pa.Array, Any]:
    """The distinct role cells of a table's rows (a cell, or the cells joined by a NUL), and
    for each row the position of its own among them; found by Arrow's hashing, so that no
    value becomes a Python string here."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = [table.column(role) for role in roles]
    joined = columns[0] if len(columns) == 1 else pc.binary_join_element_wise(
        *columns, _SEPARATOR)
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()  # one dictionary for the whole chunk
    encoded = pc.dictionary_encode(joined)
    return encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False)


def _values(column: Any, rows: Any) -> list[str | None]:
    """The cells of `rows` of an Arrow column as Python strings, None for a blank one;
    converted by Arrow (pandas would iterate the cells one by one)."""
    import pyarrow.compute as pc

    array = column.take(rows)
    values: list[str | None] = pc.if_else(pc.equal(array, ""), None, array).to_pylist()
    return values


def _pieces(block: bytes, count: int) -> list[tuple[int, memoryview]]:
    """`block` (whole lines) cut at line ends into `count` pieces of about one size, or
    fewer, each with its offset in the block."""
    view = memoryview(block)
    pieces, start = [], 0
    for k in range(1, count):
        end = block.find(b"\n", max(start, len(block) * k // count)) + 1
        if not end:
            break
        pieces.append((start, view[start:end]))
        start = end
    pieces.append((start, view[start:]))
    return [(offset, piece) for offset, piece in pieces if piece]
