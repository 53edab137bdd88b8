"""Report destinations that are not plain files: a device or a pipe is written to as it is and
never replaced by a file; a destination that cannot take the report, a format that cannot be
told and binary output to a terminal are refused before any work."""

from __future__ import annotations

import os
import pty
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sanctscreen.outputs import Destination
from tests.hostile.helpers import assert_refused, forbid_screening, invoke, snapshot

VENDORS = "Vendor\nMegvii Technology Limited\nNestle SA\n"
LISTS = ("--lists", "seed,ofac-cons")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def vendors(tmp_path: Path) -> Path:
    path = tmp_path / "vendors.csv"
    path.write_text(VENDORS, encoding="utf-8")
    return path


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device of our own, as /dev/null (1, 3) or /dev/full (1, 7) are: a test
    that regressed would replace this one, not the machine's."""
    path = tmp_path / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_a_report_to_a_null_device_is_discarded_and_the_device_kept(vendors: Path,
                                                                    tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    result = invoke("check", vendors, *LISTS, "-o", null, "--no-progress")
    assert result.exit_code == 1, result.stderr  # the gate as without -o
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "vendors.csv"]


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_a_full_device_is_one_line_and_stays_a_device(vendors: Path, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    result = invoke("check", vendors, *LISTS, "-o", full, "--format", "xlsx", "--no-progress")
    assert_refused(result, f"error: {full}: cannot write the report (No space left on device)")
    assert stat.S_ISCHR(full.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "vendors.csv"]


def test_the_machines_null_device_is_written_to_as_it_is() -> None:
    # Judged only: /dev/null is opened and let go, never written.
    destination = Destination(Path("/dev/null"))
    try:
        assert destination.direct and not destination.terminal
    finally:
        destination.close()


def test_a_fifo_nobody_reads_is_refused_before_screening(
        vendors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    forbid_screening(monkeypatch)
    result = invoke("check", vendors, "-o", fifo, "--no-progress")
    assert_refused(result, f"error: {fifo}: is a pipe that nothing reads from "
                           "(start its reader first)")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(("fmt", "start"), [(None, b"{"), ("xlsx", b"PK\x03\x04"),
                                            ("parquet", b"PAR1")])
def test_a_fifo_with_a_reader_gets_the_whole_report(vendors: Path, tmp_path: Path,
                                                    fmt: str | None, start: bytes) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader, as `cat pipe &` is; until the writer comes, reading gives nothing.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    received = bytearray()
    written = threading.Event()

    def drain() -> None:
        while True:
            try:
                block = os.read(reader, 1 << 16)
            except BlockingIOError:  # the writer is there, the report not yet
                block = None
            if block:
                received.extend(block)
            elif block == b"" and written.is_set():
                return  # the writer is gone and everything it wrote is read
            else:
                written.wait(0.01)

    thread = threading.Thread(target=drain)
    thread.start()
    try:
        result = invoke("check", vendors, *LISTS, "-o", fifo,
                        *(["--format", fmt] if fmt else []), "--no-progress")
    finally:
        written.set()
        thread.join(timeout=30)
        os.close(reader)
    assert result.exit_code == 1, result.stderr
    assert bytes(received).startswith(start)  # JSON by default: a pipe has no suffix
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "vendors.csv"]


@pytest.mark.parametrize(("flags", "message"), [
    (["-o", "report.bogus"], "report.bogus: cannot tell the report format from the file "
                             "name (use --format with one of csv, github, html, json, junit, "
                             "markdown, parquet, sarif, xlsx)"),
    (["--format", "pdf"], "--format must be one of 'table', 'csv', 'github', 'html', 'json', "
                          "'junit', 'markdown', 'parquet', 'sarif', 'xlsx', not 'pdf'"),
    (["-o", "report.json", "--format", "pdf"], "--format must be one of 'table', 'csv', "
     "'github', 'html', 'json', 'junit', 'markdown', 'parquet', 'sarif', 'xlsx', not 'pdf'"),
])
def test_an_unknown_format_is_refused_before_the_file_is_screened(
        vendors: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], message: str) -> None:
    folder = vendors.parent
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    forbid_screening(monkeypatch)
    result = invoke("check", vendors, *flags, "--no-progress")
    assert_refused(result, f"error: {message}")
    assert snapshot(folder) == before


def test_a_socket_is_refused_before_screening(
        vendors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    forbid_screening(monkeypatch)
    place = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(place))
        assert_refused(invoke("check", vendors, "-o", place),
                       f"error: {place}: is a socket; a report goes to a file, a character "
                       "device or a pipe")
    # A disk is refused the same way, on what it is (never opened); not tried here, where a
    # regression would write onto one.


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_binary_formats_are_refused_on_a_terminal(vendors: Path, fmt: str) -> None:
    main, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sanctscreen", "check", str(vendors), *LISTS, "--format", fmt],
            stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
        os.set_blocking(main, False)
        try:
            shown = os.read(main, 1 << 16)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(main)
        os.close(terminal)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"error: {fmt} is a binary format and stdout is a terminal (write it to a file with "
        "-o FILE, or redirect stdout)")
    assert shown == b""  # nothing reached the terminal


def test_binary_formats_go_to_stdout_when_it_is_redirected(vendors: Path) -> None:
    result = invoke("check", vendors, *LISTS, "--format", "xlsx")  # stdout captured: not a tty
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith(b"PK\x03\x04")


def test_a_symlinked_report_updates_its_target(vendors: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "report.json").write_text("{}", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(shared / "report.json")
    assert invoke("check", vendors, *LISTS, "-o", link, "--no-progress").exit_code == 1
    assert link.is_symlink()
    assert (shared / "report.json").read_text(encoding="utf-8").startswith('{\n  "sanctscreen"')
