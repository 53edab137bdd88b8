"""Workbooks (xlsx, xlsm, xlsb, ods, xls) read with calamine: sheets, and rows as Excel shows."""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, PasswordError

from sanctscreen.errors import InputError
from sanctscreen.inputs.extent import check_extent

# python-calamine is used directly rather than through pandas.read_excel: it yields rows lazily
# from row 1, so row numbers are exactly what Excel shows, with no frame built in between.


@contextmanager
def open_workbook(path: Path) -> Iterator[CalamineWorkbook]:
    """The workbook, closed on exit; InputError for a locked, broken or oversized one."""
    if zipfile.is_zipfile(path):
        check_extent(path)
    try:
        with _quiet_panics():
            workbook = _open(path)
    except PasswordError:
        raise InputError("workbook is password-protected", path=path,
                         hint="remove the password and save it again") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(f"workbook cannot be read ({_short(exc)})", path=path) from None
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise InputError(f"workbook cannot be read ({_short(exc)})", path=path) from None
    try:
        yield workbook
    finally:
        workbook.close()


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise
    except CalamineError as first:
        # from_path picks its reader by the suffix; an .xls that is really an xlsx (a common
        # rename) opens from the content instead, which calamine sniffs. When that fails too,
        # the first error is the one that explains the file.
        try:
            with path.open("rb") as handle:
                return CalamineWorkbook.from_filelike(handle)
        except BaseException as second:
            if isinstance(second, CalamineError) or _is_panic(second):
                raise first from None
            raise


def worksheet_names(workbook: CalamineWorkbook) -> list[str]:
    """Every worksheet, hidden ones included (a hidden sheet of names is still screened)."""
    return [m.name for m in workbook.sheets_metadata if "Chart" not in str(m.typ)]


def pick_sheet(path: Path, names: list[str], wanted: str) -> str:
    """The sheet called `wanted` (exactly, else ignoring case), or InputError listing them."""
    if wanted in names:
        return wanted
    folded = [n for n in names if n.casefold() == wanted.strip().casefold()]
    if folded:
        return folded[0]
    raise InputError(f"no sheet named {wanted!r}; sheets: {', '.join(names)}", path=path)


def sheet_rows(path: Path, workbook: CalamineWorkbook, name: str
               ) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for each row from row 1; calamine gives formulas' cached values."""
    try:
        with _quiet_panics():  # calamine parses the whole sheet here
            sheet: CalamineSheet = workbook.get_sheet_by_name(name)
        # iter_rows starts at row 1 but at the first used column; leading columns are empty.
        yield from enumerate(sheet.iter_rows(), start=1)
    except CalamineError as exc:
        raise InputError(f"sheet {name!r} cannot be read ({_short(exc)})", path=path) from None
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise InputError(f"sheet {name!r} cannot be read ({_short(exc)})", path=path) from None


@contextmanager
def _quiet_panics() -> Iterator[None]:
    """Hold back what is written to the process's stderr, and drop it if calamine panicked.

    Rust's panic hook writes the panic and a backtrace straight to file descriptor 2 before
    pyo3 turns it into an exception; the user is told about the file in one InputError line
    instead. Anything else written meanwhile is passed on once the call returns.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all (a detached process): nothing to protect
        yield
        return
    failed = False
    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        os.dup2(held.fileno(), 2)
        try:
            yield
        except BaseException:
            failed = True  # a panic may be the context of the error raised (see _open)
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            text = held.read()
            if text and not (failed and b"panicked at" in text):
                os.write(2, text)


def _is_panic(exc: BaseException) -> bool:
    """A Rust panic inside calamine on a malformed file: pyo3 raises PanicException, which
    derives from BaseException so that `except Exception` does not catch it."""
    return type(exc).__name__ == "PanicException"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
