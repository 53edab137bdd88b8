"""Screened names stay on the machine: a bug prints one line without them, and `check` never
opens a network connection."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, NoReturn

import pytest

from sanctscreen.cli import main
from sanctscreen.inputs import cells
from sanctscreen.screen import Screener
from tests.hostile.helpers import SUBPROCESS_TIMEOUT, check_json, invoke

# A screened name that must never reach the terminal through an error message.
PRIVATE = "Jane Q. Private-Holder"


def _holdings(folder: Path) -> Path:
    path = folder / "people.csv"
    path.write_text(f"Name,Country\n{PRIVATE},US\nMegvii Technology Limited,CN\n")
    return path


def _explode(*args: Any, **kwargs: Any) -> NoReturn:
    # A bug whose message and local variables carry the screened row.
    subject = args[1] if len(args) > 1 else args[0]
    secret_local = f"row of {PRIVATE}"  # noqa: F841  (a local a traceback with locals would show)
    raise ValueError(f"cannot handle {subject!r}")


def _run_main(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["sanctscreen", *argv])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return int(exit_info.value.code or 0)


@pytest.mark.parametrize("where", ["screener", "reader"])
def test_a_bug_prints_one_line_without_the_screened_name(
        where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    if where == "screener":
        monkeypatch.setattr(Screener, "_result", _explode)
    else:
        monkeypatch.setattr(cells, "name_of", lambda value: _explode(value))
    code = _run_main(["check", str(_holdings(tmp_path)), "--no-progress"], monkeypatch)
    captured = capsys.readouterr()
    assert code == 3
    assert PRIVATE not in captured.out + captured.err
    lines = [line for line in captured.err.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1
    assert lines[0].startswith("internal error: ValueError at ")
    assert lines[0].endswith("(rerun with --debug for the full traceback)")
    assert "Traceback" not in captured.err and "secret_local" not in captured.err


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Screener, "_result", _explode)
    monkeypatch.setattr(sys, "argv", ["sanctscreen", "check", str(_holdings(tmp_path)),
                                      "--no-progress", "--debug"])
    with pytest.raises(ValueError, match="cannot handle"):
        main()


def test_the_program_prints_no_traceback_for_a_bug(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from sanctscreen.screen import Screener
        def explode(self, subject, candidates):
            raise ValueError(f"cannot handle {{subject.name}}")
        Screener._result = explode
        from sanctscreen.cli import main
        sys.argv = ["sanctscreen", "check", {str(_holdings(tmp_path))!r}, "--no-progress"]
        main()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=SUBPROCESS_TIMEOUT, check=False)
    assert done.returncode == 3
    assert PRIVATE not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("internal error: ValueError at ")


def test_check_and_lookup_work_without_any_network(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, examples: Path) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        attempts.append(args)
        raise OSError("network use is not allowed here")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    code, report = check_json(examples / "holdings.xlsx", examples / "vendors.csv",
                              "--ownership", examples / "owners.csv")
    assert code == 1 and report["summary"]["hits"] >= 5
    written = invoke("check", _holdings(tmp_path), "-o", tmp_path / "r.html", "--no-progress")
    assert written.exit_code == 1 and (tmp_path / "r.html").stat().st_size > 0
    assert invoke("lookup", "Megvii").exit_code in (0, 1)
    assert attempts == []
