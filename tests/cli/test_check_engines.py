"""`check` streams files in chunks through an engine; options that choose how rows are screened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctscreen.cli import app
from sanctscreen.cli.check import REPORT_FORMATS, Engine
from sanctscreen.engines import ENGINE_NAMES
from sanctscreen.reports import FORMATS
from tests.engines.holdings import write_csv


def test_the_help_lists_every_format_and_engine() -> None:
    assert tuple(sorted(FORMATS)) == REPORT_FORMATS
    assert tuple(e.value for e in Engine) == ENGINE_NAMES


def _report(tmp_path: Path, *extra: str) -> dict[str, object]:
    path = write_csv(tmp_path / "holdings.csv", 45)
    out = tmp_path / f"report{len(extra)}.json"
    result = CliRunner().invoke(app, ["check", str(path), "--lists", "seed", "-o", str(out),
                                      "--no-progress", "--as-of", "2026-11-22", *extra])
    assert result.exit_code == 1, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    report.pop("generated_at", None)
    report.pop("options", None)
    return report


@pytest.mark.parametrize("options", [("--chunk-rows", "1"), ("--chunk-rows", "7"),
                                     ("--workers", "2", "--chunk-rows", "1000")])
def test_the_report_does_not_depend_on_chunks_or_workers(tmp_path: Path,
                                                         options: tuple[str, ...]) -> None:
    baseline = _report(tmp_path, "--workers", "1")
    assert _report(tmp_path, *options) == baseline
    assert baseline["summary"]["rows"] == 45  # type: ignore[index]


def test_a_bad_scheduler_address_is_a_user_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sanctscreen.engines.dask.CONNECT_TIMEOUT", "0.5s")
    path = write_csv(tmp_path / "holdings.csv", 3)
    result = CliRunner().invoke(app, ["check", str(path), "--lists", "seed", "--engine", "dask",
                                      "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_starting_the_command_line_loads_no_heavy_module() -> None:
    import subprocess
    import sys

    heavy = ("pandas", "pypinyin", "icu", "dask", "distributed", "pyarrow", "python_calamine",
             "rich.progress", "sanctscreen.inputs", "sanctscreen.engines.dask", "openpyxl",
             "numpy")
    code = ("import sys, sanctscreen.cli; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == ""
