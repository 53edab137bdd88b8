"""Fixtures shared by every test: an isolated data directory and a fixed terminal."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before the CLI module (and its Rich consoles) is imported by any test module.
os.environ["COLUMNS"] = "220"
os.environ["NO_COLOR"] = "1"


# The compiled lists and matcher are pure functions of the list files and the code (their cache
# key says so), and compiling the default lists with the full SDN takes seconds: each test
# starts with the ones earlier tests of its process compiled, and leaves its own behind. The
# learnt answers and rows stay private to each test.
_SHARED_KINDS = ("lists-", "matcher-")


@pytest.fixture(scope="session")
def _compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("compiled")


def _link_compiled(source: Path, target: Path) -> None:
    for path in source.glob("*.cache"):
        if path.name.startswith(_SHARED_KINDS) and not (target / path.name).exists():
            with contextlib.suppress(OSError):
                os.link(path, target / path.name)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch, _compiled: Path) -> Iterator[None]:
    # Lists installed by `lists update` on the developer's machine must not change test outcomes,
    # and tests must never write into the real user data or cache directories.
    monkeypatch.setenv("SANCTSCREEN_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    cache = tmp_path_factory.mktemp("cache")
    _link_compiled(_compiled, cache)
    monkeypatch.setenv("SANCTSCREEN_CACHE_DIR", str(cache))
    # Rich sizes tables to the terminal; pin it so that output does not depend on the runner.
    monkeypatch.setenv("COLUMNS", "220")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    yield
    _link_compiled(cache, _compiled)


@pytest.fixture
def examples() -> Path:
    return Path(__file__).resolve().parent.parent / "examples"
