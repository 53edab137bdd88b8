"""Running `sanctscreen` as a user would, in process and as a separate program."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from sanctscreen.cli.app import app

runner = CliRunner()
# Bounds every run of the real program: a hang fails the test instead of stalling CI.
SUBPROCESS_TIMEOUT = 60


def invoke(*args: str | Path) -> Result:
    """The CLI in this process; exceptions other than exits propagate and fail the test."""
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def check_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    """Exit code and JSON report of `check ARGS` with every row reported."""
    result = invoke("check", *args, "--format", "json", "--include-clear", "--no-progress")
    assert result.exit_code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, report


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def run_program(*args: str | Path, cwd: Path | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m sanctscreen ARGS` as a separate process, as CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sanctscreen", *map(str, args)], capture_output=True, text=True,
        timeout=SUBPROCESS_TIMEOUT, cwd=cwd, env={**os.environ, **(env or {})}, check=False)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the sha256 of its bytes: compared after a run, it shows
    that inputs were left as they were and that no report (or temporary file) was left."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(result: Result, line: str) -> None:
    """Exit 2, no traceback, and `line` as the one error line and the last line on stderr."""
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [line], result.stderr
    assert result.stderr.strip().splitlines()[-1] == line


def forbid_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make loading a list fail the test: what is refused must be refused before any work."""
    import sanctscreen.api as api

    def no_lists(*args: object, **kwargs: object) -> Any:
        raise AssertionError("lists were loaded: the refusal came after the work began")

    monkeypatch.setattr(api, "screening_lists", no_lists)
    monkeypatch.setattr("sanctscreen.cache.load_lists_cached", no_lists)
