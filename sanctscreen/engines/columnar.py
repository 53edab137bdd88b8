"""The columnar fast path for delimited text: pandas reads the file, each distinct row is
screened once, and Subjects are built only for the rows a report lists.

The file is read in blocks of whole lines, each cut into a piece per core that a thread
checks, reads and hashes, and whose distinct rows it looks up among those judged before. A
piece goes to pandas only when its lines are plain records that pandas splits exactly as the
csv module does (see `plain_lines`); from the first piece that is not, the rest of the file is
read by the row reader's own code, so that the rows, cells, row numbers, warnings and errors
are the same whichever way a row is read.
"""

from __future__ import annotations

import codecs
import importlib.util
import io
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctscreen import collector
from sanctscreen.engines.grouped import SheetScreen
from sanctscreen.engines.interface import Batch, Source
from sanctscreen.engines.verdicts import Judge, Known, roles_of, row_result
from sanctscreen.errors import InputError
from sanctscreen.inputs import iter_input
from sanctscreen.inputs.cells import RowBuilder
from sanctscreen.inputs.columns import Layout
from sanctscreen.inputs.reader import RawSheet
from sanctscreen.inputs.row import Cells
from sanctscreen.inputs.sniff import Kind, detect
from sanctscreen.inputs.text import check_encoding, detect_encoding, sniff_delimiter, text_rows
from sanctscreen.matching.parallel import MatchPool, resolve_workers
from sanctscreen.models import Result, Subject
from sanctscreen.screen import Screener

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# Encodings in which a quote, a delimiter and a line end are always the single ASCII byte
# (so the byte scan below sees the records pandas and the csv module see). In the GB family
# a two-byte character may end in 0x7C, the "|" delimiter; that pair is left to the exact path.
_ASCII_SAFE = frozenset({"utf-8", "utf-8-sig", "ascii", "cp1252", "latin-1", "iso8859-1",
                         "gb18030", "gbk", "gb2312"})
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312"})
# The file is read in blocks of about this size, cut at a line end: memory stays flat. (With
# 16 MB, the pieces read in threads left a 1 000 000-row check about 250 MB larger.)
BLOCK_BYTES = 8 << 20
# A line longer than this is no holdings row; the row reader decides what to make of it.
LONGEST_LINE = BLOCK_BYTES * 4
# A block is read in a piece per core, none smaller than this (see `FileScreen._parts`).
PIECE_BYTES = 1 << 20
_QUOTE = b'"'
_LF, _CR, _QUOTE_BYTE = 10, 13, 34
# A quoted field that both parsers read the same way: opened at the start of a field, closed
# at its end, on one line, with only doubled quotes inside. The quote comes first and the
# boundaries are checked around it, so that the search runs at the speed of a byte scan.
# (Used where quotes are doubled; `_quotes_well_formed` checks the others faster.)
_QUOTED = {d: re.compile(rb'"(?<![^' + re.escape(d.encode()) + rb'\n]")[^"\r\n]*(?:""[^"\r\n]*)*"'
                         rb'(?![^' + re.escape(d.encode()) + rb'\r\n])')
           for d in (",", ";", "\t", "|")}


@dataclass(frozen=True)
class Plan:
    """How a file is read on the fast path: its encoding, delimiter and column roles."""

    source: Source
    encoding: str
    delimiter: str
    layout: Layout
    start: int  # the byte offset of the line below the header

    @property
    def roles(self) -> tuple[int, ...]:
        """The columns a row's outcome depends on (name, identifiers, country), in order."""
        return roles_of(self.layout)


def plan_for(source: Source, *, keep_clear: bool = False) -> Plan | None:
    """A plan when the fast path reads `source` exactly as the exact reader would, else None.

    The file's errors (missing, foreign, no name column) are raised here, as the exact path
    would raise them; anything else unusual means None, so that the exact path decides.
    """
    if keep_clear or source.sheet is not None:
        return None  # every row becomes a Result anyway; a sheet option is an error there
    if importlib.util.find_spec("pyarrow") is None:
        return None  # the distinct-row grouping needs Arrow; the exact path does not
    if detect(source.path) is not Kind.TEXT:
        return None
    try:
        return _plan(source)
    except InputError:
        raise
    except Exception:  # whatever surprised the fast path, the exact one reads as it always did
        return None


