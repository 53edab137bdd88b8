"""Every command's --help: options grouped in panels, defaults shown, flags shown as flags, and
nothing wider than the terminal."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from sanctscreen.cli import app

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMMANDS = [[], ["check"], ["lookup"], ["owners"], ["review"], ["lists"], ["lists", "show"],
            ["lists", "update"], ["lists", "import"], ["lists", "diff"]]


def help_text(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    return ANSI.sub("", result.stdout)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "sanctscreen")
def test_help_has_no_type_placeholders_and_fits(command: list[str], width: int,
                                                terminal: Callable[[int], None]) -> None:
    terminal(width)
    text = help_text(*command)
    for placeholder in ("<bool>", "<str>", "<list", "<path>", "<int>", "<local"):
        assert placeholder not in text
    assert all(cell_len(line) <= width for line in text.splitlines())


def test_check_groups_its_options_in_panels_in_order(terminal: Callable[[int], None]) -> None:
    terminal(120)
    text = help_text("check")
    panels = [line.split("─ ")[1].split(" ─")[0] for line in text.splitlines()
              if line.startswith("╭─ ")]
    assert panels == ["Arguments", "Input", "Lists", "Matching", "Ownership", "Gate", "Output",
                      "Performance"]
    assert "--include-clear " in text and "--no-include-clear" not in text
    for option in ("--no-color", "--debug", "--show", "--quiet", "--help"):
        assert option in text.split("─ Output ")[1].split("╰")[0]
    for default in ("[default: (0.90)]", "[default: (hit)]", "[default: (50)]",
                    "[default: (general)]", "[default: 100000]"):
        assert default in " ".join(text.split())
    assert "Examples" in text and "sanctscreen check holdings.xlsx" in text
    assert "Exit codes: 0 no row fails the gate; 1 a row fails it" in " ".join(text.split())


@pytest.mark.parametrize("command", ["check", "lookup", "owners", "review"])
def test_the_global_flags_are_listed_where_they_work(command: str) -> None:
    text = help_text(command)
    assert "--no-color" in text and "--debug" in text
    plain = runner.invoke(app, [command, "--no-color", "--help"], catch_exceptions=False)
    assert plain.exit_code == 0
