"""Destination: files are replaced whole, devices and pipes written to as they are."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sanctscreen.errors import ReportError
from sanctscreen.outputs import Destination


def test_a_file_is_written_through_a_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    destination = Destination(path)
    assert not destination.direct and not destination.terminal
    with destination.open() as handle:
        handle.write(b"{}")
        assert not path.exists()  # only once the block succeeds
    assert path.read_bytes() == b"{}"


def test_a_fifo_with_a_reader_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        destination = Destination(fifo)
        assert destination.direct
        with destination.open() as handle:
            handle.write(b"report")
        assert os.read(reader, 100) == b"report"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: os.mkfifo(p), "is a pipe that nothing reads from (start its reader first)"),
    (lambda p: p.mkdir(), "is a directory, not a report file"),
])
def test_what_cannot_take_a_report_is_refused(tmp_path: Path, make: object,
                                              message: str) -> None:
    path = tmp_path / "target"
    make(path)  # type: ignore[operator]
    with pytest.raises(ReportError) as refused:
        Destination(path)
    assert str(refused.value) == f"{path}: {message}"
