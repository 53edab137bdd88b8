"""Delimited text read in blocks for the columnar fast path: a plan (encoding, delimiter,
column roles, where the rows start) found by the row reader's own code, then the file in
blocks of whole lines whose pieces pandas reads as Arrow strings, as long as each line is a
plain record that pandas splits exactly as the csv module does (see `plain_lines`).
"""

from __future__ import annotations

import codecs
import importlib.util
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctscreen.errors import InputError
from sanctscreen.inputs.cells import RowBuilder
from sanctscreen.inputs.columns import Layout
from sanctscreen.inputs.reader import RawSheet, iter_input
from sanctscreen.inputs.sniff import Kind, detect
from sanctscreen.inputs.text import check_encoding, detect_encoding, sniff_delimiter, text_rows

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
class DelimitedPlan:
    """How a delimited file is read in blocks: its encoding, delimiter and column roles, as
    the row reader finds them, and the byte offset of the line below the header."""

    path: Path
    file: str  # the path as the user gave it
    encoding: str
    delimiter: str
    layout: Layout
    start: int

    def blocks(self) -> Iterator[tuple[int, bytes]]:
        """(byte offset, whole lines) from the first row to the end (see `_blocks`)."""
        return _blocks(self.path, self.start)

    def read(self, piece: bytes | memoryview) -> pa.Table | None:
        """The rows of `piece` (whole lines) as a table of Arrow strings, one column per
        header column, blank cells ""; None unless each line is one plain record.

        pandas refuses a row wider than the header (the row reader names its extra cells
        "Column N"), except on the first line it reads, whose extra fields it drops with a
        warning. So a line of blank cells is read first and dropped again: it also keeps a
        U+FEFF that starts the piece, which pandas would drop at the start of what it reads.
        """
        import pandas as pd
        import pyarrow as pa

        width = len(self.layout.columns)
        blank = (self.delimiter * (width - 1) + "\n").encode("ascii")
        data = blank + piece
        lines = plain_lines(data, self.delimiter)
        if lines is None:
            return None
        # The block holds no byte order mark: pandas reads it in the encoding without one.
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        try:
            frame = pd.read_csv(
                io.BytesIO(data), sep=self.delimiter, header=None, names=list(range(width)),
                index_col=False, dtype=pd.ArrowDtype(pa.string()), keep_default_na=False,
                na_filter=False, skip_blank_lines=False, quotechar='"', doublequote=True,
                engine="c", encoding=encoding, encoding_errors="strict")
        except UnicodeDecodeError:
            raise InputError(f"file is not valid {self.encoding} text", path=self.path,
                             hint="use --encoding, e.g. gb18030 or cp1252") from None
        except pd.errors.ParserError:
            return None
        if len(frame) != lines:
            return None  # a quoted field ran on over a line end
        return pa.table([_arrow(frame[c]) for c in frame.columns],
                        names=[str(c) for c in frame.columns]).slice(1)

    def builder(self) -> RowBuilder:
        """A RowBuilder for this file's rows."""
        return RowBuilder(self.file, None, self.layout)

    def rest(self, offset: int, line: int) -> RawSheet:
        """The file from byte `offset` (physical line `line`) on, read by the row reader."""
        rows = text_rows(self.path, self.encoding, self.delimiter, start=offset, line=line)
        return RawSheet(self.file, None, self.layout, rows, [])


def plan_delimited(path: Path, file: str, *, name_column: str | None = None,
                   encoding: str | None = None) -> DelimitedPlan | None:
    """A plan when blocks of `path` read exactly as the row reader would read it, else None.

    The file's errors (missing, foreign, no name column) are raised here, as the row reader
    would raise them; anything else unusual means None, so that the row reader decides.
    """
    if importlib.util.find_spec("pyarrow") is None:
        return None  # pieces are read as Arrow strings; the row reader needs no Arrow
    if detect(path) is not Kind.TEXT:
        return None
    try:
        return _plan(path, file, name_column, encoding)
    except InputError:
        raise
    except Exception:  # whatever surprised the fast path, the row reader reads as always
        return None


def _plan(path: Path, file: str, name_column: str | None, given: str | None
          ) -> DelimitedPlan | None:
    encoding = check_encoding(path, given) if given else detect_encoding(path)
    if codecs.lookup(encoding).name not in _ASCII_SAFE:
        return None
    delimiter = sniff_delimiter(path, encoding, path.suffix.lower())
    if delimiter not in _QUOTED or (
            delimiter == "|" and codecs.lookup(encoding).name in _GB_FAMILY):
        return None
    found = _layout(path, name_column, encoding)
    start = _data_start(path, delimiter, found.header_row)
    return None if start is None else DelimitedPlan(path, file, encoding, delimiter, found,
                                                    start)


def _layout(path: Path, name_column: str | None, encoding: str) -> Layout:
    """The header and column roles exactly as the row reader finds them (its own code).

    `encoding` is the one it would detect itself (passed on so as not to detect it twice).
    """
    tables = iter_input(path, name_column=name_column, encoding=encoding, chunk_rows=1)
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
    than the header pandas refuses itself; see `DelimitedPlan.read`.
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


def _arrow(column: pd.Series[Any]) -> Any:
    """A column read by pandas as Arrow strings, without nulls (pandas pads short rows with
    "")."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(column)
    return pc.fill_null(array, "") if array.null_count else array
