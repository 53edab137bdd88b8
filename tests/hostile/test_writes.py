"""Reports are written whole or not at all, never over an input, and inputs are never changed."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from sanctscreen.cli import main
from sanctscreen.cli.app import app
from sanctscreen.models import Report
from sanctscreen.reports.json import JsonFormat
from sanctscreen.reports.xlsx import XlsxFormat
from tests.hostile.corpus import build
from tests.hostile.helpers import error_lines, invoke, runner


class Boom(RuntimeError):
    pass


def _fail_midway(exc: BaseException) -> Callable[[object, Report, BinaryIO], None]:
    """A report format's write that writes some bytes, then fails with `exc`."""

    def write(self: object, report: Report, out: BinaryIO) -> None:
        out.write(b'{"sanctscreen": "half a report')
        out.flush()
        raise exc

    return write


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", [JsonFormat, XlsxFormat])
def test_a_failure_mid_write_leaves_no_report_and_no_temporary_file(
        fmt: type, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holdings = build(tmp_path / "in", "header_below_banner").path
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(fmt, "write", _fail_midway(Boom("disk on fire")))
    suffix = ".json" if fmt is JsonFormat else ".xlsx"
    result = runner.invoke(app, ["check", str(holdings), "-o", str(out / f"report{suffix}"),
                                 "--no-progress"])
    assert isinstance(result.exception, Boom)
    assert _files(out) == []


def test_a_failed_write_keeps_the_previous_report(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    holdings = build(tmp_path, "header_below_banner").path
    report = tmp_path / "report.json"
    assert invoke("check", holdings, "-o", report, "--no-progress").exit_code == 1
    before = report.read_bytes()
    monkeypatch.setattr(JsonFormat, "write", _fail_midway(Boom("quota exceeded")))
    runner.invoke(app, ["check", str(holdings), "-o", str(report), "--no-progress"])
    assert report.read_bytes() == before
    assert _files(tmp_path) == ["banner.xlsx", "report.json"]


def test_ctrl_c_during_the_write_leaves_nothing_and_exits_130(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    holdings = build(tmp_path, "header_below_banner").path
    monkeypatch.setattr(JsonFormat, "write", _fail_midway(KeyboardInterrupt()))
    monkeypatch.setattr(sys, "argv", ["sanctscreen", "check", str(holdings), "-o",
                                      str(tmp_path / "report.json"), "--no-progress"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 130
    assert "interrupted; no report was written" in capsys.readouterr().err
    assert _files(tmp_path) == ["banner.xlsx"]


def _same_file_spellings(holdings: Path, tmp_path: Path) -> list[Path]:
    link = tmp_path / "link.csv"
    link.symlink_to(holdings)
    hard = tmp_path / "hard.csv"
    os.link(holdings, hard)
    (tmp_path / "sub").mkdir()
    return [holdings, link, hard, Path("sub/../vendors.csv"), Path("./vendors.csv"),
            Path(str(tmp_path) + "//vendors.csv")]


def test_output_never_overwrites_an_input_however_it_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    holdings = tmp_path / "vendors.csv"
    holdings.write_text("Name\nMegvii Technology Limited\n")
    before = holdings.read_bytes()
    monkeypatch.chdir(tmp_path)
    for target in _same_file_spellings(holdings, tmp_path):
        for given in (holdings, Path("vendors.csv")):
            result = invoke("check", given, "-o", target, "--format", "csv", "--no-progress")
            assert result.exit_code == 2, (given, target)
            [line] = error_lines(result.stderr)
            assert line == f"error: {target}: refusing to overwrite an input file"
    assert holdings.read_bytes() == before


def test_output_into_a_missing_folder_is_refused_before_screening(tmp_path: Path) -> None:
    holdings = build(tmp_path, "header_below_banner").path
    target = tmp_path / "nowhere" / "report.json"
    result = invoke("check", holdings, "-o", target, "--no-progress")
    assert result.exit_code == 2
    assert error_lines(result.stderr) == [
        f"error: {target}: the folder for the report does not exist"]
    assert not target.parent.exists()
    folder = invoke("check", holdings, "-o", tmp_path, "--no-progress")
    assert folder.exit_code == 2 and len(error_lines(folder.stderr)) == 1


@pytest.mark.parametrize("name", ["header_below_banner", "utf16_tab", "legacy_xls",
                                  "opendocument", "formulas_with_cached_values"])
def test_inputs_are_unchanged_after_a_run(name: str, tmp_path: Path) -> None:
    case = build(tmp_path, name)
    stat = case.path.stat()
    digest = hashlib.sha256(case.path.read_bytes()).hexdigest()
    result = invoke("check", case.path, "-o", tmp_path / "r.xlsx", "--no-progress")
    assert result.exit_code in (0, 1)
    assert hashlib.sha256(case.path.read_bytes()).hexdigest() == digest
    after = case.path.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_mode) == (
        stat.st_mtime_ns, stat.st_size, stat.st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([case.path.name, "r.xlsx"])


@pytest.mark.parametrize("option", ["--list", "--ownership", "--allow", "--config"])
def test_output_never_overwrites_a_list_ownership_decisions_or_settings_file(
        option: str, tmp_path: Path) -> None:
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("Name\nAcme Trading Company\n")
    side = tmp_path / {"--list": "blocked.csv", "--ownership": "owners.csv",
                       "--allow": "decisions.yaml", "--config": "sanctscreen.toml"}[option]
    side.write_text({"--list": "name\nAcme Trading Company\n", "--ownership": "owner,owned\n",
                     "--allow": "decisions: []\n", "--config": "fail_on = \"hit\"\n"}[option])
    before = side.read_bytes()
    link = tmp_path / "alias.csv"
    link.symlink_to(side)
    for target in (side, link):
        result = invoke("check", holdings, option, side, "-o", target, "--format", "csv",
                        "--no-progress")
        assert result.exit_code == 2, result.stderr
        assert error_lines(result.stderr) == [
            f"error: {target}: refusing to overwrite an input file"]
    assert side.read_bytes() == before