def _plan(source: Source) -> Plan | None:
    encoding = (check_encoding(source.path, source.encoding) if source.encoding
                else detect_encoding(source.path))
    if codecs.lookup(encoding).name not in _ASCII_SAFE:
        return None
    delimiter = sniff_delimiter(source.path, encoding, source.path.suffix.lower())
    if delimiter not in _QUOTED or (
            delimiter == "|" and codecs.lookup(encoding).name in _GB_FAMILY):
        return None
    found = _layout(source, encoding)
    start = _data_start(source.path, delimiter, found.header_row)
    return None if start is None else Plan(source, encoding, delimiter, found, start)


def _layout(source: Source, encoding: str) -> Layout:
    """The header and column roles exactly as the exact reader finds them (its own code).

    `encoding` is the one it would detect itself (passed on so as not to detect it twice).
    """
    tables = iter_input(source.path, name_column=source.name_column, encoding=encoding,
                        chunk_rows=1)
    try:
        table = next(tables)
    finally:
        getattr(tables, "close", lambda: None)()  # a generator: close its file now
    position = {column: i for i, column in enumerate(table.columns)}
    return Layout(
        header_index=0, header_row=table.header_row, columns=table.columns,
        name_index=None if table.name_column is None else position[table.name_column],
        id_indexes=tuple((scheme, position[c]) for scheme, c in table.id_columns.items()),
        country_index=None if table.country_column is None else position[table.country_column])


