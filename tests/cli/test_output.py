"""What `check` prints for people: a table on a terminal, one line a finding in a log, at most
a screenful of them, and where the rest are."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from sanctscreen.cli import app, check
from sanctscreen.cli.render import cut

runner = CliRunner()
ISIN = re.compile(r"[A-Z]{2}[A-Z0-9]{9}[0-9]")


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def flagged_csv(tmp_path: Path, hits: int, reviews: int = 0) -> Path:
    """A vendor file of `hits` rows naming a listed company, after `reviews` rows owned by one
    (a review by default), so that hits come last in the file."""
    path = tmp_path / "many.csv"
    lines = ["Vendor"] + ["Beijing Kuangshi Technology Co., Ltd."] * reviews
    lines += ["Megvii Technology Limited"] * hits + ["Nestle SA"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def source_words(report: dict[str, Any]) -> set[str]:
    """Every word the table may show: of names, parties, lists and explanations."""
    words: set[str] = set()
    for row in report["results"]:
        texts = [row.get("name") or "", row.get("reason") or "", *row.get("identifiers", []),
                 str(row["row"]), row["status"]]
        for match in row["matches"]:
            texts += [match["entity_name"], match["explanation"], ", ".join(match["lists"]),
                      f"{match['score']:.2f}"]
        words.update(w for text in texts for w in str(text).split())
    return words | {w.rstrip(",;:(") for w in words}


def test_captured_output_is_one_line_per_flagged_row(examples: Path) -> None:
    result = run("check", examples / "holdings.xlsx", "--no-progress")
    lines = result.stdout.splitlines()
    assert len(lines) == 7  # 6 hits and 1 review, nothing else on stdout
    assert all(line.startswith(f"{examples / 'holdings.xlsx'}[Holdings]:") for line in lines)
    assert [line.split()[1] for line in lines] == ["hit"] * 6 + ["review"]  # hits first
    megvii = next(line for line in lines if ":11: " in line)
    assert "EL,NS-CMIC  Megvii Technology Limited  1.00  name \"Megvii Technology" in megvii
    assert all(len(line) < 220 for line in lines)  # never wrapped, and short anyway


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_table_fits_and_breaks_no_word(examples: Path, width: int,
                                                    terminal: Callable[[int], None]) -> None:
    files = [examples / "vendors.csv", "--ownership", examples / "owners.csv", "--allow",
             examples / "decisions.yaml"]
    report = json.loads(run("check", *files, "--format", "json", "--no-progress").stdout)
    terminal(width)
    table = run("check", *files, "--no-progress").stdout
    lines = table.splitlines()
    assert lines[1].split() == ["Row", "Name", "Status", "Party", "List", "Score", "Why"]
    assert all(cell_len(line) <= width for line in lines)
    allowed = source_words(report) | {"Row", "Name", "Status", "Party", "List", "Score", "Why"}
    for line in lines[3:]:
        for token in line.split():
            word = token.removesuffix("…")
            if cell_len(word) != len(word) or not word:
                continue  # Chinese script has no spaces: it wraps between any characters
            assert word in allowed or word.rstrip(",;:(") in allowed, (token, line)
    for isin in ISIN.findall(json.dumps(report)):  # an identifier shown is shown whole
        assert not any(isin[:6] in line and isin not in line for line in lines)
    rows = [line for line in lines[3:] if line[:4].strip().isdigit()]
    assert len(rows) == 8 and all(line.rstrip()[-1] != " " for line in rows)
    assert sum("…" in line for line in rows) >= 4  # reasons cut to the room left


def test_cut_ends_after_a_whole_word() -> None:
    text = "ISIN CNE100000PM8 is listed for Hangzhou Hikvision Digital Technology Co., Ltd."
    assert cut(text, 200) == text
    assert cut(text, 20) == "ISIN CNE100000PM8…"
    assert cut(text, 10) == "ISIN…"
    assert cut("CNE100000PM8", 6) == "CNE10…"  # one word wider than the room
    assert cut("name matched; distinctive token", 18) == "name matched…"


def test_at_most_fifty_rows_are_shown_hits_first_and_the_rest_are_pointed_to(
        tmp_path: Path) -> None:
    path = flagged_csv(tmp_path, hits=55, reviews=3)
    result = run("check", path, "--no-progress")
    lines = result.stdout.splitlines()
    assert len(lines) == 50 and {line.split()[1] for line in lines} == {"hit"}
    assert "8 more rows not shown; --show all prints them, -o FILE writes them to a report" \
        in result.stderr
    everything = run("check", path, "--no-progress", "--show", "all").stdout.splitlines()
    assert len(everything) == 58 and everything[-1].split()[1] == "review"
    report = tmp_path / "flags.json"
    few = run("check", path, "--no-progress", "--show", "2", "-o", report)
    assert len(few.stdout.splitlines()) == 2
    assert f"56 more rows not shown; all 58 are in {report}" in few.stderr
    assert len(json.loads(report.read_text())["results"]) == 58


def test_a_long_list_on_a_terminal_is_printed_as_lines_not_a_table(
        tmp_path: Path, terminal: Callable[[int], None]) -> None:
    terminal(120)
    path = flagged_csv(tmp_path, hits=check.TABLE_ROWS + 1)
    lines = run("check", path, "--no-progress", "--show", "all").stdout.splitlines()
    assert len(lines) == check.TABLE_ROWS + 1 and all(":" in line.split()[0] for line in lines)


@pytest.mark.parametrize(("value", "message"), [
    ("many", "--show must be a whole number of 0 or more, or 'all', not 'many'"),
    ("-3", "--show must be a whole number of 0 or more, or 'all', not '-3'"),
])
def test_a_bad_show_is_refused_before_any_work(tmp_path: Path, value: str, message: str
                                               ) -> None:
    result = run("check", tmp_path / "missing.csv", "--show", value)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {message}"]


def test_show_comes_from_the_settings_file_and_is_checked_there(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    path = flagged_csv(tmp_path, hits=4)
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text("show = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert len(run("check", path, "--no-progress").stdout.splitlines()) == 1
    assert len(run("check", path, "--no-progress", "--show", "all").stdout.splitlines()) == 4
    settings.write_text('show = "1"\n', encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {settings}: setting 'show' must be a whole number of 0 or more, or 'all', "
        "not '1' (write it without quotes)"]
