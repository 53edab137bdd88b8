"""The XLSX report format; the workbook is built by `xlsx_book`, imported only when needed.

openpyxl (and numpy through it) takes a quarter of a second to import: keeping it out of the
format registry keeps `sanctscreen lookup` and `--help` fast.
"""

from __future__ import annotations

from typing import BinaryIO

from sanctscreen.models import Report
from sanctscreen.reports.interface import ReportFormat


class XlsxFormat(ReportFormat):
    NAME = "xlsx"
    EXTENSIONS = (".xlsx",)

    def write(self, report: Report, out: BinaryIO) -> None:
        from sanctscreen.reports.xlsx_book import write_book

        write_book(report, out)
