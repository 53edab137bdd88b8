"""`sanctscreen check`: screen files, print or write the report, exit with the CI gate's code."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sanctscreen import collector
from sanctscreen.cli.app import Command, app, err, out, user_errors
from sanctscreen.cli.options import (
    DebugOption,
    ListsOption,
    MaxListAgeOption,
    NoColorOption,
    PurposeOption,
    Settings,
    WeakAliasesOption,
    show_list_warnings,
)
from sanctscreen.engines import CHUNK_ROWS, Batch, Source
from sanctscreen.errors import ReportError
from sanctscreen.matching.interface import DEFAULT_HIT, DEFAULT_REVIEW
from sanctscreen.models import Report
from sanctscreen.outputs import Destination
from sanctscreen.ownership.policy import OwnershipPolicy
from sanctscreen.settings import BINARY_FORMATS, REPORT_FORMATS, FailOn

if TYPE_CHECKING:
    from sanctscreen.api import Screening

# Report, input and progress modules are imported inside the command: they pull in openpyxl,
# numpy and pandas, which `lookup` and `--help` should not wait for. The format names are
# listed in sanctscreen.settings for the same reason.
__all__ = ["REPORT_FORMATS", "Engine", "FailOn", "check"]


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


# Reader warnings beyond this many are counted, not printed: a CI log stays readable.
MAX_WARNINGS = 20

# Flagged rows printed by default: about a screenful; the report holds every one.
SHOW_DEFAULT = 50

# Beyond this many rows a terminal gets the one-line findings too: laying out a table costs
# about a millisecond a row, and a table longer than a few screens is not read as one.
TABLE_ROWS = 200

# Delay before a progress bar appears: short runs stay quiet, a long one shows it within a
# second (it is drawn on a timer, not when the next chunk of rows is done).
PROGRESS_AFTER_SECONDS = 1.0


EPILOG = """[bold]Examples[/]

  sanctscreen check holdings.xlsx

  sanctscreen check vendors.csv --purpose procurement --allow decisions.yaml

  sanctscreen check universe.parquet -o flags.parquet --fail-on review

