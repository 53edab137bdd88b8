"""`sanctscreen check`: screen files, print or write the report, exit with the CI gate's code."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sanctscreen import collector
from sanctscreen.cli.app import app, err, out, user_errors
from sanctscreen.cli.options import (
    AffiliatesRule,
    ListsOption,
    MaxListAgeOption,
    OwnershipSettings,
    PurposeOption,
    Settings,
    SubsidiaryStatus,
    WeakAliasesOption,
    build_screener,
    screening_lists,
)
from sanctscreen.engines import CHUNK_ROWS, Batch, Source, engine_for
from sanctscreen.errors import ReportError
from sanctscreen.models import Report, Status

if TYPE_CHECKING:
    from rich.progress import Progress

    from sanctscreen.decisions import Decisions

# Report, input and progress modules are imported inside the command: they pull in openpyxl,
# numpy and pandas, which `lookup` and `--help` should not wait for. The format names are
# listed here for the same reason (a test keeps them equal to the registry's).
REPORT_FORMATS = ("csv", "github", "html", "json", "junit", "markdown", "parquet", "sarif",
                  "xlsx")


class Engine(StrEnum):
    LOCAL = "local"
    DASK = "dask"


class FailOn(StrEnum):
    HIT = "hit"
    REVIEW = "review"
    NEVER = "never"


# Reader warnings beyond this many are counted, not printed: a CI log stays readable.
MAX_WARNINGS = 20

# Delay before a progress bar appears: short runs stay quiet.
PROGRESS_AFTER_SECONDS = 1.0


@app.command("check")
@user_errors
def check(
    files: Annotated[list[Path], typer.Argument(help="Spreadsheets or CSV files to screen.",
                                                show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=(
        "Write the report to this file; the format follows the suffix "
        "(.xlsx .csv .json .md .html .xml .sarif .parquet) unless --format is given."))] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "Report format: table, " + ", ".join(REPORT_FORMATS)
        + ". Without -o the report goes to stdout."))] = None,
    sheet: Annotated[str | None, typer.Option(help="Only screen this sheet.")] = None,
    name_column: Annotated[str | None, typer.Option(help="The column holding names.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of CSV input.")] = None,
    purpose: PurposeOption = None,
    lists: ListsOption = None,
    list_files: Annotated[list[Path] | None, typer.Option(
        "--list", help="Also screen against this list file (any supported format).")] = None,
    max_list_age: MaxListAgeOption = None,
    ownership: Annotated[list[Path] | None, typer.Option(
        help="An ownership file (owner, owned, share, relation) to add to the graph.")] = None,
    hit_threshold: Annotated[float | None, typer.Option(
        "--threshold", "--hit-threshold", min=0.0, max=1.0,
        help="Score at or above which a name match is a hit.")] = None,
    review_threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Score at or above which a name match needs review.")] = None,
    weak_aliases: WeakAliasesOption = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Exit 1 when a row has this status or worse.")] = None,
    allow: Annotated[Path | None, typer.Option(
        help="Reviewed decisions (YAML or TOML) that clear known false positives.")] = None,
    as_of: Annotated[str | None, typer.Option(
        help="Screening date for dated rules (YYYY-MM-DD); default today.")] = None,
    ns_cmic_subsidiaries: Annotated[SubsidiaryStatus | None, typer.Option(
        help="Status for owned subsidiaries of NS-CMIC companies: review or hit.")] = None,
    affiliates_rule: Annotated[AffiliatesRule | None, typer.Option(
        help="BIS Affiliates Rule: auto (by date), on, off.")] = None,
    max_depth: Annotated[int | None, typer.Option(min=1, help="Longest ownership chain walked.")]
    = None,
    include_clear: Annotated[bool, typer.Option(help="Report clear rows too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the summary only.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    config: Annotated[Path | None, typer.Option(help="Settings file (sanctscreen.toml).")] = None,
    since: Annotated[Path | None, typer.Option(help=(
        "A previous JSON report: report only new, changed and resolved flags."))] = None,
    engine: Annotated[Engine, typer.Option(help=(
        "Where rows are screened: local (this machine) or dask (a Dask cluster)."))]
    = Engine.LOCAL,
    scheduler: Annotated[str | None, typer.Option(help=(
        "Dask scheduler address (tcp://host:8786) for --engine dask; default: a cluster of "
        "one worker per core on this machine."))] = None,
    workers: Annotated[int, typer.Option(help=(
        "Processes that match names with --engine local (0: one per core)."))] = 0,
    chunk_rows: Annotated[int, typer.Option(min=1, help=(
        "Rows read and screened at a time; memory follows this, not the file size."))]
    = CHUNK_ROWS,
) -> None:
    """Screen FILES row by row against the restricted-party lists."""
    settings = Settings.resolve(config, locals())
    inputs = [_existing(path) for path in files]
    output_format = settings.get("format")
    if output is not None:
        _check_output(output, [*inputs, *_side_files(settings, config)])
    in_use, list_warnings = screening_lists(settings)
    screener = build_screener(in_use, settings, OwnershipSettings.of(settings))
    screener.workers = workers
    from sanctscreen.engines.verdicts import load_rows, save_rows

    # What earlier runs with the same lists learnt: the matcher's answers to names, and the
    # rows that are clear whatever the policy.
    screener.load_answers()
    load_rows(screener)
    sources = [Source(path, settings.get("sheet"), settings.get("name_column"),
                      settings.get("encoding")) for path in inputs]
    from sanctscreen.decisions import load_decisions
    from sanctscreen.screen import build_report

    decisions = load_decisions(Path(settings["allow"])) if settings.get("allow") else None
    include_clear = bool(settings.get("include_clear"))
    runner = engine_for(engine.value, scheduler=scheduler, chunk_rows=chunk_rows)
    batches = runner.run(screener, sources, keep_clear=include_clear)
    tally = _Tally()
    results = (result for batch in _progress(batches, tally, show=not (no_progress or quiet))
               for result in batch.results)
    # The rows are screened while the report is built; then it is written and what was learnt
    # stored. Meanwhile the compiled lists, millions of objects, are kept out of every full
    # collection (and, in forked workers, out of the pages a collection would copy); writing
    # the report makes millions of containers and no cycle.
    with collector.spared():
        report = build_report(results, in_use, [str(p) for p in inputs],
                              settings.report_options(screener), include_clear=include_clear,
                              decisions=decisions, today=screener.policy.as_of)
        unused = _unused_decisions(decisions, settings.get("allow"))
        report = replace(_with_clear(report, tally.clear), warnings=tuple(dict.fromkeys(
            [*list_warnings, *tally.warnings, *unused])))
        if since is not None:
            report = since_previous(report, since)
        with collector.paused():
            _emit(report, output, output_format, quiet=quiet)
        screener.save_answers()
        save_rows(screener)
    for note in unused:
        err.print(f"note: {note}", highlight=False, markup=False)
    raise typer.Exit(_exit_code(report, FailOn(settings.get("fail_on") or FailOn.HIT)))


def since_previous(report: Report, previous: Path) -> Report:
    """The report cut down to what changed since `previous`; the gate then sees only that."""
    from sanctscreen.delta import Change, delta
    from sanctscreen.reports.json import read_report

    changes = delta(read_report(previous), report.results)
    counts = {change.value: changes.count(change) for change in Change}
    err.print(f"since {previous}: {counts['new']} new, {counts['changed']} changed, "
              f"{counts['resolved']} resolved", highlight=False, markup=False)
    options = {**report.options, "since": {"report": str(previous), **counts}}
    return replace(report, results=changes.results, options=options)


def _existing(path: Path) -> Path:
    from sanctscreen.errors import InputError

    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir():
        raise InputError("is a directory, not a file", path=path)
    from sanctscreen.inputs.sniff import detect

    detect(path)  # an empty, locked, foreign or ZIP-bomb file fails before lists are loaded
    return path


def _side_files(settings: Settings, config: Path | None) -> list[Path]:
    """The other files a run reads (lists, ownership, decisions, settings); a previous report
    given to --since is left out: writing the new report over it is a normal rolling run."""
    named = [*settings.get("list_files", []), *settings.get("ownership", []),
             settings.get("allow"), config]
    return [Path(p) for p in named if p]


def _check_output(output: Path, inputs: Sequence[Path]) -> None:
    """Refuse to overwrite a file the run reads or to write into a folder that does not exist."""
    for path in inputs:
        if output.resolve() == path.resolve() or (
                output.exists() and path.exists() and output.samefile(path)):
            raise ReportError("refusing to overwrite an input file", path=output)
    if not output.parent.resolve().is_dir():
        raise ReportError("the folder for the report does not exist", path=output)


class _Tally:
    """What the batches tell besides their results: clear rows dropped, reader warnings."""

    def __init__(self) -> None:
        self.clear = 0
        self.warnings: dict[str, None] = {}  # each once, in the order given


def _progress(batches: Iterator[Batch], tally: _Tally, *, show: bool) -> Iterator[Batch]:
    """The batches, tallied; a progress line on a slow run."""
    started = time.monotonic()
    progress: Progress | None = None
    done = 0
    warned = tally.warnings
    try:
        for batch in batches:
            tally.clear += batch.clear
            done += batch.rows
            _warn(batch.warnings, warned)
            yield batch
            if progress is None and show and err.is_terminal \
                    and time.monotonic() - started > PROGRESS_AFTER_SECONDS:
                from rich.progress import Progress, TextColumn, TimeElapsedColumn

                progress = Progress(TextColumn("screening: {task.completed:,} rows"),
                                    TimeElapsedColumn(), console=err, transient=True)
                progress.start()
                task = progress.add_task("rows", total=None)
            if progress is not None:
                progress.update(task, completed=done)
    finally:
        if progress is not None:
            progress.stop()
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
                err.print(f"warning: {warning}", highlight=False, markup=False)


def _unused_decisions(decisions: Decisions | None, allow: str | None) -> list[str]:
    """The note that decisions matched no flagged row: they may be out of date."""
    if decisions is None or not decisions.stale:
        return []
    return [f"{len(decisions.stale)} decision(s) in {allow} matched no flagged row"]


def _with_clear(report: Report, clear: int) -> Report:
    """Add the clear rows an engine screened but did not hand back to the summary's counts."""
    if not clear:
        return report
    summary = replace(report.summary, rows=report.summary.rows + clear,
                      clear=report.summary.clear + clear)
    return replace(report, summary=summary)


