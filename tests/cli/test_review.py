"""`sanctscreen review` as an analyst sees it: the status in colour, long values wrapped under
themselves, a word on an answer it does not know, and no question when answers could not be
saved."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from sanctscreen.cli import app, review
from sanctscreen.reports.json import read_report

runner = CliRunner()


def vendors_report(examples: Path, tmp_path: Path) -> Path:
    report = tmp_path / "vendors.json"
    result = runner.invoke(app, ["check", str(examples / "vendors.csv"), "--no-progress",
                                 "-o", str(report)])
    assert result.exit_code == 1 and report.is_file()
    return report


def test_a_flag_is_shown_in_colour_and_wrapped_under_its_label(
        examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = vendors_report(examples, tmp_path)
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=60,
                      no_color=False)
    monkeypatch.setattr(review, "out", console)
    flags = review.open_flags(read_report(report).results)
    review.show_flag(flags[0], 1, len(flags))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "(\x1b[1;31mhit\x1b[0m)" in text  # bold red, as in the table
    lines = text.splitlines()[2:]  # after the heading, which is one line however long
    assert lines[0].startswith("  Name:") and all(len(line) <= 60 for line in lines)
    explanation = lines.index(next(line for line in lines if "Explanation:" in line))
    continued = lines[explanation + 1]  # indented under the value, cut between words
    assert continued.startswith(" " * review.LABEL_WIDTH)
    assert not continued[review.LABEL_WIDTH].isspace()
    assert lines[explanation].split()[-1] + " " + continued.split()[0] in " ".join(
        flags[0].match.explanation.split())

    answers = runner.invoke(app, ["review", str(report), "-d", str(tmp_path / "d.yaml")],
                            input="x\n\nq\n")
    assert answers.exit_code == 0
    assert answers.stderr.splitlines()[:2] == [
        "'x' is not an answer: type m (match), c (clear), s (skip) or q (quit)",
        "type m (match), c (clear), s (skip) or q (quit)"]


def test_no_question_is_asked_when_the_decisions_cannot_be_saved(examples: Path,
                                                                 tmp_path: Path) -> None:
    report = vendors_report(examples, tmp_path)
    target = tmp_path / "missing" / "decisions.yaml"
    result = runner.invoke(app, ["review", str(report), "-d", str(target)], input="m\n")
    assert result.exit_code == 2
    assert "Flag 1" not in result.stdout
    assert result.stderr.splitlines() == [
        f"error: {target}: directory {target.parent} does not exist"]
