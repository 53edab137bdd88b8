"""Running `sanctscreen` as a user would, in process and as a separate program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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
