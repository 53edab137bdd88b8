"""The progress bar of `check`: a total from the files when it is cheap to know, drawn on a
terminal only, and never when asked not to."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner

from sanctscreen.cli import app, check
from sanctscreen.cli.progress import ScreenProgress, file_rows, total_rows

runner = CliRunner()


def test_rows_are_counted_from_parquet_metadata_and_text_lines(tmp_path: Path,
                                                               examples: Path) -> None:
    table = tmp_path / "t.parquet"
    pq.write_table(pa.table({"name": ["a", "b", "c"]}), table)
    text = tmp_path / "t.csv"
    text.write_bytes(b"Vendor\nA\nB\nC")  # no newline after the last row
    assert (file_rows(table), file_rows(text)) == (3, 3)
    assert total_rows([table, text]) == 6
    assert file_rows(examples / "holdings.xlsx") is None  # a workbook: the bar only pulses
    assert total_rows([table, examples / "holdings.xlsx"]) is None
    assert file_rows(tmp_path / "missing.csv") is None


def test_the_bar_shows_rows_done_of_the_total_and_the_percentage(tmp_path: Path) -> None:
    text = tmp_path / "t.csv"
    text.write_text("Vendor\n" + "A\n" * 2000, encoding="utf-8")
    console = Console(file=io.StringIO(), force_terminal=True, width=120, color_system=None)
    bar = ScreenProgress(console, [text], delay=0)
    bar.counter.join()
    bar.advance(500)
    with console.capture() as capture:
        console.print(bar.progress.make_tasks_table(bar.progress.tasks))
    bar.stop()
    shown = capture.get()
    assert "25%" in shown and "500/2,000 rows" in shown and "screening" in shown


def test_a_terminal_run_draws_the_bar_and_a_captured_one_does_not(
        examples: Path, terminal: Callable[[int], None], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "PROGRESS_AFTER_SECONDS", 0)
    plain = runner.invoke(app, ["check", str(examples / "vendors.csv")])
    assert "screening" not in plain.stderr
    terminal(120)
    drawn = runner.invoke(app, ["check", str(examples / "vendors.csv")])
    assert "screening" in drawn.stderr and "rows" in drawn.stderr
    quiet = runner.invoke(app, ["check", str(examples / "vendors.csv"), "--no-progress"])
    assert "screening" not in quiet.stderr
