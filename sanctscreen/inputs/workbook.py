"""Workbooks (xlsx, xlsm, xlsb, ods, xls) read with calamine: sheets, and rows as Excel shows."""

from __future__ import annotations

import os
import re
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


def sheet_rows(path: Path, workbook: CalamineWorkbook, name: str,
               formulas: FormulaCells | None = None) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for each row from row 1; calamine gives formulas' cached values.

    `formulas` learns where the rows start, to tell which of their cells are formulas.
    """
    try:
        with _quiet_panics():  # calamine parses the whole sheet here
            sheet: CalamineSheet = workbook.get_sheet_by_name(name)
        if formulas is not None:
            formulas.first_column = sheet.start[1] if sheet.start else 0
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


# A cell holding a formula and no saved value (<c r="A2"><f>B2&amp;"x"</f><v></v></c>): what
# openpyxl, and most programs that write xlsx without a calculation engine, save. calamine
# reads such a cell as empty; Excel computes it when the file is opened and saved.
_UNCOMPUTED = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>\s*'
    rb'<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
    rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_SCAN_CHUNK = 4 << 20
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class FormulaCells:
    """The cells of one xlsx worksheet that hold a formula with no saved value, found the
    first time they are asked about (a sheet with no blank name never is)."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path = path
        self.sheet = sheet
        self.first_column = 0  # calamine's rows start at the sheet's first used column
        self._cells: frozenset[tuple[int, int]] | None = None

    def uncomputed(self, row: int, index: int) -> bool:
        """Whether the cell at `row` (1-based), position `index` of calamine's row, is one."""
        if self._cells is None:
            self._cells = _uncomputed_cells(self.path, self.sheet)
        return (row, self.first_column + index) in self._cells


def _uncomputed_cells(path: Path, sheet: str) -> frozenset[tuple[int, int]]:
    """(row, 0-based column) of each formula without a saved value; empty when the sheet's
    part cannot be found or read (the rows are then reported as they are, blank)."""
    found: set[tuple[int, int]] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return frozenset()
            tail = b""
            with archive.open(part) as handle:
                while block := handle.read(_SCAN_CHUNK):
                    data = tail + block
                    cut = data.rfind(b"</c>") + 4 if b"</c>" in data else 0
                    for match in _UNCOMPUTED.finditer(data, 0, cut):
                        found.add((int(match.group(2)), _column_index(match.group(1))))
                    tail = data[cut:]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError,
            SyntaxError):  # xml.etree's ParseError is a SyntaxError; defusedxml's a ValueError
        return frozenset()
    return frozenset(found)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The ZIP member holding the worksheet called `sheet`, from the workbook's relationships."""
    from defusedxml import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target_of = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    for element in book.iter():
        if element.tag.endswith("}sheet") and element.get("name") == sheet:
            target = target_of.get(element.get(_RELATIONSHIP))
            if not target:
                return None
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_index(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1
