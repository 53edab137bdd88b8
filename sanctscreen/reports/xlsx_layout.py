"""How a worksheet reads on screen and on paper: the font, row heights for wrapped text, and the
page setup (orientation, repeated header, fit to width only where the print stays legible)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from openpyxl.styles import Font
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

# One font in every cell: the workbook's default (Calibri 11), and the header the same but bold.
# A Font without a name is written without one, and LibreOffice then shows its own default.
FONT_NAME = "Calibri"
FONT_SIZE = 11
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
SCORE_FORMAT = "0.00"  # the score as every other report shows it; the cell keeps 4 decimals

# Neither Excel nor LibreOffice sizes a row to its wrapped text when opening a file written by
# openpyxl, so each such row is given its height: a line of Calibri 11 takes 15 points (Excel's
# default row height), and Excel refuses rows taller than 409 points.
LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0
# A column of width w holds about w digits of the font; words wrap before the edge, so a line
# is counted as holding a little less.
LINE_FILL = 0.9

# Paper: the narrower of A4 and US Letter in landscape (Letter, 11 in) less the margins below,
# in the pixels (at 96 dpi) that column widths are measured in.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
PRINTABLE_PX = (11.0 - MARGINS.left - MARGINS.right) * 96
# Fit to the page's width only when the print is no smaller than this: 11-point text printed
# at 75% is about 8 points, the smallest a page of names and reasons is read at. Wider sheets
# print at full size across several pages, their first columns repeated on each.
MIN_SCALE = 0.75


def column_px(width: float) -> float:
    """The pixels a column of `width` (Excel's unit: digits of the default font) takes."""
    return 7 * width + 5


def print_scale(widths: Sequence[float]) -> float:
    """The scale at which columns of these widths fit the printable width of a landscape page."""
    total = sum(column_px(w) for w in widths)
    return 1.0 if total <= 0 else min(1.0, PRINTABLE_PX / total)


def text_lines(text: str, width: float) -> int:
    """The lines `text` takes when wrapped in a column of `width`; East Asian wide characters
    count twice."""
    capacity = max(1.0, (width - 1) * LINE_FILL)
    lines = 0
    for part in text.split("\n"):
        size = len(part) if part.isascii() else sum(
            2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part)
        # A column is sized to its longest text plus two: text that short is one line.
        lines += 1 if size <= width - 2 else math.ceil(size / capacity)
    return lines


def row_height(lines: int) -> float | None:
    """The height of a row whose tallest cell has `lines` lines; None (the default) for one."""
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT)


def page_setup(sheet: Worksheet, widths: Sequence[float], *, landscape: bool = True,
               one_page: bool = False, title_columns: str | None = None) -> None:
    """Print settings: the header row on every page, landscape, fitted to the page's width when
    that stays legible (to one page with `one_page`), else at full size with `title_columns`
    repeated on the pages across."""
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_margins = MARGINS
    sheet.print_options.gridLines = True
    fits = one_page or print_scale(widths) >= MIN_SCALE
    sheet.sheet_properties.pageSetUpPr.fitToPage = fits
    if fits:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 1 if one_page else 0
    else:
        # A row's columns on consecutive pages, rather than every row's first columns first.
        sheet.page_setup.pageOrder = "overThenDown"
        if title_columns:
            sheet.print_title_cols = title_columns


def header_footer(sheet: Worksheet, *, left: str, centre: str, right: str) -> None:
    """What each printed page says at its top, and its page number at the bottom."""
    for part, text in ((sheet.oddHeader.left, left), (sheet.oddHeader.center, centre),
                       (sheet.oddHeader.right, right)):
        # "&" starts a field code in a header: a literal one is written twice.
        part.text = text.replace("&", "&&")
        part.size = 9
        part.font = f"{FONT_NAME},Regular"
    sheet.oddFooter.center.text = "Page &P of &N"
    sheet.oddFooter.center.size = 9
    sheet.oddFooter.center.font = f"{FONT_NAME},Regular"
