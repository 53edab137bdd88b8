"""The progress bar of a long screen: rows done of the rows the input files hold, when that
is cheap to know (Parquet metadata, lines of delimited text), a pulsing bar otherwise."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

# Read at a time when delimited text is counted: large enough that counting is disk-bound.
_BLOCK = 1 << 20
# Text suffixes whose lines are rows (the header line is taken off the count).
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
_PARQUET_SUFFIXES = (".parquet", ".pq")


def file_rows(path: Path) -> int | None:
    """The rows `path` holds, read cheaply (None when that takes reading the file as a
    spreadsheet, or it cannot be read): a Parquet file's metadata, a text file's lines."""
    suffix = path.suffix.lower()
    try:
        if suffix in _PARQUET_SUFFIXES:
            import pyarrow.parquet as pq

            return int(pq.read_metadata(path).num_rows)
        if suffix in _TEXT_SUFFIXES:
            return _data_lines(path)
    except Exception:  # a count is a nicety: the reader itself reports a bad file
        return None
    return None


def _data_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            lines += block.count(b"\n")
            last = block[-1:]
    lines += last != b"\n"  # a last line without its newline
    return max(lines - 1, 0)  # the header


def total_rows(paths: Sequence[Path]) -> int | None:
    """The rows of every file, or None when any of them cannot be counted cheaply."""
    total = 0
    for path in paths:
        rows = file_rows(path)
        if rows is None:
            return None
        total += rows
    return total


class RateColumn(ProgressColumn):
    """Rows a second, over Rich's recent window."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


class RowsColumn(ProgressColumn):
    """Rows done, and of how many when that is known."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        if task.total is None:
            return Text(f"{done:,} rows", style="progress.download")
        return Text(f"{done:,}/{int(task.total):,} rows", style="progress.download")


class ScreenProgress:
    """A transient bar on `console`, shown after `delay` seconds (a short run stays quiet);
    the total is counted in the background and filled in when known."""

    def __init__(self, console: Console, paths: Sequence[Path], *, delay: float) -> None:
        self.progress = Progress(
            SpinnerColumn(), TextColumn("screening"), BarColumn(), TaskProgressColumn(),
            RowsColumn(), RateColumn(), TimeElapsedColumn(), TextColumn("eta"),
            TimeRemainingColumn(), console=console, transient=True, refresh_per_second=8,
            # A terminal that cannot redraw a line (TTY_INTERACTIVE=0) would keep every frame.
            disable=not console.is_interactive)
        self.task = self.progress.add_task("screening", total=None)
        self._lock = threading.Lock()
        self._stopped = False
        self._done = 0
        self.counter = threading.Thread(target=self._count, args=(list(paths),), daemon=True,
                                        name="sanctscreen-count")
        self.counter.start()
        self._timer = threading.Timer(delay, self._start)
        self._timer.daemon = True
        if delay <= 0:
            self._start()
        else:
            self._timer.start()

    def _count(self, paths: list[Path]) -> None:
        total = total_rows(paths)
        if total is not None:
            with self._lock:
                # The count is of lines: quoted line breaks or banner rows can make it differ
                # a little from the rows read; the bar never passes its end.
                self.progress.update(self.task, total=max(total, self._done))

    def _start(self) -> None:
        with self._lock:
            if not self._stopped:
                self.progress.start()

    def advance(self, rows: int) -> None:
        with self._lock:
            self._done += rows
            task = self.progress.tasks[0]
            total = task.total
            if total is not None and self._done > total:
                self.progress.update(self.task, total=self._done)
            self.progress.update(self.task, completed=self._done)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            self.progress.stop()