def _data_start(path: Path, delimiter: str, header_row: int) -> int | None:
    """The byte offset of line `header_row + 1`, if every line above it is a plain record
    (so that the header is where the row reader found it); None otherwise."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
        start = 0
        for _ in range(header_row):
            end = head.find(b"\n", start)
            while end < 0 and len(head) < BLOCK_BYTES:
                more = handle.read(len(head))
                if not more:
                    break
                head += more
                end = head.find(b"\n", start)
            if end < 0:
                if len(head) >= BLOCK_BYTES:
                    return None  # a header this far down: no holdings file
                start = len(head)  # the header is the last line, without a line end
                break
            start = end + 1
    # The header's lines are not read by pandas: none may hold a quoted field running on.
    head = head[:start]
    plain = plain_lines(head, delimiter) is not None and (
        _QUOTE not in head or _QUOTE not in _QUOTED[delimiter].sub(b"", head))
    return start if plain else None


def plain_lines(data: bytes, delimiter: str) -> int | None:
    """The number of lines of `data` (whole lines) if each may be one record that pandas
    splits exactly as the csv module does, else None; pandas must then read that many rows.

    No NUL byte, no line end other than LF or CRLF, and every quote part of a well-formed
    quoted field. That such a field stays on its line, pandas shows by reading as many rows
    as there are lines (a field running on would join two lines into one row). Rows wider
    than the header pandas refuses itself; see `FileScreen._read`.
    """
    import numpy as np

    if b"\x00" in data:
        return None
    array = np.frombuffer(data, dtype=np.uint8)
    feeds = array == _LF
    if b"\r" in data:  # each carriage return must be followed by a line feed
        returns = array == _CR
        if np.count_nonzero(returns) != np.count_nonzero(returns[:-1] & feeds[1:]):
            return None
    if _QUOTE in data and not _quotes_well_formed(data, array, delimiter):
        return None
    return int(np.count_nonzero(feeds)) + (bool(data) and not data.endswith(b"\n"))


def _quotes_well_formed(data: bytes, array: Any, delimiter: str) -> bool:
    """Whether every quote of `data` is part of a quoted field that opens at a field's start
    and closes at its end, with only doubled quotes inside.

    Without doubled quotes, the quotes pair up in order, first with second, and only where
    each pair stands needs checking; otherwise a regular expression takes out every quoted
    field that is well formed on one line and no quote may be left.
    """
    import numpy as np

    quotes = np.flatnonzero(array == _QUOTE_BYTE)
    if len(quotes) % 2 or (np.diff(quotes) == 1).any():
        return _QUOTE not in _QUOTED[delimiter].sub(b"", data)
    opens, closes = quotes[0::2], quotes[1::2]
    mark = ord(delimiter)
    before = array[opens - 1]  # opens[0] - 1 may be -1, the last byte: masked below
    if not ((opens == 0) | (before == mark) | (before == _LF)).all():
        return False
    last = len(array) - 1
    after = array[np.minimum(closes + 1, last)]
    return bool(((closes == last) | (after == mark) | (after == _LF) | (after == _CR)).all())


def _blocks(path: Path, start: int) -> Iterator[tuple[int, bytes]]:
    """(byte offset, whole lines) from `start` to the end of the file, about BLOCK_BYTES at a
    time; a last block of b"" if a line grows beyond LONGEST_LINE (left to the row reader).

    A block that would leave less than half a block behind it takes the rest of the file
    too: a small last block costs its own threads and parses, and hashes rows again whose
    keys the block before already had (a 10.7 MB file took 10 % longer in two blocks).
    """
    with path.open("rb") as handle:
        handle.seek(start)
        size = os.fstat(handle.fileno()).st_size
        offset, rest = start, b""
        while True:
            left = size - handle.tell()
            block = handle.read(left if BLOCK_BYTES < left < BLOCK_BYTES * 3 // 2
                                else BLOCK_BYTES)
            data = rest + block
            if not data:
                return
            cut = data.rfind(b"\n") + 1 if block else len(data)
            if not cut:
                if len(data) > LONGEST_LINE:
                    yield offset, b""
                    return
                rest = data  # a line longer than a block: read on
                continue
            yield offset, data[:cut]
            offset, rest = offset + cut, data[cut:]


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
        self.builder = RowBuilder(plan.source.file, None, found)
        self._judge = Judge(screener, pool, plan.source.file, found)
        self._roles = plan.roles
        # For each column, its place among the role cells, or None if it has no role.
        place = {column: i for i, column in reversed(list(enumerate(self._roles)))}
        self._role_at = [place.get(column) for column in range(len(found.columns))]
        self._verdicts = self._judge.verdicts
        self._index = {column: i for i, column in enumerate(found.columns)}
        self._threads = resolve_workers(screener.workers)
        self._blank_line = (plan.delimiter * (len(found.columns) - 1) + "\n").encode("ascii")
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
                    yield self._batch(chunk)
                    chunk, room = [], chunk_rows
        if chunk:
            yield self._batch(chunk)
        if self._rest is not None:
            offset, self.exact_from = self._rest
            yield from self._exact(offset, self.exact_from, chunk_rows)

    def _batch(self, chunk: Sequence[tuple[Part, int, int]]) -> Batch:
        results: list[Result] = []
        with collector.paused(keep=True):  # many containers, kept for the report, no cycle
            for part, start, stop in chunk:
                results += self._rows(part, start, stop)
        count = sum(stop - start for _, start, stop in chunk)
        return Batch(count, tuple(results), self.builder.take_warnings())

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
        for offset, block in _blocks(plan.source.path, plan.start):
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
        """One piece of a block as a Part with the verdicts `known` on its keys, or None (see
        `_parts`).

        pandas refuses a row wider than the header (the row reader names its extra cells
        "Column N"), except on the first line it reads, whose extra fields it drops with a
        warning. So a line of blank cells is read first and dropped again: it also keeps a
        U+FEFF that starts the piece, which pandas would drop at the start of what it reads.
        """
        import pandas as pd
        import pyarrow as pa

        plan = self.plan
        data = self._blank_line + piece
        lines = plain_lines(data, plan.delimiter)
        if lines is None:
            return None
        width = len(plan.layout.columns)
        # The block holds no byte order mark: pandas reads it in the encoding without one.
        encoding = "utf-8" if plan.encoding == "utf-8-sig" else plan.encoding
        try:
            frame = pd.read_csv(
                io.BytesIO(data), sep=plan.delimiter, header=None, names=list(range(width)),
                index_col=False, dtype=pd.ArrowDtype(pa.string()), keep_default_na=False,
                na_filter=False, skip_blank_lines=False, quotechar='"', doublequote=True,
                engine="c", encoding=encoding, encoding_errors="strict")
        except UnicodeDecodeError:
            raise InputError(f"file is not valid {plan.encoding} text", path=plan.source.path,
                             hint="use --encoding, e.g. gb18030 or cp1252") from None
        except pd.errors.ParserError:
            return None
        if len(frame) != lines:
            return None  # a quoted field ran on over a line end
        table = pa.table([_arrow(frame[c]) for c in frame.columns],
                         names=[str(c) for c in frame.columns]).slice(1)
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
        plan = self.plan
        rows = text_rows(plan.source.path, plan.encoding, plan.delimiter, start=offset,
                         line=line)
        sheet = RawSheet(plan.source.file, None, plan.layout, rows, [])
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


def _arrow(column: pd.Series[Any]) -> Any:
    """A column read by pandas as Arrow strings, without nulls (pandas pads short rows with
    "")."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(column)
    return pc.fill_null(array, "") if array.null_count else array


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
