"""The registry of report formats, and rendering or atomically writing a Report in one of them."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator, Mapping
from pathlib import Path

from sanctscreen.errors import ReportError
from sanctscreen.models import Report
from sanctscreen.outputs import Destination
from sanctscreen.reports.interface import ReportFormat

# Every format: its name and the module and class that write it. A module is imported when its
# format is first used: openpyxl, pyarrow and the rest are not needed to print a table, and a
# module that only shares texts (`reports.common`) need not import them.
_REGISTRY: tuple[tuple[str, str, str], ...] = (
    ("json", "json", "JsonFormat"),
    ("csv", "csv", "CsvFormat"),
    ("xlsx", "xlsx", "XlsxFormat"),
    ("markdown", "markdown", "MarkdownFormat"),
    ("html", "html", "HtmlFormat"),
    ("junit", "junit", "JunitFormat"),
    ("sarif", "sarif", "SarifFormat"),
    ("github", "github", "GithubFormat"),
    ("parquet", "parquet", "ParquetFormat"),
)


class _Formats(Mapping[str, type[ReportFormat]]):
    """The class of each report format, by name, imported on first use."""

    def __getitem__(self, name: str) -> type[ReportFormat]:
        found = next(((module, cls) for fmt, module, cls in _REGISTRY if fmt == name), None)
        if found is None:
            raise KeyError(name)
        writer: type[ReportFormat] = getattr(
            importlib.import_module(f"sanctscreen.reports.{found[0]}"), found[1])
        return writer

    def __iter__(self) -> Iterator[str]:
        return (name for name, _, _ in _REGISTRY)

    def __len__(self) -> int:
        return len(_REGISTRY)


FORMATS: Mapping[str, type[ReportFormat]] = _Formats()
DEFAULT = "json"  # what a report written to stdout without --format is


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


def write_report(report: Report, path: Path, fmt: str | None = None,
                 destination: Destination | None = None) -> None:
    """Write the report to `path`: a file atomically (either the whole new file or the old one
    remains); a device or pipe directly, in JSON unless `fmt` or the suffix says otherwise.

    `destination`: the path as judged before the run (a pipe checked for a reader, held open).
    """
    path = Path(path)
    destination = destination or Destination(path)
    writer = report_format(fmt, path, device=destination.direct)
    if not destination.direct and not path.parent.is_dir():
        raise ReportError(f"directory {path.parent} does not exist", path=path)
    try:
        if destination.direct:
            # Rendered first: a ZIP (xlsx) or Parquet writer may seek, which a pipe cannot.
            data = render(report, writer.NAME)
            with destination.open() as out:
                out.write(data)
        else:
            with destination.open() as out:
                writer.write(report, out)
    except PermissionError:
        raise ReportError("permission denied", path=path) from None
    except OSError as exc:
        raise ReportError(f"cannot write the report ({exc.strerror or exc})", path=path) from None
    finally:
        destination.close()


def report_format(fmt: str | None, path: Path, *, device: bool = False) -> ReportFormat:
    """The format a report written to `path` has: `fmt`, else the suffix's; a device or pipe
    with no known suffix (/dev/null, a FIFO) takes the default, as stdout does."""
    if fmt or not device:
        return format_for(fmt, path)
    try:
        return format_for(None, path)
    except ReportError:
        return FORMATS[DEFAULT]()


__all__ = ["DEFAULT", "FORMATS", "ReportFormat", "format_for", "render", "report_format",
           "write_report"]
