"""Fixtures of the command-line tests: a terminal of a chosen width, or a captured stream."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sanctscreen.cli.app import err, out


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make stdout and stderr terminals `width` columns wide (Rich reads TTY_COMPATIBLE when it
    prints, so the CliRunner's captured streams count as terminals)."""

    def make(width: int) -> None:
        monkeypatch.setenv("TTY_COMPATIBLE", "1")
        monkeypatch.setenv("COLUMNS", str(width))  # read by the help screens
        for console in (out, err):
            monkeypatch.setattr(console, "_width", width)
            monkeypatch.setattr(console, "is_interactive", True)  # judged when it was made

    return make
