"""`check` records every warning of the run in the report it writes, whatever the format, while
the terminal shows the first few; a run that warned of nothing records none."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from sanctscreen.cli import app
from sanctscreen.cli.check import MAX_WARNINGS
from sanctscreen.cli.options import LIST_WARNINGS_SHOWN
from tests.reports.test_warnings import READERS

runner = CliRunner()
COVER = "sheet 'Cover' not screened: no name or identifier column"
STALE = ("the lists screened are older than 90 days (newest as of 2020-01-02); use a current "
         "copy of old")
SUFFIX = {"json": ".json", "csv": ".csv", "xlsx": ".xlsx", "html": ".html", "markdown": ".md",
          "sarif": ".sarif", "junit": ".junit.xml", "parquet": ".parquet", "github": ".txt"}


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def install(tmp_path: Path, list_id: str, as_of: date, names: str = "Megvii Technology Limited"
            ) -> None:
    """A custom list installed under `list_id`, published on `as_of`."""
    path = tmp_path / f"{list_id}.csv"
    path.write_text("name\n" + "\n".join(names.split(";")) + "\n", encoding="utf-8")
    imported = run("lists", "import", path, "--id", list_id, "--as-of", as_of.isoformat())
    assert imported.exit_code == 0, imported.stderr


def report_warnings(fmt: str, tmp_path: Path, *args: str | Path) -> tuple[list[str], Any]:
    out = tmp_path / f"report{SUFFIX[fmt]}"
    result = run("check", *args, "-o", out, "--format", fmt, "--no-progress")
    assert result.exit_code in (0, 1), result.stderr
    return READERS[fmt](out.read_bytes()), result


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_the_report_records_the_sheet_not_screened_and_the_old_lists(
        fmt: str, examples: Path, tmp_path: Path) -> None:
    install(tmp_path, "old", date(2020, 1, 2))
    found, result = report_warnings(fmt, tmp_path, examples / "holdings.xlsx", "--lists", "old")
    assert found == [STALE, COVER]
    stderr = result.stderr.splitlines()
    assert f"warning: {COVER}" in stderr and f"warning: {STALE}" in stderr


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_a_run_that_warned_of_nothing_records_none(fmt: str, tmp_path: Path) -> None:
    install(tmp_path, "fresh", date.today())
    clean = tmp_path / "clean.csv"
    clean.write_text("Company\nMegvii Technology Limited\nNestle SA\n", encoding="utf-8")
    found, result = report_warnings(fmt, tmp_path, clean, "--lists", "fresh")
    assert found == []
    assert "warning" not in result.stderr


def test_every_reader_warning_is_recorded_though_the_terminal_shows_a_few(
        tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Company"])
    book.active.append(["Megvii Technology Limited"])
    sheets = MAX_WARNINGS + 5
    for number in range(sheets):
        book.create_sheet(f"Notes {number}").append(["Quantity", 3])
    path = tmp_path / "many.xlsx"
    book.save(path)
    install(tmp_path, "fresh", date.today())
    found, result = report_warnings("json", tmp_path, path, "--lists", "fresh")
    assert found == [f"sheet 'Notes {n}' not screened: no name or identifier column"
                     for n in range(sheets)]
    shown = [line for line in result.stderr.splitlines() if "not screened" in line]
    assert len(shown) == MAX_WARNINGS
    assert "warning: 5 more reader warnings not shown" in result.stderr


def test_every_list_warning_is_recorded_though_the_terminal_shows_a_few(
        tmp_path: Path) -> None:
    repeats = LIST_WARNINGS_SHOWN + 3
    blocklist = tmp_path / "block.csv"
    blocklist.write_text("id,name\n" + "".join(f"B1,Party {n}\n" for n in range(repeats + 1)),
                         encoding="utf-8")
    install(tmp_path, "fresh", date.today())
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor\nNestle SA\n", encoding="utf-8")
    found, result = report_warnings("json", tmp_path, vendors, "--lists", "fresh",
                                    "--list", blocklist)
    repeated = [w for w in found if "repeated" in w]
    assert len(repeated) == repeats and repeated[0].startswith("custom-block: row 3: id ")
    assert result.stderr.count("repeated, kept the first") == LIST_WARNINGS_SHOWN


def test_decisions_that_matched_nothing_are_recorded(tmp_path: Path) -> None:
    install(tmp_path, "fresh", date.today())
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor\nNestle SA\n", encoding="utf-8")
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("decisions:\n- name: Gone Trading Ltd\n  entity_id: fresh:1\n"
                         "  entity_version: abc\n  decision: clear\n  by: ana\n"
                         "  on: 2026-01-10\n  why: left the vendor file\n", encoding="utf-8")
    found, result = report_warnings("json", tmp_path, vendors, "--lists", "fresh",
                                    "--allow", decisions)
    note = f"1 decision(s) in {decisions} matched no flagged row"
    assert found == [note]
    assert f"note: {note}" in result.stderr
