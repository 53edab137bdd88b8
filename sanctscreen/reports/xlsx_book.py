"""The XLSX workbook an analyst files: flagged rows colour-coded with every column, the same rows
laid out for paper, a summary with the gate's verdict, the warnings and the lists used."""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sanctscreen.models import Report, Result, Status
from sanctscreen.reports import table
from sanctscreen.reports.common import (
    best_match,
    by_severity,
    display_name,
    is_formula_like,
    lists_text,
    location,
    others_text,
    path_text,
    plain,
    short,
    text_of,
    verdict_line,
)
from sanctscreen.reports.xlsx_layout import (
    HEADER_FONT,
    SCORE_FORMAT,
    header_footer,
    page_setup,
    row_height,
    text_lines,
)

# Excel's own "bad / neutral / good" palette, so the colours read as they do in other workbooks.
FILLS = {
    Status.HIT: PatternFill("solid", fgColor="FFC7CE"),
    Status.REVIEW: PatternFill("solid", fgColor="FFEB9C"),
    Status.CLEARED: PatternFill("solid", fgColor="C6EFCE"),
    Status.NOTED: PatternFill("solid", fgColor="DDEBF7"),
    Status.SKIPPED: PatternFill("solid", fgColor="D9D9D9"),
}
WARNING_TAB = "FFC000"  # Excel's amber: the Warnings tab stands out when the run warned
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")  # beside a wrapped cell, a value reads from the row's top
MAX_WIDTH = 60  # wider columns push the explanation off a laptop screen; text wraps instead
MIN_WIDTH = 8
# The Flagged sheet's long texts, wrapped in their column rather than cut at its edge.
WRAPPED = ("Consequence", "Ownership path", "Explanation", "Decision", table.OTHER_MATCHES)
# The Print sheet: the columns an analyst prints, their widths (about 130 digits in all, a
# landscape page at full size) and the longest a reason's part may be there.
PRINT_COLUMNS = (("Row", 7), ("Name", 28), ("Status", 9), ("Lists", 13), ("Matched party", 28),
                 ("Score", 7), ("Reason", 48))
PRINT_WRAPPED = ("Name", "Lists", "Matched party", "Reason")
PRINT_REASON = 160


def write_book(report: Report, out: BinaryIO) -> None:
    """The whole workbook: Flagged, Print, Summary, Warnings and Lists sheets."""
    book = Workbook()
    flagged = book.active
    assert flagged is not None  # a new Workbook always has one sheet
    flagged.title = "Flagged"
    _flagged(flagged, report)
    _print(book.create_sheet("Print"), report)
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
    wrap = {built.header.index(name) + 1 for name in WRAPPED}
    widths = _write_rows(sheet, [built.header, *built.rows], fills=fills, wrap_columns=wrap,
                         formats={built.header.index("Score") + 1: SCORE_FORMAT})
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Every column is too wide for a page: printed at full size, a row across pages, its
    # status, file, sheet and row number repeated on each. The Print sheet is the one for paper.
    page_setup(sheet, widths, title_columns=f"A:{get_column_letter(len(table.LEAD_COLUMNS))}")


def _print(sheet: Worksheet, report: Report) -> None:
    """The flagged rows as they are printed: hits first, the columns that say who and why."""
    rows = by_severity(report.reported)
    header = [name for name, _ in PRINT_COLUMNS]
    several = len({(r.subject.file, r.subject.sheet) for r in rows}) > 1
    if several:  # the row number alone does not say where a row is
        header[0] = "Where"
    lines: list[tuple[Any, ...]] = [tuple(header)]
    lines += [_print_line(result, where=several) for result in rows]
    widths = [float(width) for _, width in PRINT_COLUMNS]
    if several:
        widths[0] = 24.0
    fills = [None, *(FILLS.get(result.status) for result in rows)]
    _write_rows(sheet, lines, fills=fills, widths=widths,
                wrap_columns={header.index(name) + 1 for name in PRINT_WRAPPED} | {1},
                formats={header.index("Score") + 1: SCORE_FORMAT})
    sheet.freeze_panes = "A2"
    page_setup(sheet, widths)
    header_footer(sheet, left=f"sanctscreen {report.version}", centre=verdict_line(report),
                  right=report.generated_at)


def _print_line(result: Result, *, where: bool) -> tuple[Any, ...]:
    subject = result.subject
    first = location(result) if where else subject.row
    match = best_match(result)
    if match is None:
        return (first, display_name(subject), result.status.value, None, None, None,
                result.reason or "")
    reasons = [short(match.explanation, PRINT_REASON)]
    if match.path:
        reasons.append(short(f"Path: {path_text(match.path)}", PRINT_REASON))
    if match.decision:
        reasons.append(short(f"Decision: {match.decision}", PRINT_REASON))
    return (first, display_name(subject), result.status.value, lists_text(match.lists),
            match.entity_name + others_text(result), match.score, "\n".join(reasons))


