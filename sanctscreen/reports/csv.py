"""The CSV report: a line per (row, match) pair, original columns kept, formulas neutralised.

The audit trail (lists with their sha256, version, thresholds, options) is repeated in the last
two columns of every line, so the file stays a single table that any CSV reader can load. The
run's warnings follow the rows, a line each with the status `warning` and the text as its reason:
a report of no flagged rows still shows them, and a filter on Status leaves the rows alone.
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from sanctscreen.models import Report
from sanctscreen.reports import table
from sanctscreen.reports.common import (
    list_provenance,
    neutralise,
    settings_provenance,
    text_of,
)
from sanctscreen.reports.interface import ReportFormat

AUDIT_COLUMNS = ("Lists screened", "Screen settings")
WARNING_STATUS = "warning"  # the Status of a line that holds one of the run's warnings


class CsvFormat(ReportFormat):
    """One line per match so that a spreadsheet filter on "Lists" or "Entity ID" finds every
    pair; a row without matches (skipped, cleared by --include-clear) still gets one line."""

    NAME = "csv"
    EXTENSIONS = (".csv",)

    def write(self, report: Report, out: BinaryIO) -> None:
        built = table.build(report, per_match=True)
        audit = ("; ".join(list_provenance(info) for info in report.lists),
                 "; ".join(f"{key}={value}" for key, value in settings_provenance(report)))
        # utf-8-sig: Excel opens a BOM-less UTF-8 CSV as ANSI and garbles Chinese names.
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        try:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow([_cell(c) for c in (*built.header, *AUDIT_COLUMNS)])
            for row in built.rows:
                writer.writerow([_cell(value) for value in (*row, *audit)])
            for warning in report.warnings:
                writer.writerow([_cell(value) for value in
                                 (*_warning_line(built.header, warning), *audit)])
            text.flush()
        finally:
            # The caller owns `out`; detaching keeps the wrapper from closing it.
            text.detach()


def _cell(value: Any) -> str:
    """Text of a value, neutralised: numbers cannot be formulas, text from input or lists can."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text_of(value)
    return neutralise(text_of(value))


def _warning_line(header: tuple[str, ...], warning: str) -> list[str]:
    """A line of the table for one warning of the run: no file, row or match."""
    line = [""] * len(header)
    line[header.index("Status")] = WARNING_STATUS
    line[header.index("Reason")] = warning
    return line
