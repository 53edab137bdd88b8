"""Atomic writes: all or nothing, with ordinary file permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sanctscreen.atomic import atomic_write


def test_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write(b"half of a new repo")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["report.json"]


def test_new_file_gets_umask_permissions_and_replacement_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    with atomic_write(target) as handle:
        handle.write(b"a,b\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    with atomic_write(target) as handle:
        handle.write(b"c,d\n")
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_bytes() == b"c,d\n"
