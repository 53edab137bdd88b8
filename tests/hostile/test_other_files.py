"""Hostile settings, decisions and previous-report files: a clear error (exit 2), not a bug.

A file nested deeper than Python's parsers can follow is refused like any malformed file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.helpers import error_lines, invoke

_NESTED = 100_000  # far deeper than Python's recursion limit


@pytest.mark.parametrize(("option", "name", "text"), [
    ("--allow", "decisions.yaml", "decisions: " + "[" * _NESTED),
    ("--config", "sanctscreen.toml", "a = " + "[" * _NESTED),
    ("--since", "previous.json", "[" * _NESTED),
    ("--allow", "decisions.yaml", "decisions: [unclosed"),
    ("--since", "previous.json", '{"results": '),
])
def test_a_hostile_side_file_is_a_user_error(option: str, name: str, text: str,
                                             tmp_path: Path) -> None:
    side = tmp_path / name
    side.write_text(text, encoding="utf-8")
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("Name\nSiemens AG\n")
    result = invoke("check", holdings, option, side, "--no-progress")
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert str(side) in line