[bold]Exit codes[/]: 0 no row fails the gate; 1 a row fails it (a hit by default, see
--fail-on, --strict); 2 bad input, list, settings or option; 3 an internal error."""

INPUT, LISTS, MATCHING, OWNERSHIP = "Input", "Lists", "Matching", "Ownership"
GATE, OUTPUT, PERFORMANCE = "Gate", "Output", "Performance"


@app.command("check", cls=Command, epilog=EPILOG)
@user_errors
def check(
    files: Annotated[list[Path], typer.Argument(
        help="Spreadsheets, CSV or Parquet files to screen.", metavar="FILE",
        show_default=False)],
    sheet: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only screen this sheet.", show_default="every sheet with names",
        rich_help_panel=INPUT)] = None,
    name_column: Annotated[str | None, typer.Option(
        metavar="COLUMN", help="The column holding names.", show_default="detected",
        rich_help_panel=INPUT)] = None,
    encoding: Annotated[str | None, typer.Option(
        metavar="CODEC", help="Text encoding of CSV input.", show_default="detected",
        rich_help_panel=INPUT)] = None,
    config: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Settings file.",
        show_default="sanctscreen.toml or pyproject.toml here or above", rich_help_panel=INPUT
    )] = None,
    purpose: PurposeOption = None,
    lists: ListsOption = None,
    list_files: Annotated[list[Path] | None, typer.Option(
        "--list", metavar="FILE", help="Also screen against this list file (any supported "
        "format); repeatable.", rich_help_panel=LISTS)] = None,
    max_list_age: MaxListAgeOption = None,
    hit_threshold: Annotated[str | None, typer.Option(
        "--threshold", "--hit-threshold", metavar="0..1",
        help="Score at or above which a name match is a hit.", show_default=f"{DEFAULT_HIT:.2f}",
        rich_help_panel=MATCHING)] = None,
    review_threshold: Annotated[str | None, typer.Option(
        metavar="0..1", help="Score at or above which a name match needs review.",
        show_default=f"{DEFAULT_REVIEW:.2f}", rich_help_panel=MATCHING)] = None,
    weak_aliases: WeakAliasesOption = None,
    ownership: Annotated[list[Path] | None, typer.Option(
        metavar="FILE", help="An ownership file (owner, owned, share, relation) to add to the "
        "graph; repeatable.", rich_help_panel=OWNERSHIP)] = None,
    as_of: Annotated[str | None, typer.Option(
        metavar="YYYY-MM-DD", help="Screening date for dated rules.", show_default="today",
        rich_help_panel=OWNERSHIP)] = None,
    ns_cmic_subsidiaries: Annotated[str | None, typer.Option(
        metavar="review|hit", help="Status for owned subsidiaries of NS-CMIC companies.",
        show_default="review", rich_help_panel=OWNERSHIP)] = None,
    affiliates_rule: Annotated[str | None, typer.Option(
        metavar="auto|on|off", help="BIS Affiliates Rule: auto (by date), on, off.",
        show_default="auto", rich_help_panel=OWNERSHIP)] = None,
    max_depth: Annotated[str | None, typer.Option(
        metavar="N", help="Longest ownership chain walked.",
        show_default=str(OwnershipPolicy.max_depth),
        rich_help_panel=OWNERSHIP)] = None,
    fail_on: Annotated[str | None, typer.Option(
        metavar="hit|review|never", help="Exit 1 when a row has this status or worse.",
        show_default="hit", rich_help_panel=GATE)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 also when any row was skipped (could not be screened).",
        show_default=False, rich_help_panel=GATE)] = False,
    allow: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Reviewed decisions (YAML or TOML) that clear known false "
        "positives.", rich_help_panel=GATE)] = None,
    since: Annotated[Path | None, typer.Option(metavar="REPORT", help=(
        "A previous JSON report: report only new, changed and resolved flags."),
        rich_help_panel=GATE)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help=(
        "Write the report to this file; the format follows the suffix "
        "(.xlsx .csv .json .md .html .xml .sarif .parquet) unless --format is given. A device "
        "or pipe (/dev/null, a FIFO) is written to as it is, in JSON by default."),
        rich_help_panel=OUTPUT)] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help=(
        "Report format: table, " + ", ".join(REPORT_FORMATS)
        + ". Without -o the report goes to stdout (xlsx and parquet only when it is not a "
        "terminal)."), show_default="table", rich_help_panel=OUTPUT)] = None,
    show: Annotated[str | None, typer.Option(
        metavar="N|all", help="Flagged rows printed to the terminal, most severe first; the "
        "report (-o) holds them all.", show_default=str(SHOW_DEFAULT),
        rich_help_panel=OUTPUT)] = None,
    include_clear: Annotated[bool, typer.Option(
        "--include-clear", help="Report clear rows too.", show_default=False,
        rich_help_panel=OUTPUT)] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print the summary only.", show_default=False,
        rich_help_panel=OUTPUT)] = False,
    no_progress: Annotated[bool, typer.Option(
        "--no-progress", help="No progress bar.", show_default=False,
        rich_help_panel=OUTPUT)] = False,
    no_color: NoColorOption = False,
    debug: DebugOption = False,
    engine: Annotated[Engine, typer.Option(metavar="local|dask", help=(
        "Where rows are screened: local (this machine) or dask (a Dask cluster)."),
        rich_help_panel=PERFORMANCE)] = Engine.LOCAL,
    scheduler: Annotated[str | None, typer.Option(metavar="ADDRESS", help=(
        "Dask scheduler address (tcp://host:8786) for --engine dask."),
        show_default="a cluster of one worker per core on this machine",
        rich_help_panel=PERFORMANCE)] = None,
    workers: Annotated[int, typer.Option(metavar="N", help=(
        "Processes that match names with --engine local (0: one per core)."),
        rich_help_panel=PERFORMANCE)] = 0,
    chunk_rows: Annotated[int, typer.Option(min=1, metavar="N", help=(
        "Rows read and screened at a time; memory follows this, not the file size."),
        rich_help_panel=PERFORMANCE)] = CHUNK_ROWS,
) -> None:
    """Screen FILES row by row against the restricted-party lists."""
    # Every option, setting and side file is checked before a list is loaded or a row read.
    if no_color:
        out.no_color = err.no_color = True
    settings = Settings.resolve(config, locals())
    output_format = settings.get("format")
    _check_format(output, output_format)
    inputs, skipped_files = _inputs(files)
    destination = _destination(output, output_format, [*inputs, *_side_files(settings, config)])
    shown = settings.get("show", SHOW_DEFAULT)
    run = _Run(output, output_format, destination, since, quiet=quiet,
               show=None if shown == "all" else int(shown),
               progress=not (no_progress or quiet), engine=engine, scheduler=scheduler,
               workers=workers, chunk_rows=chunk_rows)
    try:
        screening = _screen(settings, inputs, skipped_files, run)
    finally:
        if destination is not None:
            destination.close()
    raise typer.Exit(_gate(screening, settings))


@dataclass(frozen=True)
class _Run:
    """What `check` was asked besides the settings: where the report goes, how rows are read."""

    output: Path | None
    fmt: str | None
    destination: Destination | None  # the output, judged and (a device or pipe) held open
    since: Path | None
    quiet: bool
    show: int | None  # flagged rows printed at most; None: all of them
    progress: bool
    engine: Engine
    scheduler: str | None
    workers: int
    chunk_rows: int


def _screen(settings: Settings, inputs: list[Path], skipped_files: list[str], run: _Run
            ) -> Screening:
    """Load the lists, screen the inputs, write the report; the screening, for the gate.

    The library does the work (sanctscreen.api): this adds the terminal's warnings, the
    progress line, --since, and writing the report before what was learnt is stored.
    """
    from sanctscreen.api import Screener

    previous = _previous(run.since) if run.since is not None else None
    screener = Screener.from_settings(settings, workers=run.workers)
    show_list_warnings(screener)
    sources = [Source(path, settings.get("sheet"), settings.get("name_column"),
                      settings.get("encoding")) for path in inputs]

    def finish(report: Report) -> Report:
        if previous is not None and run.since is not None:
            report = since_previous(report, previous, run.since)
        with collector.paused():
            _emit(report, run)
        return report

    screening = screener.screen_sources(
        sources, [str(p) for p in inputs], include_clear=bool(settings.get("include_clear")),
        engine=run.engine.value, scheduler=run.scheduler, chunk_rows=run.chunk_rows,
        warnings=skipped_files,
        watch=lambda batches: _progress(batches, show=run.progress, paths=inputs),
        finish=finish)
    for note in screening.notes:
        err.print(f"note: {note}", highlight=False, markup=False)
    return screening


def _gate(screening: Screening, settings: Settings) -> int:
    """The exit code: 1 when a row fails the gate (--fail-on; with --strict, a skipped row)."""
    report = screening.report
    code = int(screening.failed(settings.fail_on().value))
    if settings.get("strict") and report.summary.skipped and not code:
        err.print(f"note: {report.summary.skipped} skipped row(s) fail the gate "
                  f"({settings.origin('strict')})", highlight=False, markup=False)
        code = 1
    return code


def since_previous(report: Report, previous: Report, path: Path) -> Report:
    """The report cut down to what changed since `previous` (read from `path`); the gate then
    sees only that."""
    from sanctscreen.delta import Change, delta

    changes = delta(previous, report.results)
    counts = {change.value: changes.count(change) for change in Change}
    err.print(f"since {path}: {counts['new']} new, {counts['changed']} changed, "
              f"{counts['resolved']} resolved", highlight=False, markup=False)
    options = {**report.options, "since": {"report": str(path), **counts}}
    return replace(report, results=changes.results, options=options)


def _previous(path: Path) -> Report:
    from sanctscreen.reports.json import read_report

    return read_report(path)


def _inputs(files: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The files to screen (sanctscreen.api.input_files), each office lock file among them
    said on stderr."""
    from sanctscreen.api import input_files

    inputs, skipped = input_files(files)
    for warning in skipped:
        err.print(f"warning: {warning}", highlight=False, markup=False, soft_wrap=True)
    return inputs, skipped