def _summary(sheet: Worksheet, report: Report) -> None:
    s = report.summary
    rows: list[tuple[Any, ...]] = [
        ("Item", "Value"),
        ("Verdict", verdict_line(report)),
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
    widths = _write_rows(sheet, rows, wrap_columns={2})
    page_setup(sheet, widths, landscape=False)


def _warnings(sheet: Worksheet, report: Report) -> None:
    """Every warning of the run, a line each; the tab is coloured when there are any."""
    widths = _write_rows(sheet, [("Warning",), *((warning,) for warning in report.warnings)],
                         wrap_columns={1})
    page_setup(sheet, widths, landscape=False)
    if report.warnings:
        sheet.sheet_properties.tabColor = WARNING_TAB


def _lists(sheet: Worksheet, report: Report) -> None:
    rows: list[tuple[Any, ...]] = [("ID", "Name", "Source", "As of", "Entries", "SHA-256")]
    rows += [(i.id, i.name, i.source, i.as_of, i.entries, i.sha256) for i in report.lists]
    # Name and source wrap at 40 digits, so the whole table (hashes included) prints on a page.
    widths = _write_rows(sheet, rows, wrap_columns={2, 3}, max_width=40)
    page_setup(sheet, widths, one_page=True)


def _write_rows(
    sheet: Worksheet,
    rows: Sequence[Sequence[Any]],
    *,
    fills: Sequence[PatternFill | None] = (),
    wrap_columns: set[int] | frozenset[int] = frozenset(),
    formats: dict[int, str] | None = None,
    widths: Sequence[float] | None = None,
    max_width: int = MAX_WIDTH,
) -> list[float]:
    """Write values safely, bold the header, colour lines by `fills`, wrap `wrap_columns` (each
    row as tall as its wrapped text), apply number `formats`; columns get `widths`, else are
    sized to their content up to `max_width`. The widths given to the columns are returned."""
    formats = formats or {}
    longest: dict[int, int] = {}
    wrapped_texts: list[tuple[int, int, str]] = []  # (line, column, text) of wrapped cells
    # openpyxl hashes every style object on each assignment, which dominates the run time on
    # large reports; each distinct combination is built once and its style array copied.
    styles: dict[_Key, StyleArray] = {}
    for line, values in enumerate(rows, start=1):
        fill = fills[line - 1] if line - 1 < len(fills) else None
        for column, raw in enumerate(values, start=1):
            value = _safe(raw)
            cell = sheet.cell(row=line, column=column)
            formula_like = isinstance(value, str) and is_formula_like(value)
            wrapped = column in wrap_columns and line > 1
            key = (line == 1, fill.fgColor.rgb if fill is not None and line > 1 else None,
                   wrapped, bool(wrap_columns) and line > 1, formula_like,
                   formats.get(column) if line > 1 else None)
            if key != (False, None, False, False, False, None):
                _style(cell, key, fill, styles)
            # The value comes after the style: binding a date sets the cell's number format.
            cell.value = value
            if formula_like:
                # A string cell is never evaluated; quotePrefix is Excel's own "'" marker,
                # so the text shows unchanged and stays text if someone edits the cell.
                cell.data_type = "s"
            if wrapped and isinstance(value, str):
                wrapped_texts.append((line, column, value))
            longest[column] = max(longest.get(column, 0), _width(value))
    sizes = list(widths) if widths is not None else [
        float(min(max_width, max(MIN_WIDTH, longest[c] + 2))) for c in sorted(longest)]
    _heights(sheet, wrapped_texts, sizes)
    for column, width in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return sizes


def _heights(sheet: Worksheet, texts: Sequence[tuple[int, int, str]],
             sizes: Sequence[float]) -> None:
    """Each row as tall as the most lines its wrapped cells take in their columns."""
    lines: dict[int, int] = {}
    for line, column, text in texts:
        lines[line] = max(lines.get(line, 1), text_lines(text, sizes[column - 1]))
    for line, count in lines.items():
        height = row_height(count)
        if height is not None:
            sheet.row_dimensions[line].height = height


_Key = tuple[bool, str | None, bool, bool, bool, str | None]


def _style(cell: Cell, key: _Key, fill: PatternFill | None,
           styles: dict[_Key, StyleArray]) -> None:
    cached = styles.get(key)
    if cached is not None:
        cell._style = copy(cached)
        return
    header, colour, wrap, top, formula_like, number_format = key
    if header:
        cell.font = HEADER_FONT
    if colour is not None and fill is not None:
        cell.fill = fill
    if wrap:
        cell.alignment = WRAP
    elif top:
        cell.alignment = TOP
    if formula_like:
        cell.quotePrefix = True
    if number_format is not None:
        cell.number_format = number_format
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