def _emit(report: Report, output: Path | None, fmt: str | None, *, quiet: bool) -> None:
    """Write the report file and/or stdout, then the one-line summary on stderr."""
    from sanctscreen.cli.render import results_table, summary_line
    from sanctscreen.reports import format_for, render, write_report

    if output is not None:
        write_report(report, output, None if fmt in (None, "table") else fmt)
    elif fmt not in (None, "table"):
        sys.stdout.buffer.write(render(report, format_for(fmt, None).NAME))
        sys.stdout.flush()
    stdout_free = fmt in (None, "table") or output is not None
    if not quiet and stdout_free and report.reported:
        purposeful = report.options.get("purpose") not in (None, "general")
        out.print(results_table(report.reported, consequences=purposeful))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Workflow commands are read from stdout; keep stdout clean when it carries a report.
        stream = sys.stdout if stdout_free else sys.stderr
        stream.buffer.write(render(report, "github"))
        stream.flush()
    if output is not None:
        err.print(f"report written to {output}", highlight=False)
    err.print(summary_line(report.summary, len(report.inputs)), highlight=False)


def _exit_code(report: Report, fail_on: FailOn) -> int:
    statuses = {result.status for result in report.results}
    if fail_on is FailOn.HIT:
        return int(Status.HIT in statuses)
    if fail_on is FailOn.REVIEW:
        return int(bool(statuses & {Status.HIT, Status.REVIEW}))
    return 0

