"""The README documents every command and every `check` option."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from sanctscreen.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)


def _commands() -> list[str]:
    names = []
    for name, command in COMMAND.commands.items():  # type: ignore[attr-defined]
        names.append(name)
        if hasattr(command, "commands"):  # a group of subcommands
            names.extend(f"{name} {sub}" for sub in command.commands)
    return sorted(names)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"sanctscreen {command}" in README


@pytest.mark.parametrize("option", sorted(
    opt for param in COMMAND.commands["check"].params  # type: ignore[attr-defined]
    for opt in param.opts
    if opt.startswith("--") and opt not in {"--help"}))
def test_every_check_option_is_in_the_readme(option: str) -> None:
    assert option in README
