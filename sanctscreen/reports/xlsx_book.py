"""The XLSX workbook an analyst files: flagged rows colour-coded, a summary and the lists used."""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sanctscreen.models import Report, Status
from sanctscreen.reports import table
from sanctscreen.reports.common import is_formula_like, plain, text_of

# Excel's own "bad / neutral / good" palette, so the colours read as they do in other workbooks.
FILLS = {
    Status.HIT: PatternFill("solid", fgColor="FFC7CE"),
    Status.REVIEW: PatternFill("solid", fgColor="FFEB9C"),
    Status.CLEARED: PatternFill("solid", fgColor="C6EFCE"),
    Status.NOTED: PatternFill("solid", fgColor="DDEBF7"),
    Status.SKIPPED: PatternFill("solid", fgColor="D9D9D9"),
}
WARNING_TAB = "FFC000"  # Excel's amber: the Warnings tab stands out when the run warned
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60  # wider columns push the explanation off a laptop screen; text wraps instead
MIN_WIDTH = 8


def write_book(report: Report, out: BinaryIO) -> None:
    """The whole workbook: Flagged, Summary, Warnings and Lists sheets."""
    book = Workbook()
    flagged = book.active
    assert flagged is not None  # a new Workbook always has one sheet
    flagged.title = "Flagged"
    _flagged(flagged, report)
    _summary(book.create_sheet("Summary"), report)
    _warnings(book.create_sheet("Warnings"), report)
    _lists(book.create_sheet("Lists"), report)
    created = _timestamp(report.generated_at)
    if created is not None:
        book.properties.created = created
    book.save(out)


def _flagged(sheet: Worksheet, report: Report) -> None:
    built = table.build(report, per_match=False)
    fills = [None, *(FILLS.get(status) for status in built.statuses)]
    wrap = built.header.index("Explanation") + 1
    _write_rows(sheet, [built.header, *built.rows], fills=fills, wrap_column=wrap)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Printed for a file or an auditor: landscape, one page wide, header on every page.
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _summary(sheet: Worksheet, report: Report) -> None:
    s = report.summary
    rows: list[tuple[Any, ...]] = [
        ("Item", "Value"),
        ("sanctscreen version", report.version),
        ("Generated at (UTC)", report.generated_at),
        ("Rows screened", s.rows),
        ("Hits", s.hits),
        ("To review", s.reviews),
        ("Noted (listed, no consequence for the purpose)", s.noted),
        *((f"List {code}", ", ".join(f"{n} {k}" for k, n in counts.items()))
          for code, counts in s.by_list.items()),
        ("Cleared by decisions", s.cleared),
        ("Clear", s.clear),
        ("Skipped", s.skipped),
        ("Warnings (see the Warnings sheet)", len(report.warnings)),
        ("All rows listed", "yes" if report.include_clear else "no (clear rows left out)"),
    ]
    rows += [("Input", name) for name in report.inputs]
    rows += [(f"Option: {key}", text_of(value)) for key, value in report.options.items()]
    _write_rows(sheet, rows)


def _warnings(sheet: Worksheet, report: Report) -> None:
    """Every warning of the run, a line each; the tab is coloured when there are any."""
    _write_rows(sheet, [("Warning",), *((warning,) for warning in report.warnings)],
                wrap_column=1)
    if report.warnings:
        sheet.sheet_properties.tabColor = WARNING_TAB


def _lists(sheet: Worksheet, report: Report) -> None:
    rows: list[tuple[Any, ...]] = [("ID", "Name", "Source", "As of", "Entries", "SHA-256")]
    rows += [(i.id, i.name, i.source, i.as_of, i.entries, i.sha256) for i in report.lists]
    _write_rows(sheet, rows)


def _write_rows(
    sheet: Worksheet,
    rows: Sequence[Sequence[Any]],
    *,
    fills: Sequence[PatternFill | None] = (),
    wrap_column: int | None = None,
) -> None:
    """Write values safely, bold the header, colour lines by `fills`, size columns to content."""
    widths: dict[int, int] = {}
    # openpyxl hashes every style object on each assignment, which dominates the run time on
    # large reports; each distinct combination is built once and its style array copied.
    styles: dict[tuple[bool, str | None, bool, bool], StyleArray] = {}
    for line, values in enumerate(rows, start=1):
        fill = fills[line - 1] if line - 1 < len(fills) else None
        for column, raw in enumerate(values, start=1):
            value = _safe(raw)
            cell = sheet.cell(row=line, column=column)
            formula_like = isinstance(value, str) and is_formula_like(value)
            key = (line == 1, fill.fgColor.rgb if fill is not None and line > 1 else None,
                   column == wrap_column and line > 1, formula_like)
            if key != (False, None, False, False):
                _style(cell, key, fill, styles)
            # The value comes after the style: binding a date sets the cell's number format.
            cell.value = value
            if formula_like:
                # A string cell is never evaluated; quotePrefix is Excel's own "'" marker,
                # so the text shows unchanged and stays text if someone edits the cell.
                cell.data_type = "s"
            widths[column] = max(widths.get(column, 0), _width(value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )


def _style(cell: Cell, key: tuple[bool, str | None, bool, bool], fill: PatternFill | None,
           styles: dict[tuple[bool, str | None, bool, bool], StyleArray]) -> None:
    cached = styles.get(key)
    if cached is not None:
        cell._style = copy(cached)
        return
    header, colour, wrap, formula_like = key
    if header:
        cell.font = HEADER_FONT
    if colour is not None and fill is not None:
        cell.fill = fill
    if wrap:
        cell.alignment = WRAP
    if formula_like:
        cell.quotePrefix = True
    styles[key] = copy(cell._style)


def _safe(value: Any) -> Any:
    """A value openpyxl can store: numbers and naive dates as such, everything else as text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return _safe(float(value))
    if isinstance(value, datetime | date | time):
        # Excel has no time zones, and pandas.NaT is a datetime that means "no value".
        if type(value).__name__ == "NaTType":
            return None
        if getattr(value, "tzinfo", None) is None:
            return value
    text = value if isinstance(value, str) else text_of(plain(value))
    # Control characters are invalid in the XML of a workbook; openpyxl would refuse the file.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _width(value: Any) -> int:
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, date | time) else str(value)
    return max((len(part) for part in text.splitlines()), default=0)


def _timestamp(text: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.replace(tzinfo=None)

