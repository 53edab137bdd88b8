"""The registry of report formats, and rendering or atomically writing a Report in one of them."""

from __future__ import annotations

import io
from pathlib import Path

from sanctscreen.atomic import atomic_write
from sanctscreen.errors import ReportError
from sanctscreen.models import Report
from sanctscreen.reports.csv import CsvFormat
from sanctscreen.reports.github import GithubFormat
from sanctscreen.reports.html import HtmlFormat
from sanctscreen.reports.interface import ReportFormat
from sanctscreen.reports.json import JsonFormat
from sanctscreen.reports.junit import JunitFormat
from sanctscreen.reports.markdown import MarkdownFormat
from sanctscreen.reports.parquet import ParquetFormat
from sanctscreen.reports.sarif import SarifFormat
from sanctscreen.reports.xlsx import XlsxFormat

FORMATS: dict[str, type[ReportFormat]] = {
    cls.NAME: cls
    for cls in (JsonFormat, CsvFormat, XlsxFormat, MarkdownFormat, HtmlFormat, JunitFormat,
                SarifFormat, GithubFormat, ParquetFormat)
}
DEFAULT = JsonFormat.NAME  # what a report written to stdout without --format is


def _names() -> str:
    return ", ".join(sorted(FORMATS))


def format_for(name: str | None, path: Path | None = None) -> ReportFormat:
    """The format called `name`, else the one whose suffix `path` has, else the default (JSON).

    The longest matching suffix wins, so `scan.sarif.json` is SARIF and `x.junit.xml` JUnit.
    """
    if name:
        cls = FORMATS.get(name.strip().lower())
        if cls is None:
            raise ReportError(f"unknown report format '{name}'", hint=f"choose from {_names()}")
        return cls()
    if path is None:
        return FORMATS[DEFAULT]()
    file_name = Path(path).name.lower()
    suffixes = [(ext, cls) for cls in FORMATS.values() for ext in cls.EXTENSIONS]
    for ext, cls in sorted(suffixes, key=lambda pair: -len(pair[0])):
        if file_name.endswith(ext):
            return cls()
    raise ReportError("cannot tell the report format from the file name", path=path,
                      hint=f"use --format with one of {_names()}")


def render(report: Report, fmt: str) -> bytes:
    """The report in format `fmt`, as the bytes that would be written to a file."""
    buffer = io.BytesIO()
    format_for(fmt).write(report, buffer)
    return buffer.getvalue()


def write_report(report: Report, path: Path, fmt: str | None = None) -> None:
    """Write the report to `path` atomically: either the whole new file or the old one remains."""
    path = Path(path)
    if path.is_dir():
        raise ReportError("is a directory, not a report file", path=path)
    writer = format_for(fmt, path)
    parent = path.parent
    if not parent.is_dir():
        raise ReportError(f"directory {parent} does not exist", path=path)
    try:
        with atomic_write(path) as out:
            writer.write(report, out)
    except PermissionError:
        raise ReportError("permission denied", path=path) from None
    except OSError as exc:
        raise ReportError(f"cannot write the report ({exc.strerror or exc})", path=path) from None


__all__ = ["DEFAULT", "FORMATS", "ReportFormat", "format_for", "render", "write_report"]
