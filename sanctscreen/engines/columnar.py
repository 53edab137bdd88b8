"""The columnar fast path for delimited text: pandas reads the file, each distinct row is
screened once, and Subjects are built only for the rows a report lists."""

from __future__ import annotations

import codecs
import gc
import importlib.util
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import is_not
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctscreen.engines.interface import Batch, Source
from sanctscreen.engines.verdicts import Judge, roles_of, row_result
from sanctscreen.errors import InputError
from sanctscreen.inputs import iter_input
from sanctscreen.inputs.cells import RowBuilder
from sanctscreen.inputs.columns import Layout
from sanctscreen.inputs.row import Cells
from sanctscreen.inputs.sniff import Kind, detect
from sanctscreen.inputs.text import check_encoding, detect_encoding, sniff_delimiter
from sanctscreen.matching.parallel import MatchPool
from sanctscreen.models import Result
from sanctscreen.screen import Screener

if TYPE_CHECKING:
    import pandas as pd

# Encodings in which a quote, a delimiter and a line end are always the single ASCII byte
# (so the byte scan below sees the records pandas and the csv module see). In the GB family
# a two-byte character may end in 0x7C, the "|" delimiter; that pair is left to the exact path.
_ASCII_SAFE = frozenset({"utf-8", "utf-8-sig", "ascii", "cp1252", "latin-1", "iso8859-1",
                         "gb18030", "gbk", "gb2312"})
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312"})
# The file is scanned in blocks of this size (cut at a line end): memory stays flat.
SCAN_BYTES = 16 << 20
_QUOTE = b'"'
# A quoted field that both parsers read the same way: opened at the start of a field, closed
# at its end, on one line, with only doubled quotes inside. The quote comes first and the
# boundaries are checked around it, so that the search runs at the speed of a byte scan.
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
    plain = one_line_records(source.path, delimiter, len(found.columns), found.header_row)
    return Plan(source, encoding, delimiter, found) if plain else None


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


def one_line_records(path: Path, delimiter: str, width: int, header_row: int) -> bool:
    """Whether every record of `path` is one physical line that pandas splits as csv does.

    No NUL byte, no line end other than LF or CRLF, every quote part of a well-formed quoted
    field on one line, and no record after the header wider than the header (the exact path
    names the extra cells "Column N"; pandas would refuse the line).
    """
    import numpy as np

    pattern, mark = _QUOTED[delimiter], ord(delimiter)
    line = 0  # lines before this block
    with path.open("rb") as handle:
        rest = b""
        while True:
            block = handle.read(SCAN_BYTES)
            data = rest + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            data, rest = data[:cut], data[cut:]
            if not data:
                if block and len(rest) <= SCAN_BYTES * 4:
                    continue  # a line longer than a block: read on
                return not block  # the end; or a line of 64 MB, left to the exact reader
            if b"\x00" in data:
                return False
            if _QUOTE in data:
                data = pattern.sub(b"", data)  # a well-formed quoted field holds no line end
                if _QUOTE in data:
                    return False
            array = np.frombuffer(data, dtype=np.uint8)
            if b"\r" in data:
                returns = np.flatnonzero(array == 13)  # each must be followed by a line feed
                if returns[-1] + 1 >= len(array) or not (array[returns + 1] == 10).all():
                    return False
            ends = np.flatnonzero(array == 10)
            if not data.endswith(b"\n"):
                ends = np.append(ends, len(array))
            marks = np.flatnonzero(array == mark)
            fields = np.diff(np.searchsorted(marks, ends), prepend=0) + 1
            data_lines = fields[max(0, header_row - line):]
            if data_lines.size and int(data_lines.max()) > width:
                return False
            line += len(ends)


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
        self._verdicts = self._judge.verdicts
        self._index = {column: i for i, column in enumerate(found.columns)}

    def batches(self, chunk_rows: int) -> Iterator[Batch]:
        first = self.plan.layout.header_row + 1
        for frame in self._frames(chunk_rows):
            was_enabled = gc.isenabled()
            gc.disable()  # as the exact reader does: many containers, none in a cycle
            try:
                results = self._chunk(frame, first)
            finally:
                if was_enabled:
                    gc.enable()
            first += len(frame)
            yield Batch(len(frame), results, self.builder.take_warnings())

    def _frames(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        import pandas as pd
        import pyarrow as pa

        plan = self.plan
        width = len(plan.layout.columns)
        try:
            with pd.read_csv(plan.source.path, sep=plan.delimiter, header=None,
                             names=list(range(width)), skiprows=plan.layout.header_row,
                             dtype=pd.ArrowDtype(pa.string()), keep_default_na=False,
                             na_filter=False, skip_blank_lines=False, quotechar='"',
                             doublequote=True, engine="c", encoding=plan.encoding,
                             encoding_errors="strict", chunksize=chunk_rows) as reader:
                yield from reader
        except UnicodeDecodeError:
            raise InputError(f"file is not valid {plan.encoding} text", path=plan.source.path,
                             hint="use --encoding, e.g. gb18030 or cp1252") from None
        except pd.errors.EmptyDataError:
            return  # a header with no rows below it

    def _chunk(self, frame: pd.DataFrame, first: int) -> tuple[Result, ...]:
        import numpy as np

        keys, rows_of = _distinct(frame, self._roles)
        self._judge.trim()
        verdicts = self._verdicts
        new = [key for key in keys if key not in verdicts]
        if new:
            self._judge.judge([(key, key.split(_SEPARATOR)) for key in new])
        found = [verdicts[key] for key in keys]
        listed = np.fromiter(map(is_not, found, repeat(None)), dtype=bool, count=len(found))
        rows = np.flatnonzero(listed[rows_of])  # most rows are clear: only counted
        if not rows.size:
            return ()
        part = frame.take(rows)
        values = zip(*(_strings(part[c]) for c in part.columns), strict=True)
        file, index = self.plan.source.file, self._index
        results = []
        for i, distinct, cells in zip(rows.tolist(), rows_of[rows].tolist(), values, strict=True):
            pair = found[distinct]
            assert pair is not None  # picked for it
            direct, verdict = pair
            # pandas pads a short row with "", as the row reader pads it with None.
            result = row_result(verdict, direct, file, None, first + i,
                                Cells(index, [v or None for v in cells]), self.builder, cells)
            if result is not None:
                results.append(result)
        return tuple(results)


# Joins the role cells of a row into one key. The byte scan refuses files holding a NUL, so
# no cell contains it and the key splits back into exactly the cells it was made of.
_SEPARATOR = "\x00"


def _distinct(frame: pd.DataFrame, roles: Sequence[int]) -> tuple[list[str], Any]:
    """The distinct role cells of a chunk (a cell, or the cells joined by a NUL), and for each
    row the position of its own among them; found by Arrow's hashing, so that only distinct
    values ever become Python strings."""
    import pyarrow.compute as pc

    columns = [_arrow(frame[role]) for role in roles]
    joined = columns[0] if len(columns) == 1 else pc.binary_join_element_wise(
        *columns, _SEPARATOR)
    encoded = pc.dictionary_encode(joined)
    keys: list[str] = encoded.dictionary.to_pylist()
    return keys, encoded.indices.to_numpy(zero_copy_only=False)


def _arrow(column: pd.Series[Any]) -> Any:
    """A column as one Arrow string array, without nulls (pandas pads short rows with "")."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(column)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.fill_null(array, "") if array.null_count else array


def _strings(column: pd.Series[Any]) -> list[str]:
    """A column as Python strings, converted by Arrow (pandas iterates them one by one)."""
    values: list[str] = _arrow(column).to_numpy(zero_copy_only=False).tolist()
    return values
