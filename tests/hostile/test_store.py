"""A list store (the data folder) that cannot be read or written: one line naming the folder,
exit 2, and never taken for a store with nothing installed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from sanctscreen.lists import store
from tests.hostile.helpers import assert_refused, invoke

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    """A vendor file and an internal list `internal` installed in the store that holds it."""
    blocked = tmp_path / "blocked.csv"
    blocked.write_text("name\nAcme Evil Corp\n", encoding="utf-8")
    assert invoke("lists", "import", blocked, "--id", "internal").exit_code == 0
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor\nAcme Evil Corp\n", encoding="utf-8")
    return vendors


def _deny(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the store's folder unreadable, as `chmod 000` would for any user but root."""
    root = store.lists_dir()
    original_iterdir, original_read = Path.iterdir, Path.read_text

    def inside(path: Path) -> bool:
        return path == root or root in path.parents

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if inside(self):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original_iterdir(self)

    def read_text(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if inside(self):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(Path, "read_text", read_text)
    return root


def test_an_unreadable_store_is_one_line_not_an_empty_one(
        listed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _deny(monkeypatch)

    def line(where: Path) -> str:
        return (f"error: {where}: cannot read the list store (Permission denied) (check its "
                f"permissions, or set {store.DATA_DIR_ENV} to a readable folder)")

    assert_refused(invoke("lists"), line(root))
    # Not "unknown list 'internal'"; nor, for a default id, the bundled copy in its place.
    assert_refused(invoke("check", listed, "--lists", "internal", "--no-progress"),
                   line(root / "internal"))
    assert_refused(invoke("check", listed, "--lists", "seed", "--no-progress"),
                   line(root / "seed"))


def test_a_store_that_takes_no_files_leaves_the_list_in_use(
        listed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newer = tmp_path / "newer.csv"
    newer.write_text("name\nAcme Evil Corp\nOther Bad Ltd\n", encoding="utf-8")
    before = store.current("internal")

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    result = invoke("lists", "import", newer, "--id", "internal")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {store.lists_dir() / 'internal'}: cannot write to the list "
                           "store (No space left on device)")
    assert store.current("internal") == before


@pytest.mark.skipif(ROOT or not hasattr(os, "geteuid"), reason="permissions do not bind root")
def test_a_store_without_read_permission(listed: Path) -> None:
    root = store.lists_dir()
    root.chmod(0)
    try:
        result = invoke("check", listed, "--lists", "internal", "--no-progress")
    finally:
        root.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot read the list store" in result.stderr.strip().splitlines()[-1]
