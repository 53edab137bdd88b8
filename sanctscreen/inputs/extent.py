"""How many cells each worksheet of an xlsx spans, measured before calamine allocates them.

calamine stores a sheet as a dense grid from its first to its last cell, so a hostile or broken
workbook holding A1 and XFD1048576 asks for 17 billion cells and aborts the process (a Rust
allocation failure cannot be caught). Its ODS reader has a cap; its xlsx reader does not, so the
sheet XML is scanned here first, with a few regular-expression passes and no per-cell Python work.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from sanctscreen.errors import InputError

# calamine's own cap for ODS sheets; at ~32 bytes a cell this is already ~3 GB of memory.
MAX_CELLS = 100_000_000
EXCEL_ROWS = 1_048_576  # a valid sheet has no more; a longer one is itself suspect
_CHUNK = 4 << 20
_OVERLAP = 64  # longer than any cell reference, so none is cut between two chunks
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# Cell references r="AB12". Patterns start with the literal r=" so that re can skip ahead fast;
# an attribute such as tr="ABC1" can only make the estimate larger, never smaller.
_WIDE_COLUMNS = [re.compile(rb'r="([A-Z]{%d})[0-9]' % n) for n in (3, 2)]
# Four letters and more is past Excel's last column (XFD); calamine still allocates for it.
_BEYOND_COLUMNS = re.compile(rb'r="([A-Z]{4,})[0-9]')
EXCEL_COLUMNS = 16_384
_LONG_ROWS = re.compile(rb'r="[A-Z]+([0-9]{7,})"')
# Columns A-Z on rows below 1 000 000 can never reach MAX_CELLS: one pass looks for anything
# else (a second letter, a seventh digit), and only a sheet that has it is measured in full.
_BEYOND_NARROW = re.compile(rb'r="(?:[A-Z]{2}|[A-Z][0-9]{7})')
_ROWS = [re.compile(rb'r="[A-Z]+([0-9]{%d})"' % n) for n in range(7, 0, -1)]


def check_extent(path: Path) -> None:
    """InputError when any worksheet of the xlsx at `path` spans more than MAX_CELLS cells."""
    try:
        # is_zipfile() only finds an end-of-directory signature; the directory may still be
        # garbage (stray "PK\x05\x06" bytes inside another kind of file).
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"workbook is damaged ({exc})", path=path) from None
    with archive:
        for member in archive.infolist():
            if not _SHEET_PART.fullmatch(member.filename):
                continue
            try:
                rows, columns = _span(archive, member)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                    NotImplementedError) as exc:
                # zipfile inflates no more than the declared size, then checks the CRC: a part
                # that lies about its size ends here, not in memory.
                raise InputError(f"workbook is damaged ({member.filename}: {exc})",
                                 path=path) from None
            if columns > EXCEL_COLUMNS:
                raise InputError(f"refusing worksheet {member.filename}: it has cells past "
                                 "Excel's last column XFD", path=path)
            if rows * columns > MAX_CELLS:
                raise InputError(
                    f"refusing worksheet {member.filename}: its cells span {rows:,} rows by "
                    f"{columns:,} columns ({rows * columns:,} cells, limit {MAX_CELLS:,})",
                    path=path)


def _span(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int]:
    """(last row, last column) of `member`, exact where they could exceed the limit."""
    if not _scan(archive, member, _beyond_narrow)[0]:
        return EXCEL_ROWS, 26  # at most: under the limit whatever the cells
    columns, long_rows = _scan(archive, member, _last_column, _last_long_row)
    if long_rows:
        columns = max(columns, 1)
        return max(long_rows, _scan(archive, member, _last_row)[0]), columns
    if columns * EXCEL_ROWS <= MAX_CELLS:
        return EXCEL_ROWS if columns else 0, columns  # narrow: no row count can reach the limit
    return _scan(archive, member, _last_row)[0], columns


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
          *measures: Callable[[bytes], int]) -> list[int]:
    """The maximum of each measure over the inflated part, read in bounded chunks."""
    best = [0] * len(measures)
    tail = b""
    with archive.open(member) as handle:
        while block := handle.read(_CHUNK):
            data = tail + block
            best = [max(b, measure(data)) for b, measure in zip(best, measures, strict=True)]
            tail = data[-_OVERLAP:]
    return best


def _beyond_narrow(data: bytes) -> int:
    return 1 if _BEYOND_NARROW.search(data) else 0


def _last_long_row(data: bytes) -> int:
    found = _LONG_ROWS.findall(data)
    return int(max(found, key=lambda d: (len(d), d))) if found else 0


def _last_row(data: bytes) -> int:
    for pattern in _ROWS:
        found = pattern.findall(data)
        if found:
            return int(max(found))  # same number of digits: byte order is numeric order
    return 0


def _last_column(data: bytes) -> int:
    beyond = _BEYOND_COLUMNS.findall(data)
    if beyond:
        return max(map(_column_number, beyond))
    for pattern in _WIDE_COLUMNS:
        found = pattern.findall(data)
        if found:
            return _column_number(max(found))  # same number of letters: byte order is order
    return 26 if b'r="' in data else 0  # single-letter columns: at most Z


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