def _side_files(settings: Settings, config: Path | None) -> list[Path]:
    """The other files a run reads (lists, ownership, decisions, settings); a previous report
    given to --since is left out: writing the new report over it is a normal rolling run."""
    named = [*settings.get("list_files", []), *settings.get("ownership", []),
             settings.get("allow"), config]
    return [Path(p) for p in named if p]


def _check_format(output: Path | None, fmt: str | None) -> None:
    """Refuse, before any work, a report format that cannot be told from -o, and binary output
    to a terminal."""
    from sanctscreen.reports import report_format

    if output is not None:
        device = output.exists() and not output.is_file() and not output.is_dir()
        report_format(None if fmt in (None, "table") else fmt, output, device=device)
    elif fmt in BINARY_FORMATS and sys.stdout.isatty():
        raise ReportError(f"{fmt} is a binary format and stdout is a terminal",
                          hint="write it to a file with -o FILE, or redirect stdout")


def _destination(output: Path | None, fmt: str | None, inputs: Sequence[Path]
                 ) -> Destination | None:
    """Where the report goes, judged now: never over a file the run reads, never into a folder
    that does not exist, never a device or pipe replaced by a file."""
    if output is None:
        return None
    for path in inputs:
        if output.resolve() == path.resolve() or (
                output.exists() and path.exists() and output.samefile(path)):
            raise ReportError("refusing to overwrite an input file", path=output)
    destination = Destination(output)
    if not destination.direct and not output.parent.resolve().is_dir():
        raise ReportError("the folder for the report does not exist", path=output)
    if destination.terminal and fmt in BINARY_FORMATS:
        destination.close()
        raise ReportError(f"{fmt} is a binary format and this is a terminal", path=output,
                          hint="write it to a file")
    return destination


