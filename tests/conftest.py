"""Fixtures shared by every test: an isolated data directory and a fixed terminal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before the CLI module (and its Rich consoles) is imported by any test module.
os.environ["COLUMNS"] = "220"
os.environ["NO_COLOR"] = "1"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Lists installed by `lists update` on the developer's machine must not change test outcomes,
    # and tests must never write into the real user data or cache directories.
    monkeypatch.setenv("SANCTSCREEN_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("SANCTSCREEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # Rich sizes tables to the terminal; pin it so that output does not depend on the runner.
    monkeypatch.setenv("COLUMNS", "220")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def examples() -> Path:
    return Path(__file__).resolve().parent.parent / "examples"