def _progress(batches: Iterator[Batch], *, show: bool, paths: Sequence[Path] = ()
              ) -> Iterator[Batch]:
    """The batches, their reader warnings said once each; a progress bar on a slow run in a
    terminal (sanctscreen.cli.progress), with a total when the files' rows can be counted."""
    from sanctscreen.cli.progress import ScreenProgress

    bar = (ScreenProgress(err, paths, delay=PROGRESS_AFTER_SECONDS)
           if show and err.is_terminal else None)
    warned: dict[str, None] = {}
    try:
        for batch in batches:
            _warn(batch.warnings, warned)
            if bar is not None:
                bar.advance(batch.rows)
            yield batch
    finally:
        if bar is not None:
            bar.stop()
        if len(warned) > MAX_WARNINGS:
            err.print(f"warning: {len(warned) - MAX_WARNINGS} more reader warnings not shown",
                      highlight=False, markup=False)


def _warn(warnings: Sequence[str], warned: dict[str, None]) -> None:
    """Reader warnings (sheets not screened, names truncated) once each, up to a limit; the
    report records every one of them."""
    for warning in warnings:
        if warning not in warned:
            warned[warning] = None
            if len(warned) <= MAX_WARNINGS:
                err.print(f"warning: {warning}", highlight=False, markup=False, soft_wrap=True)


def _emit(report: Report, run: _Run) -> None:
    """Write the report file and/or stdout, then the one-line summary on stderr."""
    from sanctscreen.cli.render import summary_line
    from sanctscreen.reports import format_for, render, write_report

    output, fmt, destination, quiet = run.output, run.fmt, run.destination, run.quiet
    if output is not None:
        write_report(report, output, None if fmt in (None, "table") else fmt, destination)
    elif fmt not in (None, "table"):
        sys.stdout.buffer.write(render(report, format_for(fmt, None).NAME))
        sys.stdout.flush()
    stdout_free = fmt in (None, "table") or output is not None
    if not quiet and stdout_free and report.reported:
        _print_flags(report, run)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Workflow commands are read from stdout; keep stdout clean when it carries a report.
        stream = sys.stdout if stdout_free else sys.stderr
        stream.buffer.write(render(report, "github"))
        stream.flush()
    if output is not None:
        err.print(f"report written to {output}", highlight=False)
    err.print(summary_line(report.summary, len(report.inputs)), highlight=False)


def _print_flags(report: Report, run: _Run) -> None:
    """The reported rows on stdout, most severe first and at most `run.show` of them: a table
    on a terminal, one line each otherwise (a CI log, a pipe); then where the rest are."""
    from sanctscreen.cli.render import finding_lines, results_table, shown_first

    rows = shown_first(report.reported, run.show)
    purposeful = report.options.get("purpose") not in (None, "general")
    if rows and out.is_terminal and len(rows) <= TABLE_ROWS:
        out.print(results_table(rows, consequences=purposeful, width=out.width))
    elif rows:
        # Written as plain text: a Rich print per line would make a long list the slowest part
        # of a run. Never wrapped, so that each finding stays one line of a log.
        lines = finding_lines(rows, consequences=purposeful)
        out.file.write("\n".join(lines) + "\n")
        out.file.flush()
    left = len(report.reported) - len(rows)
    if left:
        where = (f"all {len(report.reported):,} are in {run.output}" if run.output is not None
                 else "--show all prints them, -o FILE writes them to a report")
        err.print(f"{left:,} more row{'s' if left != 1 else ''} not shown; {where}",
                  highlight=False, markup=False, soft_wrap=True)
